// HLA-type and expression biomarkers: a VCF cannot show them, so without `--clinical hla=…` /
// `expression=…` they are "not assessable" (with the test they need) in the tumour types their
// evidence covers, never absent; given in the clinical context they are assessed like any rule.
// Modelled on the tebentafusp (HLA-A*02:01, uveal melanoma) and afamitresgene autoleucel
// (HLA-A*02 P groups and MAGE-A4 IHC, synovial sarcoma) labels.
#include <doctest/doctest.h>

#include <fstream>

#include "interpret_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

void add_types(const fs::path& dir) {
    std::ofstream(dir / "oncotree" / "oncotree.tsv", std::ios::app)
        << "EYE\tTISSUE\tEye\tEye Cancer\tEye\n"
           "OM\tEYE\tOcular Melanoma\tMelanoma\tEye\n"
           "UM\tOM\tUveal Melanoma\tMelanoma\tEye\n"
           "SOFT_TISSUE\tTISSUE\tSoft Tissue\tSoft Tissue Sarcoma\tSoft Tissue\n"
           "SYNS\tSOFT_TISSUE\tSynovial Sarcoma\tSoft Tissue Sarcoma\tSoft Tissue\n";
    write_file(dir / "drugs" / "cell.yaml",
               "drugs:\n"
               "  - {name: tebentafusp, classes: [immunotherapy]}\n"
               "  - {name: afamitresgene autoleucel, classes: [cell_therapy]}\n");
}

const char* kKb =
    "biomarkers:\n"
    "  - id: BM-HLA-A0201\n"
    "    label: HLA-A*02:01\n"
    "    gene: HLA-A\n"
    "    rule: {hla: \"A*02:01\"}\n"
    "  - id: BM-HLA-A02\n"
    "    label: HLA-A*02 P groups\n"
    "    gene: HLA-A\n"
    "    rule: {hla: [\"A*02:01P\", \"A*02:06P\"]}\n"
    "  - id: BM-MAGEA4\n"
    "    label: MAGE-A4 IHC\n"
    "    gene: MAGEA4\n"
    "    rule: {expression: {status: positive, method: ihc}}\n"
    "  - id: BM-AFAMI\n"
    "    label: HLA-A*02 and MAGE-A4\n"
    "    gene: MAGEA4\n"
    "    rule: {all: [BM-HLA-A02, BM-MAGEA4]}\n"
    "evidence:\n"
    "  - id: E-TEBE\n"
    "    biomarker: BM-HLA-A0201\n"
    "    tumor_types: [UM]\n"
    "    therapy: {drugs: [tebentafusp]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    approvals: [{agency: FDA, year: 2022, indication: HLA-A*02:01-positive uveal melanoma}]\n"
    "    summary: s\n"
    "  - id: E-AFAMI\n"
    "    biomarker: BM-AFAMI\n"
    "    tumor_types: [SYNS]\n"
    "    therapy: {drugs: [afamitresgene autoleucel]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    approvals: [{agency: FDA, year: 2024, indication: synovial sarcoma}]\n"
    "    summary: s\n";

struct Fixture : KbFixture {
    Fixture() : KbFixture(kKb, add_types) {}
};

std::vector<std::string> reasons_for(const Report& r, const std::string& id) {
    std::vector<std::string> out;
    for (const auto& na : r.not_assessed)
        if (na.target.find("(" + id + ")") != std::string::npos) out.push_back(na.reason);
    return out;
}

}  // namespace

TEST_CASE("HLA biomarker without HLA typing: not assessable in its tumour type, never absent") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "UM");
    CHECK(finding(r, f, "BM-HLA-A0201") == nullptr);
    const auto why = reasons_for(r, "BM-HLA-A0201");
    REQUIRE(why.size() == 1);
    CHECK(why[0].find("needs HLA typing") != std::string::npos);
    // The afami-cel combination is for synovial sarcoma only: not listed for uveal melanoma.
    CHECK(reasons_for(r, "BM-AFAMI").empty());
    // Nor is the HLA biomarker listed for a tumour type none of its evidence covers.
    auto mel = run(f, {}, "MEL");
    CHECK(reasons_for(mel, "BM-HLA-A0201").empty());
}

TEST_CASE("HLA typing given: assessed, a finding or nothing") {
    Fixture f;
    SUBCASE("positive at higher resolution") {
        auto r = run(f, {}, "UM", {{"hla", "A*02:01:01,A*24:02"}});
        const auto* fd = finding(r, f, "BM-HLA-A0201");
        REQUIRE(fd);
        CHECK(fd->match_type == "hla");
        CHECK(fd->confirmed);
        CHECK(fd->variant_ids.empty());
        const auto& t = therapy(*fd, f, "E-TEBE");
        REQUIRE(t.tier);
        CHECK(*t.tier == "IA");
        CHECK(reasons_for(r, "BM-HLA-A0201").empty());
    }
    SUBCASE("typed, another A allele: absent, not listed as not assessable") {
        auto r = run(f, {}, "UM", {{"hla", "A*03:01,A*24:02"}});
        CHECK(finding(r, f, "BM-HLA-A0201") == nullptr);
        CHECK(reasons_for(r, "BM-HLA-A0201").empty());
    }
    SUBCASE("only B typed: the A locus is still not assessable") {
        auto r = run(f, {}, "UM", {{"hla", "B*07:02"}});
        CHECK(finding(r, f, "BM-HLA-A0201") == nullptr);
        CHECK(reasons_for(r, "BM-HLA-A0201").size() == 1);
    }
}

TEST_CASE("HLA and expression combination (afamitresgene autoleucel)") {
    Fixture f;
    SUBCASE("nothing given: one reason per test needed") {
        auto r = run(f, {}, "SYNS");
        CHECK(finding(r, f, "BM-AFAMI") == nullptr);
        const auto why = reasons_for(r, "BM-AFAMI");
        REQUIRE(why.size() == 2);
        CHECK(any_contains(why, "needs HLA typing"));
        CHECK(any_contains(why, "MAGEA4 expression: a tumour variant file cannot show it; needs immunohistochemistry (IHC)"));
    }
    SUBCASE("both given and positive: a confirmed finding, tier IA") {
        auto r = run(f, {}, "SYNS", {{"hla", "A*02:01,A*11:01"}, {"expression", "MAGEA4:positive"}});
        const auto* fd = finding(r, f, "BM-AFAMI");
        REQUIRE(fd);
        CHECK(fd->confirmed);
        REQUIRE(therapy(*fd, f, "E-AFAMI").tier);
        CHECK(*therapy(*fd, f, "E-AFAMI").tier == "IA");
        CHECK(reasons_for(r, "BM-AFAMI").empty());
        // The same HLA type also meets the tebentafusp biomarker, but HLA-restricted evidence for
        // uveal melanoma is not extended off-label to synovial sarcoma.
        const auto* tebe = finding(r, f, "BM-HLA-A0201");
        REQUIRE(tebe);
        CHECK_FALSE(therapy(*tebe, f, "E-TEBE").tier);
        CHECK(therapy(*tebe, f, "E-TEBE").tier_reason.find("not extended off-label to SYNS") != std::string::npos);
    }
    SUBCASE("HLA positive, expression not given: unconfirmed finding naming the missing test") {
        auto r = run(f, {}, "SYNS", {{"hla", "A*02:06"}});
        const auto* fd = finding(r, f, "BM-AFAMI");
        REQUIRE(fd);
        CHECK_FALSE(fd->confirmed);
        CHECK(any_contains(fd->unconfirmed, "MAGE-A4 IHC"));  // the biomarker's label
    }
    SUBCASE("MAGE-A4 negative: absent whatever the HLA type") {
        auto r = run(f, {}, "SYNS", {{"expression", "MAGEA4:negative"}});
        CHECK(finding(r, f, "BM-AFAMI") == nullptr);
        CHECK(reasons_for(r, "BM-AFAMI").empty());
    }
}
