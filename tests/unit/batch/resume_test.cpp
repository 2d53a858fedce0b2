// Resume decisions: reuse only complete, current reports for the same sample, tumour type and
// knowledgebase content; anything else is redone, with the reason.
#include "oncomatch/batch/resume.hpp"

#include "../test_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;
using batch::check_resume;

namespace {

void set_time(const fs::path& p, int seconds_from_now) {
    fs::last_write_time(p, fs::file_time_type::clock::now() + std::chrono::seconds(seconds_from_now));
}

std::string report(const std::string& id, const std::string& code, const std::string& sha) {
    return R"({"knowledgebase":{"sha256":")" + sha + R"("},"sample":{"id":")" + id + R"(","tumor_type":{"code":")" + code + R"("}}})";
}

}  // namespace

TEST_CASE("resume: complete, newer, same sample / tumour type / knowledgebase hash -> reused") {
    TempDir d;
    write_file(d / "in.vcf", "x");
    write_file(d / "S.oncomatch.json", report("S", "LUAD", "abc"));
    write_file(d / "S.oncomatch.tsv", "t");
    set_time(d / "in.vcf", -100);
    const std::vector<fs::path> outs = {d / "S.oncomatch.json", d / "S.oncomatch.tsv"};
    auto r = check_resume(outs, d / "in.vcf", "S", "LUAD", "abc");
    CHECK(r.up_to_date);

    CHECK(check_resume(outs, d / "in.vcf", "S", "LUAD", "abd").reason == "knowledgebase changed");
    CHECK(check_resume(outs, d / "in.vcf", "S", "NSCLC", "abc").reason == "tumour type changed");
    CHECK(check_resume(outs, d / "in.vcf", "T", "LUAD", "abc").reason == "earlier report is for another sample id");

    set_time(d / "in.vcf", +100);  // the input was replaced after the reports were written
    CHECK(check_resume(outs, d / "in.vcf", "S", "LUAD", "abc").reason == "input newer than S.oncomatch.json");
    set_time(d / "in.vcf", -100);
    set_time(d / "S.oncomatch.tsv", -200);
    CHECK(check_resume(outs, d / "in.vcf", "S", "LUAD", "abc").reason == "input newer than S.oncomatch.tsv");
}

TEST_CASE("resume: missing or damaged outputs, missing input -> redone") {
    TempDir d;
    write_file(d / "in.vcf", "x");
    set_time(d / "in.vcf", -100);
    write_file(d / "S.oncomatch.json", report("S", "LUAD", "abc"));
    CHECK(check_resume({d / "S.oncomatch.json", d / "S.oncomatch.tsv"}, d / "in.vcf", "S", "LUAD", "abc").reason ==
          "no earlier report (S.oncomatch.tsv)");
    CHECK(check_resume({d / "S.oncomatch.json"}, d / "gone.vcf", "S", "LUAD", "abc").reason == "input not readable");
    write_file(d / "S.oncomatch.json", "{\"knowledgebase\": {\"sha256\": \"ab");  // interrupted by hand, truncated
    CHECK(check_resume({d / "S.oncomatch.json"}, d / "in.vcf", "S", "LUAD", "abc").reason == "earlier JSON report unreadable");
    write_file(d / "S.oncomatch.json", R"({"sample":{"id":"S"}})");
    CHECK(check_resume({d / "S.oncomatch.json"}, d / "in.vcf", "S", "LUAD", "abc").reason == "knowledgebase changed");
}
