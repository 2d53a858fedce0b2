// Off-label tiering against in-type negative evidence: resistance or no-benefit evidence (level
// A-D) written for this tumour type, for the same drug set and the same biomarker (or one matched
// by the same variant), stops the off-label IIC from other tumour types' sensitivity entries,
// like exclude_tumor_types does. Both lines stay listed; the sensitivity line says why it has no tier.
#include <doctest/doctest.h>

#include "interpret_support.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kResistance =
    "  - id: BM-BRAF-V600\n"
    "    label: BRAF V600\n"
    "    gene: BRAF\n"
    "    rule: {codon: V600}\n"
    "    alleles:\n"
    "      GRCh38:\n"
    "        - {chrom: \"7\", pos: 140753336, ref: A, alt: T}\n"
    "evidence:\n"
    "  - id: E-MEL-VEM\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [vemurafenib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-LUAD-VEM-CODON\n"
    "    biomarker: BM-BRAF-V600\n"
    "    tumor_types: [NSCLC]\n"
    "    therapy: {drugs: [vemurafenib]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    summary: s\n"
    "  - id: E-CRC-VEM-RES\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [vemurafenib]}\n"
    "    direction: resistance\n"
    "    level: B\n"
    "    summary: s\n"
    "  - id: E-MEL-VEM-TRAM\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [vemurafenib, trametinib], combination: true}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-MEL-ENC\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [encorafenib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-CRC-ENC-NOBEN\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [encorafenib]}\n"
    "    direction: no_benefit\n"
    "    level: D\n"
    "    summary: s\n"
    "  - id: E-MEL-DAB\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [dabrafenib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-CRC-DAB-RES\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [dabrafenib]}\n"
    "    direction: resistance\n"
    "    level: C\n"
    "    requires: {her2_status: negative}\n"
    "    summary: s\n"
    "  - id: E-MEL-TRAM\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [trametinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-CRC-TRAM-UNLEVELLED\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [trametinib]}\n"
    "    direction: resistance\n"
    "    source: civic\n"
    "    source_level: E\n"
    "    summary: s\n"
    "  - id: E-MEL-CET-RES\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [cetuximab]}\n"
    "    direction: resistance\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-LUAD-CET\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [LUAD]\n"
    "    therapy: {drugs: [cetuximab]}\n"
    "    direction: sensitivity\n"
    "    level: B\n"
    "    summary: s\n"
    "  - id: E-MEL-LAP\n"
    "    biomarker: BM-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [lapatinib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n"
    "  - id: E-CRC-LAP-RES-KRAS\n"
    "    biomarker: BM-KRAS-G12C\n"
    "    tumor_types: [COADREAD]\n"
    "    therapy: {drugs: [lapatinib]}\n"
    "    direction: resistance\n"
    "    level: A\n"
    "    summary: s\n";

struct Fixture : KbFixture {
    Fixture() : KbFixture(std::string(kBrafKrasBiomarkers) + kResistance) {}
};

}  // namespace

TEST_CASE("colorectal: in-type resistance blocks the off-label IIC of the same drug, both lines listed") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "COADREAD");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    const auto& res = therapy(*fd, f, "E-CRC-VEM-RES");
    CHECK(res.tier == std::optional<std::string>("IB"));
    CHECK(res.direction == "resistance");
    const auto& mel = therapy(*fd, f, "E-MEL-VEM");
    CHECK_FALSE(mel.tier);
    CHECK(mel.offered);
    CHECK_FALSE(mel.on_label);
    CHECK(mel.tier_reason == "not applicable here: level B resistance evidence E-CRC-VEM-RES (COADREAD) for this therapy "
                             "and biomarker covers COADREAD and blocks the off-label tier");
    // A broader biomarker matched by the same variant (BRAF V600 codon) is blocked too.
    const auto* codon = finding(r, f, "BM-BRAF-V600");
    REQUIRE(codon);
    CHECK(codon->variant_ids == fd->variant_ids);
    const auto& luad = therapy(*codon, f, "E-LUAD-VEM-CODON");
    CHECK_FALSE(luad.tier);
    CHECK(luad.tier_reason.find("E-CRC-VEM-RES") != std::string::npos);
    CHECK_FALSE(codon->tier);
    // Another drug set (vemurafenib + trametinib) keeps its IIC.
    CHECK(therapy(*fd, f, "E-MEL-VEM-TRAM").tier == std::optional<std::string>("IIC"));
    // No benefit blocks like resistance, whatever its level (D here).
    const auto& enc = therapy(*fd, f, "E-MEL-ENC");
    CHECK_FALSE(enc.tier);
    CHECK(enc.tier_reason.find("level D no_benefit evidence E-CRC-ENC-NOBEN") != std::string::npos);
    CHECK(therapy(*fd, f, "E-CRC-ENC-NOBEN").tier == std::optional<std::string>("IID"));
    // Untiered resistance (no AMP level) does not block.
    CHECK(therapy(*fd, f, "E-MEL-TRAM").tier == std::optional<std::string>("IIC"));
    CHECK_FALSE(therapy(*fd, f, "E-CRC-TRAM-UNLEVELLED").tier);
    // Resistance written for another tumour type (melanoma) does not block cetuximab's IIC here.
    CHECK(therapy(*fd, f, "E-LUAD-CET").tier == std::optional<std::string>("IIC"));
    CHECK(fd->tier == std::optional<std::string>("IB"));
}

TEST_CASE("a resistance entry ruled out by a requirement does not block; unconfirmed it does") {
    Fixture f;
    SUBCASE("her2_status positive: the dabrafenib resistance entry is not offered, dabrafenib keeps IIC") {
        auto r = run(f, {braf_v600e()}, "COADREAD", {{"her2_status", "positive"}});
        const auto* fd = finding(r, f, "BM-BRAF-V600E");
        REQUIRE(fd);
        CHECK_FALSE(therapy(*fd, f, "E-CRC-DAB-RES").offered);
        CHECK(therapy(*fd, f, "E-MEL-DAB").tier == std::optional<std::string>("IIC"));
    }
    SUBCASE("her2_status not given: resistance listed unconfirmed, dabrafenib untiered") {
        auto r = run(f, {braf_v600e()}, "COADREAD");
        const auto* fd = finding(r, f, "BM-BRAF-V600E");
        REQUIRE(fd);
        CHECK(therapy(*fd, f, "E-CRC-DAB-RES").tier == std::optional<std::string>("IIC"));
        const auto& dab = therapy(*fd, f, "E-MEL-DAB");
        CHECK_FALSE(dab.tier);
        CHECK(dab.tier_reason.find("E-CRC-DAB-RES") != std::string::npos);
    }
}

TEST_CASE("resistance for a different biomarker with no shared variant does not block") {
    Fixture f;
    auto r = run(f, {braf_v600e(), kras_g12c()}, "COADREAD");
    const auto* kras = finding(r, f, "BM-KRAS-G12C");
    REQUIRE(kras);
    CHECK(therapy(*kras, f, "E-CRC-LAP-RES-KRAS").tier == std::optional<std::string>("IA"));
    const auto* braf = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(braf);
    CHECK(therapy(*braf, f, "E-MEL-LAP").tier == std::optional<std::string>("IIC"));
}

TEST_CASE("outside the resistance entry's tumour type the off-label IIC stands") {
    Fixture f;
    auto r = run(f, {braf_v600e()}, "AML");
    const auto* fd = finding(r, f, "BM-BRAF-V600E");
    REQUIRE(fd);
    CHECK(therapy(*fd, f, "E-MEL-VEM").tier == std::optional<std::string>("IIC"));
    CHECK(therapy(*fd, f, "E-MEL-ENC").tier == std::optional<std::string>("IIC"));
    CHECK_FALSE(therapy(*fd, f, "E-CRC-VEM-RES").tier);  // off-label resistance: information only
    CHECK(therapy(*finding(r, f, "BM-BRAF-V600"), f, "E-LUAD-VEM-CODON").tier == std::optional<std::string>("IIC"));
}
