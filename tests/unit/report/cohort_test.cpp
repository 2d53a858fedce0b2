// Cohort summary: the model read back from a JSON report, and the TSV / HTML / MultiQC writers.
#include "oncomatch/report/cohort.hpp"

#include <thread>

#include <nlohmann/json.hpp>
#include <sstream>

#include "../test_support.hpp"
#include "oncomatch/report/cohort_store.hpp"
#include "oncomatch/util/strings.hpp"

using namespace oncomatch;
using namespace oncomatch::test;

namespace {

const char* kReport = R"({
 "knowledgebase": {"sha256": "x"},
 "sample": {"id": "S1", "genome": "GRCh37", "tumor_type": {"code": "COADREAD", "name": "Colorectal Adenocarcinoma"}},
 "variants": [
  {"id": "V1", "chrom": "7", "pos": 140453136, "ref": "A", "alt": "T", "hgvsp_short": "V600E", "tier": null},
  {"id": "V2", "chrom": "12", "pos": 25398284, "ref": "C", "alt": "A", "hgvsp_short": null, "tier": null},
  {"id": "V3", "chrom": "17", "pos": 7577120, "ref": "C", "alt": "T", "hgvsp_short": null, "tier": "III"}
 ],
 "findings": [
  {"gene": "BRAF", "biomarker": {"id": "BM-1", "label": "BRAF V600E"}, "variant_ids": ["V1"], "match": {"type": "allele"}, "tier": "IA",
   "therapies": [
    {"drugs": ["encorafenib", "cetuximab"], "direction": "sensitivity", "tier": "IA", "offered": true},
    {"drugs": ["encorafenib", "cetuximab"], "direction": "sensitivity", "tier": "IA", "offered": true},
    {"drugs": ["dabrafenib", "trametinib"], "direction": "sensitivity", "tier": null, "offered": true},
    {"drugs": ["cetuximab"], "direction": "resistance", "tier": "IA", "offered": true},
    {"drugs": ["x"], "direction": "sensitivity", "tier": "IIC", "offered": false}]},
  {"gene": "KRAS", "biomarker": {"id": "BM-2", "label": "KRAS G12 <any>"}, "variant_ids": ["V2"], "match": {"type": "codon"}, "tier": null,
   "therapies": []}
 ],
 "trials": [{}, {}],
 "not_assessed": [{}]
})";

// n samples, the first one ("S1") summarised from kReport written into d.
std::vector<CohortSample> with_s1(const TempDir& d, std::size_t n) {
    write_file(d / "S1.oncomatch.json", kReport);
    std::vector<CohortSample> samples(n);
    samples[0].sample = "S1";
    summarise_report_json(d / "S1.oncomatch.json", samples[0]);
    return samples;
}

}  // namespace

TEST_CASE("cohort: summary from a JSON report; TSV, HTML and MultiQC output") {
    TempDir d;
    std::vector<CohortSample> samples = with_s1(d, 2);
    const auto& s = samples[0];
    CHECK(s.tumor_type == "COADREAD");
    CHECK(s.variants == 3);
    CHECK(s.tier3_variants == 1);
    CHECK(s.trials == 2);
    CHECK(s.not_assessed == 1);
    REQUIRE(s.findings.size() == 2);
    CHECK(s.findings[0].variants == "V600E");
    CHECK(s.findings[1].variants == "12:25398284 C>A");  // no protein change: the genomic allele
    REQUIRE(s.findings[0].therapies.size() == 2);       // duplicates, untiered and not-offered lines dropped
    CHECK(is_actionable(s.findings[0]));
    CHECK_FALSE(is_actionable(s.findings[1]));

    samples[1].sample = "S2";
    samples[1].input = "s2.vcf";
    samples[1].tumor_type = "LUAD";
    samples[1].status = "failed";
    samples[1].exit_code = 1;
    samples[1].error = "s2.vcf: input file not found <here>";

    std::ostringstream tsv;
    write_cohort_tsv(tsv, samples);
    const auto lines = split_copy(tsv.str(), '\n');
    REQUIRE(lines.size() == 5);  // header, 2 findings, 1 failed, final newline
    CHECK(lines[1] ==
          "S1\tok\tCOADREAD\tGRCh37\tBRAF\tV600E\tBM-1\tBRAF V600E\tallele\tIA\tencorafenib + cetuximab (IA sensitivity); cetuximab (IA resistance)\t3\t2\tNA");
    CHECK(lines[2] == "S1\tok\tCOADREAD\tGRCh37\tKRAS\t12:25398284 C>A\tBM-2\tKRAS G12 <any>\tcodon\tNA\tNA\t3\t2\tNA");
    CHECK(lines[3] == "S2\tfailed\tLUAD\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\tNA\ts2.vcf: input file not found <here>");

    CohortMeta meta;
    meta.kb_name = "kb";
    meta.kb_sha256 = "0123456789abcdef";
    std::ostringstream html;
    write_cohort_html(html, samples, meta);
    const std::string h = html.str();
    CHECK(h.find("<th>BRAF</th>") != std::string::npos);
    CHECK(h.find("<th>KRAS</th>") == std::string::npos);  // untiered: not in the actionable matrix
    CHECK(h.find("<td class=\"t1\">IA V600E</td>") != std::string::npos);
    CHECK(h.find("input file not found &lt;here&gt;") != std::string::npos);
    CHECK(h.find("2 sample(s): 1 reported, 1 failed; 1 with at least one actionable finding") != std::string::npos);
    CHECK(h.find("<script") == std::string::npos);
    CHECK(h.find("http") == std::string::npos);  // self-contained

    std::ostringstream mqc;
    write_cohort_multiqc(mqc, samples, meta);
    const auto j = nlohmann::json::parse(mqc.str());
    CHECK(j["plot_type"] == "table");
    CHECK(j["data"]["S1"]["tier_I"] == 1);
    CHECK(j["data"]["S1"]["best_tier"] == "IA");
    CHECK(j["data"]["S1"]["findings"] == 2);
    CHECK(j["data"]["S2"]["status"] == "failed");
    CHECK_FALSE(j["data"]["S2"].contains("findings"));
}

TEST_CASE("cohort: samples spilled to disk come back exactly, in sheet order, and give the same files") {
    TempDir d;
    std::vector<CohortSample> samples = with_s1(d, 4);
    samples[0].run = "new";
    samples[1].sample = "S2";
    samples[1].status = "failed";
    samples[1].exit_code = 3;
    samples[1].error = "tab\there, newline\nthere, a byte that is not UTF-8: \xff";
    samples[1].notes = std::string("nul\0inside", 10);
    samples[2].sample = "S3";
    samples[2].findings.push_back({"", "BM-9", "TMB high", "signature", "", std::nullopt, {}});
    samples[2].variants = -1;  // any integer round-trips
    samples[3].sample = "S4";
    samples[3].status = "not_run";

    // The record format: every field back as it was.
    for (const auto& s : samples) {
        const CohortSample b = decode_cohort_sample(encode_cohort_sample(s));
        CHECK(b.sample == s.sample);
        CHECK(b.notes == s.notes);
        CHECK(b.error == s.error);
        CHECK(b.status == s.status);
        CHECK(b.run == s.run);
        CHECK(b.exit_code == s.exit_code);
        CHECK(b.variants == s.variants);
        CHECK(b.tier3_variants == s.tier3_variants);
        REQUIRE(b.findings.size() == s.findings.size());
        for (std::size_t k = 0; k < s.findings.size(); ++k) {
            CHECK(b.findings[k].tier == s.findings[k].tier);
            CHECK(b.findings[k].variants == s.findings[k].variants);
            REQUIRE(b.findings[k].therapies.size() == s.findings[k].therapies.size());
            for (std::size_t t = 0; t < s.findings[k].therapies.size(); ++t) CHECK(b.findings[k].therapies[t].drugs == s.findings[k].therapies[t].drugs);
        }
    }
    const std::string rec = encode_cohort_sample(samples[0]);
    CHECK_THROWS(decode_cohort_sample(std::string_view(rec).substr(0, rec.size() - 1)));  // truncated
    CHECK_THROWS(decode_cohort_sample(rec + "x"));                                       // trailing bytes

    // Put out of order from several threads; visited in sheet order; nothing left in the folder.
    CohortSpill spill(d.path(), samples.size());
    std::vector<std::thread> th;
    for (std::size_t i : {3u, 1u, 0u, 2u}) th.emplace_back([&, i] { spill.put(i, samples[i]); });
    for (auto& t : th) t.join();
    std::vector<std::string> order;
    spill.for_each([&](const CohortSample& s) { order.push_back(s.sample); });
    CHECK(order == std::vector<std::string>{"S1", "S2", "S3", "S4"});
    std::size_t files = 0;
    for ([[maybe_unused]] const auto& e : std::filesystem::directory_iterator(d.path())) ++files;
    CHECK(files == 1);  // S1.oncomatch.json only: the spill file is anonymous

    CohortMeta meta;
    meta.kb_name = "kb";
    std::ostringstream a, b;
    write_cohort_tsv(a, samples);
    write_cohort_tsv(b, spill);
    CHECK(a.str() == b.str());
    a.str(""), b.str("");
    write_cohort_html(a, samples, meta);
    write_cohort_html(b, spill, meta);
    CHECK(a.str() == b.str());
    CHECK(a.str().find("4 sample(s): 2 reported, 1 failed, 1 not run; 1 with at least one actionable finding") != std::string::npos);
    a.str(""), b.str("");
    write_cohort_multiqc(a, samples, meta);
    write_cohort_multiqc(b, spill, meta);
    CHECK(a.str() == b.str());

    CohortSpill empty(d.path(), 2);
    empty.put(1, samples[1]);
    CHECK(empty.get(0).sample.empty());  // a slot never filled reads as a default sample
    CHECK(empty.get(1).exit_code == 3);
}
