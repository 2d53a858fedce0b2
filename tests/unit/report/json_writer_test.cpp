// JSON report writer: the variant list is written as text directly (not through a JSON tree);
// its bytes must be exactly nlohmann's dump(2) of the parsed document, with every value intact,
// whatever the strings hold (quotes, backslashes, control characters, UTF-8).
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "../kb_fixture.hpp"
#include "oncomatch/report/writers.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

ReportVariant variant(const std::string& id, const std::string& chrom, std::int64_t pos0) {
    ReportVariant rv;
    rv.id = id;
    rv.mv.v.chrom = chrom;
    rv.mv.v.pos0 = pos0;
    rv.mv.v.vcf_pos = pos0 + 1;
    rv.mv.v.ref = rv.mv.v.vcf_ref = "A";
    rv.mv.v.alt = rv.mv.v.vcf_alt = "T";
    rv.mv.v.filter = "PASS";
    return rv;
}

}  // namespace

TEST_CASE("JSON report: variants written as text are nlohmann's layout, values intact") {
    TempDir tmp;
    write_base_kb(tmp.path());
    const auto kb = load_kb(tmp.path());
    const kb::KbIndex index(*kb, Build::GRCh38);

    Report rep;
    rep.sample.id = "S1";
    rep.sample.tumor_type = "LUAD";
    rep.sample.genome = "GRCh38";
    // 1: everything set, odd strings, other transcripts and the file's consequence.
    auto a = variant("V1", "chr7", 140753335);
    a.mv.gene = "BRAF";
    a.mv.v.record_no = 12;
    a.mv.v.depth = 80;
    a.mv.v.vaf = 0.123456;
    a.mv.v.depth_source = "FORMAT/AD";
    a.mv.v.filter = "q\"10;tab\there;back\\slash;ctl\x01;caf\xc3\xa9";
    TranscriptConsequence c;
    c.source = "own";
    c.transcript = "NM_004333.6";
    c.hgvsc = "c.1799T>A";
    c.hgvsp = "p.Val600Glu";
    c.hgvsp_short = "V600E";
    c.consequences = {"missense_variant", "splice_region_variant"};
    c.exon = "15/18";
    a.mv.csq = c;
    a.mv.csq_status = "computed";
    TranscriptConsequence f = c;
    f.source = "vep";
    f.hgvsp_short.clear();
    f.consequences.clear();
    a.mv.file_csq = f;
    a.mv.other_csq = {c, c};
    a.mv.other_csq[1].transcript = "ENST\"x";
    a.mv.other_csq[1].hgvsp.clear();
    a.tier = "III";
    a.finding_ids = {"F1", "F2"};
    rep.variants.push_back(a);
    // 2: almost nothing known (record unknown, no consequence, no depth): nulls and empty arrays.
    rep.variants.push_back(variant("V2", "chr12", 25245350));

    std::ostringstream out;
    write_json(out, rep, index, Provenance{true});
    const std::string text = out.str();
    const auto doc = nlohmann::ordered_json::parse(text);
    CHECK(text == doc.dump(2) + "\n");

    const auto& v = doc["variants"];
    REQUIRE(v.size() == 2);
    CHECK(v[0]["id"] == "V1");
    CHECK(v[0]["pos"] == 140753336);
    CHECK(v[0]["vcf"]["record"] == 12);
    CHECK(v[0]["filter"] == a.mv.v.filter);
    CHECK(v[0]["vaf"] == 0.1235);
    CHECK(v[0]["consequence"] == "missense_variant&splice_region_variant");
    CHECK(v[0]["consequence_file"]["source"] == "vep");
    CHECK(v[0]["consequence_file"]["hgvsp_short"].is_null());
    CHECK(v[0]["consequence_file"]["consequence"].is_null());
    CHECK(v[0]["other_transcripts"][1]["transcript"] == "ENST\"x");
    CHECK(v[0]["other_transcripts"][1]["hgvsp"].is_null());
    CHECK(v[0]["finding_ids"] == nlohmann::json::array({"F1", "F2"}));
    CHECK(v[1]["vcf"]["record"].is_null());
    CHECK(v[1]["gene"].is_null());
    CHECK(v[1]["transcript"].is_null());
    CHECK(v[1]["depth"].is_null());
    CHECK(v[1]["tier"].is_null());
    CHECK(v[1]["finding_ids"].empty());
    CHECK_FALSE(v[1].contains("consequence_file"));
    CHECK_FALSE(v[1].contains("consequence_status"));

    // No variants at all: an empty array, as nlohmann writes it.
    rep.variants.clear();
    std::ostringstream empty;
    write_json(empty, rep, index, Provenance{true});
    const auto e = nlohmann::ordered_json::parse(empty.str());
    CHECK(empty.str() == e.dump(2) + "\n");
    CHECK(e["variants"].empty());

    // Bytes that are not UTF-8 stop the writer instead of producing invalid JSON.
    rep.variants.push_back(variant("V1", "chr7", 1));
    rep.variants.back().mv.v.filter = "bad\xff";
    std::ostringstream bad;
    CHECK_THROWS(write_json(bad, rep, index, Provenance{true}));
}
