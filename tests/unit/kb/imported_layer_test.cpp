// Loader behaviour for imported (CIViC) layers and local overlays: imported evidence joins the
// curated biomarker with the same rule, imported drug stubs yield to curated drug entries,
// imported biomarkers may name genes without a gene entry, and an overlay retires entries
// (`retire:` list or `retired: true`) and marks its own as local.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kCivicLayer =
    "biomarkers:\n"
    "  - id: BM-CIVIC-BRAF-V600E\n"
    "    label: BRAF V600E\n"
    "    gene: BRAF\n"
    "    rule: {protein: V600E}\n"
    "    source: civic\n"
    "  - id: BM-CIVIC-BRAF-V600K\n"
    "    label: BRAF V600K\n"
    "    gene: BRAF\n"
    "    rule: {protein: V600K}\n"
    "    source: civic\n"
    "  - id: BM-CIVIC-ABL1-T315I\n"
    "    label: ABL1 T315I\n"
    "    gene: ABL1\n"
    "    rule: {protein: T315I}\n"
    "    source: civic\n"
    "evidence:\n"
    "  - id: CIVIC-EID1\n"
    "    biomarker: BM-CIVIC-BRAF-V600E\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [Tafinlar]}\n"
    "    direction: resistance\n"
    "    level: C\n"
    "    source_level: B\n"
    "    source: civic\n"
    "    summary: s\n"
    "  - id: CIVIC-EID2\n"
    "    biomarker: BM-CIVIC-BRAF-V600K\n"
    "    tumor_types: [MEL]\n"
    "    therapy: {drugs: [vemurafenib]}\n"
    "    direction: sensitivity\n"
    "    level: D\n"
    "    source: civic\n"
    "    summary: s\n"
    "  - id: CIVIC-EID3\n"
    "    biomarker: BM-CIVIC-ABL1-T315I\n"
    "    tumor_types: [AML]\n"
    "    therapy: {drugs: [ponatinib]}\n"
    "    direction: sensitivity\n"
    "    level: D\n"
    "    source: civic\n"
    "    summary: s\n"
    "drugs:\n"
    "  - {name: dabrafenib, source: civic}\n"
    "  - {name: tafinlar, source: civic}\n"
    "  - {name: ponatinib, source: civic}\n";

struct Layered {
    TempDir tmp;
    std::shared_ptr<const kb::Knowledgebase> kb;
    explicit Layered(const fs::path* overlay = nullptr) {
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
        write_file(tmp / "civic/civic.yaml", kCivicLayer);
        kb::LoadOptions o;
        o.dir = tmp.path();
        o.use_cache = false;
        if (overlay) o.overlay = *overlay;
        kb = kb::load_knowledgebase(o);
    }
    const kb::Evidence& ev(const std::string& id) const {
        for (const auto& e : kb->evidence)
            if (e.id == id) return e;
        FAIL("no evidence " << id);
        return kb->evidence.front();
    }
};

}  // namespace

TEST_CASE("imported evidence joins the curated biomarker with the same rule") {
    Layered l;
    CHECK(l.ev("CIVIC-EID1").biomarker == "BM-BRAF-V600E");        // same rule as the curated biomarker
    CHECK(l.ev("CIVIC-EID2").biomarker == "BM-CIVIC-BRAF-V600K");  // no curated twin: stays
    CHECK(l.ev("OMC-1").biomarker == "BM-BRAF-V600E");
    const auto* b = l.kb->biomarker("BM-CIVIC-BRAF-V600E");
    REQUIRE(b);
    CHECK(b->source == "civic");
    const std::size_t curated = l.kb->biomarker_by_id.at("BM-BRAF-V600E");
    const std::size_t imported = l.kb->biomarker_by_id.at("BM-CIVIC-BRAF-V600E");
    CHECK(l.kb->evidence_by_biomarker[curated].size() == 2);
    CHECK(l.kb->evidence_by_biomarker[imported].empty());
}

TEST_CASE("imported drug stubs yield to curated drug entries, names resolve to the entry") {
    Layered l;
    // dabrafenib (name) and tafinlar (a synonym) are curated: their stubs are dropped.
    const auto* d = l.kb->drug("dabrafenib");
    REQUIRE(d);
    CHECK(d->source == "curated");
    CHECK(d->classes == std::vector<std::string>{"braf_inhibitor"});
    CHECK(l.kb->drug("tafinlar") == d);
    // CIViC's spelling is replaced by the drug entry's name, so therapies compare equal.
    CHECK(l.ev("CIVIC-EID1").drugs == std::vector<std::string>{"dabrafenib"});
    // ponatinib is only a stub, and ABL1 has no gene entry: both allowed for imported entries.
    REQUIRE(l.kb->drug("ponatinib"));
    CHECK(l.kb->drug("ponatinib")->source == "civic");
    CHECK(l.kb->gene("ABL1") == nullptr);
}

TEST_CASE("a curated biomarker may not name an unknown gene; an imported one may") {
    TempDir t;
    write_base_kb(t.path());
    write_file(t / "curated/x.yaml",
               "biomarkers:\n  - id: BM-X\n    label: x\n    gene: ABL1\n    rule: {protein: T315I}\n");
    auto issues = load_issues(t.path());
    CHECK(contains_issue(issues, "curated/x.yaml:5:11: unknown gene 'ABL1' [add it under 'genes' (genes/genes.yaml)]"));
}

TEST_CASE("overlay: retire list and retired entries, local marking") {
    TempDir ov;
    write_file(ov / "lab.yaml",
               "retire: [CIVIC-EID2, BM-CIVIC-ABL1-T315I]\n"
               "evidence:\n"
               "  - id: CIVIC-EID1\n"
               "    retired: true\n"
               "  - id: LAB-1\n"
               "    biomarker: BM-BRAF-V600E\n"
               "    tumor_types: [MEL]\n"
               "    therapy: {drugs: [trametinib]}\n"
               "    direction: sensitivity\n"
               "    level: C\n"
               "    summary: our lab's entry\n");
    const fs::path p = ov.path();
    Layered l(&p);
    CHECK(l.ev("CIVIC-EID2").retired);
    CHECK(l.ev("CIVIC-EID2").local);
    CHECK(l.ev("CIVIC-EID1").retired);
    CHECK(l.kb->biomarker("BM-CIVIC-ABL1-T315I")->retired);
    CHECK_FALSE(l.ev("CIVIC-EID3").retired);
    const auto& lab = l.ev("LAB-1");
    CHECK(lab.local);
    CHECK(lab.source == "local");
    // Retired evidence is no longer attached to its biomarker.
    const std::size_t v600e = l.kb->biomarker_by_id.at("BM-BRAF-V600E");
    std::vector<std::string> ids;
    for (auto i : l.kb->evidence_by_biomarker[v600e]) ids.push_back(l.kb->evidence[i].id);
    std::sort(ids.begin(), ids.end());
    CHECK(ids == std::vector<std::string>{"LAB-1", "OMC-1"});
}

TEST_CASE("overlay: retiring an unknown id is an error; retire lists only in overlays") {
    TempDir ov;
    write_file(ov / "lab.yaml", "retire: [OMC-9999]\n");
    TempDir base;
    write_base_kb(base.path());
    kb::LoadOptions o;
    o.dir = base.path();
    o.overlay = ov.path();
    o.use_cache = false;
    try {
        kb::load_knowledgebase(o);
        FAIL("expected an error");
    } catch (const kb::KbLoadError& e) {
        REQUIRE(e.issues().size() == 1);
        CHECK(e.issues()[0].where.str() == "overlay/lab.yaml:1:10");
        CHECK(e.issues()[0].what == "cannot retire 'OMC-9999': no evidence, biomarker or trial has that id");
    }
    write_file(base / "curated/r.yaml", "retire: [OMC-1]\n");
    auto issues = load_issues(base.path());
    REQUIRE(!issues.empty());
    CHECK(issues[0].find("curated/r.yaml:1:1: unknown key 'retire'") == 0);
}

TEST_CASE("drug lookup prefers the curated entry over an importer stub whatever the order") {
    for (const bool stub_first : {true, false}) {
        kb::Knowledgebase k;
        kb::Drug stub;
        stub.name = "everolimus";
        stub.source = "civic";
        kb::Drug curated;
        curated.name = "everolimus";
        curated.synonyms = {"Afinitor"};
        curated.names = {{"zh", "依维莫司"}};
        if (stub_first) k.drugs = {stub, curated};
        else k.drugs = {curated, stub};
        k.freeze();
        const auto* d = k.drug("Everolimus");
        REQUIRE(d);
        CHECK(d->source == "curated");
        CHECK(d->names.at("zh") == "依维莫司");
        CHECK(k.drug("afinitor") == d);
    }
}
