// `genes build` internals on real files: GENCODE v19 PIK3CA GTF + GRCh37 chr3 slice, the
// igv-reports minigenome GTF + FASTA, and the RefSeq GFF3 / Ensembl GTF BRCA1 models (GRCh38).
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/hgvs/consequence.hpp"
#include "oncomatch/transcript/pack_builder.hpp"

using namespace oncomatch;

namespace {

tx::Pack build(const std::string& ann, tx::ModelFormat fmt, const std::string& fasta, std::int64_t offset1, const std::string& genome,
               std::set<std::string> genes = {}) {
    tx::PackBuildOptions o;
    o.genome = genome;
    o.genes = std::move(genes);
    o.source = "test";
    o.fasta_offset = offset1 - 1;
    o.fasta_path = fasta;
    ReferenceFasta fa(test::data_path(fasta));
    tx::PackBuildSummary s;
    return tx::build_pack_from_models(tx::read_gene_models(test::data_path(ann), fmt), fa, o, s);
}

const tx::Transcript* find(const tx::Pack& p, const std::string& id) {
    for (const auto& t : p.transcripts)
        if (t.id == id) return &t;
    return nullptr;
}

// Genomic 0-based position of c.N (independent of the engine).
std::int64_t g_of_c(const tx::Transcript& t, std::int64_t c) {
    std::int64_t x = t.cds_beg0 + c - 1, off = 0;
    for (const auto& e : t.exons) {
        const std::int64_t len = e.g_end0 - e.g_beg0;
        if (x < off + len) return t.strand == '+' ? e.g_beg0 + (x - off) : e.g_end0 - 1 - (x - off);
        off += len;
    }
    return -1;
}

}  // namespace

TEST_CASE("genes build: GENCODE v19 PIK3CA GTF + chr3 slice gives the bundled model base for base") {
    auto p = build("genemodels/pik3ca_gencode19/gencode.v19.PIK3CA.gtf", tx::ModelFormat::gtf,
                   "genemodels/pik3ca_gencode19/GRCh37_chr3_178800000-179300000.fa", 178800000, "GRCh37");
    const auto* t = find(p, "ENST00000263967.3");
    REQUIRE(t);
    CHECK(t->preferred);  // the only transcript of the gene
    CHECK(t->cds_end0 - t->cds_beg0 == 3207);  // 1068 residues + stop
    CHECK(hgvs::translate(std::string_view(t->seq).substr(static_cast<std::size_t>(t->cds_beg0), 3)) == "M");
    auto bundled = tx::read_pack(test::data_path("genemodels/GRCh37.pack"));
    const auto* b = find(bundled, "ENST00000263967.3");
    REQUIRE(b);
    CHECK(b->seq == t->seq);
    CHECK(b->cds_beg0 == t->cds_beg0);
    REQUIRE(b->exons.size() == t->exons.size());
    for (std::size_t i = 0; i < b->exons.size(); ++i) CHECK(b->exons[i].g_beg0 == t->exons[i].g_beg0);
    auto a = hgvs::annotate_transcript(*t, 178952085 - 1, "A", "G");
    REQUIRE(a);
    CHECK(a->csq.hgvsp == "p.His1047Arg");
    // Flanks (100 bp beside every exon) cut from the slice: the same as scripts/build_pack.py's.
    // Introns up to 200 bp are kept whole (one flank), longer ones as 100 bp at each end.
    std::size_t expected = 2;
    for (std::size_t i = 0; i + 1 < t->exons.size(); ++i) expected += (t->exons[i + 1].g_beg0 - t->exons[i].g_end0 <= 200) ? 1 : 2;
    CHECK(expected == 40);  // two PIK3CA introns (92 and 103 bp) are short
    CHECK(t->flanks.size() == expected);
    REQUIRE(b->flanks.size() == t->flanks.size());
    for (std::size_t i = 0; i < b->flanks.size(); ++i) {
        CHECK(b->flanks[i].g_beg0 == t->flanks[i].g_beg0);
        CHECK(b->flanks[i].seq == t->flanks[i].seq);
        CHECK(t->flanks[i].seq.size() <= 200);
    }
    std::string acc;  // intron 7 acceptor, c.1252-10..-1 (read from the slice by hand: GTTTTTTAAG)
    for (std::int64_t g = 178927963; g < 178927973; ++g) acc += t->genomic_base(g);
    CHECK(acc == "GTTTTTTAAG");
}

TEST_CASE("genes build: igv-reports minigenome GTF (stop codon outside the CDS rows) gives p53 and BRCA1") {
    auto p = build("genemodels/igv_minigenome/annotations.gtf.gz", tx::ModelFormat::gtf, "genemodels/igv_minigenome/minigenome.fa", 1, "GRCh37",
                   {"TP53", "BRCA1"});
    const auto* t = find(p, "ENST00000269305.4");
    REQUIRE(t);
    CHECK(t->strand == '-');
    CHECK(t->cds_end0 - t->cds_beg0 == 1182);  // p53: 393 residues + stop
    const auto prot = hgvs::translate(std::string_view(t->seq).substr(static_cast<std::size_t>(t->cds_beg0), 1182));
    CHECK(prot.substr(0, 10) == "MEEPQSDPSV");
    CHECK(prot.back() == '*');
    // R175H in minigenome coordinates.
    const std::int64_t g = g_of_c(*t, 524);
    auto a = hgvs::annotate_transcript(*t, g, "C", "T");
    REQUIRE(a);
    CHECK(a->csq.hgvsc == "c.524G>A");
    CHECK(a->csq.hgvsp == "p.Arg175His");
    const auto* b = find(p, "ENST00000357654.3");
    REQUIRE(b);
    CHECK(b->cds_end0 - b->cds_beg0 == 5592);  // BRCA1: 1863 residues + stop
}

TEST_CASE("genes build: RefSeq GFF3 and Ensembl GTF BRCA1 (GRCh38) agree; MANE Select preferred") {
    const std::string fa = "genemodels/brca1_grch38/GRCh38_chr17_43044000-43126000_BRCA1_exons.fa";
    auto r = build("genemodels/brca1_grch38/refseq_RS_2023_03.GRCh38.BRCA1_ALMS1.gff3", tx::ModelFormat::gff3, fa, 43044000, "GRCh38", {"BRCA1"});
    auto e = build("genemodels/brca1_grch38/ensembl104.GRCh38.BRCA1.gtf", tx::ModelFormat::gtf, fa, 43044000, "GRCh38");
    const auto* nm = find(r, "NM_007294.4");
    const auto* en = find(e, "ENST00000357654.9");
    REQUIRE(nm);
    REQUIRE(en);
    CHECK(nm->preferred);
    CHECK(nm->chrom == "17");  // NC_000017.11
    CHECK(nm->exons.size() == 23);
    CHECK(nm->cds_end0 - nm->cds_beg0 == 5592);
    CHECK(nm->seq.substr(static_cast<std::size_t>(nm->cds_beg0), 5592) == en->seq.substr(static_cast<std::size_t>(en->cds_beg0), 5592));
    // 185delAG at the GRCh38 position of c.68_69 (minus strand: c.69 is genomically first).
    const std::int64_t g69 = g_of_c(*nm, 69);
    auto base = [&](std::int64_t g) {
        std::int64_t off = 0;
        for (const auto& x : nm->exons) {
            if (g >= x.g_beg0 && g < x.g_end0) {
                const char c = nm->seq[static_cast<std::size_t>(off + (x.g_end0 - 1 - g))];
                return c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : 'A';
            }
            off += x.g_end0 - x.g_beg0;
        }
        return 'N';
    };
    const std::string ref = std::string(1, base(g69 - 1)) + base(g69) + base(g69 + 1);
    auto a = hgvs::annotate_transcript(*nm, g69 - 1, ref, ref.substr(0, 1));
    REQUIRE(a);
    CHECK_FALSE(a->ref_mismatch);
    CHECK(a->csq.hgvsc == "c.68_69del");
    CHECK(a->csq.hgvsp == "p.Glu23ValfsTer17");
}

TEST_CASE("genes build: malformed annotation lines name file:line") {
    test::TempDir d;
    const auto p = d.path() / "bad.gtf";
    std::ofstream(p) << "#c\n17\tx\texon\t10\t5\t.\t+\t.\ttranscript_id \"T1\"; gene_name \"G\";\n";
    CHECK(test::error_message([&] { tx::read_gene_models(p.string(), tx::ModelFormat::gtf); }).find("bad.gtf:2: bad start/end") != std::string::npos);
    const auto q = d.path() / "bad.gff3";
    std::ofstream(q) << "17\tx\texon\t10\t20\t.\t+\n";
    CHECK(test::error_message([&] { tx::read_gene_models(q.string(), tx::ModelFormat::gff3); }).find("bad.gff3:1: expected 9") != std::string::npos);
    const auto r = d.path() / "nostrand.gtf";
    std::ofstream(r) << "17\tx\texon\t10\t20\t.\t.\t.\ttranscript_id \"T1\";\n";
    CHECK(test::error_message([&] { tx::read_gene_models(r.string(), tx::ModelFormat::gtf); }).find("strand") != std::string::npos);
}
