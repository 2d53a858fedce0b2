// oncomatch: tumour sequencing results -> actionability report.
// One explicit subcommand table (as bcftools' main.c); the one try/catch that maps errors to
// fixed exit codes: 0 ok, 1 bad input or data, 2 usage, 3 internal.
#include <htslib/hts.h>
#include <oneapi/tbb/version.h>
#include <yaml-cpp/yaml.h>

#include <cstring>
#include <iostream>

#include <malloc.h>
#include <string>
#include <vector>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/util/interrupt.hpp"
#include "oncomatch/version.hpp"

namespace {

struct Subcommand {
    const char* name;
    const char* summary;
    int (*run)(const oncomatch::cli::Args&, const std::string&);
};

constexpr Subcommand kSubcommands[] = {
    {"annotate", "match a tumour VCF/BCF against the knowledgebase and write the report", oncomatch::cli::run_annotate},
    {"batch", "annotate every sample of a sample sheet (one process, shared knowledgebase) + cohort summary", oncomatch::cli::run_batch},
    {"kb", "knowledgebase tools: validate, stats, import civic|trials", oncomatch::cli::run_kb},
    {"genes", "transcript packs: build (GTF/GFF3 + FASTA), info", oncomatch::cli::run_genes},
    {"report", "re-render a saved report JSON as PDF or HTML (English or Chinese)", oncomatch::cli::run_report},
};

void usage(std::ostream& out) {
    out << "oncomatch " << oncomatch::kToolVersion << ": tumour sequencing results -> actionability report\n\n"
        << "Usage: oncomatch <command> [options]\n\nCommands:\n";
    for (const auto& s : kSubcommands) out << "  " << s.name << std::string(12 - std::strlen(s.name), ' ') << s.summary << "\n";
    out << "\nRun 'oncomatch <command> --help' for a command's options; 'oncomatch --version' for versions.\n";
}

std::string shell_quote(const std::string& s) {
    if (!s.empty() && s.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;") == std::string::npos) return s;
    std::string out = "'";
    for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

void print_error(const std::string& where_what, const std::string& hint) {
    std::cerr << "oncomatch: error: " << where_what << "\n";
    if (!hint.empty()) std::cerr << "  hint: " << hint << "\n";
}

}  // namespace

int main(int argc, char** argv) {
    using namespace oncomatch;
    install_interrupt_cleanup();     // before any thread: a stopped run leaves no temporaries behind
    hts_set_log_level(HTS_LOG_OFF);  // every failure is reported by oncomatch itself, with its place
    // Batches and reports allocate and free megabytes at a time: keep freed memory in the heap
    // for reuse instead of returning it to the kernel and faulting it back in page by page.
    mallopt(M_TRIM_THRESHOLD, 256 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
    if (argc < 2) {
        usage(std::cerr);
        return static_cast<int>(ExitCode::usage);
    }
    const std::string cmd = argv[1];
    if (cmd == "--help" || cmd == "-h" || cmd == "help") {
        usage(std::cout);
        return 0;
    }
    if (cmd == "--version" || cmd == "version") {
        std::cout << "oncomatch " << kToolVersion << "\nhtslib " << hts_version() << "\noneTBB " << TBB_VERSION_STRING
                  << "\nyaml-cpp " << ONCOMATCH_YAMLCPP_VERSION << "\n";
        try {
            kb::LoadOptions lo;
            lo.dir = kb::default_kb_dir();
            auto kb = kb::load_knowledgebase(lo);
            std::cout << "knowledgebase " << kb->name << " " << kb->version << " (" << kb::default_kb_dir().string() << ")\n";
        } catch (const std::exception&) {
            std::cout << "knowledgebase: not found (set ONCOMATCH_KB)\n";
        }
        return 0;
    }
    std::string command_line = "oncomatch";
    for (int i = 1; i < argc; ++i) command_line += " " + shell_quote(argv[i]);
    for (const auto& s : kSubcommands) {
        if (cmd != s.name) continue;
        cli::Args args(argv + 2, argv + argc);
        try {
            return s.run(args, command_line);
        } catch (const kb::KbLoadError& e) {
            for (const auto& issue : e.issues()) print_error(issue.where.str() + ": " + issue.what, issue.hint);
            print_error(e.message(), e.hint());
            return static_cast<int>(e.code());
        } catch (const Error& e) {
            if (e.code() == ExitCode::ok) return 0;  // --help
            print_error(e.message(), e.hint());
            return static_cast<int>(e.code());
        } catch (const std::bad_alloc&) {
            print_error("out of memory", "");
            return static_cast<int>(ExitCode::internal);
        } catch (const std::exception& e) {
            print_error(std::string("internal error: ") + e.what(), "please report this with the command line: " + command_line);
            return static_cast<int>(ExitCode::internal);
        }
    }
    print_error("unknown command '" + cmd + "'", "run 'oncomatch --help' for the list of commands");
    return static_cast<int>(ExitCode::usage);
}
