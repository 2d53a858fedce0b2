#pragma once
// Interpretation of one sample: combines the per-variant hits into findings, evaluates combined
// and negated biomarkers with three-valued logic, assigns AMP/ASCO/CAP tiers per therapy
// (tumour type via OncoTree, exclusions, requirements against the clinical context, CIViC
// evidence under curated evidence), matches trials, and lists what could not be assessed.
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "oncomatch/kb/index.hpp"
#include "oncomatch/report/model.hpp"

namespace oncomatch {

struct InterpretOptions {
    std::string tumor_type;                                     // canonical OncoTree code
    std::vector<std::pair<std::string, std::string>> clinical;  // validated --clinical pairs
    const kb::RegionSet* target = nullptr;                      // --target-bed (normalised names)
    bool include_filtered = false;
    bool all_trials = false;
    bool trials_in_country = false;
};

// Three-valued truth for rules: true, false, or unknown (not assessable).
enum class Tri { no = 0, yes = 1, unknown = 2 };

// Evaluates rules of one sample (used by findings and trials).
class RuleEvaluator {
public:
    RuleEvaluator(const kb::KbIndex& index, const std::vector<ReportVariant>& calls, const InterpretOptions& opts);
    Tri eval(const kb::Rule& rule, bool negated = false) const;
    // Leaves that are true (positive context) and unknown, with labels.
    void explain(const kb::Rule& rule, bool negated, std::vector<std::string>& true_leaves,
                 std::vector<std::string>& unknown_leaves, std::vector<std::string>& variant_ids) const;
    std::string label(const kb::Rule& rule) const;
    bool covered(const kb::Rule& rule, const std::string& gene_hint) const;  // all loci inside the target

private:
    Tri leaf(const kb::Rule& rule, bool negated, std::vector<std::string>* vids) const;
    const kb::KbIndex& index_;
    const kb::Knowledgebase& kb_;
    const std::vector<ReportVariant>& calls_;
    // Lookups so that each rule leaf visits only the calls that can match it.
    // Keys are views into the calls' own strings (no copy per call: a panel lists thousands).
    std::unordered_map<std::string_view, std::vector<std::size_t>> calls_by_gene_;
    std::unordered_map<std::size_t, std::vector<std::size_t>> calls_by_biomarker_;
    struct LocusCall {
        std::string_view chrom;
        std::int64_t pos0;
        std::size_t call;
        bool operator<(const LocusCall& o) const { return std::tie(chrom, pos0, call) < std::tie(o.chrom, o.pos0, o.call); }
    };
    std::vector<LocusCall> calls_by_locus_;  // sorted by chromosome, position, call
    const InterpretOptions& opts_;
};

// all / any / not / ref: rules over other biomarkers, resolved per sample (not per variant).
bool is_combination_rule(const kb::Rule& r);
// Tier of a listed variant without a tiered finding: IV when common in a population (>= 1 %), else III.
std::string untiered_variant_tier(const MatchedVariant& m);

// `calls` are every matched variant kept by the stream (reportable ones and every hit,
// filtered included), in input order; ids are assigned here.
Report interpret(const kb::KbIndex& index, std::vector<MatchedVariant> calls, const InterpretOptions& opts);
// The same, with the calls in consecutive batches (as the streaming pipeline collects them).
Report interpret(const kb::KbIndex& index, std::vector<std::vector<MatchedVariant>> batches, const InterpretOptions& opts);

}  // namespace oncomatch
