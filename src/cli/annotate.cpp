// `oncomatch annotate`: options -> validated AnnotateConfig -> knowledgebase (loaded once) ->
// run_sample (cli/sample_run.cpp: input header, streaming pipeline, interpretation, reports
// written atomically, or one format streamed to stdout for shell pipelines).
#include "oncomatch/cli/annotate.hpp"

#include <tbb/global_control.h>

#include <boost/program_options.hpp>
#include <algorithm>
#include <csignal>
#include <iostream>

#include "oncomatch/cli/annotate_options.hpp"
#include "oncomatch/cli/commands.hpp"
#include "oncomatch/cli/sample_run.hpp"
#include "oncomatch/error.hpp"

namespace po = boost::program_options;

namespace oncomatch::cli {

AnnotateConfig parse_annotate_args(const std::vector<std::string>& args) {
    AnnotateConfig c;
    SharedOptionText raw;
    po::options_description opts("annotate options");
    opts.add_options()
        ("help,h", "show this help")
        ("tumor-type,t", po::value(&c.tumor_type), "OncoTree code of the tumour (required), e.g. LUAD, COADREAD, _SOLID_")
        ("sample", po::value(&c.sample), "tumour column of the VCF (default: ##tumor_sample, a TUMOR column, or the only column)")
        ("sample-id", po::value(&c.sample_id), "report id and file name prefix (default: the tumour column's name)")
        ("stdout", po::value(&c.stdout_format), "write the report to stdout in this format (tsv, json, or vcf: the annotated pass-through) instead of files; "
                                                "files are then written only for formats given with --formats");
    add_shared_options(opts, c, raw);
    po::options_description hidden;
    hidden.add_options()("input", po::value(&c.input));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("input", 1);
    const po::variables_map vm = parse_command_line(args, "annotate", all, pos);
    if (vm.count("help")) {
        std::cout << "Usage: oncomatch annotate INPUT.vcf[.gz]|INPUT.bcf|- --tumor-type CODE [options]\n\n" << opts << "\n";
        throw Error(ExitCode::ok, {}, "");
    }
    if (c.input.empty()) throw UsageError("annotate: no input file", "usage: oncomatch annotate INPUT --tumor-type CODE");
    if (c.tumor_type.empty()) throw UsageError("annotate: --tumor-type is required", "give an OncoTree code, e.g. --tumor-type LUAD");
    finish_shared_options(c, raw);
    if (vm.count("stdout")) {
        if (c.stdout_format != "tsv" && c.stdout_format != "json" && c.stdout_format != "vcf")
            throw UsageError("unknown format '" + c.stdout_format + "' for --stdout", "use --stdout tsv, json or vcf");
        if (vm["formats"].defaulted()) c.formats.clear();  // stdout only, no files
        // The stream replaces the file of the same format.
        c.formats.erase(std::remove(c.formats.begin(), c.formats.end(), c.stdout_format), c.formats.end());
    }
    const bool has_country = std::any_of(c.clinical.begin(), c.clinical.end(), [](const auto& kv) { return kv.first == "country"; });
    if (c.trials_in_country && !has_country) throw UsageError("--trials-in-country needs --clinical country=CC");
    if (!c.sample_id.empty() && !is_safe_id(c.sample_id))
        throw UsageError("--sample-id '" + c.sample_id + "' is not a safe file name", "use letters, digits, '.', '_' and '-' only");
    return c;
}

int run_annotate(const Args& args, const std::string& command_line) {
    const AnnotateConfig c = parse_annotate_args(args);
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(c.threads));
    // A closed pipe downstream becomes a write error with a message (and exit 1) instead of a
    // silent death by SIGPIPE.
    if (!c.stdout_format.empty()) std::signal(SIGPIPE, SIG_IGN);
    const SharedKb shared(load_config_kb(c));
    const SampleOutcome out = run_sample(shared, c, command_line, c.stdout_format.empty() ? nullptr : &std::cout);
    const std::string where = out.files.empty() ? std::string("stdout (") + c.stdout_format + ")" : out.files.front().string();
    std::cerr << "oncomatch: " << out.id << ": " << out.findings << " finding(s), " << out.variants << " variant(s) listed, " << out.trials
              << " trial(s); report: " << where << "\n";
    return 0;
}

}  // namespace oncomatch::cli
