// Curated evidence outranks imported (CIViC) evidence for the same therapy in the same tumour
// type even when the imported entry hangs on another biomarker matched by the same variant: the
// imported line sits beneath the curated one, and is not offered when the curated one is not.
#include <doctest/doctest.h>

#include "interpret_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kEntries =
    "  - id: BM-BRAF-V600\n"
    "    label: BRAF V600\n"
    "    gene: BRAF\n"
    "    rule: {codon: V600}\n"
    "    alleles:\n"
    "      GRCh38:\n"
    "        - {chrom: \"7\", pos: 140753336, ref: A, alt: T}\n"
    "evidence:\n"
    "  - id: E-CURATED\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [dabrafenib, trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    requires: {her2_status: negative}\n"
    "    summary: s\n"
    "  - id: E-IMPORTED\n"
    "    biomarker: BM-BRAF-V600\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [trametinib, dabrafenib]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    source: civic\n"
    "    source_id: EID1\n"
    "    summary: s\n"
    "  - id: E-IMPORTED-OTHER\n"
    "    biomarker: BM-BRAF-V600\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [vemurafenib]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    source: civic\n"
    "    source_id: EID2\n"
    "    summary: s\n";

struct Fixture : KbFixture {
    Fixture() : KbFixture(std::string(kBrafKrasBiomarkers) + kEntries) {}
};

}  // namespace

TEST_CASE("imported line under a curated one matched by the same variant") {
    Fixture f;
    SUBCASE("curated offered: the imported line supports it and does not set the finding's tier") {
        const auto r = run(f, {braf_v600e()}, "MEL", {{"her2_status", "negative"}});
        const auto* codon = finding(r, f, "BM-BRAF-V600");
        REQUIRE(codon != nullptr);
        const auto& imp = therapy(*codon, f, "E-IMPORTED");
        CHECK(imp.supports == "E-CURATED");
        CHECK(imp.offered);
        // The other imported drug is not under any curated line: it tiers on its own.
        const auto& other = therapy(*codon, f, "E-IMPORTED-OTHER");
        CHECK(other.supports.empty());
        REQUIRE(other.tier);
        CHECK(*other.tier == "IB");
        CHECK(codon->tier == std::optional<std::string>("IB"));
    }
    SUBCASE("curated not offered (requirement not met): neither is the imported line") {
        const auto r = run(f, {braf_v600e()}, "MEL", {{"her2_status", "positive"}});
        const auto* codon = finding(r, f, "BM-BRAF-V600");
        REQUIRE(codon != nullptr);
        const auto& imp = therapy(*codon, f, "E-IMPORTED");
        CHECK(imp.supports == "E-CURATED");
        CHECK_FALSE(imp.offered);
        CHECK_FALSE(imp.tier);
        CHECK(imp.tier_reason.find("curated entry E-CURATED takes precedence and is not offered here") != std::string::npos);
        const auto* protein = finding(r, f, "BM-BRAF-V600E");
        REQUIRE(protein != nullptr);
        CHECK_FALSE(therapy(*protein, f, "E-CURATED").offered);
    }
}
