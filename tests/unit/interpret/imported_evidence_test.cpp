// Curated and imported (CIViC) evidence for the same biomarker, written in different files with
// different biomarker ids: one finding, the curated entry decides the tier, the CIViC entry for
// the same therapy and tumour type sits beneath it, and a disagreement flags both lines.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"
#include "oncomatch/interpret/interpret.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

struct Fixture {
    TempDir tmp;
    std::shared_ptr<const kb::Knowledgebase> kb;
    std::unique_ptr<kb::KbIndex> index;
    explicit Fixture(const std::string& civic_direction) {
        write_base_kb(tmp.path());
        write_file(tmp / "curated/braf.yaml", std::string(kBrafKrasBiomarkers) +
                                                  "evidence:\n"
                                                  "  - id: OMC-1\n"
                                                  "    biomarker: BM-BRAF-V600E\n"
                                                  "    tumor_types: [MEL]\n"
                                                  "    therapy: {drugs: [dabrafenib]}\n"
                                                  "    direction: sensitivity\n"
                                                  "    level: A\n"
                                                  "    summary: s\n");
        write_file(tmp / "civic/civic.yaml",
                   "biomarkers:\n"
                   "  - {id: BM-CIVIC-BRAF-V600E, label: BRAF V600E, gene: BRAF, rule: {protein: V600E}, source: civic}\n"
                   "evidence:\n"
                   "  - id: CIVIC-EID1\n"
                   "    biomarker: BM-CIVIC-BRAF-V600E\n"
                   "    tumor_types: [MEL]\n"
                   "    therapy: {drugs: [Tafinlar]}\n"
                   "    direction: " + civic_direction + "\n"
                   "    level: B\n"
                   "    source_level: A\n"
                   "    source: civic\n"
                   "    source_id: EID1\n"
                   "    summary: s\n"
                   "  - id: CIVIC-EID2\n"
                   "    biomarker: BM-CIVIC-BRAF-V600E\n"
                   "    tumor_types: [COADREAD]\n"
                   "    therapy: {drugs: [cetuximab]}\n"
                   "    direction: resistance\n"
                   "    level: C\n"
                   "    source_level: B\n"
                   "    source: civic\n"
                   "    summary: s\n");
        kb = load_kb(tmp.path());
        index = std::make_unique<kb::KbIndex>(*kb, Build::GRCh38);
    }
    Report run(const std::string& tumour) const {
        Variant v;
        v.chrom = v.chrom_norm = "7";
        v.pos0 = 140753335;
        v.vcf_pos = 140753336;
        v.ref = v.vcf_ref = "A";
        v.alt = v.vcf_alt = "T";
        v.all_alts = {"T"};
        v.pass = true;
        v.filter = "PASS";
        std::vector<MatchedVariant> calls;
        calls.push_back(match_variant(std::move(v), *index, AnnotationSchema{}));
        InterpretOptions o;
        o.tumor_type = tumour;
        return interpret(*index, std::move(calls), o);
    }
    std::string ev_id(const TherapyLine& t) const { return kb->evidence[t.evidence].id; }
    const TherapyLine& line(const Finding& fd, const std::string& id) const {
        for (const auto& t : fd.therapies)
            if (ev_id(t) == id) return t;
        FAIL("no therapy line " << id);
        return fd.therapies.front();
    }
};

}  // namespace

TEST_CASE("curated over CIViC: disagreement in the same tumour type shows both, flagged") {
    Fixture f("resistance");
    auto r = f.run("MEL");
    REQUIRE(r.findings.size() == 1);  // not a second finding for BM-CIVIC-BRAF-V600E
    const auto& fd = r.findings[0];
    CHECK(f.kb->biomarkers[fd.biomarker].id == "BM-BRAF-V600E");
    CHECK(fd.tier == std::optional<std::string>("IA"));
    REQUIRE(fd.therapies.size() == 3);  // + the colorectal cetuximab entry, off-label information
    CHECK(f.ev_id(fd.therapies[0]) == "OMC-1");  // curated first
    const auto& cur = f.line(fd, "OMC-1");
    const auto& civ = f.line(fd, "CIVIC-EID1");
    CHECK_FALSE(f.line(fd, "CIVIC-EID2").tier);
    CHECK(civ.supports == "OMC-1");
    CHECK(civ.conflict);
    CHECK(cur.conflict);
    CHECK(cur.tier == std::optional<std::string>("IA"));
    CHECK(civ.source_level == "A");
    CHECK(civ.evidence_level == "B");
}

TEST_CASE("curated over CIViC: agreement is support without a conflict; other tumour types stay separate") {
    Fixture f("sensitivity");
    auto r = f.run("MEL");
    REQUIRE(r.findings.size() == 1);
    const auto& fd = r.findings[0];
    CHECK(f.line(fd, "CIVIC-EID1").supports == "OMC-1");
    CHECK_FALSE(f.line(fd, "CIVIC-EID1").conflict);
    CHECK_FALSE(f.line(fd, "OMC-1").conflict);
    // In colorectal cancer only the CIViC cetuximab entry applies here: it is tiered by its own
    // level (C -> IIC), no curated entry to sit beneath.
    auto c = f.run("COADREAD");
    REQUIRE(c.findings.size() == 1);
    bool seen = false;
    for (const auto& t : c.findings[0].therapies) {
        if (f.ev_id(t) != "CIVIC-EID2") continue;
        seen = true;
        CHECK(t.supports.empty());
        CHECK(t.tier == std::optional<std::string>("IIC"));
    }
    CHECK(seen);
}

TEST_CASE("a curated exclusion outranks an imported tissue-agnostic entry for the same therapy") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/braf.yaml", std::string(kBrafKrasBiomarkers) +
                                              "evidence:\n"
                                              "  - id: OMC-SOLID\n"
                                              "    biomarker: BM-BRAF-V600E\n"
                                              "    tumor_types: [_SOLID_]\n"
                                              "    exclude_tumor_types: [COADREAD]\n"
                                              "    therapy: {drugs: [dabrafenib, trametinib]}\n"
                                              "    direction: sensitivity\n"
                                              "    level: A\n"
                                              "    summary: s\n");
    write_file(tmp / "civic/civic.yaml",
               "biomarkers:\n"
               "  - {id: BM-CIVIC-BRAF-V600E, label: BRAF V600E, gene: BRAF, rule: {protein: V600E}, source: civic}\n"
               "evidence:\n"
               "  - {id: CIVIC-EID12161, biomarker: BM-CIVIC-BRAF-V600E, tumor_types: [_SOLID_], therapy: {drugs: [trametinib, dabrafenib]},"
               " direction: sensitivity, level: B, source_level: A, source: civic, summary: s}\n");
    auto kb = load_kb(tmp.path());
    kb::KbIndex index(*kb, Build::GRCh38);
    auto run = [&](const std::string& tumour) {
        Variant v;
        v.chrom = v.chrom_norm = "7";
        v.pos0 = 140753335;
        v.vcf_pos = 140753336;
        v.ref = v.vcf_ref = "A";
        v.alt = v.vcf_alt = "T";
        v.all_alts = {"T"};
        v.pass = true;
        std::vector<MatchedVariant> calls;
        calls.push_back(match_variant(std::move(v), index, AnnotationSchema{}));
        InterpretOptions o;
        o.tumor_type = tumour;
        return interpret(index, std::move(calls), o);
    };
    auto civic_line = [&](const Report& r) -> const TherapyLine& {
        REQUIRE(r.findings.size() == 1);
        for (const auto& t : r.findings[0].therapies)
            if (kb->evidence[t.evidence].id == "CIVIC-EID12161") return t;
        FAIL("no CIViC line");
        return r.findings[0].therapies.front();
    };
    auto crc = run("COADREAD");
    CHECK_FALSE(civic_line(crc).tier);
    CHECK(civic_line(crc).tier_reason == "not applicable here: COADREAD is excluded for this therapy by OMC-SOLID");
    CHECK_FALSE(crc.findings[0].tier);
    auto luad = run("LUAD");  // elsewhere the CIViC entry sits beneath the curated one
    CHECK(civic_line(luad).supports == "OMC-SOLID");
    CHECK(luad.findings[0].tier == std::optional<std::string>("IA"));
}
