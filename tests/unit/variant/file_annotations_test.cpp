// Annotations already in a VCF: VEP CSQ, SnpEff ANN, bcftools BCSQ.
#include <doctest/doctest.h>

#include "oncomatch/variant/file_annotations.hpp"

using namespace oncomatch;

namespace {

AnnotationSchema vep_schema() {
    AnnotationSchema s;
    s.has_csq = true;
    s.csq_fields = AnnotationSchema::parse_csq_format(
        "Consequence annotations from Ensembl VEP. Format: Allele|Consequence|IMPACT|SYMBOL|Gene|Feature_type|Feature|"
        "BIOTYPE|EXON|INTRON|HGVSc|HGVSp|CANONICAL|MAX_AF|gnomADe_AF");
    return s;
}

Variant rec(const std::string& ref, const std::vector<std::string>& alts, int alt_index) {
    Variant v;
    v.chrom = v.chrom_norm = "7";
    v.vcf_ref = ref;
    v.all_alts = alts;
    v.vcf_alt = alts[static_cast<std::size_t>(alt_index - 1)];
    v.alt_index = alt_index;
    v.n_alts = static_cast<int>(alts.size());
    return v;
}

}  // namespace

TEST_CASE("parse_csq_format reads the header's Format string") {
    auto f = AnnotationSchema::parse_csq_format("Consequence annotations from Ensembl VEP. Format: Allele|Consequence|SYMBOL\"");
    CHECK(f == std::vector<std::string>{"Allele", "Consequence", "SYMBOL"});
    CHECK(AnnotationSchema::parse_csq_format("no format here").empty());
    CHECK(vep_schema().csq_fields.size() == 15);
}

TEST_CASE("VEP CSQ: deletion allele '-' and field order from the header") {
    const auto s = vep_schema();
    // EGFR exon 19 deletion written with its anchor base: VEP's allele is '-'.
    auto v = rec("GGAATTAAGAGAAGCA", {"G"}, 1);
    v.info_csq =
        "-|inframe_deletion|MODERATE|EGFR|ENSG00000146648|Transcript|ENST00000275493.7|protein_coding|19/28||"
        "ENST00000275493.7:c.2235_2249del|ENSP00000275493.2:p.Glu746_Ala750del|YES|0.0001&0.0002|0.003,"
        "-|intron_variant|MODIFIER|EGFR-AS1|ENSG00000224057|Transcript|ENST00000442411.1|antisense||1/1|||||,"
        "G|inframe_deletion|MODERATE|EGFR|x|Transcript|ENST_WRONG_ALLELE|protein_coding|19/28||||||";
    auto cs = parse_file_consequences(s, v);
    REQUIRE(cs.size() == 2);
    const auto& c = cs[0];
    CHECK(c.source == "vep");
    CHECK(c.gene == "EGFR");
    CHECK(c.transcript == "ENST00000275493.7");
    CHECK(c.hgvsc == "c.2235_2249del");
    CHECK(c.hgvsp == "p.Glu746_Ala750del");
    CHECK(c.hgvsp_short == "E746_A750del");
    CHECK(c.consequences == std::vector<std::string>{"inframe_deletion"});
    CHECK(c.exon == "19/28");
    CHECK(c.canonical);
    REQUIRE(c.population_af);
    CHECK(*c.population_af == doctest::Approx(0.003));  // the highest AF field, not MAX_AF's first value
    CHECK(cs[1].gene == "EGFR-AS1");
    CHECK(cs[1].intron == "1/1");
    CHECK_FALSE(cs[1].canonical);
    CHECK_FALSE(cs[1].population_af);
}

TEST_CASE("VEP CSQ: multi-allelic records pick each ALT's entries") {
    const auto s = vep_schema();
    const std::string csq =
        "-|frameshift_variant|HIGH|TP53|g|Transcript|ENST00000269305.9|protein_coding|5/11||c.1del|p.Pro10fs|YES||,"
        "TT|frameshift_variant|HIGH|TP53|g|Transcript|ENST00000269305.9|protein_coding|5/11||c.1dup|p.Pro10AlafsTer3|YES||";
    // REF CT, ALTs C (deletion -> '-') and CTT (insertion -> 'TT').
    auto del = rec("CT", {"C", "CTT"}, 1);
    del.info_csq = csq;
    auto ins = rec("CT", {"C", "CTT"}, 2);
    ins.info_csq = csq;
    auto d = parse_file_consequences(s, del);
    auto i = parse_file_consequences(s, ins);
    REQUIRE(d.size() == 1);
    REQUIRE(i.size() == 1);
    CHECK(d[0].hgvsp_short == "P10fs");
    CHECK(i[0].hgvsp_short == "P10Afs*3");
    // When the ALTs do not all share the first base, VEP keeps them whole.
    const std::string csq2 =
        "CA|frameshift_variant|HIGH|TP53|g|Transcript|T1|protein_coding|5/11||||YES||,"
        "T|missense_variant|MODERATE|TP53|g|Transcript|T1|protein_coding|5/11|||p.Arg175His|YES||";
    auto a1 = rec("C", {"CA", "T"}, 1);
    a1.info_csq = csq2;
    auto a2 = rec("C", {"CA", "T"}, 2);
    a2.info_csq = csq2;
    auto r1 = parse_file_consequences(s, a1);
    auto r2 = parse_file_consequences(s, a2);
    REQUIRE(r1.size() == 1);
    REQUIRE(r2.size() == 1);
    CHECK(r1[0].consequences == std::vector<std::string>{"frameshift_variant"});
    CHECK(r2[0].hgvsp_short == "R175H");
    // REF CCA with ALTs C and CC: VEP writes '-' and 'C'. The first ALT, written "C", must
    // not take the second ALT's 'C' entries.
    const std::string csq3 =
        "-|frameshift_variant|HIGH|TP53|g|Transcript|T1|protein_coding|5/11|||p.Pro10GlnfsTer2|YES||,"
        "C|frameshift_variant|HIGH|TP53|g|Transcript|T1|protein_coding|5/11|||p.Pro10ArgfsTer9|YES||";
    auto b1 = rec("CCA", {"C", "CC"}, 1);
    b1.info_csq = csq3;
    auto b2 = rec("CCA", {"C", "CC"}, 2);
    b2.info_csq = csq3;
    auto s1 = parse_file_consequences(s, b1);
    auto s2 = parse_file_consequences(s, b2);
    REQUIRE(s1.size() == 1);
    REQUIRE(s2.size() == 1);
    CHECK(s1[0].hgvsp_short == "P10Qfs*2");
    CHECK(s2[0].hgvsp_short == "P10Rfs*9");
    // An annotator that writes the ALT unchanged is still understood.
    auto raw = rec("CT", {"C"}, 1);
    raw.info_csq = "C|frameshift_variant|HIGH|TP53|g|Transcript|T1|protein_coding|5/11|||p.Pro10fs|YES||";
    auto rr = parse_file_consequences(s, raw);
    REQUIRE(rr.size() == 1);
    CHECK(rr[0].hgvsp_short == "P10fs");
}

TEST_CASE("VEP CSQ: ALLELE_NUM, %3D decoding and MANE") {
    AnnotationSchema s;
    s.has_csq = true;
    s.csq_fields = {"Allele", "Consequence", "SYMBOL", "Feature", "HGVSp", "ALLELE_NUM", "MANE_SELECT"};
    auto v = rec("G", {"A", "T"}, 2);
    v.info_csq = "A|missense_variant|KRAS|T1|p.Gly12Asp|1|,"
                 "T|synonymous_variant|KRAS|T1|ENSP1:p.Gly12%3D|2|NM_004985.5";
    auto cs = parse_file_consequences(s, v);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].hgvsp == "p.Gly12=");
    CHECK(cs[0].hgvsp_short == "G12=");
    CHECK(cs[0].consequences == std::vector<std::string>{"synonymous_variant"});
    CHECK(cs[0].canonical);  // MANE Select counts as canonical
}

TEST_CASE("SnpEff ANN") {
    auto v = rec("A", {"T"}, 1);
    v.info_ann =
        "T|missense_variant|MODERATE|BRAF|ENSG00000157764|transcript|ENST00000288602.10|protein_coding|15/18|c.1799T>A|"
        "p.Val600Glu|1860/2480|1799/2301|600/766||,"
        "T|splice_region_variant&intron_variant|LOW|BRAF|ENSG00000157764|transcript|ENST00000496384.6|protein_coding|14/17|"
        "c.1742+5T>A||||||,"
        "G|missense_variant|MODERATE|BRAF|ENSG00000157764|transcript|ENST00000288602.10|protein_coding|15/18|c.1799T>C|"
        "p.Val600Ala|||||";
    auto cs = parse_file_consequences(AnnotationSchema{}, v);
    REQUIRE(cs.size() == 2);
    CHECK(cs[0].source == "snpeff");
    CHECK(cs[0].gene == "BRAF");
    CHECK(cs[0].transcript == "ENST00000288602.10");
    CHECK(cs[0].hgvsc == "c.1799T>A");
    CHECK(cs[0].hgvsp_short == "V600E");
    CHECK(cs[0].exon == "15/18");
    CHECK(cs[0].intron.empty());
    CHECK(cs[1].consequences == std::vector<std::string>{"splice_region_variant", "intron_variant"});
    CHECK(cs[1].intron == "14/17");
    CHECK(cs[1].exon.empty());
}

TEST_CASE("bcftools BCSQ") {
    auto v = rec("A", {"T"}, 1);
    v.info_bcsq = "missense|BRAF|ENST00000288602|protein_coding|-|600V>600E|140753336A>T,"
                  "@140753400";
    auto cs = parse_file_consequences(AnnotationSchema{}, v);
    REQUIRE(cs.size() == 1);
    CHECK(cs[0].source == "bcsq");
    CHECK(cs[0].gene == "BRAF");
    CHECK(cs[0].transcript == "ENST00000288602");
    CHECK(cs[0].hgvsp_short == "V600E");
    CHECK(cs[0].hgvsp == "p.Val600Glu");
    CHECK(cs[0].consequences == std::vector<std::string>{"missense_variant"});
    // Multi-allelic: entries are matched to the ALT through the DNA change.
    auto m = rec("C", {"A", "T"}, 2);
    m.info_bcsq = "missense|KRAS|T1|protein_coding|-|12G>12V|25245350C>A,missense|KRAS|T1|protein_coding|-|12G>12D|25245350C>T";
    auto mc = parse_file_consequences(AnnotationSchema{}, m);
    REQUIRE(mc.size() == 1);
    CHECK(mc[0].hgvsp_short == "G12D");
}

TEST_CASE("bcsq_protein_short and so_term") {
    CHECK(bcsq_protein_short("600V>600E", "missense") == "V600E");
    CHECK(bcsq_protein_short("12G>12C", "missense") == "G12C");
    CHECK(bcsq_protein_short("61Q>61Q", "synonymous") == "Q61=");
    CHECK(bcsq_protein_short("746ELREA>746", "inframe_deletion") == "E746_A750del");
    CHECK(bcsq_protein_short("746E>746", "inframe_deletion") == "E746del");
    CHECK(bcsq_protein_short("746EL>746V", "inframe_altering") == "E746_L747delinsV");
    CHECK(bcsq_protein_short("117K>117N", "frameshift") == "K117fs");
    CHECK(bcsq_protein_short("garbage", "missense").empty());
    CHECK(bcsq_protein_short(">600E", "missense").empty());
    CHECK(so_term("missense") == "missense_variant");
    CHECK(so_term("*missense") == "missense_variant");
    CHECK(so_term("inframe_altering") == "protein_altering_variant");
    CHECK(so_term("disruptive_inframe_deletion") == "inframe_deletion");
    CHECK(so_term("5_prime_UTR_variant") == "5_prime_UTR_variant");
    CHECK(so_term("stop_gained") == "stop_gained");
}
