// `oncomatch kb import civic|trials …`: options -> validated importer config -> importer.
// The importers write all their output files or none (AtomicFile); a summary goes to stderr.
#include <boost/program_options.hpp>
#include <iostream>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/kb_import/civic.hpp"
#include "oncomatch/kb_import/trials.hpp"

namespace po = boost::program_options;
namespace fs = std::filesystem;

namespace oncomatch::cli {
namespace {

po::variables_map parse(const Args& args, const po::options_description& opts, const po::positional_options_description& pos,
                        const std::string& usage) {
    po::options_description hidden;
    hidden.add_options()("input", po::value<std::string>());
    po::options_description all;
    all.add(opts).add(hidden);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).style(kCommandLineStyle).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("kb import: ") + e.what(), usage);
    }
    if (vm.count("help")) {
        std::cout << "Usage: " << usage << "\n\n" << opts << "\n";
        throw Error(ExitCode::ok, {}, "");
    }
    return vm;
}

int import_civic(const Args& args) {
    kb_import::CivicImportConfig cfg;
    std::string kb_dir, doid_map, out, dump_date;
    std::vector<std::string> variants;
    po::options_description opts("kb import civic options");
    opts.add_options()("help,h", "show this help")("out-dir,o", po::value(&out), "output folder (created if missing)")(
        "variants", po::value(&variants), "CIViC table with GRCh37 coordinates (repeatable; the first naming a variant wins)")(
        "kb", po::value(&kb_dir), "knowledgebase whose oncotree/doid_to_oncotree.tsv maps diseases (default: bundled)")(
        "doid-map", po::value(&doid_map), "DOID -> OncoTree table (overrides --kb)")(
        "dump-date", po::value(&dump_date), "date of the CIViC dump (default: from the file name)");
    po::positional_options_description pos;
    pos.add("input", 1);
    const std::string usage = "oncomatch kb import civic EVIDENCE.tsv [--variants VARIANTS.tsv …] -o DIR";
    auto vm = parse(args, opts, pos, usage);
    if (!vm.count("input")) throw UsageError("kb import civic: no evidence file given", usage);
    cfg.evidence = vm["input"].as<std::string>();
    for (const auto& v : variants) cfg.variants.emplace_back(v);
    cfg.out_dir = out;
    cfg.dump_date = dump_date;
    cfg.doid_map = !doid_map.empty() ? fs::path(doid_map)
                                     : (kb_dir.empty() ? kb::default_kb_dir() : fs::path(kb_dir)) / "oncotree" / "doid_to_oncotree.tsv";
    const auto r = kb_import::import_civic(cfg);
    std::cerr << "civic: " << r.rows << " items in the dump, " << r.predictive << " accepted predictive, " << r.imported_items
              << " imported as " << r.evidence_entries << " evidence entries on " << r.biomarkers << " biomarkers ("
              << r.biomarkers_with_coordinates << " with GRCh37 coordinates), " << r.drugs << " therapies\n";
    long skipped = 0;
    for (const auto& [_, n] : r.skipped) skipped += n;
    std::cerr << "civic: " << skipped << " not imported, by reason:\n";
    for (const auto& [reason, n] : r.skipped) std::cerr << "  " << n << "\t" << reason << "\n";
    std::cerr << "civic: details in " << (fs::path(out) / "civic_import_report.tsv").string() << "\n";
    return 0;
}

int import_trials(const Args& args) {
    kb_import::TrialsImportConfig cfg;
    std::string kb_dir, out, as_of;
    po::options_description opts("kb import trials options");
    opts.add_options()("help,h", "show this help")("output,o", po::value(&out), "output YAML file (default: standard output)")(
        "kb", po::value(&kb_dir), "knowledgebase whose genes and OncoTree names are used to read criteria (default: bundled)")(
        "status-as-of", po::value(&as_of), "date the records were downloaded (default: each record's last update date)");
    po::positional_options_description pos;
    pos.add("input", 1);
    const std::string usage = "oncomatch kb import trials FILE.json [-o trials.yaml] [--kb DIR]";
    auto vm = parse(args, opts, pos, usage);
    if (!vm.count("input")) throw UsageError("kb import trials: no JSON file given", usage);
    cfg.input = vm["input"].as<std::string>();
    cfg.output = out;
    cfg.status_as_of = as_of;
    cfg.kb_dir = kb_dir.empty() ? kb::default_kb_dir() : fs::path(kb_dir);
    const auto r = kb_import::import_trials(cfg, std::cout);
    std::cerr << "trials: " << r.studies << " studies read, " << r.matchable << " with biomarker criteria and tumour types (" << r.kept_from_kb
              << " kept from the knowledgebase entry), "
              << r.flagged << " flagged for a curator\n";
    for (const auto& f : r.flags) std::cerr << "  " << f << "\n";
    std::cerr << "trials: status is as of each record's date (status_as_of): confirm current status on ClinicalTrials.gov\n";
    return 0;
}

}  // namespace

int run_kb_import(const Args& args) {
    const std::string usage = "oncomatch kb import civic EVIDENCE.tsv … | oncomatch kb import trials FILE.json …";
    if (args.empty()) throw UsageError("kb import: say what to import", usage);
    const Args rest(args.begin() + 1, args.end());
    if (args[0] == "civic") return import_civic(rest);
    if (args[0] == "trials") return import_trials(rest);
    if (args[0] == "--help" || args[0] == "-h") {
        std::cout << "Usage: " << usage << "\n";
        return 0;
    }
    throw UsageError("kb import: unknown source '" + args[0] + "'", "use 'civic' or 'trials'");
}

}  // namespace oncomatch::cli
