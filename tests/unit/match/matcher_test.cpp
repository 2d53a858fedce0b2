// Matcher: exon-level location on + and - strand exon tables (exon/intron numbers, splice
// sites, frameshift vs in-frame), leaf rules, and match_variant against a minimal knowledgebase.
#include <doctest/doctest.h>

#include "../kb_fixture.hpp"
#include "oncomatch/match/matcher.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

// Three exons at [100,200), [300,400), [500,600) (0-based half-open).
kb::ExonTable table(char strand) {
    kb::ExonTable t;
    t.transcript = "ENST_TEST.1";
    t.chrom = "1";
    t.strand = strand;
    if (strand == '+') t.exons = {{1, 100, 200}, {2, 300, 400}, {3, 500, 600}};
    else t.exons = {{1, 500, 600}, {2, 300, 400}, {3, 100, 200}};
    return t;
}

Variant var(std::int64_t pos0, const std::string& ref, const std::string& alt) {
    Variant v;
    v.chrom = v.chrom_norm = "1";
    v.pos0 = pos0;
    v.vcf_pos = pos0 + 1;
    v.ref = v.vcf_ref = ref;
    v.alt = v.vcf_alt = alt;
    v.all_alts = {alt};
    return v;
}

using Terms = std::vector<std::string>;

}  // namespace

TEST_CASE("locate_on_exons, + strand") {
    const auto t = table('+');
    SUBCASE("exonic SNV") {
        auto c = locate_on_exons(t, var(350, "A", "G"));
        CHECK(c.exon == "2/3");
        CHECK(c.intron.empty());
        CHECK(c.consequences.empty());  // no CDS model: substitution consequence unknown
        CHECK(c.transcript == "ENST_TEST.1");
        CHECK(c.source == "own");
        CHECK(locate_on_exons(t, var(199, "A", "G")).exon == "1/3");  // last exon base
        CHECK(locate_on_exons(t, var(500, "A", "G")).exon == "3/3");
    }
    SUBCASE("donor +1/+2 after exon 1, acceptor -1/-2 before exon 2") {
        for (std::int64_t p : {200, 201}) {
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_donor_variant"});
            CHECK(c.intron == "1/2");
        }
        for (std::int64_t p : {298, 299}) {
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_acceptor_variant"});
            CHECK(c.intron == "1/2");
        }
        auto a3 = locate_on_exons(t, var(499, "G", "A"));
        CHECK(a3.consequences == Terms{"splice_acceptor_variant"});
        CHECK(a3.intron == "2/2");
        auto d2 = locate_on_exons(t, var(401, "G", "A"));
        CHECK(d2.consequences == Terms{"splice_donor_variant"});
        CHECK(d2.intron == "2/2");
    }
    SUBCASE("no acceptor before exon 1, no donor after the last exon") {
        CHECK(locate_on_exons(t, var(99, "G", "A")).consequences == Terms{"upstream_gene_variant"});
        CHECK(locate_on_exons(t, var(600, "G", "A")).consequences == Terms{"downstream_gene_variant"});
    }
    SUBCASE("intronic: splice region near the exon, deep intronic further away") {
        auto c = locate_on_exons(t, var(202, "G", "A"));  // +3
        CHECK(c.consequences == Terms{"splice_region_variant", "intron_variant"});
        CHECK(c.intron == "1/2");
        auto d = locate_on_exons(t, var(250, "G", "A"));
        CHECK(d.consequences == Terms{"intron_variant"});
        CHECK(d.intron == "1/2");
        CHECK(d.exon.empty());
        CHECK(locate_on_exons(t, var(450, "G", "A")).intron == "2/2");
    }
    SUBCASE("indels in an internal exon: frameshift vs in-frame") {
        CHECK(locate_on_exons(t, var(350, "ACG", "A")).consequences == Terms{"frameshift_variant"});
        CHECK(locate_on_exons(t, var(350, "ACGT", "A")).consequences == Terms{"inframe_deletion"});
        CHECK(locate_on_exons(t, var(350, "A", "AC")).consequences == Terms{"frameshift_variant"});
        CHECK(locate_on_exons(t, var(350, "A", "ACGT")).consequences == Terms{"inframe_insertion"});
        CHECK(locate_on_exons(t, var(350, "A", "ACGTACG")).consequences == Terms{"inframe_insertion"});
        CHECK(locate_on_exons(t, var(350, "ACGTACG", "A")).consequences == Terms{"inframe_deletion"});
        CHECK(locate_on_exons(t, var(350, "ACGT", "A")).exon == "2/3");
        // First and last exons may hold UTR: no frame call.
        CHECK(locate_on_exons(t, var(150, "ACG", "A")).consequences.empty());
        CHECK(locate_on_exons(t, var(150, "ACG", "A")).exon == "1/3");
    }
    SUBCASE("a deletion across the exon end reaches the donor") {
        auto c = locate_on_exons(t, var(397, "ACGTA", "A"));  // deletes 398..401
        CHECK(c.consequences == Terms{"splice_donor_variant"});
        CHECK(c.intron == "2/2");
    }
}

TEST_CASE("locate_on_exons, - strand") {
    const auto t = table('-');
    SUBCASE("exon numbers follow the transcript") {
        CHECK(locate_on_exons(t, var(550, "A", "G")).exon == "1/3");
        CHECK(locate_on_exons(t, var(350, "A", "G")).exon == "2/3");
        CHECK(locate_on_exons(t, var(150, "A", "G")).exon == "3/3");
    }
    SUBCASE("donor is below an exon's start, acceptor above its end") {
        for (std::int64_t p : {499, 498}) {  // +1 / +2 of exon 1's donor
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_donor_variant"});
            CHECK(c.intron == "1/2");
        }
        for (std::int64_t p : {400, 401}) {  // -1 / -2 of exon 2's acceptor
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_acceptor_variant"});
            CHECK(c.intron == "1/2");
        }
        for (std::int64_t p : {298, 299}) {
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_donor_variant"});
            CHECK(c.intron == "2/2");
        }
        for (std::int64_t p : {200, 201}) {
            auto c = locate_on_exons(t, var(p, "G", "A"));
            CHECK(c.consequences == Terms{"splice_acceptor_variant"});
            CHECK(c.intron == "2/2");
        }
        // +3 is not a donor site.
        CHECK(locate_on_exons(t, var(497, "G", "A")).consequences == Terms{"splice_region_variant", "intron_variant"});
    }
    SUBCASE("introns and flanks") {
        CHECK(locate_on_exons(t, var(450, "G", "A")).intron == "1/2");
        CHECK(locate_on_exons(t, var(250, "G", "A")).intron == "2/2");
        CHECK(locate_on_exons(t, var(700, "G", "A")).consequences == Terms{"upstream_gene_variant"});
        CHECK(locate_on_exons(t, var(50, "G", "A")).consequences == Terms{"downstream_gene_variant"});
    }
    SUBCASE("indels in the internal exon") {
        CHECK(locate_on_exons(t, var(350, "AC", "A")).consequences == Terms{"frameshift_variant"});
        CHECK(locate_on_exons(t, var(350, "ACGT", "A")).consequences == Terms{"inframe_deletion"});
    }
}

TEST_CASE("class_matches and is_reportable") {
    using kb::VariantClass;
    CHECK(is_reportable({}));
    CHECK_FALSE(is_reportable({"synonymous_variant"}));
    CHECK_FALSE(is_reportable({"intron_variant"}));
    CHECK(is_reportable({"splice_region_variant", "intron_variant"}));
    CHECK(class_matches(VariantClass::truncating, {"stop_gained"}));
    CHECK(class_matches(VariantClass::truncating, {"splice_donor_variant"}));
    CHECK_FALSE(class_matches(VariantClass::truncating, {"missense_variant"}));
    CHECK(class_matches(VariantClass::inframe_deletion, {"inframe_deletion"}));
    CHECK_FALSE(class_matches(VariantClass::inframe_deletion, {"inframe_insertion"}));
    CHECK_FALSE(class_matches(VariantClass::inframe, {"inframe_deletion", "frameshift_variant"}));
    CHECK_FALSE(class_matches(VariantClass::missense, {}));
}

TEST_CASE("leaf_matches: protein, codon, exon") {
    kb::Rule p;
    p.kind = kb::RuleKind::protein;
    p.protein = "V600E";
    TranscriptConsequence c;
    c.hgvsp_short = "V600E";
    c.consequences = {"missense_variant"};
    CHECK(leaf_matches(p, c));
    c.hgvsp_short = "V600K";
    CHECK_FALSE(leaf_matches(p, c));

    kb::Rule codon;
    codon.kind = kb::RuleKind::codon;
    codon.codon = 12;
    codon.codon_aa = 'G';
    TranscriptConsequence g12;
    g12.hgvsp_short = "G12D";
    g12.consequences = {"missense_variant"};
    CHECK(leaf_matches(codon, g12));
    g12.hgvsp_short = "G13D";
    CHECK_FALSE(leaf_matches(codon, g12));
    g12.hgvsp_short = "G12=";
    g12.consequences = {"synonymous_variant"};
    CHECK_FALSE(leaf_matches(codon, g12));

    kb::Rule exon;
    exon.kind = kb::RuleKind::exon;
    exon.gene = "EGFR";
    exon.exon = 19;
    exon.cls = kb::VariantClass::inframe_deletion;
    TranscriptConsequence e19;
    e19.exon = "19/28";
    e19.consequences = {"inframe_deletion"};
    CHECK(leaf_matches(exon, e19));
    e19.exon = "20/28";
    CHECK_FALSE(leaf_matches(exon, e19));
    e19.exon = "19/28";
    e19.consequences = {"frameshift_variant"};
    CHECK_FALSE(leaf_matches(exon, e19));
    // Exon-skipping splice rule: donor site in intron 14 matches exon 14 (class splice).
    kb::Rule skip = exon;
    skip.exon = 14;
    skip.cls = kb::VariantClass::splice;
    TranscriptConsequence d;
    d.intron = "14/20";
    d.consequences = {"splice_donor_variant"};
    CHECK(leaf_matches(skip, d));
    d.intron = "15/20";
    CHECK_FALSE(leaf_matches(skip, d));
}

TEST_CASE("match_variant on a minimal knowledgebase") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml", std::string(kBrafKrasBiomarkers) +
                                          "  - id: BM-BRAF-EX15\n"
                                          "    label: BRAF exon 15 in-frame deletion\n"
                                          "    gene: BRAF\n"
                                          "    rule: {exon: {number: 15, class: inframe_deletion}}\n"
                                          "  - id: BM-KRAS-G12D\n"
                                          "    label: KRAS G12D\n"
                                          "    gene: KRAS\n"
                                          "    rule: {protein: G12D}\n"
                                          "    alleles:\n"
                                          "      GRCh38:\n"
                                          "        - {chrom: \"12\", pos: 25245350, ref: C, alt: T}\n");
    auto kb = load_kb(tmp.path());
    kb::KbIndex index(*kb, Build::GRCh38);
    const auto bm = [&](const std::string& id) { return kb->biomarker_by_id.at(id); };

    Variant v;
    v.chrom = "chr7";
    v.chrom_norm = "7";
    v.pos0 = 140753335;
    v.vcf_pos = 140753336;
    v.ref = v.vcf_ref = "A";
    v.alt = v.vcf_alt = "T";
    v.all_alts = {"T"};

    SUBCASE("raw VCF record: matched through the known encoding") {
        auto m = match_variant(v, index, AnnotationSchema{});
        CHECK(m.gene == "BRAF");
        CHECK(m.in_kb_gene);
        CHECK(m.reportable);
        REQUIRE(m.hits.size() == 1);
        CHECK(m.hits[0].biomarker == bm("BM-BRAF-V600E"));
        CHECK(m.hits[0].match_type == "allele");
        REQUIRE(m.csq);
        CHECK(m.csq->exon == "15/18");  // minus-strand BRAF, exon 15 at 140753275-140753393
        CHECK(m.csq->hgvsp_short == "V600E");
        CHECK(m.csq->hgvsp == "p.Val600Glu");
        CHECK(m.csq->source == "knowledgebase");
        CHECK(m.csq->consequences == std::vector<std::string>{"missense_variant"});
        CHECK(m.xcheck_declared == 1);  // REF A is what the knowledgebase knows there
    }
    SUBCASE("raw VCF record in a gene without an exon model: the knowledgebase names the change") {
        Variant k;
        k.chrom = k.chrom_norm = "12";
        k.pos0 = 25245349;
        k.vcf_pos = 25245350;
        k.ref = k.vcf_ref = "C";
        k.alt = k.vcf_alt = "T";
        k.all_alts = {"T"};
        auto m = match_variant(k, index, AnnotationSchema{});
        CHECK(m.gene == "KRAS");
        REQUIRE(m.hits.size() == 1);
        CHECK(m.hits[0].biomarker == bm("BM-KRAS-G12D"));
        REQUIRE(m.csq);  // KRAS has no exon table in this knowledgebase
        CHECK(m.csq->gene == "KRAS");
        CHECK(m.csq->hgvsp_short == "G12D");
        CHECK(m.csq->hgvsp == "p.Gly12Asp");
        CHECK(m.csq->source == "knowledgebase");
        CHECK(m.csq->exon.empty());
        CHECK(m.csq->consequences == std::vector<std::string>{"missense_variant"});
        // The allele-rule biomarker (G12C) carries no protein change: nothing is invented.
        k.pos0 = 25245350;
        k.vcf_pos = 25245351;
        k.alt = k.vcf_alt = "A";
        k.all_alts = {"A"};
        auto g = match_variant(k, index, AnnotationSchema{});
        REQUIRE(g.hits.size() == 1);
        CHECK(g.hits[0].biomarker == bm("BM-KRAS-G12C"));
        CHECK_FALSE(g.csq);
    }
    SUBCASE("wrong REF at a known locus fails the build cross-check") {
        Variant w = v;
        w.ref = w.vcf_ref = "G";
        auto m = match_variant(w, index, AnnotationSchema{});
        CHECK(m.xcheck_declared == -1);
        CHECK(m.hits.empty());
    }
    SUBCASE("annotated record: protein rule through bcftools BCSQ") {
        Variant w = v;
        w.pos0 += 1;  // not a known encoding: the protein rule must do the work
        w.vcf_pos += 1;
        w.ref = w.vcf_ref = "C";
        w.info_bcsq = "missense|BRAF|ENST00000646891|protein_coding|-|600V>600E|140753337C>T";
        AnnotationSchema s;
        s.has_bcsq = true;
        auto m = match_variant(w, index, s);
        REQUIRE(m.hits.size() == 1);
        CHECK(m.hits[0].biomarker == bm("BM-BRAF-V600E"));
        CHECK(m.hits[0].match_type == "protein");
        REQUIRE(m.csq);
        CHECK(m.csq->source == "bcsq");
    }
    SUBCASE("exon rule from oncomatch's own location of an in-frame deletion") {
        Variant d;
        d.chrom = d.chrom_norm = "7";
        d.pos0 = 140753299;  // inside exon 15, deletes 140753301..140753306 (6 bases)
        d.vcf_pos = d.pos0 + 1;
        d.ref = d.vcf_ref = "ACGTACG";
        d.alt = d.vcf_alt = "A";
        d.all_alts = {"A"};
        auto m = match_variant(d, index, AnnotationSchema{});
        REQUIRE(m.hits.size() == 1);
        CHECK(m.hits[0].biomarker == bm("BM-BRAF-EX15"));
        CHECK(m.hits[0].match_type == "exon");
        // Two bases: frameshift, no hit.
        d.ref = d.vcf_ref = "ACG";
        CHECK(match_variant(d, index, AnnotationSchema{}).hits.empty());
    }
    SUBCASE("outside every gene: nothing") {
        Variant o = v;
        o.chrom_norm = "3";
        auto m = match_variant(o, index, AnnotationSchema{});
        CHECK_FALSE(m.in_kb_gene);
        CHECK(m.gene.empty());
        CHECK(m.hits.empty());
    }
}

TEST_CASE("match_variant with oncomatch's own annotation from a transcript pack") {
    TempDir tmp;
    write_base_kb(tmp.path());
    write_file(tmp / "curated/t.yaml", std::string(kBrafKrasBiomarkers));
    auto kb = load_kb(tmp.path());
    kb::KbIndex index(*kb, Build::GRCh38);
    const auto pack = tx::read_pack(data_path("genemodels/GRCh38.pack"));
    ConsequenceOptions co;
    co.pack = &pack;

    // BRAF c.1798G>A (V600M, the base next to V600E's): not a known genomic encoding of the
    // knowledgebase, so only a protein change computed from the model can name it.
    Variant v;
    v.chrom = v.chrom_norm = "7";
    v.pos0 = 140753336;  // 0-based: 1-based 140753337 = c.1798 (minus strand)
    v.vcf_pos = v.pos0 + 1;
    v.ref = v.vcf_ref = "C";
    v.alt = v.vcf_alt = "T";
    v.all_alts = {"T"};

    SUBCASE("raw record: own HGVS on the pack's preferred BRAF transcript") {
        auto m = match_variant(v, index, AnnotationSchema{}, co);
        REQUIRE(m.csq);
        CHECK(m.csq_status == "computed");
        CHECK(m.csq->source == "own");
        CHECK(m.csq->hgvsc == "c.1798G>A");
        CHECK(m.csq->hgvsp_short == "V600M");
        CHECK(m.csq->consequences == std::vector<std::string>{"missense_variant"});
        CHECK(m.hits.empty());  // V600M is not V600E
        CHECK(m.reportable);
    }
    SUBCASE("V600E on a raw record: the protein rule matches on the computed HGVS p.") {
        Variant e = v;
        e.pos0 = 140753335;
        e.vcf_pos = e.pos0 + 1;
        e.ref = e.vcf_ref = "A";
        auto m = match_variant(e, index, AnnotationSchema{}, co);
        REQUIRE(m.csq);
        CHECK(m.csq->hgvsp == "p.Val600Glu");
        bool protein_hit = false;
        for (const auto& h : m.hits) protein_hit |= h.match_type == "protein" || h.match_type == "allele";
        CHECK(protein_hit);
    }
    SUBCASE("file annotation on the knowledgebase transcript that disagrees is counted") {
        Variant w = v;
        w.info_bcsq = "missense|BRAF|ENST00000646891|protein_coding|-|600V>600K|140753337C>T";
        AnnotationSchema s;
        s.has_bcsq = true;
        auto m = match_variant(w, index, s, co);
        CHECK(m.csq_status == "computed");
        CHECK(m.own_file_compared == 1);
        CHECK(m.own_file_disagree == 1);
        CHECK(m.disagreement.find("V600M") != std::string::npos);
        co.mode = ConsequenceMode::file;
        auto f = match_variant(w, index, s, co);
        CHECK(f.csq_status == "file");
        CHECK(f.csq->hgvsp_short == "V600K");
        CHECK(f.own_file_compared == 0);
        co.mode = ConsequenceMode::both;
        auto b = match_variant(w, index, s, co);
        CHECK(b.csq->hgvsp_short == "V600M");
        REQUIRE(b.file_csq);
        CHECK(b.file_csq->hgvsp_short == "V600K");
    }
    SUBCASE("REF that differs from the model: error naming the record, or a warning") {
        Variant w = v;
        w.ref = w.vcf_ref = "G";
        w.record_no = 7;
        const auto msg = error_message([&] { match_variant(w, index, AnnotationSchema{}, co); });
        CHECK(msg.find("7:140753337 G>T (record 7)") == 0);
        CHECK(msg.find("ENST00000288602") != std::string::npos);
        co.ref_mismatch_is_error = false;
        auto m = match_variant(w, index, AnnotationSchema{}, co);
        CHECK_FALSE(m.ref_mismatch.empty());
        CHECK(m.csq_status != "computed");
    }
    SUBCASE("knowledgebase gene without a model: not computed") {
        Variant k;
        k.chrom = k.chrom_norm = "12";
        k.pos0 = 25245350;
        k.vcf_pos = k.pos0 + 1;
        k.ref = k.vcf_ref = "C";
        k.alt = k.vcf_alt = "A";
        k.all_alts = {"A"};
        tx::Pack empty;
        empty.genome = "GRCh38";
        empty.finalise("empty");
        co.pack = &empty;
        auto m = match_variant(k, index, AnnotationSchema{}, co);
        CHECK(m.gene == "KRAS");
        CHECK(m.csq_status == "not_computed");
    }
}
