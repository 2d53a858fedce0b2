// Transcript pack text format: round trip, content hash, and errors that name file:line.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/transcript/pack.hpp"

using namespace oncomatch;

namespace {
std::string small_pack_text() {
    tx::Pack p;
    p.genome = "GRCh37";
    tx::Transcript t;
    t.gene = "G";
    t.id = "T1.1";
    t.source = "test";
    t.chrom = "1";
    t.strand = '-';
    t.preferred = true;
    t.exons = {{200, 210, 0, 0}, {100, 105, 0, 0}};
    t.cds_beg0 = 3;
    t.cds_end0 = 12;
    t.seq = "CCATGAAATAAGG";
    t.seq.resize(15, 'A');
    p.transcripts.push_back(t);
    p.finalise("test");
    return tx::pack_to_text(p);
}
}  // namespace

TEST_CASE("pack round trip keeps every field and derives transcript offsets") {
    const auto text = small_pack_text();
    auto p = tx::parse_pack(text, "mem");
    REQUIRE(p.transcripts.size() == 1);
    const auto& t = p.transcripts[0];
    CHECK(t.strand == '-');
    CHECK(t.preferred);
    CHECK_FALSE(t.lifted);
    CHECK(t.exons[1].t_beg0 == 10);
    CHECK(t.exons[1].t_end0 == 15);
    CHECK(t.g_beg0 == 100);
    CHECK(t.g_end0 == 210);
    CHECK(p.genome == "GRCh37");
    CHECK(tx::pack_to_text(p) == text);
    std::vector<const tx::Transcript*> hits;
    p.overlapping("1", 150, 151, 0, hits);
    CHECK(hits.size() == 1);
    p.overlapping("1", 300, 301, 0, hits);
    CHECK(hits.empty());
    p.overlapping("1", 300, 301, 100, hits);
    CHECK(hits.size() == 1);
    CHECK(p.of_gene("G").size() == 1);
    CHECK(p.of_gene("X").empty());
}

TEST_CASE("pack errors: edited body, bad columns, wrong version") {
    auto text = small_pack_text();
    auto edited = text;
    edited.replace(edited.rfind("CCATG"), 5, "CCATT");
    CHECK(test::error_message([&] { tx::parse_pack(edited, "p.pack"); }).find("content hash") != std::string::npos);
    auto bad = text;
    bad.replace(bad.find("\t-\t"), 3, "\t?\t");
    const auto msg = test::error_message([&] { tx::parse_pack(bad, "p.pack"); });
    CHECK(msg.find("p.pack:") == 0);
    CHECK(msg.find("strand") != std::string::npos);
    auto v2 = text;
    v2.replace(v2.find("pack\t1"), 6, "pack\t9");
    CHECK(test::error_message([&] { tx::parse_pack(v2, "p.pack"); }).find("format 9") != std::string::npos);
    CHECK(test::error_message([&] { tx::parse_pack("hello\n", "p.pack"); }).find("not an oncomatch transcript pack") != std::string::npos);
}

TEST_CASE("the bundled test packs load and every coding model translates from its CDS") {
    for (const char* b : {"GRCh37", "GRCh38"}) {
        auto p = tx::read_pack(test::data_path(std::string("genemodels/") + b + ".pack"));
        CHECK(p.genome == b);
        CHECK(p.transcripts.size() > 50);
        for (const char* g : {"EGFR", "KRAS", "BRAF", "PIK3CA", "BRCA1", "BRCA2", "TP53"}) {
            auto ts = p.of_gene(g);
            REQUIRE_MESSAGE(!ts.empty(), g);
            CHECK_MESSAGE(ts.front()->preferred, g);
        }
    }
}
