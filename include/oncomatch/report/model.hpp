#pragma once
// The report model: everything a writer (JSON, TSV, later VCF/PDF/HTML) needs, computed once by
// the interpreter. Writers only format it.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "oncomatch/match/matcher.hpp"

namespace oncomatch {

struct Requirement {
    std::string key, value;
    std::optional<bool> provided;  // true: met, false: not met, nullopt: not given
    std::string given;             // what the clinical context said, if anything
};

struct TherapyLine {
    std::size_t evidence = 0;      // index into kb.evidence
    std::vector<std::string> drugs, drugs_zh;
    bool combination = false;
    std::string direction, evidence_level, source_level;
    std::optional<std::string> tier;  // IA, IB, IIC, IID; nullopt = untiered / not offered
    std::string tier_reason;
    bool on_label = false;
    bool applies_here = false;      // evidence written for this tumour type (hierarchy-aware)
    bool excluded_here = false;     // tumour type listed in exclude_tumor_types
    bool offered = true;            // false when a requirement is not met
    std::vector<Requirement> requirements;
    std::vector<std::string> unconfirmed;  // conditions that could not be confirmed
    std::string supports;          // curated evidence id this (imported) entry supports
    bool conflict = false;         // direction disagrees with the curated entry for the same therapy
};

struct Finding {
    std::string id;                // F1, F2, ... in report order
    std::size_t biomarker = 0;
    std::string gene;
    std::vector<std::string> variant_ids;
    std::string match_type;
    bool confirmed = true;         // false: a combination with conditions not confirmed
    std::vector<std::string> unconfirmed;
    std::optional<std::string> tier;
    std::vector<TherapyLine> therapies;
};

struct ReportVariant {
    ReportVariant() = default;
    // Built around a call moved in (one move of the 1.3 kB call, not a default then an assignment).
    explicit ReportVariant(MatchedVariant&& m) : mv(std::move(m)) {}
    std::string id;                // V1, V2, ... in input order
    MatchedVariant mv;
    std::optional<std::string> tier;  // III, IV or nullopt (has a tiered finding)
    std::vector<std::string> finding_ids;
    std::string origin = "unknown";
};

struct TrialSiteOut {
    std::string country, city, facility;
};

struct TrialMatch {
    std::size_t trial = 0;         // index into kb.trials
    std::vector<std::string> matched_on;
    std::vector<std::string> not_checked;
    std::vector<TrialSiteOut> sites;  // requested country first
};

struct NotAssessed {
    std::string target, reason;
};

struct SampleInfo {
    std::string id, vcf_column, tumor_type;
    std::string genome;
    std::vector<std::pair<std::string, std::string>> clinical;  // ordered key -> value
};

struct Report {
    SampleInfo sample;
    std::vector<ReportVariant> variants;
    std::vector<Finding> findings;
    std::vector<TrialMatch> trials;
    std::vector<NotAssessed> not_assessed;
    std::map<std::string, std::string> qc_text;      // free-form QC facts
    std::map<std::string, long long> qc_counts;      // counters
    std::map<std::string, std::vector<std::string>> qc_lists;  // listed items (e.g. consequence disagreements)
};

int tier_rank(const std::optional<std::string>& tier);  // IA=0 ... IID=3, none=9

}  // namespace oncomatch
