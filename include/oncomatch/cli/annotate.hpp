#pragma once
// `oncomatch annotate`: options -> AnnotateConfig (validated before any work) -> run.
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "oncomatch/genome/build.hpp"

namespace oncomatch::cli {

struct AnnotateConfig {
    std::string input;
    std::string tumor_type;
    std::string sample;
    std::string sample_id;
    std::string kb_dir;
    std::string kb_overlay;
    std::string out_dir = ".";
    std::vector<std::string> formats{"json", "tsv"};
    int threads = 1;
    std::optional<Build> genome;
    std::string reference;
    std::string target_bed;
    std::vector<std::pair<std::string, std::string>> clinical;
    bool no_timestamp = false;
    bool include_filtered = false;
    bool whole_file = false;
    bool all_trials = false;
    bool trials_in_country = false;
    std::string vaf_field, depth_field;
    std::string cache_dir;   // compiled knowledgebase cache (empty: $ONCOMATCH_CACHE_DIR, $XDG_CACHE_HOME/oncomatch)
    bool no_kb_cache = false;
    std::string consequence = "own";       // own | file | both
    std::string on_ref_mismatch = "error"; // error | warn
    std::string transcripts;               // transcript pack (default: <kb>/transcripts/<build>.pack)
    std::string stdout_format;  // --stdout: tsv, json or vcf streamed to stdout (empty: none)
    std::string lang = "en";  // pdf/html report language (en | zh)
    std::string lab_config;   // pdf/html report: laboratory YAML
};

// Parses and validates; throws UsageError for bad options (exit 2).
AnnotateConfig parse_annotate_args(const std::vector<std::string>& args);
// --clinical KEY=VALUE validation (shared with batch; cli/annotate_options.cpp).
std::pair<std::string, std::string> parse_clinical(const std::string& kv);
// Letters, digits, '.', '_', '-'; not starting with '.'.
bool is_safe_id(const std::string& id);

}  // namespace oncomatch::cli
