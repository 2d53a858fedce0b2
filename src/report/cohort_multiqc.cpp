// oncomatch_mqc.json: MultiQC custom content (a "table" section, one row per sample), picked up
// by `multiqc DIR` through the *_mqc.json file name, so a batch appears in the lab's MultiQC report.
#include <nlohmann/json.hpp>

#include "oncomatch/report/cohort.hpp"
#include "oncomatch/report/cohort_store.hpp"
#include "oncomatch/report/json_stream.hpp"
#include "oncomatch/report/model.hpp"

namespace oncomatch {

void write_cohort_multiqc(std::ostream& out, const std::vector<CohortSample>& samples, const CohortMeta& meta) {
    write_cohort_multiqc(out, CohortVector(samples), meta);
}

// The head is a small tree; the per-sample rows are streamed (nlohmann's dump(2) bytes throughout).
void write_cohort_multiqc(std::ostream& out, const CohortSamples& samples, const CohortMeta& meta) {
    using json = nlohmann::ordered_json;
    auto header = [](const char* title, const char* description, const char* format) {
        json h = {{"title", title}, {"description", description}};
        if (format) h["format"] = format;
        return h;
    };
    json j;
    j["id"] = "oncomatch";
    j["section_name"] = "oncomatch";
    j["description"] = "Actionability per sample from oncomatch (knowledgebase " + meta.kb_name + " " + meta.kb_version +
                       "): findings by AMP/ASCO/CAP tier, variants listed, matching trials. Failed samples are marked.";
    j["plot_type"] = "table";
    j["pconfig"] = {{"id", "oncomatch_table"}, {"title", "oncomatch: actionability"}, {"namespace", "oncomatch"}};
    j["headers"] = {
        {"tumor_type", header("Tumour type", "OncoTree code", nullptr)},
        {"status", header("Status", "ok, failed, or not run", nullptr)},
        {"best_tier", header("Best tier", "best AMP/ASCO/CAP tier of the sample's findings", nullptr)},
        {"tier_I", header("Tier I", "findings with tier IA or IB", "{:,.0f}")},
        {"tier_II", header("Tier II", "findings with tier IIC or IID", "{:,.0f}")},
        {"findings", header("Findings", "matched biomarkers", "{:,.0f}")},
        {"variants_listed", header("Variants", "variants listed in the report", "{:,.0f}")},
        {"trials", header("Trials", "matching clinical trials", "{:,.0f}")},
    };
    JsonStream w(out);
    w.begin_object();
    for (auto it = j.begin(); it != j.end(); ++it) w.key(it.key()).value(*it);
    w.key("data").begin_object();
    samples.for_each([&](const CohortSample& s) {
        json row;
        row["tumor_type"] = s.tumor_type.empty() ? "NA" : s.tumor_type;
        row["status"] = s.status;
        if (s.status == "ok") {
            int t1 = 0, t2 = 0;
            std::optional<std::string> best;
            for (const auto& f : s.findings) {
                const int r = tier_rank(f.tier);
                if (r <= 1) ++t1;
                else if (r <= 3) ++t2;
                if (r < tier_rank(best)) best = f.tier;
            }
            row["best_tier"] = best ? *best : "none";
            row["tier_I"] = t1;
            row["tier_II"] = t2;
            row["findings"] = s.findings.size();
            row["variants_listed"] = s.variants;
            row["trials"] = s.trials;
        }
        w.key(s.sample).value(row);
    });
    w.end_object();
    w.end_object();
    w.finish();
}

}  // namespace oncomatch
