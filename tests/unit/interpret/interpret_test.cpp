// Interpretation on a minimal knowledgebase: tiers by tumour type (OncoTree hierarchy, _SOLID_,
// exclusions, off-label), requirements against the clinical context, combinations with
// negation (three-valued, target BED), and imported evidence beneath curated evidence.
#include <doctest/doctest.h>

#include "interpret_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kEvidence =
    "  - id: BM-COMBO\n"
    "    label: BRAF V600E without KRAS G12C\n"
    "    rule: {all: [BM-BRAF-V600E, {not: BM-KRAS-G12C}]}\n"
    "evidence:\n"
    "  - id: E-SOLID\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [_SOLID_]\n"
    "    exclude_tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [dabrafenib, trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    approvals: [{agency: FDA, year: 2022, indication: solid tumours}]\n"
    "    summary: s\n"
    "  - id: E-MEL\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [trametinib, dabrafenib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-CIVIC\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [Dabrafenib, Trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    source: civic\n"
    "    source_id: EID1234\n"
    "    summary: s\n"
    "  - id: E-RES\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [cetuximab]}\n"
    "    direction: resistance\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-HER2\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [NSCLC]\n"
    "    therapy: {drugs: [lapatinib]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    requires: {her2_status: negative}\n"
    "    summary: s\n"
    "  - id: E-COMBO\n"
    "    biomarker: BM-COMBO\n"
    "    tumor_types: [LUAD]\n"
    "    therapy: {drugs: [encorafenib]}\n"
    "    direction: sensitivity\n"
    "    level: C\n"
    "    summary: s\n";

struct Fixture : KbFixture {
    Fixture() : KbFixture(std::string(kBrafKrasBiomarkers) + kEvidence) {}
};

}  // namespace

TEST_CASE("melanoma: on-label IA from both entries; resistance in type is tiered too") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "MEL");
    REQUIRE(r.variants.size() == 1);
    CHECK(r.variants[0].id == "V1");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    CHECK(fd->variant_ids == std::vector<std::string>{"V1"});
    CHECK(fd->match_type == "allele");
    CHECK(fd->tier == std::optional<std::string>("IA"));
    const auto& solid = therapy(*fd, f, "E-SOLID");
    CHECK(solid.tier == std::optional<std::string>("IA"));
    CHECK(solid.applies_here);
    CHECK(solid.on_label);  // has an approval, sensitivity, applies
    const auto& mel = therapy(*fd, f, "E-MEL");
    CHECK(mel.tier == std::optional<std::string>("IA"));
    CHECK_FALSE(mel.on_label);  // no approval listed
    const auto& res = therapy(*fd, f, "E-RES");
    CHECK(res.tier == std::optional<std::string>("IA"));
    CHECK(res.direction == "resistance");
    // NSCLC evidence in melanoma: sensitivity level B elsewhere -> IIC.
    CHECK(therapy(*fd, f, "E-HER2").tier == std::optional<std::string>("IIC"));
    // The variant itself has a tiered finding: no III/IV.
    CHECK_FALSE(r.variants[0].tier);
    // V1 backs the single-variant finding (IA, F1) and the combination (IIC, F2).
    CHECK(fd->id == "F1");
    CHECK(r.variants[0].finding_ids == std::vector<std::string>{"F1", "F2"});
}

TEST_CASE("CIViC evidence beneath curated evidence for the same drugs gets `supports`") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "MEL");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    const auto& civic = therapy(*fd, f, "E-CIVIC");
    // Both curated entries for dabrafenib + trametinib apply in melanoma (E-SOLID via _SOLID_).
    CHECK((civic.supports == "E-SOLID" || civic.supports == "E-MEL"));
    CHECK_FALSE(civic.conflict);
    CHECK(civic.tier == std::optional<std::string>("IB"));
    // Curated entries never support anything.
    CHECK(therapy(*fd, f, "E-MEL").supports.empty());
    CHECK(therapy(*fd, f, "E-SOLID").supports.empty());
    // Supporting lines sort after the curated lines of the same tier.
    std::vector<std::string> order;
    for (const auto& t : fd->therapies) order.push_back(f.kb->evidence[t.evidence].id);
    CHECK(order == std::vector<std::string>{"E-MEL", "E-RES", "E-SOLID", "E-CIVIC", "E-HER2"});
}

TEST_CASE("colorectal: excluded, and no off-label IIC for the same therapy") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "COADREAD");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    const auto& solid = therapy(*fd, f, "E-SOLID");
    CHECK_FALSE(solid.tier);
    CHECK(solid.excluded_here);
    CHECK_FALSE(solid.on_label);
    CHECK(solid.tier_reason.find("excluded") != std::string::npos);
    CHECK(solid.tier_reason.find("COADREAD") != std::string::npos);
    // The melanoma entry for the same drugs would be IIC elsewhere; here it is blocked.
    const auto& mel = therapy(*fd, f, "E-MEL");
    CHECK_FALSE(mel.tier);
    CHECK(mel.tier_reason.find("excluded for this therapy by E-SOLID") != std::string::npos);
    CHECK_FALSE(therapy(*fd, f, "E-CIVIC").tier);
    // Other drugs are unaffected: off-label resistance untiered, lapatinib IIC.
    CHECK_FALSE(therapy(*fd, f, "E-RES").tier);
    CHECK(therapy(*fd, f, "E-HER2").tier == std::optional<std::string>("IIC"));
    CHECK(fd->tier == std::optional<std::string>("IIC"));
}

TEST_CASE("lung adenocarcinoma: IA through _SOLID_; off-label resistance gets no tier") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "LUAD");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    CHECK(fd->tier == std::optional<std::string>("IA"));
    const auto& solid = therapy(*fd, f, "E-SOLID");
    CHECK(solid.tier == std::optional<std::string>("IA"));
    CHECK(solid.applies_here);
    CHECK_FALSE(solid.excluded_here);
    CHECK(therapy(*fd, f, "E-MEL").tier == std::optional<std::string>("IIC"));
    const auto& res = therapy(*fd, f, "E-RES");
    CHECK_FALSE(res.tier);
    CHECK(res.tier_reason.find("off-label resistance") != std::string::npos);
    // NSCLC entry covers LUAD through the hierarchy: IB, requirement not given -> unconfirmed.
    const auto& her2 = therapy(*fd, f, "E-HER2");
    CHECK(her2.tier == std::optional<std::string>("IB"));
    CHECK(her2.offered);
    REQUIRE(her2.requirements.size() == 1);
    CHECK_FALSE(her2.requirements[0].provided);
    CHECK(any_contains(her2.unconfirmed, "requires her2_status: negative (not confirmed)"));
}

TEST_CASE("AML (liquid): _SOLID_ does not apply; the melanoma entry gives IIC") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "AML");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    const auto& solid = therapy(*fd, f, "E-SOLID");
    CHECK_FALSE(solid.applies_here);
    CHECK_FALSE(solid.excluded_here);
    CHECK(solid.tier == std::optional<std::string>("IIC"));
    const auto& mel = therapy(*fd, f, "E-MEL");
    CHECK(mel.tier == std::optional<std::string>("IIC"));
    CHECK(mel.tier_reason.find("another tumour type") != std::string::npos);
    CHECK(fd->tier == std::optional<std::string>("IIC"));
    // Imported evidence only supports when both apply here: not in AML.
    CHECK(therapy(*fd, f, "E-CIVIC").supports.empty());
}

TEST_CASE("requirements: her2_status against the clinical context") {
    Fixture f;
    SUBCASE("contradicted: not offered, no tier") {
        auto r = run(f, {braf_v600e()}, "LUAD", {{"her2_status", "positive"}});
        const auto& t = therapy(*finding(r, f, "BM-BRAF-V600E"), f, "E-HER2");
        CHECK_FALSE(t.offered);
        CHECK_FALSE(t.tier);
        CHECK(t.tier_reason == "requirement not met: her2_status negative (given: positive)");
        REQUIRE(t.requirements.size() == 1);
        CHECK(t.requirements[0].provided == std::optional<bool>(false));
        CHECK(t.requirements[0].given == "positive");
    }
    SUBCASE("met: tier kept, nothing unconfirmed") {
        auto r = run(f, {braf_v600e()}, "LUAD", {{"her2_status", "negative"}});
        const auto& t = therapy(*finding(r, f, "BM-BRAF-V600E"), f, "E-HER2");
        CHECK(t.offered);
        CHECK(t.tier == std::optional<std::string>("IB"));
        CHECK(t.requirements[0].provided == std::optional<bool>(true));
        CHECK(t.unconfirmed.empty());
    }
    SUBCASE("absent: tier kept, marked unconfirmed") {
        auto r = run(f, {braf_v600e()}, "LUAD");
        const auto& t = therapy(*finding(r, f, "BM-BRAF-V600E"), f, "E-HER2");
        CHECK(t.offered);
        CHECK(t.tier == std::optional<std::string>("IB"));
        CHECK_FALSE(t.requirements[0].provided.has_value());
        CHECK(t.unconfirmed == std::vector<std::string>{"requires her2_status: negative (not confirmed)"});
    }
}

TEST_CASE("combination all: [A, {not: B}]") {
    Fixture f;
    SUBCASE("A present, no target BED: finding unconfirmed") {
        auto r = run(f, {braf_v600e()}, "LUAD");
        const auto* fd = finding(r, f, "BM-COMBO");
        REQUIRE(fd);
        CHECK_FALSE(fd->confirmed);
        CHECK(fd->match_type == "combination");
        CHECK(fd->variant_ids == std::vector<std::string>{"V1"});
        CHECK(fd->unconfirmed == std::vector<std::string>{"not KRAS G12C (wild-type not confirmed)"});
        const auto& t = therapy(*fd, f, "E-COMBO");
        CHECK(t.tier == std::optional<std::string>("IIC"));
        CHECK(any_contains(t.unconfirmed, "not KRAS G12C"));
    }
    SUBCASE("A present, B's locus covered by the target: confirmed") {
        kb::RegionSet target;
        target.add("12", 25245300, 25245400);
        target.add("7", 140753300, 140753400);
        target.finalise();
        auto r = run(f, {braf_v600e()}, "LUAD", {}, &target);
        const auto* fd = finding(r, f, "BM-COMBO");
        REQUIRE(fd);
        CHECK(fd->confirmed);
        CHECK(fd->unconfirmed.empty());
        CHECK(fd->variant_ids == std::vector<std::string>{"V1"});
    }
    SUBCASE("target not covering B: still unconfirmed, and listed as such") {
        kb::RegionSet target;
        target.add("7", 140753300, 140753400);
        target.finalise();
        auto r = run(f, {braf_v600e()}, "LUAD", {}, &target);
        const auto* fd = finding(r, f, "BM-COMBO");
        REQUIRE(fd);
        CHECK_FALSE(fd->confirmed);
    }
    SUBCASE("B present (PASS): no finding") {
        auto r = run(f, {braf_v600e(), kras_g12c()}, "LUAD");
        CHECK(finding(r, f, "BM-COMBO") == nullptr);
        CHECK(finding(r, f, "BM-BRAF-V600E") != nullptr);
    }
    SUBCASE("B present only as a filtered call: the combination is false") {
        auto r = run(f, {braf_v600e(), kras_g12c(false)}, "LUAD");
        CHECK(finding(r, f, "BM-COMBO") == nullptr);
        // The filtered call is not listed as a variant.
        REQUIRE(r.variants.size() == 1);
        CHECK(r.variants[0].mv.gene == "BRAF");
        CHECK(r.qc_counts.at("calls_filtered_not_listed") == 1);
    }
    SUBCASE("A absent: no finding, even unconfirmed") {
        auto r = run(f, {}, "LUAD");
        CHECK(r.findings.empty());
        // Relevant in LUAD and unconfirmable: listed under not assessed.
        bool listed = false;
        for (const auto& na : r.not_assessed)
            if (na.target.find("BM-COMBO") != std::string::npos) listed = true;
        CHECK(listed);
    }
}

TEST_CASE("filtered BRAF call gives no finding unless --include-filtered") {
    Fixture f;
    auto v = braf_v600e();
    v.pass = false;
    v.filter = "LowQual";
    auto r = run(f, {v}, "MEL");
    CHECK(finding(r, f, "BM-BRAF-V600E") == nullptr);
    CHECK(r.variants.empty());

    std::vector<MatchedVariant> calls{match_variant(v, *f.index, AnnotationSchema{})};
    InterpretOptions o;
    o.tumor_type = "MEL";
    o.include_filtered = true;
    auto r2 = interpret(*f.index, calls, o);
    REQUIRE(finding(r2, f, "BM-BRAF-V600E"));
    CHECK(r2.variants.size() == 1);
}

TEST_CASE("tier_rank orders tiers") {
    CHECK(tier_rank(std::string("IA")) < tier_rank(std::string("IB")));
    CHECK(tier_rank(std::string("IB")) < tier_rank(std::string("IIC")));
    CHECK(tier_rank(std::string("IIC")) < tier_rank(std::string("IID")));
    CHECK(tier_rank(std::nullopt) == 9);
}
