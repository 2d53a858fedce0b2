// cohort.html: a self-contained page (inline CSS, no scripts, no external resources) that a lab
// can open or archive as is. Sections: overview, samples x actionable genes matrix (best tier per
// cell), findings by tier and tumour type, samples without an actionable finding, failed samples.
#include <algorithm>
#include <map>
#include <set>

#include "oncomatch/report/cohort.hpp"
#include "oncomatch/report/cohort_store.hpp"
#include "oncomatch/report/model.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch {

namespace {

std::string esc(const std::string& s) { return html_escape(s); }

std::string tier_class(const std::string& t) {
    if (t == "IA" || t == "IB") return "t1";
    if (t == "IIC" || t == "IID") return "t2";
    return "t0";
}

const char* kCss = R"(body{font-family:sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;font-size:.9em}th,td{border:1px solid #ccc;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f2f2f2}td.n{text-align:right}.t1{background:#f8d0d0}.t2{background:#fbe7c0}.t0{background:#fff}
.meta{color:#555;font-size:.85em}.fail{color:#a00})";

}  // namespace

void write_cohort_html(std::ostream& out, const std::vector<CohortSample>& samples, const CohortMeta& meta) {
    write_cohort_html(out, CohortVector(samples), meta);
}

// One pass gathers the counts (bounded by genes, tiers and tumour types, not by samples); each
// table that lists samples is then a further pass, so no sample is held beyond its own visit.
void write_cohort_html(std::ostream& out, const CohortSamples& samples, const CohortMeta& meta) {
    std::size_t ok = 0, failed = 0, not_run = 0, with_actionable = 0, without_actionable = 0;
    std::map<std::string, int> gene_samples;  // gene -> number of samples with an actionable finding in it
    std::map<std::string, std::map<std::string, int>> counts;  // tumour type -> tier -> findings
    std::map<std::string, int> samples_per_type, untiered_per_type;
    samples.for_each([&](const CohortSample& s) {
        if (s.status == "ok") ++ok;
        else if (s.status == "failed") ++failed;
        else ++not_run;
        std::set<std::string> genes;
        for (const auto& f : s.findings)
            if (is_actionable(f)) genes.insert(f.gene.empty() ? f.biomarker_id : f.gene);
        if (!genes.empty()) ++with_actionable;
        for (const auto& g : genes) ++gene_samples[g];
        if (s.status != "ok") return;
        if (genes.empty()) ++without_actionable;
        ++samples_per_type[s.tumor_type];
        auto& untiered = untiered_per_type[s.tumor_type];
        for (const auto& f : s.findings) {
            if (f.tier) ++counts[s.tumor_type][*f.tier];
            else ++untiered;
        }
    });
    std::vector<std::string> genes;
    for (const auto& [g, _] : gene_samples) genes.push_back(g);
    std::stable_sort(genes.begin(), genes.end(), [&](const std::string& a, const std::string& b) { return gene_samples[a] > gene_samples[b]; });

    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>oncomatch cohort summary</title>\n<style>\n"
        << kCss << "\n</style>\n</head>\n<body>\n<h1>oncomatch cohort summary</h1>\n";
    out << "<p class=\"meta\">Sample sheet: " << esc(meta.sheet) << "<br>Knowledgebase: " << esc(meta.kb_name) << " " << esc(meta.kb_version)
        << " (sha256 " << esc(meta.kb_sha256.substr(0, 12)) << "…)<br>oncomatch " << esc(meta.tool_version);
    if (!meta.generated_at.empty()) out << "<br>Generated " << esc(meta.generated_at);
    out << "</p>\n";
    out << "<p>" << samples.size() << " sample(s): " << ok << " reported, " << failed << " failed" << (not_run ? ", " + std::to_string(not_run) + " not run" : "")
        << "; " << with_actionable << " with at least one actionable finding (tier I or II).</p>\n";
    out << "<p class=\"meta\">Tiers follow AMP/ASCO/CAP 2017 as decided per sample in its report; this page only summarises. "
           "A gene absent from a row means no actionable finding was reported there, not that the gene was assessed as wild-type: "
           "see each report's not_assessed list.</p>\n";

    out << "<h2>Actionable findings: samples &times; genes</h2>\n";
    if (genes.empty()) {
        out << "<p>No sample has an actionable finding.</p>\n";
    } else {
        out << "<table>\n<tr><th>sample</th><th>tumour type</th>";
        for (const auto& g : genes) out << "<th>" << esc(g) << "</th>";
        out << "</tr>\n";
        samples.for_each([&](const CohortSample& s) {
            std::map<std::string, std::pair<std::string, std::vector<std::string>>> cell;  // gene -> best tier, labels
            for (const auto& f : s.findings) {
                if (!is_actionable(f)) continue;
                auto& c = cell[f.gene.empty() ? f.biomarker_id : f.gene];
                if (c.first.empty() || tier_rank(f.tier) < tier_rank(c.first)) c.first = *f.tier;
                const std::string label = f.variants.empty() ? f.biomarker_label : f.variants;
                if (std::find(c.second.begin(), c.second.end(), label) == c.second.end()) c.second.push_back(label);
            }
            if (cell.empty()) return;
            out << "<tr><td>" << esc(s.sample) << "</td><td>" << esc(s.tumor_type) << "</td>";
            for (const auto& g : genes) {
                auto it = cell.find(g);
                if (it == cell.end()) out << "<td></td>";
                else out << "<td class=\"" << tier_class(it->second.first) << "\">" << esc(it->second.first) << " " << esc(join(it->second.second, ", ")) << "</td>";
            }
            out << "</tr>\n";
        });
        out << "</table>\n";
    }

    out << "<h2>Findings by best tier and tumour type</h2>\n";
    const std::vector<std::string> tiers = {"IA", "IB", "IIC", "IID"};
    out << "<table>\n<tr><th>tumour type</th><th>samples</th>";
    for (const auto& t : tiers) out << "<th>" << t << "</th>";
    out << "<th>untiered</th></tr>\n";
    std::map<std::string, int> total;
    for (const auto& [tt, n] : samples_per_type) {
        const int untiered = untiered_per_type[tt];
        out << "<tr><td>" << esc(tt) << "</td><td class=\"n\">" << n << "</td>";
        for (const auto& t : tiers) {
            const int c = counts[tt][t];
            total[t] += c;
            out << "<td class=\"n\">" << c << "</td>";
        }
        total["untiered"] += untiered;
        total["samples"] += n;
        out << "<td class=\"n\">" << untiered << "</td></tr>\n";
    }
    out << "<tr><th>all</th><th class=\"n\">" << total["samples"] << "</th>";
    for (const auto& t : tiers) out << "<th class=\"n\">" << total[t] << "</th>";
    out << "<th class=\"n\">" << total["untiered"] << "</th></tr>\n</table>\n";
    out << "<p class=\"meta\">Counts are findings (matched biomarkers) by the best tier of their therapies, in samples that were reported.</p>\n";

    out << "<h2>Samples with no actionable finding</h2>\n";
    if (without_actionable == 0) {
        out << "<p>None.</p>\n";
    } else {
        out << "<table>\n<tr><th>sample</th><th>tumour type</th><th>variants listed</th><th>tier III</th><th>tier IV</th><th>not assessed</th></tr>\n";
        samples.for_each([&](const CohortSample& s) {
            if (s.status != "ok" || std::any_of(s.findings.begin(), s.findings.end(), is_actionable)) return;
            out << "<tr><td>" << esc(s.sample) << "</td><td>" << esc(s.tumor_type) << "</td><td class=\"n\">" << s.variants << "</td><td class=\"n\">"
                << s.tier3_variants << "</td><td class=\"n\">" << s.tier4_variants << "</td><td class=\"n\">" << s.not_assessed << "</td></tr>\n";
        });
        out << "</table>\n";
    }

    out << "<h2>Samples that failed</h2>\n";
    if (failed + not_run == 0) {
        out << "<p>None.</p>\n";
    } else {
        out << "<table>\n<tr><th>sample</th><th>input</th><th>status</th><th>exit code</th><th>error</th></tr>\n";
        samples.for_each([&](const CohortSample& s) {
            if (s.status != "ok")
                out << "<tr><td>" << esc(s.sample) << "</td><td>" << esc(s.input) << "</td><td class=\"fail\">" << esc(s.status) << "</td><td class=\"n\">"
                    << s.exit_code << "</td><td>" << esc(s.error) << "</td></tr>\n";
        });
        out << "</table>\n";
    }
    out << "</body>\n</html>\n";
}

}  // namespace oncomatch
