// RegionSet and the per-build knowledgebase index.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

TEST_CASE("RegionSet: merge, overlap, containment") {
    kb::RegionSet r;
    r.add("7", 100, 200);
    r.add("7", 150, 300);  // overlaps: merged
    r.add("7", 300, 310);  // touching: merged
    r.add("7", 400, 500);
    r.add("1", 10, 10);    // empty interval widened to one base
    r.finalise();
    REQUIRE(r.on("7"));
    CHECK(r.on("7")->size() == 2);
    CHECK((*r.on("7"))[0] == std::make_pair<std::int64_t, std::int64_t>(100, 310));
    CHECK(r.size() == 3);
    CHECK(r.chroms() == std::vector<std::string>{"1", "7"});
    CHECK(r.overlaps("7", 309, 310));
    CHECK_FALSE(r.overlaps("7", 310, 400));
    CHECK(r.overlaps("7", 350, 401));
    CHECK_FALSE(r.overlaps("7", 99, 100));
    CHECK(r.overlaps("7", 99, 101));
    CHECK(r.overlaps("1", 10, 10));
    CHECK_FALSE(r.overlaps("2", 0, 1000));
    CHECK(r.contains("7", 100, 310));
    CHECK_FALSE(r.contains("7", 99, 120));
    CHECK_FALSE(r.contains("7", 300, 401));
    CHECK(r.contains("7", 400, 500));
    CHECK_FALSE(r.contains("7", 450, 501));
    CHECK(kb::RegionSet().empty());
}

TEST_CASE("KbIndex: genes, alleles, rules and regions") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml", kBrafKrasBiomarkers);
    auto kb = load_kb(tmp.path());
    kb::KbIndex idx(*kb, Build::GRCh38);
    CHECK(idx.build() == Build::GRCh38);

    auto g = idx.genes_at("7", 140753335, 140753336);
    REQUIRE(g.size() == 1);
    CHECK(kb->genes[g[0]].symbol == "BRAF");
    CHECK(idx.genes_at("7", 140924764, 140924765).empty());  // one past BRAF's end
    CHECK(idx.genes_at("7", 140924763, 140924764).size() == 1);
    CHECK(idx.genes_at("12", 25245350, 25245351).size() == 1);
    CHECK(idx.genes_at("chr7", 140753335, 140753336).empty());  // names are normalised by callers

    const auto* a = idx.alleles("7", 140753335, "A", "T");
    REQUIRE(a);
    REQUIRE(a->size() == 1);
    CHECK((*a)[0].biomarker == kb->biomarker_by_id.at("BM-BRAF-V600E"));
    CHECK_FALSE((*a)[0].from_rule);
    const auto* k = idx.alleles("12", 25245350, "C", "A");
    REQUIRE(k);
    CHECK((*k)[0].from_rule);
    CHECK_FALSE(idx.alleles("7", 140753335, "A", "G"));
    CHECK_FALSE(idx.alleles("7", 140753336, "A", "T"));  // off by one

    const auto* rules = idx.rules_for("BRAF");
    REQUIRE(rules);
    CHECK(rules->protein.size() == 1);
    CHECK_FALSE(idx.rules_for("EGFR"));

    CHECK(idx.known_ref(Build::GRCh38, "7", 140753335) == 'A');
    CHECK(idx.known_ref(Build::GRCh38, "7", 140753336) == 0);
    CHECK(idx.known_ref(Build::GRCh37, "7", 140753335) == 0);
    CHECK(idx.is_known_allele(Build::GRCh38, "12", 25245350, "C", "A"));
    CHECK_FALSE(idx.is_known_allele(Build::GRCh37, "12", 25245350, "C", "A"));

    CHECK(idx.regions().overlaps("7", 140753335, 140753336));
    CHECK(idx.regions().overlaps("12", 25245350, 25245351));
    CHECK_FALSE(idx.regions().overlaps("1", 0, 1000000000));
}
