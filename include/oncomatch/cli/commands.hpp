#pragma once
// Subcommand entry points. Each parses its own options into a typed Config, validates it, and
// runs; errors are thrown (oncomatch::Error) and mapped to exit codes once, in main().
#include <string>
#include <vector>

namespace oncomatch::cli {

using Args = std::vector<std::string>;  // arguments after the subcommand name

int run_annotate(const Args& args, const std::string& command_line);
int run_batch(const Args& args, const std::string& command_line);
int run_kb(const Args& args, const std::string& command_line);
int run_kb_import(const Args& args);  // `kb import civic|trials`, dispatched from run_kb
int run_genes(const Args& args, const std::string& command_line);
int run_report(const Args& args, const std::string& command_line);

}  // namespace oncomatch::cli
