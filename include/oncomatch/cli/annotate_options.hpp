#pragma once
// The options `annotate` and `batch` share (knowledgebase, outputs, genome, clinical context,
// filters, caches), declared and validated in ONE place so both subcommands accept exactly the
// same spellings and give the same errors. Each subcommand adds its own options around these.
#include <boost/program_options.hpp>
#include <string>
#include <vector>

#include "oncomatch/cli/annotate.hpp"

namespace oncomatch::cli {

// Raw text of the shared options that need validating after parsing.
struct SharedOptionText {
    std::string formats, genome;
    std::vector<std::string> clinical;
};

// Declares the shared options, bound to `c` (typed values) and `raw` (text checked later).
void add_shared_options(boost::program_options::options_description& opts, AnnotateConfig& c, SharedOptionText& raw);

// Validates the shared options into `c` (formats, genome, clinical, threads, trial filter, kb
// default); throws UsageError.
void finish_shared_options(AnnotateConfig& c, const SharedOptionText& raw);

// Runs Boost.ProgramOptions over args (with the given positional names) and maps its errors to
// UsageError prefixed with the subcommand's name.
boost::program_options::variables_map parse_command_line(const std::vector<std::string>& args, const std::string& command,
                                                         const boost::program_options::options_description& all,
                                                         const boost::program_options::positional_options_description& pos);

// Validates one list of --clinical KEY=VALUE texts into ordered pairs (a key given twice is an
// error).
std::vector<std::pair<std::string, std::string>> parse_clinical_list(const std::vector<std::string>& kvs);

}  // namespace oncomatch::cli
