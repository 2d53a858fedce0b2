#pragma once
// Subcommand entry points. Each parses its own options into a typed Config, validates it, and
// runs; errors are thrown (oncomatch::Error) and mapped to exit codes once, in main().
#include <boost/program_options/cmdline.hpp>
#include <string>
#include <vector>

namespace oncomatch::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

// Options are matched whole: boost's default lets a prefix stand for an option ("--kb" was taken
// as "--kb-overlay" by `kb stats`, "--thread" for "--threads"), so a near-miss silently meant
// something else. Every subcommand parses with this style.
constexpr int kCommandLineStyle =
    boost::program_options::command_line_style::default_style & ~boost::program_options::command_line_style::allow_guessing;

int run_annotate(const Args& args, const std::string& command_line);
int run_batch(const Args& args, const std::string& command_line);
int run_kb(const Args& args, const std::string& command_line);
int run_kb_import(const Args& args);  // `kb import civic|trials`, dispatched from run_kb
int run_genes(const Args& args, const std::string& command_line);
int run_report(const Args& args, const std::string& command_line);

}  // namespace oncomatch::cli
