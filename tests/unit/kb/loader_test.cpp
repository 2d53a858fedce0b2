// Knowledgebase loader: a valid minimal knowledgebase, its content hash, and every kind of
// problem reported with its exact message and file:line:col.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

// A base knowledgebase plus one YAML file (curated/t.yaml).
struct Kb {
    TempDir tmp;
    explicit Kb(const std::string& yaml) {
        write_base_kb(tmp.path());
        write_file(tmp / "curated/t.yaml", yaml);
    }
    fs::path dir() const { return tmp.path(); }
};

const char* kEvidenceTail =
    "    therapy: {drugs: [dabrafenib]}\n"
    "    direction: sensitivity\n"
    "    level: A\n"
    "    summary: s\n";

}  // namespace

TEST_CASE("a valid minimal knowledgebase loads") {
    Kb k(std::string(kBrafKrasBiomarkers) +
         "evidence:\n"
         "  - id: E1\n"
         "    biomarker: BM-BRAF-V600E\n"
         "    tumor_types: [MEL]\n"
         "    therapy: {drugs: [Tafinlar, trametinib]}\n"
         "    direction: sensitivity\n"
         "    level: A\n"
         "    requires: {her2_status: negative}\n"
         "    approvals:\n"
         "      - {agency: FDA, year: 2014, indication: melanoma}\n"
         "    citations: [25265492, {label: \"FDA label\"}]\n"
         "    summary: s\n");
    auto kb = load_kb(k.dir());
    CHECK(kb->name == "test-kb");
    CHECK(kb->version == "1");
    REQUIRE(kb->builds.size() == 1);
    CHECK(kb->builds[0] == Build::GRCh38);
    CHECK(kb->covers_build(Build::GRCh38));
    CHECK_FALSE(kb->covers_build(Build::GRCh37));
    CHECK(kb->oncotree.size() == 10);
    CHECK(kb->biomarkers.size() == 2);
    CHECK(kb->evidence.size() == 1);
    CHECK(kb->drugs.size() == 7);
    CHECK(kb->drug("tafinlar") == kb->drug("dabrafenib"));

    const auto* bm = kb->biomarker("BM-BRAF-V600E");
    REQUIRE(bm);
    CHECK(bm->rule.kind == kb::RuleKind::protein);
    CHECK(bm->rule.protein == "V600E");
    CHECK(bm->rule.gene == "BRAF");
    CHECK(bm->where.str() == "curated/t.yaml:2:5");
    const auto& al = bm->alleles[static_cast<int>(Build::GRCh38)];
    REQUIRE(al.size() == 1);
    CHECK(al[0].pos0 == 140753335);  // YAML pos is 1-based
    CHECK(al[0].chrom == "7");
    CHECK(bm->alleles[static_cast<int>(Build::GRCh37)].empty());

    const auto* kras = kb->biomarker("BM-KRAS-G12C");
    REQUIRE(kras);
    CHECK(kras->rule.kind == kb::RuleKind::allele);
    CHECK(kras->rule.alleles[1][0].pos0 == 25245350);

    const auto& e = kb->evidence[0];
    CHECK(e.drugs == std::vector<std::string>{"Tafinlar", "trametinib"});
    CHECK(e.combination);  // two drugs default to a combination
    CHECK(e.source == "curated");
    REQUIRE(e.requirements.size() == 1);
    CHECK(e.requirements[0] == std::make_pair(std::string("her2_status"), std::string("negative")));
    REQUIRE(e.citations.size() == 2);
    CHECK(e.citations[0].kind == "pmid");
    CHECK(e.citations[0].value == "25265492");
    CHECK(e.approvals[0].year == 2014);
    REQUIRE(kb->evidence_by_biomarker[kb->biomarker_by_id.at("BM-BRAF-V600E")].size() == 1);

    // The exon table fills the gene: 18 exons in transcript order, 0-based half-open.
    const auto* braf = kb->gene("BRAF");
    REQUIRE(braf);
    REQUIRE(braf->exons[1]);
    CHECK(braf->exons[1]->strand == '-');
    REQUIRE(braf->exons[1]->exons.size() == 18);
    CHECK(braf->exons[1]->exons[14].number == 15);
    CHECK(braf->exons[1]->exons[14].beg0 == 140753274);
    CHECK(braf->exons[1]->exons[14].end0 == 140753393);
    CHECK(braf->ensembl[1] == "ENST00000646891.2");
    REQUIRE(braf->location[1]);
    CHECK(braf->location[1]->beg0 == 140734478);

    // OncoTree hierarchy and liquid tumours.
    CHECK(kb->oncotree.covers("NSCLC", "LUAD"));
    CHECK_FALSE(kb->oncotree.covers("LUAD", "NSCLC"));
    CHECK(kb->oncotree.covers("_SOLID_", "MEL"));
    CHECK_FALSE(kb->oncotree.covers("_SOLID_", "AML"));
    CHECK(kb->oncotree.covers("_LIQUID_", "AML"));
    CHECK(kb->oncotree.is_liquid("AML"));
    CHECK(kb->oncotree.lineage("LUAD") == std::vector<std::string>{"LUNG", "NSCLC", "LUAD"});
    CHECK(kb->oncotree.canonical_code("luad") == std::optional<std::string>("LUAD"));
}

TEST_CASE("knowledgebase_hash is stable and follows every file") {
    Kb k(kBrafKrasBiomarkers);
    const auto h1 = kb::knowledgebase_hash(k.dir(), {});
    CHECK(h1.size() == 64);
    CHECK(kb::knowledgebase_hash(k.dir(), {}) == h1);
    auto kb = load_kb(k.dir());
    CHECK(kb->sha256 == h1);
    // Same content in a second folder: same hash (paths are relative).
    Kb k2(kBrafKrasBiomarkers);
    CHECK(kb::knowledgebase_hash(k2.dir(), {}) == h1);
    // One byte more in one file changes it.
    write_file(k2.tmp / "curated/t.yaml", std::string(kBrafKrasBiomarkers) + "\n");
    const auto h2 = kb::knowledgebase_hash(k2.dir(), {});
    CHECK(h2 != h1);
    // A TSV counts too, and so does an overlay.
    write_file(k.tmp / "oncotree/doid_to_oncotree.tsv", "doid\toncotree_code\nDOID:1909\tMEL\n");
    const auto h3 = kb::knowledgebase_hash(k.dir(), {});
    CHECK(h3 != h1);
    TempDir overlay;
    write_file(overlay / "local.yaml", "drugs:\n  - {name: foo}\n");
    CHECK(kb::knowledgebase_hash(k.dir(), overlay.path()) != h3);
}

TEST_CASE("unknown key, with a suggestion") {
    Kb k("biomarkers:\n"
         "  - id: BM-A\n"
         "    label: A\n"
         "    gene: BRAF\n"
         "    orgin: somatic\n"
         "    rule: {protein: V600E}\n");
    auto issues = load_issues(k.dir());
    CHECK(issues.size() == 1);
    CHECK(contains_issue(issues, "curated/t.yaml:5:5: unknown key 'orgin' in a biomarker [did you mean 'origin'?]"));
}

TEST_CASE("unknown key far from every allowed key lists them") {
    Kb k("genes:\n"
         "  - symbol: EGFR\n"
         "    xyzzy: 1\n");
    auto issues = load_issues(k.dir());
    CHECK(contains_issue(issues, "curated/t.yaml:3:5: unknown key 'xyzzy' in a gene [allowed keys: symbol, role, name, transcripts, location, aliases, note]"));
}

TEST_CASE("wrong type") {
    Kb k(std::string(kBrafKrasBiomarkers) +  // 15 lines
         "evidence:\n"                          // 16
         "  - id: E1\n"                         // 17
         "    biomarker: BM-BRAF-V600E\n"       // 18
         "    tumor_types: {MEL: yes}\n"        // 19
         "    therapy: {drugs: [dabrafenib]}\n" // 20
         "    direction: sensitivity\n"         // 21
         "    level: [A]\n"                     // 22
         "    summary: s\n");
    auto issues = load_issues(k.dir());
    CHECK(contains_issue(issues, "curated/t.yaml:19:18: 'tumor_types' must be a list [write it as [a, b]]"));
    CHECK(contains_issue(issues, "curated/t.yaml:22:12: 'level' must be a single value (text) [remove the list or mapping]"));
    // The empty tumour-type list is reported too.
    CHECK(contains_issue(issues, "curated/t.yaml:17:5: evidence E1 has no tumor_types [add e.g. 'tumor_types: [NSCLC]' or [_SOLID_]]"));
}

TEST_CASE("wrong type: a number that is not one") {
    Kb k("biomarkers:\n"
         "  - id: BM-A\n"
         "    label: A\n"
         "    rule:\n"
         "      allele:\n"
         "        GRCh38:\n"
         "          - {chrom: \"7\", pos: 14o, ref: A, alt: T}\n");
    auto issues = load_issues(k.dir());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0] == "curated/t.yaml:7:31: 'pos' must be a whole number, not '14o'");
}

TEST_CASE("duplicate ID across files") {
    TempDir tmp;
    write_base_kb(tmp.path());
    const std::string bm = "biomarkers:\n  - id: BM-A\n    label: A\n    gene: BRAF\n    rule: {protein: V600E}\n";
    write_file(tmp / "curated/a.yaml", bm);
    write_file(tmp / "curated/b.yaml", "# second copy\n" + bm);
    auto issues = load_issues(tmp.path());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0] == "curated/b.yaml:3:5: duplicate biomarker id 'BM-A' [first defined at curated/a.yaml:2:5; IDs must be unique]");
}

TEST_CASE("dangling biomarker ID in evidence and in a rule") {
    Kb k(std::string(kBrafKrasBiomarkers) +             // 15 lines
         "  - id: BM-COMBO\n"                              // 16
         "    label: combo\n"                              // 17
         "    rule: {all: [BM-BRAF-V600E, BM-NRAS-Q61]}\n"  // 18
         "evidence:\n"                                     // 19
         "  - id: E1\n"                                    // 20
         "    biomarker: BM-BRAF-V600F\n"                  // 21
         "    tumor_types: [MEL]\n" +
         kEvidenceTail);
    auto issues = load_issues(k.dir());
    CHECK(issues.size() == 2);
    CHECK(contains_issue(issues, "curated/t.yaml:18:33: dangling biomarker id 'BM-NRAS-Q61' [define it under 'biomarkers' or fix the id]"));
    CHECK(contains_issue(issues, "curated/t.yaml:20:5: evidence E1: dangling biomarker id 'BM-BRAF-V600F' [define it under 'biomarkers' or fix the id]"));
}

TEST_CASE("unknown OncoTree code") {
    Kb k(std::string(kBrafKrasBiomarkers) +        // 15 lines
         "evidence:\n"                                // 16
         "  - id: E1\n"                               // 17
         "    biomarker: BM-BRAF-V600E\n"
         "    tumor_types: [MELANOMA, luad]\n"
         "    exclude_tumor_types: [_SOLIDS_]\n" +
         kEvidenceTail);
    auto issues = load_issues(k.dir());
    CHECK(issues.size() == 3);
    CHECK(contains_issue(issues, "curated/t.yaml:17:5: evidence E1: unknown OncoTree code 'MELANOMA' [see oncotree/oncotree.tsv for valid codes]"));
    CHECK(contains_issue(issues, "curated/t.yaml:17:5: evidence E1: unknown OncoTree code 'luad' [did you mean 'LUAD'?]"));
    CHECK(contains_issue(issues, "curated/t.yaml:17:5: evidence E1: unknown OncoTree code '_SOLIDS_' [see oncotree/oncotree.tsv for valid codes]"));
}

TEST_CASE("bad HGVS protein change") {
    Kb k("biomarkers:\n"
         "  - id: BM-A\n"
         "    label: A\n"
         "    gene: BRAF\n"
         "    rule: {protein: V600}\n"
         "  - id: BM-B\n"
         "    label: B\n"
         "    gene: BRAF\n"
         "    rule: {protein: p.Val600Xyz}\n");
    auto issues = load_issues(k.dir());
    CHECK(issues.size() == 2);
    CHECK(contains_issue(issues, "curated/t.yaml:5:21: bad HGVS protein change 'V600' [write e.g. V600E, p.Val600Glu or E746_A750del]"));
    CHECK(contains_issue(issues, "curated/t.yaml:9:21: bad HGVS protein change 'p.Val600Xyz' [write e.g. V600E, p.Val600Glu or E746_A750del]"));
}

TEST_CASE("rules that can never match") {
    Kb k("biomarkers:\n"                                            // 1
         "  - id: BM-A\n"                                           // 2
         "    label: A\n"                                           // 3
         "    rule:\n"                                              // 4
         "      allele:\n"                                          // 5
         "        GRCh38:\n"                                        // 6
         "          - {chrom: \"7\", pos: 140753336, ref: A, alt: A}\n"  // 7
         "  - id: BM-B\n"                                           // 8
         "    label: B\n"                                           // 9
         "    gene: BRAF\n"                                         // 10
         "    rule: {exon: {number: 19, class: inframe_deletion}}\n"  // 11
         "  - id: BM-C\n"                                           // 12
         "    label: C\n"                                           // 13
         "    gene: BRAF\n"                                         // 14
         "    rule: {exon: {number: 18}}\n"                         // 15: BRAF has 18 exons: fine
         "  - id: BM-D\n"                                           // 16
         "    label: D\n"                                           // 17
         "    rule: {all: [BM-C, {not: BM-C}]}\n");                 // 18
    auto issues = load_issues(k.dir());
    CHECK(issues.size() == 3);
    CHECK(contains_issue(issues, "curated/t.yaml:7:13: rule can never match: ref and alt are the same ('A') [fix the alt allele]"));
    CHECK(contains_issue(issues, "curated/t.yaml:11:11: rule can never match: BRAF has 18 exons, not 19"));
    CHECK(contains_issue(issues, "curated/t.yaml:18:17: rule can never match: it requires both BM-C and not BM-C"));
}

TEST_CASE("YAML syntax error") {
    Kb k("biomarkers:\n"
         "  - id: BM-A\n"
         "    label: [unclosed, list\n"
         "    gene: BRAF\n");
    auto issues = load_issues(k.dir());
    REQUIRE(issues.size() == 1);
    CHECK(issues[0].rfind("curated/t.yaml:", 0) == 0);
    CHECK(issues[0].find(": YAML syntax error: ") != std::string::npos);
    CHECK(issues[0].find("[check indentation and quoting near this place]") != std::string::npos);

    Kb k2("biomarkers:\n"
          "  - id: BM-A\n"
          "    label: a: b\n");
    auto issues2 = load_issues(k2.dir());
    REQUIRE(issues2.size() == 1);
    CHECK(issues2[0].rfind("curated/t.yaml:3:", 0) == 0);
    CHECK(issues2[0].find("YAML syntax error: ") != std::string::npos);
}

TEST_CASE("KbLoadError summarises the count; missing folder and manifest") {
    Kb k("biomarkers:\n  - id: BM-A\n    label: A\n    gene: NOTAGENE\n    rule: {codon: 12}\n");
    try {
        load_kb(k.dir());
        FAIL("expected a KbLoadError");
    } catch (const kb::KbLoadError& e) {
        CHECK(std::string(e.what()) == "1 problem in the knowledgebase");
        CHECK(e.where() == k.dir().string());
        REQUIRE(e.issues().size() == 1);
        CHECK(e.issues()[0].what == "unknown gene 'NOTAGENE'");
        CHECK(e.issues()[0].where.str() == "curated/t.yaml:5:11");
    }
    TempDir empty;
    CHECK(error_message([&] { load_kb(empty / "nope"); }).find("knowledgebase folder not found") != std::string::npos);
    CHECK(error_message([&] { load_kb(empty.path()); }).find("knowledgebase manifest kb.yaml not found") != std::string::npos);
}
