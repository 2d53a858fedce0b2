// Tumour depth and allele fraction per caller, read through VcfReader from real caller output
// (tests/data/callers, see its README for provenance) and from fixtures written from the
// callers' documented FORMAT definitions. Expected values are computed by hand from the files.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "oncomatch/io/vcf_reader.hpp"

using namespace oncomatch;
using namespace oncomatch::test;
using doctest::Approx;

namespace {

const Variant& get(const std::vector<Variant>& vs, const std::string& chrom, std::int64_t pos, const std::string& alt = {}) {
    const Variant* v = find_variant(vs, chrom, pos, alt);
    REQUIRE_MESSAGE(v != nullptr, "no variant at " << chrom << ":" << pos << " " << alt);
    return *v;
}

}  // namespace

TEST_CASE("MuTect 1: FA for the TUMOR column, depth from DP") {
    auto vs = read_all(data_path("callers/test_mutect.vcf"));
    // 1 2587467 T A ... GT:AD:BQ:DP:FA  NORMAL 0:4,0:.:4:0.00  TUMOR 0/1:11,3:29:14:0.214
    const auto& v = get(vs, "1", 2587467, "A");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(0.214).epsilon(1e-6));
    REQUIRE(v.depth);
    CHECK(*v.depth == 14);
    // The first record: TUMOR 0:175,30:.:206:0.146 (the NORMAL column says 0.162 / 192).
    const auto& w = get(vs, "1", 2453125, "G");
    CHECK(*w.vaf == Approx(0.146).epsilon(1e-6));
    CHECK(*w.depth == 206);
}

TEST_CASE("Strelka 1 SNV: tier-1 base counts AU/CU/GU/TU") {
    auto vs = read_all(data_path("callers/test_strelka.vcf"));
    // 1 35944648 G>A, TUMOR DP 58, AU=56,57 CU=0,0 GU=2,2 TU=0,0 -> 56 / (56 + 2)
    const auto& v = get(vs, "1", 35944648, "A");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(56.0 / 58.0));
    CHECK(*v.depth == 58);
    CHECK(v.depth_source == "FORMAT/AU,CU,GU,TU");
    // 1 118166116 C>A, TUMOR 66:2:0:0:25,27:39,39:0,0:0,0 -> 25 / 64, DP 66
    const auto& w = get(vs, "1", 118166116, "A");
    CHECK(*w.vaf == Approx(25.0 / 64.0));
    CHECK(*w.depth == 66);
}

TEST_CASE("Strelka 1 indel: tier-1 TAR/TIR (tags undeclared in the real file's header)") {
    auto vs = read_all(data_path("callers/test_strelka.vcf"));
    // 2 102626146 CG>C, TUMOR DP:DP2:TAR:TIR:... 89:89:19,19:57,58:... -> 57 / (19 + 57)
    const auto& v = get(vs, "2", 102626146, "C");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(57.0 / 76.0));
    CHECK(*v.depth == 89);
    CHECK(v.depth_source == "FORMAT/TAR,TIR");
    // 9 21971153 CCG>C, TUMOR 59:59:0,0:40,49 -> 40 / 40 = 1
    const auto& w = get(vs, "9", 21971153, "C");
    CHECK(*w.vaf == Approx(1.0));
    CHECK(*w.depth == 59);
}

TEST_CASE("Strelka 2 indel fixture: TAR/TIR declared Number=2") {
    auto vs = read_all(data_path("callers/strelka2_indel.vcf"));
    REQUIRE(vs.size() == 1);
    // TUMOR 64:30,31:10,12 -> 10 / (30 + 10); DP 64
    CHECK(*vs[0].vaf == Approx(0.25));
    CHECK(*vs[0].depth == 64);
}

TEST_CASE("VarScan 2: FREQ percentage string, depth from DP") {
    const auto path = data_path("callers/test_varscan.vcf");
    // The real file has one record with ALT "A/T" (2:106715342, line 110): refused with its place.
    auto msg = error_message([&] { read_all(path); });
    CHECK(msg.find("test_varscan.vcf:110: 2:106715342 G>A/T: ALT must contain only A, C, G, T, N (or be symbolic)") != std::string::npos);
    // The chromosome 1 records, read through the region prefilter.
    kb::RegionSet rs;
    rs.add("1", 0, 249250621);
    rs.finalise();
    VcfReader r(ReaderOptions{path, "", false, 0, {}});
    r.set_regions(&rs, false);
    std::vector<Variant> vs, batch;
    while (r.next_batch(batch, 1000)) vs.insert(vs.end(), batch.begin(), batch.end());
    // 1 1991014 A>G, TUMOR 0/1:.:91:56:35:38.46%:31,25,16,19
    const auto& v = get(vs, "1", 1991014, "G");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(0.3846));
    CHECK(*v.depth == 91);
    // 1 2328714 A>G, TUMOR 1/1:.:115:0:115:100%:... -> 1.0 (a fraction, not 100)
    const auto& w = get(vs, "1", 2328714, "G");
    CHECK(*w.vaf == Approx(1.0));
    CHECK(*w.depth == 115);
}

TEST_CASE("SomaticSniper: DP4 strand counts") {
    auto vs = read_all(data_path("callers/test_sniper.vcf"));
    // 1 1233886 C>G, TUMOR 0/1:0/1:7:0,3,0,4:... -> (0 + 4) / (0 + 3 + 0 + 4)
    const auto& v = get(vs, "1", 1233886, "G");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(4.0 / 7.0));
    CHECK(*v.depth == 7);
    CHECK(v.depth_source == "FORMAT/DP4");
    // 1 1648002 C>T, TUMOR 21:0,14,0,7 -> 7 / 21
    const auto& w = get(vs, "1", 1648002, "T");
    CHECK(*w.vaf == Approx(7.0 / 21.0));
    CHECK_FALSE(w.pass);
    CHECK(w.filter == "MMQSD50;MMQS100");
}

TEST_CASE("MuSE: TUMOR is the first sample column") {
    auto vs = read_all(data_path("callers/test_muse.vcf"));
    // 1 1289197 G>T, TUMOR 0/1:11:9,2 (NORMAL 0/0:21:21,0) -> 2 / 11, depth 11
    const auto& v = get(vs, "1", 1289197, "T");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(2.0 / 11.0));
    CHECK(*v.depth == 11);
    CHECK(v.depth_source == "FORMAT/AD");
}

TEST_CASE("Pindel: AD counts for indels") {
    auto vs = read_all(data_path("callers/test_pindel.vcf"));
    // 1 16890971 ACT>A, TUMOR 0/0:47:.:2:43,4 -> 4 / 47
    const auto& v = get(vs, "1", 16890971, "A");
    CHECK(*v.vaf == Approx(4.0 / 47.0));
    CHECK(*v.depth == 47);
    // 1 44569971 G>GGCTT... insertion, TUMOR 0/0:25:.:2:22,3 -> 3 / 25
    const auto& w = get(vs, "1", 44569971);
    CHECK(*w.vaf == Approx(3.0 / 25.0));
    CHECK(*w.depth == 25);
}

TEST_CASE("RADIA: three columns, DNA_TUMOR chosen by name") {
    const auto path = data_path("callers/test_radia.vcf");
    // Without --sample there is no TUMOR column to fall back on.
    auto msg = error_message([&] { read_all(path); });
    CHECK(msg.find("cannot tell which column is the tumour") != std::string::npos);
    CHECK(msg.find("DNA_NORMAL, DNA_TUMOR, RNA_TUMOR") != std::string::npos);

    auto vs = read_all(path, "DNA_TUMOR");
    // 1 29651735 C>T, DNA_TUMOR 0/1:106:0:1:2:95,11:0.9,0.1 -> AF 0.1 (second value), DP 106
    const auto& v = get(vs, "1", 29651735, "T");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(0.1));
    CHECK(*v.depth == 106);
    // The RNA column gives different values (161,29 / 0.15 / 190).
    auto rna = read_all(path, "RNA_TUMOR");
    const auto& r = get(rna, "1", 29651735, "T");
    CHECK(*r.vaf == Approx(0.15));
    CHECK(*r.depth == 190);
}

TEST_CASE("TCGA example: ADT strings and DPT depth") {
    auto vs = read_all(data_path("callers/T001-BRCA.grch37.vcf.gz"));
    CHECK(vs.size() == 196);
    // 1 33238563 G>A, GT:DPC:DPT:ADC:ADT:AL 0/1:..:49:.,.:41,7 -> 7 / (41 + 7); depth DPT 49 (not 48)
    const auto& v = get(vs, "1", 33238563, "A");
    REQUIRE(v.vaf);
    CHECK(*v.vaf == Approx(7.0 / 48.0));
    REQUIRE(v.depth);
    CHECK(*v.depth == 49);
    // 1 1900265 C>T, ADT 112,32, DPT 144
    const auto& w = get(vs, "1", 1900265, "T");
    CHECK(*w.vaf == Approx(32.0 / 144.0));
    CHECK(*w.depth == 144);
}

TEST_CASE("Mutect2 fixture: AF Number=A, AD Number=R, multi-allelic") {
    auto vs = read_all(data_path("callers/mutect2.vcf"));
    REQUIRE(vs.size() == 3);
    const auto& v = get(vs, "chr7", 140753336, "T");
    CHECK(*v.vaf == Approx(0.25));
    CHECK(*v.depth == 82);  // DP, not the AD sum (80)
    CHECK(v.chrom_norm == "7");
    const auto& a1 = get(vs, "chr7", 140753400, "A");
    const auto& a2 = get(vs, "chr7", 140753400, "G");
    CHECK(a1.alt_index == 1);
    CHECK(a2.alt_index == 2);
    CHECK(a2.n_alts == 2);
    CHECK(*a1.vaf == Approx(0.3));
    CHECK(*a2.vaf == Approx(0.2));
    CHECK(*a2.depth == 100);
}

TEST_CASE("Mutect2 fixture: ##tumor_sample picks the column") {
    VcfReader r(ReaderOptions{data_path("callers/mutect2.vcf"), "", false, 0, {}});
    CHECK(r.tumour_name() == "TUMOUR_A");
    CHECK(r.tumour_index() == 1);
}

TEST_CASE("FreeBayes fixture: RO + AO (Number=A)") {
    auto vs = read_all(data_path("callers/freebayes.vcf"));
    REQUIRE(vs.size() == 3);
    const auto& v = get(vs, "12", 25245350, "A");
    CHECK(*v.vaf == Approx(10.0 / 40.0));
    CHECK(*v.depth == 41);
    // 1/2, RO 20, AO 18,12: each ALT over the sum of all observations (50)
    const auto& a1 = get(vs, "12", 25245400, "A");
    const auto& a2 = get(vs, "12", 25245400, "T");
    CHECK(*a1.vaf == Approx(18.0 / 50.0));
    CHECK(*a2.vaf == Approx(12.0 / 50.0));
    CHECK(*a2.depth == 52);
}

TEST_CASE("VarDict fixture: AF Number=1; VD over DP without AD") {
    auto vs = read_all(data_path("callers/vardict.vcf"));
    REQUIRE(vs.size() == 2);
    const auto& v = get(vs, "17", 7675088, "T");
    CHECK(*v.vaf == Approx(0.375));
    CHECK(*v.depth == 120);
    const auto& w = get(vs, "17", 7675200, "A");
    REQUIRE(w.vaf);
    CHECK(*w.vaf == Approx(30.0 / 200.0));
    CHECK(*w.depth == 200);
    CHECK(w.depth_source == "FORMAT/VD+DP");
}

TEST_CASE("DeepVariant fixture: VAF Number=A, multi-allelic") {
    auto vs = read_all(data_path("callers/deepvariant.vcf"));
    REQUIRE(vs.size() == 3);
    const auto& v = get(vs, "1", 1000, "A");
    CHECK(*v.vaf == Approx(0.363636));
    CHECK(*v.depth == 33);
    const auto& a1 = get(vs, "1", 2000, "C");
    const auto& a2 = get(vs, "1", 2000, "G");
    CHECK(*a1.vaf == Approx(0.6));
    CHECK(*a2.vaf == Approx(0.3));
    CHECK(*a2.depth == 40);
}

TEST_CASE("No depth fields: depth and VAF stay unknown, never 0") {
    auto vs = read_all(data_path("callers/no_depth.vcf"));
    REQUIRE(vs.size() == 1);
    CHECK_FALSE(vs[0].depth.has_value());
    CHECK_FALSE(vs[0].vaf.has_value());
    CHECK(vs[0].depth_source.empty());
}

TEST_CASE("Sites-only VCF: no sample column, depth and VAF unknown") {
    TempDir tmp;
    const auto p = tmp / "sites.vcf";
    write_file(p,
               "##fileformat=VCFv4.2\n"
               "##INFO=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\n"
               "1\t100\t.\tA\tG\t.\tPASS\tDP=30\n");
    VcfReader r(ReaderOptions{p.string(), "", false, 0, {}});
    CHECK(r.tumour_index() == -1);
    auto vs = read_all(p.string());
    REQUIRE(vs.size() == 1);
    CHECK_FALSE(vs[0].depth);
    CHECK_FALSE(vs[0].vaf);
}

TEST_CASE("ReaderOptions.fields: --vaf-field and --depth-field override the defaults") {
    TempDir tmp;
    const auto p = tmp / "custom.vcf";
    write_file(p,
               "##fileformat=VCFv4.2\n"
               "##INFO=<ID=TUMVAF,Number=A,Type=Float,Description=\"Tumour VAF in percent\">\n"
               "##FORMAT=<ID=AD,Number=R,Type=Integer,Description=\"Allelic depths\">\n"
               "##FORMAT=<ID=DP,Number=1,Type=Integer,Description=\"Depth\">\n"
               "##FORMAT=<ID=MYAF,Number=A,Type=Float,Description=\"Our own VAF\">\n"
               "##FORMAT=<ID=RAWDP,Number=1,Type=Integer,Description=\"Raw depth\">\n"
               "#CHROM\tPOS\tID\tREF\tALT\tQUAL\tFILTER\tINFO\tFORMAT\tTUMOR\n"
               "1\t100\t.\tA\tG,T\t.\tPASS\tTUMVAF=12.5,40\tAD:DP:MYAF:RAWDP\t50,30,20:100:0.05,0.07:250\n");
    ReaderOptions o;
    o.path = p.string();
    // Defaults: AD counts and DP.
    auto d = read_all(o);
    REQUIRE(d.size() == 2);
    CHECK(*d[0].vaf == Approx(0.3));
    CHECK(*d[1].vaf == Approx(0.2));
    CHECK(*d[0].depth == 100);
    // FORMAT override, per ALT.
    o.fields.vaf_field = "MYAF";
    o.fields.depth_field = "RAWDP";
    auto f = read_all(o);
    CHECK(*f[0].vaf == Approx(0.05));
    CHECK(*f[1].vaf == Approx(0.07));
    CHECK(*f[0].depth == 250);
    CHECK(f[0].depth_source == "FORMAT/MYAF");
    // INFO override given in percent.
    o.fields.vaf_field = "TUMVAF";
    o.fields.depth_field.clear();
    auto i = read_all(o);
    CHECK(*i[0].vaf == Approx(0.125));
    CHECK(*i[1].vaf == Approx(0.40));
    CHECK(i[0].depth_source == "INFO/TUMVAF");
    CHECK(*i[0].depth == 100);
}
