#pragma once
// Cohort summary of a batch: one CohortSample per sheet row, built from each sample's JSON report
// (the same path for samples run now and samples reused by resume), plus the writers:
//   cohort.oncomatch.tsv  one row per sample x finding (a sample without findings, or failed, gets
//                         one row with NA finding columns), in sheet order
//   cohort.html           self-contained page (inline CSS): samples x actionable genes matrix,
//                         counts by tier and tumour type, samples without an actionable finding,
//                         samples that failed
//   oncomatch_mqc.json    MultiQC custom content (a table section), so the batch shows up in a
//                         laboratory's MultiQC report
// Deterministic: same reports and options give byte-identical files (times only when asked).
#include <filesystem>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "oncomatch/kb/knowledgebase.hpp"
#include "oncomatch/report/model.hpp"

namespace oncomatch {

struct CohortTherapy {
    std::string drugs, direction, tier;  // tier: IA..IID
};

struct CohortFinding {
    std::string gene, biomarker_id, biomarker_label, match_type, variants;  // variants: "V600E" or "7:140453136 A>T"
    std::optional<std::string> tier;  // best tier; nullopt: untiered (not actionable here)
    std::vector<CohortTherapy> therapies;  // tiered, offered therapies
};

struct CohortSample {
    std::string sample, input, tumor_type, notes;
    std::string status = "ok";   // ok | failed | not_run
    std::string run;             // new | reused (resume) | "" when not ok
    int exit_code = 0;
    std::string error;           // message (and hint) when failed or not run
    std::string tumor_type_name, genome;
    long long variants = 0, tier3_variants = 0, tier4_variants = 0, trials = 0, not_assessed = 0;
    std::vector<CohortFinding> findings;
};

struct CohortMeta {
    std::string sheet;           // as given
    std::string kb_name, kb_version, kb_sha256;
    std::string generated_at;    // empty with --no-timestamp
    std::string tool_version;
};

// Fills the report-derived fields of `s` from a JSON report; throws InputError when unreadable.
void summarise_report_json(const std::filesystem::path& json_path, CohortSample& s);
// The same from the report model of a sample run now (no re-reading of its JSON).
void summarise_report(const Report& rep, const kb::Knowledgebase& kb, CohortSample& s);

bool is_actionable(const CohortFinding& f);  // a tier I/II finding

// The writers visit the samples one at a time (a batch's are spilled to disk: report/cohort_store.hpp),
// so writing the summary of a thousand samples holds one sample, not all of them.
class CohortSamples;
void write_cohort_tsv(std::ostream& out, const CohortSamples& samples);
void write_cohort_html(std::ostream& out, const CohortSamples& samples, const CohortMeta& meta);
void write_cohort_multiqc(std::ostream& out, const CohortSamples& samples, const CohortMeta& meta);
void write_cohort_tsv(std::ostream& out, const std::vector<CohortSample>& samples);
void write_cohort_html(std::ostream& out, const std::vector<CohortSample>& samples, const CohortMeta& meta);
void write_cohort_multiqc(std::ostream& out, const std::vector<CohortSample>& samples, const CohortMeta& meta);

}  // namespace oncomatch
