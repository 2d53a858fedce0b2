// Options shared by `annotate` and `batch` (see header): one declaration, one validation.
#include "oncomatch/cli/annotate_options.hpp"
#include "oncomatch/cli/commands.hpp"
#include "oncomatch/cli/report.hpp"

#include <algorithm>
#include <map>
#include <regex>
#include <set>

#include "oncomatch/error.hpp"
#include "oncomatch/kb/hla.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/util/strings.hpp"

namespace po = boost::program_options;

namespace oncomatch::cli {

bool is_safe_id(const std::string& id) {
    if (id.empty() || id.size() > 200 || id[0] == '.' || id[0] == '-') return false;
    for (char c : id)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-')) return false;
    return true;
}

std::pair<std::string, std::string> parse_clinical(const std::string& kv) {
    auto eq = kv.find('=');
    if (eq == std::string::npos || eq == 0)
        throw UsageError("--clinical '" + kv + "' is not KEY=VALUE", "e.g. --clinical her2_status=negative");
    std::string key = kv.substr(0, eq), value = std::string(trim(kv.substr(eq + 1)));
    static const std::map<std::string, std::set<std::string>> allowed = {
        {"sex", {"female", "male"}},
        {"er_status", {"positive", "negative"}},
        {"pr_status", {"positive", "negative"}},
        {"hr_status", {"positive", "negative"}},
        {"her2_status", {"positive", "low", "negative"}},
        {"menopausal_status", {"pre", "post"}},
        {"germline_tested", {"true", "false"}},
        {"age", {}},
        {"country", {}},
        {"prior_therapy", {}},
        {"hla", {}},
        {"expression", {}},
    };
    auto it = allowed.find(key);
    if (it == allowed.end()) {
        std::vector<std::string> keys;
        for (const auto& [k, _] : allowed) keys.push_back(k);
        throw UsageError("unknown --clinical key '" + key + "'", "known keys: " + join(keys, ", "));
    }
    if (!it->second.empty() && !it->second.count(value)) {
        std::vector<std::string> vals(it->second.begin(), it->second.end());
        throw UsageError("--clinical " + key + ": unknown value '" + value + "'", "use one of: " + join(vals, ", "));
    }
    if (key == "age") {
        auto a = parse_number<int>(value);
        if (!a || *a < 0 || *a > 130) throw UsageError("--clinical age must be a whole number of years, not '" + value + "'");
    }
    if (key == "country") {
        static const std::regex re("^[A-Z]{2}$");
        if (!std::regex_match(value, re)) throw UsageError("--clinical country must be an ISO 3166 alpha-2 code like CN, US, DE, not '" + value + "'");
    }
    if (key == "hla") {  // the patient's HLA typing: alleles, comma-separated
        if (value.empty()) throw UsageError("--clinical hla needs HLA alleles, comma-separated", "e.g. --clinical hla=A*02:01,A*24:02");
        for (auto a : split(value, ','))
            if (!kb::is_hla_allele(std::string(trim(a))))
                throw UsageError("--clinical hla: bad HLA allele '" + std::string(trim(a)) + "'",
                                 "write WHO nomenclature without 'HLA-', e.g. A*02:01 or A*02:01:01");
    }
    if (key == "expression") {  // protein/RNA expression results: GENE:positive|negative, comma-separated
        static const std::regex re("^[A-Za-z0-9][A-Za-z0-9.-]*:(positive|negative)$");
        if (value.empty()) throw UsageError("--clinical expression needs GENE:positive|negative items", "e.g. --clinical expression=MAGEA4:positive");
        std::set<std::string> genes;
        for (auto a : split(value, ',')) {
            const std::string item(trim(a));
            if (!std::regex_match(item, re))
                throw UsageError("--clinical expression: bad item '" + item + "'", "write GENE:positive or GENE:negative, e.g. MAGEA4:positive");
            if (!genes.insert(item.substr(0, item.find(':'))).second)
                throw UsageError("--clinical expression: " + item.substr(0, item.find(':')) + " given twice");
        }
    }
    if (key == "prior_therapy" && value.empty()) throw UsageError("--clinical prior_therapy needs drug names, comma-separated");
    return {key, value};
}

std::vector<std::pair<std::string, std::string>> parse_clinical_list(const std::vector<std::string>& kvs) {
    std::vector<std::pair<std::string, std::string>> out;
    std::set<std::string> seen;
    for (const auto& kv : kvs) {
        auto p = parse_clinical(kv);
        if (!seen.insert(p.first).second) throw UsageError("--clinical " + p.first + " given twice");
        out.push_back(p);
    }
    return out;
}

void add_shared_options(po::options_description& opts, AnnotateConfig& c, SharedOptionText& raw) {
    opts.add_options()
        ("kb", po::value(&c.kb_dir), "knowledgebase folder (default: the bundled one, or $ONCOMATCH_KB)")
        ("kb-overlay", po::value(&c.kb_overlay), "local overlay folder whose entries add to or replace the knowledgebase's")
        ("out-dir,o", po::value(&c.out_dir)->default_value("."), "output folder (created if missing)")
        ("formats", po::value(&raw.formats)->default_value("json,tsv"), "comma-separated: json, tsv, vcf (annotated pass-through), pdf, html (clinician report)")
        ("lang", po::value(&c.lang)->default_value("en"), "pdf/html report language: en or zh")
        ("lab-config", po::value(&c.lab_config), "pdf/html report: YAML with the laboratory's name, address, logo, signatories")
        ("threads", po::value(&c.threads)->default_value(1), "worker threads")
        ("genome", po::value(&raw.genome), "GRCh38 or GRCh37 (required when the file does not say)")
        ("reference", po::value(&c.reference), "reference FASTA (faidx): checks REF and left-aligns indels")
        ("target-bed", po::value(&c.target_bed), "BED of the regions the assay covered")
        ("clinical", po::value(&raw.clinical)->composing(), "clinical context KEY=VALUE (repeatable)")
        ("no-timestamp", po::bool_switch(&c.no_timestamp), "omit volatile provenance (time, command line, threads, paths)")
        ("include-filtered", po::bool_switch(&c.include_filtered), "also report variants that failed FILTER (flagged)")
        ("whole-file", po::bool_switch(&c.whole_file), "stream the whole file even when an index exists")
        ("all-trials", po::bool_switch(&c.all_trials), "list trials whatever their recruitment status")
        ("trials-in-country", po::bool_switch(&c.trials_in_country), "list only trial sites in --clinical country")
        ("cache-dir", po::value(&c.cache_dir), "folder for the compiled knowledgebase cache (default $XDG_CACHE_HOME/oncomatch)")
        ("no-kb-cache", po::bool_switch(&c.no_kb_cache), "neither read nor write the compiled knowledgebase cache")
        ("vaf-field", po::value(&c.vaf_field), "FORMAT/INFO field holding the tumour allele fraction")
        ("depth-field", po::value(&c.depth_field), "FORMAT/INFO field holding the tumour depth")
        ("consequence", po::value(&c.consequence)->default_value("own"), "own | file | both: oncomatch's own HGVS annotation (genes with a transcript model), the file's VEP/SnpEff/BCSQ, or both")
        ("on-ref-mismatch", po::value(&c.on_ref_mismatch)->default_value("error"), "error | warn when a REF differs from the transcript model's sequence")
        ("transcripts", po::value(&c.transcripts), "transcript pack from 'oncomatch genes build' (default: the knowledgebase's transcripts/<build>.pack)");
}

void finish_shared_options(AnnotateConfig& c, const SharedOptionText& raw) {
    if (c.threads < 1 || c.threads > 256) throw UsageError("--threads must be between 1 and 256");
    c.formats.clear();
    for (auto f : split(raw.formats, ',')) {
        const std::string s(trim(f));
        if (s.empty()) continue;
        if (s == "json" || s == "tsv" || s == "vcf" || s == "pdf" || s == "html") {
            if (std::find(c.formats.begin(), c.formats.end(), s) == c.formats.end()) c.formats.push_back(s);
        } else {
            throw UsageError("unknown format '" + s + "' in --formats", "use json, tsv, vcf, pdf and/or html");
        }
    }
    if (c.formats.empty()) throw UsageError("--formats names no format", "use json, tsv, vcf, pdf and/or html");
    parse_lang_option(c.lang);
    if (c.consequence != "own" && c.consequence != "file" && c.consequence != "both")
        throw UsageError("--consequence must be own, file or both, not '" + c.consequence + "'");
    if (c.on_ref_mismatch != "error" && c.on_ref_mismatch != "warn")
        throw UsageError("--on-ref-mismatch must be error or warn, not '" + c.on_ref_mismatch + "'");
    if (!raw.genome.empty()) {
        auto b = parse_build(raw.genome);
        if (!b) throw UsageError("unknown --genome '" + raw.genome + "'", "use GRCh38 or GRCh37");
        c.genome = b;
    }
    c.clinical = parse_clinical_list(raw.clinical);
    if (c.kb_dir.empty()) c.kb_dir = kb::default_kb_dir().string();
}

po::variables_map parse_command_line(const std::vector<std::string>& args, const std::string& command, const po::options_description& all,
                                     const po::positional_options_description& pos) {
    po::variables_map vm;
    try {
        po::store(po::command_line_parser(args).options(all).positional(pos).style(kCommandLineStyle).run(), vm);
        po::notify(vm);
    } catch (const po::error& e) {
        throw UsageError(command + ": " + e.what(), "see 'oncomatch " + command + " --help'");
    }
    return vm;
}

}  // namespace oncomatch::cli
