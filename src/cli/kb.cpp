// `oncomatch kb validate|stats [DIR]`: check a knowledgebase folder, or count what it holds.
// `oncomatch kb import …` is handed to cli/kb_import.cpp.
#include <boost/program_options.hpp>
#include <iostream>
#include <map>
#include <set>

#include "oncomatch/cli/commands.hpp"
#include "oncomatch/error.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/util/strings.hpp"

namespace po = boost::program_options;

namespace oncomatch::cli {
namespace {

struct KbConfig {
    std::string action;
    std::string dir;
    std::string overlay;
    std::string cache_dir;
    bool no_kb_cache = false;
    bool strict = false;  // validate: warnings fail too
};

KbConfig parse_kb_args(const Args& args) {
    KbConfig c;
    po::options_description opts("kb options");
    std::string kb_option;
    opts.add_options()("help,h", "show this help")("kb", po::value(&kb_option), "knowledgebase folder (the same as DIR)")(
        "kb-overlay", po::value(&c.overlay), "overlay folder to merge")(
        "cache-dir", po::value(&c.cache_dir), "folder for the compiled knowledgebase cache")(
        "no-kb-cache", po::bool_switch(&c.no_kb_cache), "neither read nor write the compiled cache")(
        "strict", po::bool_switch(&c.strict), "validate: treat warnings (e.g. a trial without sites) as errors");
    po::options_description hidden;
    hidden.add_options()("action", po::value(&c.action))("dir", po::value(&c.dir));
    po::options_description all;
    all.add(opts).add(hidden);
    po::positional_options_description pos;
    pos.add("action", 1).add("dir", 1);
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).style(kCommandLineStyle).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(std::string("kb: ") + e.what(), "see 'oncomatch kb --help'");
    }
    if (vm.count("help") || c.action.empty()) {
        std::cout << "Usage: oncomatch kb validate [DIR | --kb DIR] [--kb-overlay DIR] [--strict]\n"
                     "       oncomatch kb stats [DIR | --kb DIR] [--kb-overlay DIR]\n"
                     "       oncomatch kb import civic EVIDENCE.tsv [--variants VARIANTS.tsv] -o DIR\n"
                     "       oncomatch kb import trials FILE.json [-o FILE.yaml]\n\n"
                  << opts << "\n";
        throw Error(c.action.empty() && !vm.count("help") ? ExitCode::usage : ExitCode::ok, {}, c.action.empty() && !vm.count("help") ? "kb: no action given" : "");
    }
    if (c.action != "validate" && c.action != "stats")
        throw UsageError("kb: unknown action '" + c.action + "'", "use 'validate', 'stats' or 'import'");
    if (!kb_option.empty()) {
        if (!c.dir.empty() && c.dir != kb_option)
            throw UsageError("kb: two knowledgebase folders given ('" + c.dir + "' and --kb '" + kb_option + "')", "give one, as DIR or --kb DIR");
        c.dir = kb_option;
    }
    if (c.dir.empty()) c.dir = kb::default_kb_dir().string();
    return c;
}

void print_counts(const std::string& title, const std::map<std::string, int>& m) {
    std::cout << "## " << title << "\n";
    for (const auto& [k, v] : m) std::cout << k << "\t" << v << "\n";
    std::cout << "\n";
}

void count_rule(const kb::Rule& r, std::map<std::string, int>& kinds) {
    switch (r.kind) {
        case kb::RuleKind::all: kinds["combination (all)"]++; break;
        case kb::RuleKind::any: kinds["combination (any)"]++; break;
        case kb::RuleKind::negation: kinds["combination (not)"]++; break;
        case kb::RuleKind::ref: kinds["reference"]++; break;
        default: kinds[kb::rule_kind_name(r.kind)]++;
    }
}

// What an evidence entry's biomarker is made of: the kinds of its leaf rules and the genes they
// name (following biomarker references), so that combinations and fusions count under their genes.
void collect_leaves(const kb::Knowledgebase& kb, const kb::Rule& r, const std::string& gene, std::set<std::string>& kinds,
                    std::set<std::string>& genes, int depth = 0) {
    if (depth > 32) return;  // the loader rejects cycles; this only bounds the walk
    const std::string g = r.gene.empty() ? gene : r.gene;
    switch (r.kind) {
        case kb::RuleKind::ref:
            if (const auto* b = kb.biomarker(r.ref_id)) collect_leaves(kb, b->rule, b->gene, kinds, genes, depth + 1);
            return;
        case kb::RuleKind::all:
        case kb::RuleKind::any:
        case kb::RuleKind::negation:
            for (const auto& c : r.children) collect_leaves(kb, c, g, kinds, genes, depth + 1);
            return;
        case kb::RuleKind::fusion:
            kinds.insert("fusion");
            if (!r.five_prime.empty()) genes.insert(r.five_prime);
            if (!r.three_prime.empty()) genes.insert(r.three_prime);
            if (r.five_prime.empty() && r.three_prime.empty() && !g.empty()) genes.insert(g);
            return;
        case kb::RuleKind::copy_number: kinds.insert("copy number"); break;
        case kb::RuleKind::signature: kinds.insert("signature (" + r.signature + ")"); return;
        case kb::RuleKind::hla: kinds.insert("hla genotype"); genes.insert(g); return;
        case kb::RuleKind::expression: kinds.insert("expression (" + r.expression_method + ")"); break;
        default: kinds.insert("small variant");
    }
    if (!g.empty()) genes.insert(g);
}

// What a knowledgebase may hold but should not: loadable, yet incomplete for a reader. A trial
// without sites cannot be referred to (the reader is not told where it runs); `kb import trials`
// writes such entries for studies that list no locations yet, so this is a warning, an error
// only with --strict (the bundled knowledgebase is checked with --strict).
std::vector<kb::KbIssue> validation_warnings(const kb::Knowledgebase& kb) {
    std::vector<kb::KbIssue> w;
    for (const auto& t : kb.trials) {
        if (t.retired) continue;
        if (t.sites.empty()) {
            w.push_back({t.where, "trial " + t.nct_id + ": no sites",
                         "add sites with country and city (oncomatch kb import trials reads them from ClinicalTrials.gov), or retire it: retired: true"});
            continue;
        }
        for (const auto& s : t.sites)
            if (s.city.empty()) {
                w.push_back({t.where, "trial " + t.nct_id + ": a site in " + s.country + " has no city", "give each site its city"});
                break;
            }
    }
    return w;
}

}  // namespace

int run_kb(const Args& args, const std::string& /*command_line*/) {
    if (!args.empty() && args[0] == "import") return run_kb_import(Args(args.begin() + 1, args.end()));
    const KbConfig c = parse_kb_args(args);
    kb::LoadOptions lo;
    lo.dir = c.dir;
    lo.overlay = c.overlay;
    lo.cache_dir = c.cache_dir;
    lo.use_cache = !c.no_kb_cache;
    auto kb = kb::load_knowledgebase(lo);
    std::size_t active_ev = 0;
    for (const auto& e : kb->evidence) active_ev += e.retired ? 0 : 1;
    std::size_t active_trials = 0;
    for (const auto& t : kb->trials) active_trials += t.retired ? 0 : 1;
    if (c.action == "validate") {
        const auto warnings = validation_warnings(*kb);
        for (const auto& w : warnings)
            std::cerr << "oncomatch: " << (c.strict ? "error" : "warning") << ": " << w.where.str() << ": " << w.what << "\n  hint: " << w.hint << "\n";
        if (c.strict && !warnings.empty())
            throw InputError(c.dir, std::to_string(warnings.size()) + " warning(s) under --strict", "fix them, or validate without --strict");
        std::cout << "ok: " << c.dir << " (" << kb->name << " " << kb->version << ", sha256 " << kb->sha256 << ")\n"
                  << kb->genes.size() << " genes, " << kb->biomarkers.size() << " biomarkers, " << active_ev << " evidence entries, "
                  << active_trials << " trials (" << kb->trials.size() - active_trials << " retired), " << kb->drugs.size() << " drugs, "
                  << kb->oncotree.size() << " tumour types" << (warnings.empty() ? "" : ", " + std::to_string(warnings.size()) + " warning(s)") << "\n";
        return 0;
    }
    std::cout << "# " << kb->name << " " << kb->version << "\n# sha256 " << kb->sha256 << "\n\n";
    std::map<std::string, int> by_gene, by_level, by_kind, by_ev_kind, by_direction, by_source, trial_status, trial_country;
    for (const auto& b : kb->biomarkers)
        if (!b.retired) count_rule(b.rule, by_kind);
    for (const auto& e : kb->evidence) {
        if (e.retired) continue;
        std::set<std::string> kinds, genes;
        if (const auto* b = kb->biomarker(e.biomarker)) collect_leaves(*kb, b->rule, b->gene, kinds, genes);
        by_ev_kind[kinds.empty() ? "(unknown)" : join(std::vector<std::string>(kinds.begin(), kinds.end()), " + ")]++;
        if (genes.empty()) genes.insert("(genome-wide)");
        for (const auto& g : genes) by_gene[g]++;
        by_level[e.level.empty() ? "(untiered)" : e.level]++;
        by_direction[e.direction]++;
        by_source[e.source]++;
    }
    for (const auto& t : kb->trials) {
        if (t.retired) continue;
        trial_status[t.status]++;
        std::set<std::string> countries;
        for (const auto& s : t.sites) countries.insert(s.country);
        if (countries.empty()) countries.insert("(no sites)");
        for (const auto& cc : countries) trial_country[cc]++;
    }
    std::cout << "## totals\ngenes\t" << kb->genes.size() << "\nbiomarkers\t" << kb->biomarkers.size() << "\nevidence\t" << active_ev
              << "\ntrials\t" << active_trials << "\ntrials_retired\t" << kb->trials.size() - active_trials << "\ndrugs\t" << kb->drugs.size() << "\ntumour_types\t" << kb->oncotree.size() << "\n\n";
    print_counts("biomarkers by rule kind", by_kind);
    print_counts("evidence by level", by_level);
    print_counts("evidence by direction", by_direction);
    print_counts("evidence by source", by_source);
    print_counts("evidence by biomarker kind", by_ev_kind);
    print_counts("evidence by gene (an entry counts once for each gene its biomarker names)", by_gene);
    print_counts("trials by status", trial_status);
    print_counts("trials by site country", trial_country);
    return 0;
}

}  // namespace oncomatch::cli
