// HGVS c./p. and SO consequences on real transcript models (tests/data/genemodels, built by
// scripts/build_pack.py from the UTA, CellBase, GENCODE, igv-reports and SERVE models). Expected
// strings come from CIViC's 2018 variant table (coordinates + HGVS), ClinVar/BIC names of famous
// alleles and the HGVS rules, never from this code.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/hgvs/consequence.hpp"
#include "oncomatch/io/reference.hpp"
#include "oncomatch/transcript/pack.hpp"

using namespace oncomatch;

namespace {

const tx::Pack& pack(const std::string& build) {
    static const tx::Pack p37 = tx::read_pack(test::data_path("genemodels/GRCh37.pack"));
    static const tx::Pack p38 = tx::read_pack(test::data_path("genemodels/GRCh38.pack"));
    return build == "GRCh37" ? p37 : p38;
}

const tx::Transcript& tr(const std::string& build, const std::string& id) {
    for (const auto& t : pack(build).transcripts)
        if (t.id == id) return t;
    FAIL("transcript " << id << " missing from the " << build << " test pack");
    throw std::logic_error("unreachable");
}

char comp(char c) { return c == 'A' ? 'T' : c == 'C' ? 'G' : c == 'G' ? 'C' : c == 'T' ? 'A' : 'N'; }

// Genomic 0-based position of transcript offset x (exonic), computed independently of the engine.
std::int64_t g_of_t(const tx::Transcript& t, std::int64_t x) {
    std::int64_t off = 0;
    for (const auto& e : t.exons) {
        const std::int64_t len = e.g_end0 - e.g_beg0;
        if (x < off + len) return t.strand == '+' ? e.g_beg0 + (x - off) : e.g_end0 - 1 - (x - off);
        off += len;
    }
    FAIL("offset outside the transcript");
    return -1;
}
std::int64_t g_of_c(const tx::Transcript& t, std::int64_t c) { return g_of_t(t, t.cds_beg0 + c - 1); }
// + strand genomic base at 0-based g (exonic), from the transcript sequence.
char gbase(const tx::Transcript& t, std::int64_t g) {
    std::int64_t off = 0;
    for (const auto& e : t.exons) {
        if (g >= e.g_beg0 && g < e.g_end0) {
            const std::int64_t x = t.strand == '+' ? off + (g - e.g_beg0) : off + (e.g_end0 - 1 - g);
            const char b = t.seq[static_cast<std::size_t>(x)];
            return t.strand == '+' ? b : comp(b);
        }
        off += e.g_end0 - e.g_beg0;
    }
    FAIL("not exonic");
    return 'N';
}

hgvs::Annotation ann(const tx::Transcript& t, std::int64_t vcf_pos, const std::string& ref, const std::string& alt) {
    auto a = hgvs::annotate_transcript(t, vcf_pos - 1, ref, alt);
    REQUIRE(a.has_value());
    return *a;
}

bool has_term(const TranscriptConsequence& c, const std::string& term) {
    return std::find(c.consequences.begin(), c.consequences.end(), term) != c.consequences.end();
}

}  // namespace

TEST_CASE("EGFR L858R, T790M and a synonymous change on NM_005228.4 (GRCh37, CIViC coordinates)") {
    const auto& t = tr("GRCh37", "NM_005228.4");
    auto a = ann(t, 55259515, "T", "G");
    CHECK_FALSE(a.ref_mismatch);
    CHECK(a.csq.hgvsc == "c.2573T>G");
    CHECK(a.csq.hgvsp == "p.Leu858Arg");
    CHECK(a.csq.hgvsp_short == "L858R");
    CHECK(a.csq.exon == "21/28");
    CHECK(a.csq.consequences == std::vector<std::string>{"missense_variant"});
    CHECK(a.csq.canonical);
    auto b = ann(t, 55249071, "C", "T");
    CHECK(b.csq.hgvsc == "c.2369C>T");
    CHECK(b.csq.hgvsp == "p.Thr790Met");
    CHECK(b.csq.exon == "20/28");
    // c.2361G>A (8 bases 5' of c.2369): Gln787 CAG -> CAA, synonymous.
    auto s = ann(t, 55249063, "G", "A");
    CHECK(s.csq.hgvsc == "c.2361G>A");
    CHECK(s.csq.hgvsp == "p.Gln787=");
    CHECK(s.csq.hgvsp_short == "Q787=");
    CHECK(s.csq.consequences == std::vector<std::string>{"synonymous_variant"});
}

TEST_CASE("EGFR exon 19 deletion c.2235_2249del and exon 20 duplication c.2300_2308dup (3' rule)") {
    const auto& t = tr("GRCh37", "NM_005228.4");
    // VCF form: anchor base c.2234 (55242464) + the 15 deleted bases (g.55242465_55242479).
    auto d = ann(t, 55242464, "AGGAATTAAGAGAAGC", "A");
    CHECK_FALSE(d.ref_mismatch);
    CHECK(d.csq.hgvsc == "c.2235_2249del");
    CHECK(d.csq.hgvsp == "p.Glu746_Ala750del");
    CHECK(d.csq.hgvsp_short == "E746_A750del");
    CHECK(d.csq.exon == "19/28");
    CHECK(d.csq.consequences == std::vector<std::string>{"inframe_deletion"});
    // A767_V769dup written left-aligned (inserted copy before c.2300): must shift 3' and read as dup.
    std::string dup;
    for (int c = 2300; c <= 2308; ++c) dup += gbase(t, g_of_c(t, c));
    const std::int64_t anchor = g_of_c(t, 2299);
    const std::string base(1, gbase(t, anchor));
    auto i = ann(t, anchor + 1, base, base + dup);
    CHECK(i.csq.hgvsc == "c.2300_2308dup");
    CHECK(i.csq.hgvsp == "p.Ala767_Val769dup");
    CHECK(i.csq.hgvsp_short == "A767_V769dup");
    CHECK(i.csq.consequences == std::vector<std::string>{"inframe_insertion"});
    // ERBB2 P780INS from CIViC: NC_000017.10:g.37881011_37881012insGGCTCCCCA = c.2340_2341ins...
    const auto& e = tr("GRCh37", "NM_004448.4");
    const std::string eb(1, gbase(e, 37881011 - 1));
    auto ei = ann(e, 37881011, eb, eb + "GGCTCCCCA");
    // The 9 inserted bases repeat c.2332_2340 (Gly778-Ser779-Pro780), so HGVS calls it a dup.
    CHECK(ei.csq.hgvsc == "c.2332_2340dup");
    CHECK(ei.csq.hgvsp == "p.Gly778_Pro780dup");
    CHECK(ei.csq.consequences == std::vector<std::string>{"inframe_insertion"});
    // ERBB2 DEL 755-759 (CIViC: c.2263_2277del p.Leu755_Thr759del). c.2278 repeats c.2263 (T),
    // so the 3' rule moves the deletion one base: c.2264_2278del, same protein change.
    const std::string eanc(1, gbase(e, 37880218 - 1));
    auto ed = ann(e, 37880218, eanc + "TTGAGGGAAAACACA", eanc);
    CHECK(ed.csq.hgvsc == "c.2264_2278del");
    CHECK(gbase(e, g_of_c(e, 2263)) == gbase(e, g_of_c(e, 2278)));
    CHECK(ed.csq.hgvsp == "p.Leu755_Thr759del");
}

TEST_CASE("KRAS G12C, G12D, G13D on the minus strand; start lost and stop lost") {
    const auto& t = tr("GRCh37", "NM_004985.4");
    REQUIRE(t.strand == '-');
    auto c = ann(t, 25398285, "C", "A");
    CHECK(c.csq.hgvsc == "c.34G>T");
    CHECK(c.csq.hgvsp == "p.Gly12Cys");
    CHECK(c.csq.exon.rfind("2/", 0) == 0);
    CHECK(ann(t, 25398284, "C", "T").csq.hgvsp_short == "G12D");
    CHECK(ann(t, 25398284, "C", "T").csq.hgvsc == "c.35G>A");
    CHECK(ann(t, 25398281, "C", "T").csq.hgvsp == "p.Gly13Asp");
    // c.1A>G: the ATG's A is genomic T at c.34's position + 33 (minus strand).
    auto sl = ann(t, 25398285 + 33 + 1 - 1, "T", "C");
    CHECK(sl.csq.hgvsc == "c.1A>G");
    CHECK(sl.csq.hgvsp == "p.Met1?");
    CHECK(sl.csq.consequences == std::vector<std::string>{"start_lost"});
    // KRAS4B has 188 residues: the stop codon is c.565_567 (TAA). c.565T>C turns it into Gln.
    const std::int64_t g565 = g_of_c(t, 565);
    CHECK(gbase(t, g565) == 'A');  // T on the transcript
    auto st = ann(t, g565 + 1, "A", "G");
    CHECK(st.csq.hgvsc == "c.565T>C");
    CHECK(st.csq.hgvsp.rfind("p.Ter189GlnextTer", 0) == 0);
    CHECK(st.csq.consequences == std::vector<std::string>{"stop_lost"});
    auto up = ann(t, t.g_end0 + 20, "A", "G");  // 5' of the transcript on the minus strand
    CHECK(up.csq.consequences == std::vector<std::string>{"upstream_gene_variant"});
}

TEST_CASE("BRAF V600E/V600K, PIK3CA E545K/H1047R, TP53 hotspots (GRCh37)") {
    const auto& b = tr("GRCh37", "ENST00000288602");
    auto v = ann(b, 140453136, "A", "T");
    CHECK(v.csq.hgvsc == "c.1799T>A");
    CHECK(v.csq.hgvsp == "p.Val600Glu");
    CHECK(v.csq.hgvsp_short == "V600E");
    auto k = ann(b, 140453136, "AC", "TT");  // CIViC V600K: c.1798_1799delinsAA
    CHECK(k.csq.hgvsc == "c.1798_1799delinsAA");
    CHECK(k.csq.hgvsp == "p.Val600Lys");
    CHECK(k.csq.consequences == std::vector<std::string>{"missense_variant"});
    const auto& p = tr("GRCh37", "ENST00000263967.3");
    CHECK(ann(p, 178936091, "G", "A").csq.hgvsp == "p.Glu545Lys");
    CHECK(ann(p, 178936091, "G", "A").csq.hgvsc == "c.1633G>A");
    CHECK(ann(p, 178952085, "A", "G").csq.hgvsp_short == "H1047R");
    const auto& t53 = tr("GRCh37", "ENST00000269305.4");
    auto r175 = ann(t53, 7578406, "C", "T");
    CHECK(r175.csq.hgvsc == "c.524G>A");
    CHECK(r175.csq.hgvsp == "p.Arg175His");
    CHECK(ann(t53, 7577120, "C", "T").csq.hgvsp == "p.Arg273His");
    CHECK(ann(t53, 7577538, "C", "T").csq.hgvsp == "p.Arg248Gln");
    CHECK(ann(t53, 7577539, "G", "A").csq.hgvsp == "p.Arg248Trp");
}

TEST_CASE("BRCA1/BRCA2 frameshifts, nonsense and canonical splice sites (GRCh37)") {
    const auto& b1 = tr("GRCh37", "ENST00000357654");
    REQUIRE(b1.strand == '-');
    // 185delAG: NM_007294.3:c.68_69del p.Glu23ValfsTer17 (g.41276045_41276046del, minus strand).
    const std::int64_t g = 41276045 - 1;
    const std::string anc(1, gbase(b1, g + 2));
    std::string ref = anc;
    const std::string del = std::string(1, gbase(b1, g)) + gbase(b1, g + 1);
    // left-aligned VCF form: anchor at g.41276044
    const std::string left(1, gbase(b1, g - 1));
    auto fs = ann(b1, 41276044, left + del, left);
    CHECK(fs.csq.hgvsc == "c.68_69del");
    CHECK(fs.csq.hgvsp == "p.Glu23ValfsTer17");
    CHECK(fs.csq.hgvsp_short == "E23Vfs*17");
    CHECK(fs.csq.consequences == std::vector<std::string>{"frameshift_variant"});
    // 5382insC: c.5266dup p.Gln1756ProfsTer74.
    const std::int64_t g5266 = g_of_c(b1, 5266);
    const char c5266 = gbase(b1, g5266);  // genomic base of c.5266 (C on the transcript -> G)
    CHECK(c5266 == 'G');
    const std::string a5(1, gbase(b1, g5266 - 1));
    auto ins = ann(b1, g5266, a5, a5 + "G");  // inserted G 5' of g5266 on the genome = 3' on the transcript
    CHECK(ins.csq.hgvsc == "c.5266dup");
    CHECK(ins.csq.hgvsp == "p.Gln1756ProfsTer74");
    // R1751*: c.5251C>T.
    const std::int64_t g5251 = g_of_c(b1, 5251);
    auto ns = ann(b1, g5251 + 1, std::string(1, gbase(b1, g5251)), "A");
    CHECK(ns.csq.hgvsc == "c.5251C>T");
    CHECK(ns.csq.hgvsp == "p.Arg1751Ter");
    CHECK(ns.csq.hgvsp_short == "R1751*");
    CHECK(ns.csq.consequences == std::vector<std::string>{"stop_gained"});
    // c.4096+1G>A: the exon ending at c.4096 is followed by the donor (minus strand: genomic - 1).
    const std::int64_t g4096 = g_of_c(b1, 4096);
    bool boundary = false;
    for (const auto& e : b1.exons) boundary |= e.g_beg0 == g4096;
    CHECK(boundary);
    auto sd = ann(b1, g4096 - 1 + 1, "C", "T");
    CHECK(sd.csq.hgvsc == "c.4096+1G>A");
    CHECK(sd.csq.consequences == std::vector<std::string>{"splice_donor_variant"});
    CHECK(sd.csq.intron.rfind("10/", 0) == 0);
    CHECK(sd.csq.hgvsp.empty());
    // c.4097-2A>G: acceptor of the next exon.
    const std::int64_t g4097 = g_of_c(b1, 4097);
    auto sa = ann(b1, g4097 + 2 + 1, "T", "C");
    CHECK(sa.csq.hgvsc == "c.4097-2A>G");
    CHECK(sa.csq.consequences == std::vector<std::string>{"splice_acceptor_variant"});
    auto sr = ann(b1, g4096 - 5 + 1, "A", "G");
    CHECK(sr.csq.hgvsc == "c.4096+5T>C");
    CHECK(sr.csq.consequences == std::vector<std::string>{"splice_region_variant", "intron_variant"});
    auto deep = ann(b1, g4096 - 200 + 1, "A", "G");
    CHECK(deep.csq.consequences == std::vector<std::string>{"intron_variant"});

    const auto& b2 = tr("GRCh37", "ENST00000380152");
    // 6174delT: c.5946del p.Ser1982ArgfsTer22 (g.32914438del).
    const std::string a2(1, gbase(b2, 32914437 - 1));
    auto f2 = ann(b2, 32914437, a2 + std::string(1, gbase(b2, 32914438 - 1)), a2);
    CHECK(f2.csq.hgvsc == "c.5946del");
    CHECK(f2.csq.hgvsp == "p.Ser1982ArgfsTer22");
    // K3326*: c.9976A>T.
    const std::int64_t g9976 = g_of_c(b2, 9976);
    CHECK(gbase(b2, g9976) == 'A');
    auto n2 = ann(b2, g9976 + 1, "A", "T");
    CHECK(n2.csq.hgvsp == "p.Lys3326Ter");
    // c.6841+1G>A (donor of the large exon 11).
    const std::int64_t g6841 = g_of_c(b2, 6841);
    auto d2 = ann(b2, g6841 + 2, "G", "A");
    CHECK(d2.csq.hgvsc == "c.6841+1G>A");
    CHECK(d2.csq.consequences == std::vector<std::string>{"splice_donor_variant"});
    CHECK(d2.csq.intron == "11/26");
}

TEST_CASE("UTR, upstream/downstream and reference mismatch") {
    const auto& t = tr("GRCh37", "NM_005228.4");
    // c.-10: 5' UTR (+ strand).
    const std::int64_t g = g_of_t(t, t.cds_beg0 - 10);
    auto u = ann(t, g + 1, std::string(1, gbase(t, g)), gbase(t, g) == 'A' ? "C" : "A");
    CHECK(u.csq.hgvsc.rfind("c.-10", 0) == 0);
    CHECK(u.csq.consequences == std::vector<std::string>{"5_prime_UTR_variant"});
    const std::int64_t g3 = g_of_t(t, t.cds_end0 + 4);
    auto u3 = ann(t, g3 + 1, std::string(1, gbase(t, g3)), gbase(t, g3) == 'A' ? "C" : "A");
    CHECK(u3.csq.hgvsc.rfind("c.*5", 0) == 0);
    CHECK(u3.csq.consequences == std::vector<std::string>{"3_prime_UTR_variant"});
    auto up = ann(t, t.g_beg0 - 100 + 1, "A", "G");
    CHECK(up.csq.consequences == std::vector<std::string>{"upstream_gene_variant"});
    CHECK_FALSE(hgvs::annotate_transcript(t, t.g_beg0 - 6000, "A", "G"));
    const auto& kras = tr("GRCh37", "NM_004985.4");  // minus strand: genomically left = downstream
    auto down = ann(kras, kras.g_beg0 - 300 + 1, "A", "G");
    CHECK(down.csq.consequences == std::vector<std::string>{"downstream_gene_variant"});
    // UTA's KRAS mRNA differs from the genome at two 3'UTR bases; the pack masks them as N and
    // a VCF REF there is not called a mismatch.
    const auto& kr = tr("GRCh37", "NM_004985.4");
    const auto masked = kr.seq.find('N');
    REQUIRE(masked != std::string::npos);
    CHECK(static_cast<std::int64_t>(masked) >= kr.cds_end0);
    auto mk = ann(kr, g_of_t(kr, static_cast<std::int64_t>(masked)) + 1, "A", "G");
    CHECK_FALSE(mk.ref_mismatch);
    CHECK(mk.csq.consequences == std::vector<std::string>{"3_prime_UTR_variant"});
    auto mm = ann(t, 55259515, "A", "G");
    REQUIRE(mm.ref_mismatch);
    CHECK(mm.ref_mismatch->expected == "T");
    CHECK(mm.ref_mismatch->found == "A");
}

TEST_CASE("GRCh38 models: lifted EGFR/KRAS/BRAF give the same HGVS at the GRCh38 coordinates") {
    auto e = hgvs::annotate_transcript(tr("GRCh38", "NM_005228.4"), 55191822 - 1, "T", "G");
    REQUIRE(e);
    CHECK(e->csq.hgvsp_short == "L858R");
    CHECK_FALSE(e->ref_mismatch);
    auto k = hgvs::annotate_transcript(tr("GRCh38", "NM_004985.4"), 25245351 - 1, "C", "A");
    REQUIRE(k);
    CHECK(k->csq.hgvsp_short == "G12C");
    auto b = hgvs::annotate_transcript(tr("GRCh38", "ENST00000288602"), 140753336 - 1, "A", "T");
    REQUIRE(b);
    CHECK(b->csq.hgvsp_short == "V600E");
    // The real GRCh38 EGFR model from vibe-vep (CDS only) agrees.
    auto v = hgvs::annotate_transcript(tr("GRCh38", "ENST00000275493.7"), 55191822 - 1, "T", "G");
    REQUIRE(v);
    CHECK(v->csq.hgvsc == "c.2573T>G");
}

TEST_CASE("annotate_variant lists the preferred transcript of each gene first") {
    Variant v;
    v.chrom = "7";
    v.chrom_norm = "7";
    v.pos0 = 55259515 - 1;
    v.ref = "T";
    v.alt = "G";
    auto all = hgvs::annotate_variant(pack("GRCh37"), v);
    REQUIRE_FALSE(all.empty());
    CHECK(all.front().csq.transcript == "NM_005228.4");
    CHECK(all.front().csq.canonical);
    v.alt = "<DEL>";
    CHECK(hgvs::annotate_variant(pack("GRCh37"), v).empty());
}

TEST_CASE("translation") {
    CHECK(hgvs::translate("ATGGCCTAA") == "MA*");
    CHECK(hgvs::translate("ATGNNN") == "MX");
    CHECK(hgvs::severity("stop_gained") < hgvs::severity("missense_variant"));
}

// HGVS 3' rule through introns. Sequence contexts below were read from the real GRCh37 slices in the
// project's shared data (dndscv chr3:178,800,000-179,300,000 for PIK3CA; counsyl/hgvs
// chr17:41,196,312-41,277,500 for BRCA1), which the bundled pack keeps as exon flanks; the expected
// notations follow from them by hand: the deleted or inserted base moves to the most 3' position of
// its run in transcript orientation, whichever copy the VCF names.
TEST_CASE("3' rule: intronic and exon-boundary indels shift through the pack's real flanking sequence") {
    const auto& pik = tr("GRCh37", "ENST00000263967.3");  // + strand
    REQUIRE(pik.strand == '+');
    // Intron 7 acceptor before c.1252 (exon 8 starts at g.178927974): c.1252-10..-1 = G TTTTTT A A G.
    const std::int64_t e8 = 178927973;  // 0-based first base of exon 8
    std::string ctx;
    for (std::int64_t g = e8 - 10; g < e8; ++g) ctx += pik.genomic_base(g);
    CHECK(ctx == "GTTTTTTAAG");
    auto d1 = ann(pik, 178927964, "GT", "G");  // left-aligned VCF: the first T of the run
    CHECK(d1.csq.hgvsc == "c.1252-4del");
    CHECK_FALSE(d1.shift_incomplete);
    CHECK(d1.csq.intron == "7/20");
    CHECK(ann(pik, 178927967, "TT", "T").csq.hgvsc == "c.1252-4del");  // a middle T: same allele
    CHECK(ann(pik, 178927964, "GTT", "G").csq.hgvsc == "c.1252-5_1252-4del");
    CHECK(ann(pik, 178927964, "G", "GT").csq.hgvsc == "c.1252-4dup");
    CHECK(ann(pik, 178927964, "G", "GTT").csq.hgvsc == "c.1252-5_1252-4dup");
    CHECK(ann(pik, 178927964, "G", "GA").csq.hgvsc == "c.1252-10_1252-9insA");  // not in the run: stays
    // Exon 2 ends ...ATTG|GTAT (c.352 is G, c.352+1 is G): deleting either G is c.352+1del.
    auto x2 = ann(pik, 178916964, "TG", "T");
    CHECK(x2.csq.hgvsc == "c.352+1del");
    CHECK_FALSE(x2.shift_incomplete);

    const auto& b1 = tr("GRCh37", "ENST00000357654");  // - strand: 3' is genomically left
    REQUIRE(b1.strand == '-');
    // Exon 11 ends at c.4185 (g.41242961); genomic g.41242951-41242960 = CGCTTTTTAC, so on the
    // transcript c.4185+1..+9 = G T AAAAA G C (the donor GT, then five A).
    std::string dctx;
    for (std::int64_t g = 41242950; g < 41242960; ++g) dctx += b1.genomic_base(g);
    CHECK(dctx == "CGCTTTTTAC");
    CHECK(ann(b1, 41242953, "CT", "C").csq.hgvsc == "c.4185+7del");  // left-aligned (already 3' on the transcript)
    auto r1 = ann(b1, 41242957, "TT", "T");                            // right-aligned input: shifted
    CHECK(r1.csq.hgvsc == "c.4185+7del");
    CHECK_FALSE(r1.shift_incomplete);
    CHECK(ann(b1, 41242958, "T", "TT").csq.hgvsc == "c.4185+7dup");
    CHECK(ann(b1, 41242953, "C", "CT").csq.hgvsc == "c.4185+7dup");
    // c.4185 (G) and c.4185+1 (G): deleting the exonic one is written c.4185+1del.
    CHECK(ann(b1, 41242960, "CC", "C").csq.hgvsc == "c.4185+1del");
    CHECK(ann(b1, 41242959, "AC", "A").csq.hgvsc == "c.4185+1del");
}

TEST_CASE("REF of intronic and exon-boundary changes is checked against the pack's flanking sequence") {
    const auto& pik = tr("GRCh37", "ENST00000263967.3");
    // c.1252-10..-1 = G TTTTTT A A G (g.178927964-178927973, real GRCh37): the right REF passes.
    CHECK_FALSE(ann(pik, 178927964, "GT", "G").ref_mismatch);
    CHECK_FALSE(ann(pik, 178927966, "T", "C").ref_mismatch);
    // A wrong intronic REF is named, with the pack's genome bases.
    const auto bad = ann(pik, 178927966, "G", "C");
    REQUIRE(bad.ref_mismatch);
    CHECK(bad.ref_mismatch->expected == "T");
    CHECK(bad.ref_mismatch->found == "G");
    // Across the exon 8 boundary (the intron's last bases A G, then the exon's first): checked too.
    const std::string x(1, gbase(pik, 178927973));  // first base of exon 8
    CHECK_FALSE(ann(pik, 178927971, "AAG" + x, "A").ref_mismatch);
    const auto edge = ann(pik, 178927971, "AAC" + x, "A");
    REQUIRE(edge.ref_mismatch);
    CHECK(edge.ref_mismatch->expected == "AG" + x);
    // Where the pack holds no sequence (EGFR intron), nothing is claimed either way.
    CHECK_FALSE(ann(tr("GRCh37", "NM_005228.4"), 55087060, "C", "T").ref_mismatch);
}

TEST_CASE("3' rule: the reference FASTA (--reference) continues the shift where the pack holds no sequence") {
    // The PIK3CA model without its flanks, and the real GRCh37 slice read through faidx as the
    // genome: the intron-7 poly-T cases must come out as they do with the pack's own flanks.
    tx::Transcript pik = tr("GRCh37", "ENST00000263967.3");
    pik.flanks.clear();
    const auto no_genome = hgvs::annotate_transcript(pik, 178927964 - 1, "GT", "G");
    REQUIRE(no_genome);
    CHECK(no_genome->shift_incomplete);
    // The slice's contig "3" starts at chr3:178,800,000 (1-based): slice offset = genome pos0 - 178,799,999.
    const SharedReference ref(test::data_path("genemodels/pik3ca_gencode19/GRCh37_chr3_178800000-179300000.fa"));
    constexpr std::int64_t kSliceStart0 = 178799999;
    auto window_at = [&](std::int64_t pos0) {
        hgvs::GenomeWindow w;
        w.beg0 = pos0 - hgvs::kGenomeWindowFlank;
        w.seq = ref.fetch("3", w.beg0 - kSliceStart0, pos0 + hgvs::kGenomeWindowFlank - kSliceStart0);
        REQUIRE(w.seq.size() == static_cast<std::size_t>(2 * hgvs::kGenomeWindowFlank));
        return w;
    };
    struct Case { std::int64_t vcf_pos; const char *ref, *alt, *hgvsc; };
    for (const Case& k : {Case{178927964, "GT", "G", "c.1252-4del"}, Case{178927967, "TT", "T", "c.1252-4del"},
                          Case{178927964, "GTT", "G", "c.1252-5_1252-4del"}, Case{178927964, "G", "GT", "c.1252-4dup"},
                          Case{178927964, "G", "GA", "c.1252-10_1252-9insA"}, Case{178916964, "TG", "T", "c.352+1del"}}) {
        CAPTURE(k.vcf_pos);
        CAPTURE(k.alt);
        const auto w = window_at(k.vcf_pos - 1);
        const auto a = hgvs::annotate_transcript(pik, k.vcf_pos - 1, k.ref, k.alt, &w);
        REQUIRE(a);
        CHECK(a->csq.hgvsc == k.hgvsc);
        CHECK_FALSE(a->shift_incomplete);
        // The same as the bundled pack's flanks give.
        CHECK(a->csq.hgvsc == ann(tr("GRCh37", "ENST00000263967.3"), k.vcf_pos, k.ref, k.alt).csq.hgvsc);
    }
    // A window that ends inside the run stops the shift there, and says so.
    hgvs::GenomeWindow short_w = window_at(178927963);
    short_w.seq.resize(static_cast<std::size_t>(hgvs::kGenomeWindowFlank + 3));
    const auto cut = hgvs::annotate_transcript(pik, 178927963, "GT", "G", &short_w);
    REQUIRE(cut);
    CHECK(cut->shift_incomplete);
}

TEST_CASE("3' rule: where the pack holds no intron sequence the shift stops and says so") {
    const auto& e = tr("GRCh37", "NM_005228.4");  // EGFR: no GRCh37 genome sequence in the shared data
    CHECK(e.flanks.empty());
    // Exon 1 ends ...AAAG at c.88; the intron's first base is not in the pack.
    CHECK(e.genomic_base(55087058) == 0);
    auto a = ann(e, 55087057, "AG", "A");
    CHECK(a.csq.hgvsc == "c.88del");
    CHECK(a.shift_incomplete);
    // A shift that ends inside the exon needs no intron base: complete.
    auto b = ann(e, 55242464, "AGGAATTAAGAGAAGC", "A");
    CHECK(b.csq.hgvsc == "c.2235_2249del");
    CHECK_FALSE(b.shift_incomplete);
}
