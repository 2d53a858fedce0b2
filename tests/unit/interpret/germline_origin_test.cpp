// Germline-only evidence (requires variant_origin: germline, or a biomarker with origin: germline):
// not offered for a known somatic call; with the origin unknown (tumour-only input) it keeps its
// tier only in the tumour types it was written for, flagged unconfirmed, and never becomes an
// off-label IIC elsewhere. The NF1 frameshift is the real one of the TCGA colorectal example
// (GRCh38 17:31226459 AC>A; NF1 exons 17-19 from knowledgebase/genes/exons.GRCh38.tsv).
#include <doctest/doctest.h>

#include <fstream>

#include "interpret_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

void add_nf1(const fs::path& dir) {
    // Exons 17-19 only (an indel is called a frameshift only in an internal exon).
    std::ofstream(dir / "genes" / "exons.GRCh38.tsv", std::ios::app) << "NF1\tENST00000358273.8\t17\t+\t17\t31225095\t31225250\n"
                                                                         "NF1\tENST00000358273.8\t17\t+\t18\t31226435\t31226684\n"
                                                                         "NF1\tENST00000358273.8\t17\t+\t19\t31227218\t31227291\n";
    std::ofstream(dir / "oncotree" / "oncotree.tsv", std::ios::app)
        << "PNS\tTISSUE\tPeripheral Nervous System\tNerve Sheath Tumor\tPeripheral Nervous System\n"
           "NFIB\tPNS\tNeurofibroma\tNerve Sheath Tumor\tPeripheral Nervous System\n";
    write_file(dir / "genes" / "nf1.yaml",
               "genes:\n"
               "  - symbol: NF1\n"
               "    role: tumour_suppressor\n"
               "drugs:\n"
               "  - {name: selumetinib, classes: [mek_inhibitor]}\n"
               "  - {name: everolimus, classes: [mtor_inhibitor]}\n");
}

const char* kGermline =
    "biomarkers:\n"
    "  - id: BM-NF1-TRUNC\n"
    "    label: NF1 truncating variant\n"
    "    gene: NF1\n"
    "    rule: {gene_class: truncating}\n"
    "  - id: BM-NF1-FS-GERMLINE\n"
    "    label: NF1 frameshift (germline)\n"
    "    gene: NF1\n"
    "    rule: {gene_class: frameshift}\n"
    "    origin: germline\n"
    "evidence:\n"
    "  - id: E-SYNDROME\n"
    "    biomarker: BM-NF1-TRUNC\n"
    "    tumor_types: [NFIB]\n"
    "    therapy: {drugs: [selumetinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    requires: {variant_origin: germline}\n"
    "    approvals: [{agency: FDA, year: 2020, indication: plexiform neurofibromas in NF1}]\n"
    "    summary: s\n"
    "  - id: E-SOMATIC-OK\n"
    "    biomarker: BM-NF1-TRUNC\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: C\n"
    "    summary: s\n"
    "  - id: E-BM-ORIGIN\n"
    "    biomarker: BM-NF1-FS-GERMLINE\n"
    "    tumor_types: [NFIB]\n"
    "    therapy: {drugs: [everolimus]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    summary: s\n";

struct Fixture : KbFixture {
    Fixture() : KbFixture(kGermline, add_nf1) {}
};

Variant nf1_fs(bool somatic) {
    Variant v = snv("17", 31226459, "AC", "A");
    v.somatic_flag = somatic;
    return v;
}

// A second frameshift in the same exon (made up for the test: one more NF1 call of the finding).
Variant nf1_fs2(bool somatic) {
    Variant v = snv("17", 31226600, "G", "GA");
    v.somatic_flag = somatic;
    return v;
}

const std::string kNotExtended = "untiered: germline-only evidence (requires variant_origin: germline) for NFIB; "
                                 "the variant's origin is not known, so it is not extended off-label to COADREAD";

}  // namespace

TEST_CASE("origin unknown, another tumour type: the germline-syndrome label gives no off-label tier") {
    Fixture f;
    auto r = run(f, {nf1_fs(false)}, "COADREAD");
    REQUIRE(r.variants.size() == 1);
    CHECK(r.variants[0].origin == "unknown");
    const auto* fd = finding(r, f, "BM-NF1-TRUNC");
    REQUIRE(fd);
    CHECK(fd->match_type == "gene_class");
    const auto& t = therapy(*fd, f, "E-SYNDROME");
    CHECK_FALSE(t.tier);
    CHECK(t.offered);  // listed, not ruled out: the origin may still turn out germline
    CHECK_FALSE(t.on_label);
    CHECK(t.tier_reason == kNotExtended);
    REQUIRE(t.requirements.size() == 1);
    CHECK(t.requirements[0].key == "variant_origin");
    CHECK_FALSE(t.requirements[0].provided.has_value());
    CHECK(t.unconfirmed == std::vector<std::string>{"requires variant_origin: germline (not confirmed)"});
    // Evidence without an origin requirement is unaffected: level C elsewhere stays IIC.
    CHECK(therapy(*fd, f, "E-SOMATIC-OK").tier == std::optional<std::string>("IIC"));
    CHECK(fd->tier == std::optional<std::string>("IIC"));
}

TEST_CASE("origin unknown, the syndrome's own tumour type: tier kept, requirement shown unconfirmed") {
    Fixture f;
    auto r = run(f, {nf1_fs(false)}, "NFIB");
    const auto* fd = finding(r, f, "BM-NF1-TRUNC");
    REQUIRE(fd);
    const auto& t = therapy(*fd, f, "E-SYNDROME");
    CHECK(t.tier == std::optional<std::string>("IA"));
    CHECK(t.applies_here);
    CHECK(t.on_label);
    CHECK(t.tier_reason == "level A sensitivity evidence in NFIB, which covers NFIB");
    CHECK(t.unconfirmed == std::vector<std::string>{"requires variant_origin: germline (not confirmed)"});
    CHECK(fd->tier == std::optional<std::string>("IA"));
}

TEST_CASE("known somatic (INFO/SOMATIC): germline-only evidence is not offered anywhere") {
    Fixture f;
    for (const std::string tumour : {"NFIB", "COADREAD"}) {
        CAPTURE(tumour);
        auto r = run(f, {nf1_fs(true)}, tumour);
        REQUIRE(r.variants.size() == 1);
        CHECK(r.variants[0].origin == "somatic");
        const auto* fd = finding(r, f, "BM-NF1-TRUNC");
        REQUIRE(fd);
        const auto& t = therapy(*fd, f, "E-SYNDROME");
        CHECK_FALSE(t.offered);
        CHECK_FALSE(t.tier);
        CHECK_FALSE(t.on_label);
        CHECK(t.tier_reason == "requirement not met: variant_origin germline (given: somatic)");
        REQUIRE(t.requirements.size() == 1);
        CHECK(t.requirements[0].provided == std::optional<bool>(false));
        CHECK(t.requirements[0].given == "somatic");
        CHECK(t.unconfirmed.empty());
    }
    // In NFIB the finding's tier now comes from the level C melanoma entry alone, and the
    // germline-only entry of the other biomarker leaves that finding untiered.
    auto r = run(f, {nf1_fs(true)}, "NFIB");
    const auto* fd = finding(r, f, "BM-NF1-TRUNC");
    REQUIRE(fd);
    CHECK(fd->tier == std::optional<std::string>("IIC"));
    const auto* germ = finding(r, f, "BM-NF1-FS-GERMLINE");
    REQUIRE(germ);
    CHECK_FALSE(germ->tier);
    CHECK_FALSE(r.variants[0].tier);  // it backs a tiered finding
}

TEST_CASE("a finding's origin: somatic only when every call is somatic") {
    Fixture f;
    SUBCASE("one somatic and one of unknown origin: unconfirmed, tier kept in type") {
        auto r = run(f, {nf1_fs(true), nf1_fs2(false)}, "NFIB");
        const auto* fd = finding(r, f, "BM-NF1-TRUNC");
        REQUIRE(fd);
        CHECK(fd->variant_ids == std::vector<std::string>{"V1", "V2"});
        const auto& t = therapy(*fd, f, "E-SYNDROME");
        CHECK(t.offered);
        CHECK(t.tier == std::optional<std::string>("IA"));
        CHECK_FALSE(t.requirements[0].provided.has_value());
    }
    SUBCASE("both somatic: not offered") {
        auto r = run(f, {nf1_fs(true), nf1_fs2(true)}, "NFIB");
        const auto& t = therapy(*finding(r, f, "BM-NF1-TRUNC"), f, "E-SYNDROME");
        CHECK_FALSE(t.offered);
        CHECK_FALSE(t.tier);
    }
}

TEST_CASE("biomarker origin: germline acts as a variant_origin requirement on each of its entries") {
    Fixture f;
    SUBCASE("unknown origin, another tumour type") {
        auto r = run(f, {nf1_fs(false)}, "COADREAD");
        const auto* fd = finding(r, f, "BM-NF1-FS-GERMLINE");
        REQUIRE(fd);
        const auto& t = therapy(*fd, f, "E-BM-ORIGIN");
        CHECK_FALSE(t.tier);
        CHECK(t.tier_reason == kNotExtended);
        REQUIRE(t.requirements.size() == 1);
        CHECK(t.requirements[0].key == "variant_origin");
        CHECK(t.requirements[0].value == "germline");
        CHECK_FALSE(fd->tier);
    }
    SUBCASE("unknown origin, in type: IB kept, flagged") {
        auto r = run(f, {nf1_fs(false)}, "NFIB");
        const auto& t = therapy(*finding(r, f, "BM-NF1-FS-GERMLINE"), f, "E-BM-ORIGIN");
        CHECK(t.tier == std::optional<std::string>("IB"));
        CHECK(any_contains(t.unconfirmed, "requires variant_origin: germline (not confirmed)"));
    }
    SUBCASE("somatic: not offered") {
        auto r = run(f, {nf1_fs(true)}, "NFIB");
        const auto& t = therapy(*finding(r, f, "BM-NF1-FS-GERMLINE"), f, "E-BM-ORIGIN");
        CHECK_FALSE(t.offered);
        CHECK_FALSE(t.tier);
        CHECK(t.tier_reason == "requirement not met: variant_origin germline (given: somatic)");
    }
}

TEST_CASE("variant_origin: somatic is met by a somatic call and unconfirmed otherwise") {
    KbFixture f(std::string(kBrafKrasBiomarkers) +
                "evidence:\n"
                "  - id: E-SOM\n"
                "    biomarker: BM-BRAF-V600E\n"
                "    tumor_types: [MEL]\n"
                "    therapy: {drugs: [vemurafenib]}\n"
                "    direction: sensitivity\n"
                "    level: A\n"
                "    requires: {variant_origin: somatic}\n"
                "    summary: s\n");
    auto v = braf_v600e();
    v.somatic_flag = true;
    auto r = run(f, {v}, "COADREAD");
    const auto& met = therapy(*finding(r, f, "BM-BRAF-V600E"), f, "E-SOM");
    CHECK(met.requirements[0].provided == std::optional<bool>(true));
    CHECK(met.tier == std::optional<std::string>("IIC"));  // only germline-only entries are held back off-label
    auto r2 = run(f, {braf_v600e()}, "COADREAD");
    const auto& unk = therapy(*finding(r2, f, "BM-BRAF-V600E"), f, "E-SOM");
    CHECK_FALSE(unk.requirements[0].provided.has_value());
    CHECK(unk.tier == std::optional<std::string>("IIC"));
}

TEST_CASE("loader: an entry's variant_origin must agree with its biomarker's origin") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml",
               "biomarkers:\n"
               "  - id: BM-G\n"
               "    label: g\n"
               "    gene: BRAF\n"
               "    rule: {protein: V600E}\n"
               "    origin: germline\n"
               "evidence:\n"
               "  - id: E-X\n"
               "    biomarker: BM-G\n"
               "    tumor_types: [MEL]\n"
               "    therapy: {drugs: [vemurafenib]}\n"
               "    direction: sensitivity\n"
               "    level: A\n"
               "    requires: {variant_origin: somatic}\n"
               "    summary: s\n");
    auto issues = load_issues(tmp.path());
    CHECK(contains_issue(issues, "curated/t.yaml:8:5: evidence E-X: requires variant_origin: somatic but its biomarker BM-G "
                                 "has origin: germline [make them agree, or drop one of them]"));
}
