#pragma once
// `oncomatch kb import trials`: ClinicalTrials.gov API v2 study records (one study, a
// `{"studies": [...]}` page, or a list of studies) -> knowledgebase trial YAML. Keeps the NCT id,
// title, status (with the date it was known), phase, conditions (mapped to OncoTree), drug
// interventions, eligibility age and sex, and sites. Biomarker criteria are read from the
// conditions, keywords and inclusion criteria where they name a knowledgebase gene with a
// change the rule language expresses; anything else is left for a curator and flagged, and
// such a trial gets no criteria (so it is never matched by guesswork).
#include <filesystem>
#include <iosfwd>
#include <string>
#include <vector>

namespace oncomatch::kb_import {

struct TrialsImportConfig {
    std::filesystem::path input;
    std::filesystem::path output;      // empty: write to the stream given to import_trials
    std::filesystem::path kb_dir;      // genes (for criteria) and OncoTree / DOID names (for conditions)
    std::string status_as_of;          // empty: each record's last update date
};

struct TrialsImportResult {
    long studies = 0;
    long matchable = 0;                // criteria and tumour types both read
    long flagged = 0;                  // trials with anything left for a curator
    long kept_from_kb = 0;             // already in the knowledgebase: its criteria and tumour types kept
    std::vector<std::string> flags;    // "NCT…: what"
};

TrialsImportResult import_trials(const TrialsImportConfig& cfg, std::ostream& out);

// Pieces exposed for tests.
std::string ctgov_phase(const std::vector<std::string>& phases);      // ["PHASE1","PHASE2"] -> "1/2"
std::string ctgov_status(const std::string& overall_status);          // "RECRUITING" -> "recruiting"; "" when unknown
int ctgov_age_years(const std::string& age, bool& ok);                // "18 Years" -> 18, "6 Months" -> 0
std::string country_code(const std::string& country_name);            // "United States" -> "US"; "" when unknown

}  // namespace oncomatch::kb_import
