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
    t.flanks = {{95, "ACGTT"}, {210, "GG"}};  // beside the exons (genome + strand)
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
    // Flanks: + strand genome bases beside the exons; exon bases from the (minus strand) sequence.
    REQUIRE(t.flanks.size() == 2);
    CHECK(t.genomic_base(95) == 'A');
    CHECK(t.genomic_base(99) == 'T');
    CHECK(t.genomic_base(211) == 'G');
    CHECK(t.genomic_base(212) == 0);   // past the flank: unknown
    CHECK(t.genomic_base(150) == 0);   // intron without flank: unknown
    CHECK(t.genomic_base(209) == 'G'); // transcript base 0 (C) on the minus strand
    CHECK(t.genomic_base(100) == 'T'); // last transcript base (A)
}

TEST_CASE("format 1 packs (no flanks column) still load") {
    auto text = small_pack_text();
    // Rewrite as format 1: drop the flanks column and re-hash the body.
    auto body_at = text.find("\nG\t") + 1;
    std::string body = text.substr(body_at);
    body = body.substr(0, body.rfind('\t')) + "\n";
    const std::string v1 = "##oncomatch-transcript-pack\t1\n##genome\tGRCh37\n#gene\tid\tchrom\tstrand\tflags\tsource\tcds\texons\tsequence\n" + body;
    auto p = tx::parse_pack(v1, "old.pack");
    REQUIRE(p.transcripts.size() == 1);
    CHECK(p.format_version == 1);
    CHECK(p.transcripts[0].flanks.empty());
    CHECK(p.transcripts[0].genomic_base(95) == 0);
    // ... and a format 2 line with 9 columns is an error naming the line.
    auto bad = text;
    bad.erase(bad.rfind('\t'));
    CHECK(test::error_message([&] { tx::parse_pack(bad, "p.pack"); }).find("expected 10 tab-separated columns (pack format 2)") != std::string::npos);
    auto overlap = text;
    overlap.replace(overlap.find("95:ACGTT"), 8, "98:ACGTT");
    const auto h = overlap.find("##content-sha256");
    overlap.erase(h, overlap.find('\n', h) + 1 - h);  // no declared hash: the model checks speak
    CHECK(test::error_message([&] { tx::parse_pack(overlap, "p.pack"); }).find("overlaps an exon") != std::string::npos);
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
    v2.replace(v2.find("pack\t2"), 6, "pack\t9");
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
