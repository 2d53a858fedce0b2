// Lab configuration: a valid file, and errors with FILE:LINE:COL.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/report/lab_config.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

TEST_CASE("lab config: all keys read, logo resolved against the file's folder") {
    TempDir d;
    write_file(d / "logo.png", std::string("\x89PNG\r\n\x1a\n", 8) + "rest");
    write_file(d / "lab.yaml",
               "name: Regional Molecular Pathology Lab\n"
               "address: [\"12 Example Road\", \"Hangzhou 310000\"]\n"
               "logo: logo.png\n"
               "accreditation: ISO 15189\n"
               "signatories:\n"
               "  - {name: Dr A. Example, role: Molecular pathologist}\n"
               "  - name: Dr B. Example\n"
               "disclaimer: Research use.\n");
    const auto c = render::load_lab_config((d / "lab.yaml").string());
    CHECK(c.name == "Regional Molecular Pathology Lab");
    CHECK(c.address == std::vector<std::string>{"12 Example Road", "Hangzhou 310000"});
    CHECK(c.logo_path == (d / "logo.png").string());
    CHECK(c.accreditation == "ISO 15189");
    REQUIRE(c.signatories.size() == 2);
    CHECK(c.signatories[0].role == "Molecular pathologist");
    CHECK(c.signatories[1].name == "Dr B. Example");
    CHECK(c.disclaimer == "Research use.");
    CHECK(c.name_zh.empty());
}

TEST_CASE("lab config: errors name file, line and column") {
    TempDir d;
    const std::string p = (d / "lab.yaml").string();
    write_file(p, "name: Lab\nsignatory:\n  - {name: X}\n");
    CHECK(error_message([&] { render::load_lab_config(p); }) == p + ":2:1: unknown key 'signatory'");
    write_file(p, "name: Lab\nsignatories:\n  - {name: X, title: Dr}\n");
    CHECK(error_message([&] { render::load_lab_config(p); }) == p + ":3:15: unknown signatory key 'title'");
    write_file(p, "name: Lab\nlogo: missing.png\n");
    CHECK(error_message([&] { render::load_lab_config(p); }).find(p + ":2:7: logo file '") == 0);
    write_file(d / "logo.jpg", "\xff\xd8\xff\xe0 not a png");
    write_file(p, "name: Lab\nlogo: logo.jpg\n");
    CHECK(error_message([&] { render::load_lab_config(p); }).find("is not a PNG image") != std::string::npos);
    write_file(p, "name: Lab\nname_zh: 实验室\naddress_zh: [一号路]\ndisclaimer_zh: 仅供参考\n");
    {
        const auto zh = render::load_lab_config(p);
        CHECK(zh.name_zh == "实验室");
        CHECK(zh.address_zh == std::vector<std::string>{"一号路"});
        CHECK(zh.disclaimer_zh == "仅供参考");
    }
    write_file(p, "address: x\n");
    CHECK(error_message([&] { render::load_lab_config(p); }) == p + ":1:1: the lab configuration has no 'name'");
    write_file(p, "name: [unclosed\n");
    CHECK(error_message([&] { render::load_lab_config(p); }).find(p + ":2:1: not valid YAML") == 0);
}
