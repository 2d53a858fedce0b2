// `oncomatch kb import trials` (see kb_import/trials.hpp). JSON is read with nlohmann::json;
// syntax errors are reported as FILE:LINE:COL, schema errors as FILE: JSON path
// (/studies/3/protocolSection/...). Output is sorted by NCT id.
#include "oncomatch/kb_import/trials.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <optional>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <ostream>
#include <regex>
#include <set>
#include <sstream>

#include "oncomatch/error.hpp"
#include "oncomatch/genome/build.hpp"
#include "oncomatch/kb/loader.hpp"
#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/strings.hpp"
#include "yaml_text.hpp"

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace oncomatch::kb_import {
namespace {

// ISO 3166-1 alpha-2 codes for the country names ClinicalTrials.gov writes.
const std::map<std::string, std::string>& countries() {
    static const std::map<std::string, std::string> m = {
        {"Argentina", "AR"}, {"Australia", "AU"}, {"Austria", "AT"}, {"Bangladesh", "BD"}, {"Belarus", "BY"}, {"Belgium", "BE"},
        {"Brazil", "BR"}, {"Bulgaria", "BG"}, {"Canada", "CA"}, {"Chile", "CL"}, {"China", "CN"}, {"Colombia", "CO"},
        {"Costa Rica", "CR"}, {"Croatia", "HR"}, {"Cuba", "CU"}, {"Cyprus", "CY"}, {"Czechia", "CZ"}, {"Czech Republic", "CZ"},
        {"Denmark", "DK"}, {"Ecuador", "EC"}, {"Egypt", "EG"}, {"Estonia", "EE"}, {"Ethiopia", "ET"}, {"Finland", "FI"},
        {"France", "FR"}, {"Georgia", "GE"}, {"Germany", "DE"}, {"Ghana", "GH"}, {"Greece", "GR"}, {"Guatemala", "GT"},
        {"Hong Kong", "HK"}, {"Hungary", "HU"}, {"Iceland", "IS"}, {"India", "IN"}, {"Indonesia", "ID"},
        {"Iran, Islamic Republic of", "IR"}, {"Iran", "IR"}, {"Iraq", "IQ"}, {"Ireland", "IE"}, {"Israel", "IL"}, {"Italy", "IT"},
        {"Japan", "JP"}, {"Jordan", "JO"}, {"Kazakhstan", "KZ"}, {"Kenya", "KE"}, {"Korea, Republic of", "KR"}, {"South Korea", "KR"},
        {"Kuwait", "KW"}, {"Latvia", "LV"}, {"Lebanon", "LB"}, {"Lithuania", "LT"}, {"Luxembourg", "LU"}, {"Malaysia", "MY"},
        {"Malta", "MT"}, {"Mexico", "MX"}, {"Moldova, Republic of", "MD"}, {"Morocco", "MA"}, {"Netherlands", "NL"},
        {"New Zealand", "NZ"}, {"Nigeria", "NG"}, {"North Macedonia", "MK"}, {"Norway", "NO"}, {"Pakistan", "PK"}, {"Panama", "PA"},
        {"Peru", "PE"}, {"Philippines", "PH"}, {"Poland", "PL"}, {"Portugal", "PT"}, {"Puerto Rico", "PR"}, {"Qatar", "QA"},
        {"Romania", "RO"}, {"Russian Federation", "RU"}, {"Russia", "RU"}, {"Saudi Arabia", "SA"}, {"Serbia", "RS"},
        {"Singapore", "SG"}, {"Slovakia", "SK"}, {"Slovenia", "SI"}, {"South Africa", "ZA"}, {"Spain", "ES"}, {"Sri Lanka", "LK"},
        {"Sweden", "SE"}, {"Switzerland", "CH"}, {"Taiwan", "TW"}, {"Thailand", "TH"}, {"Tunisia", "TN"}, {"Turkey", "TR"},
        {"Türkiye", "TR"}, {"Uganda", "UG"}, {"Ukraine", "UA"}, {"United Arab Emirates", "AE"}, {"United Kingdom", "GB"},
        {"United States", "US"}, {"Uruguay", "UY"}, {"Venezuela", "VE"}, {"Vietnam", "VN"}, {"Viet Nam", "VN"}};
    return m;
}

// Where a schema problem is: FILE: /json/path: what.
[[noreturn]] void bad(const fs::path& file, const std::string& path, const std::string& what, const std::string& hint = {}) {
    throw InputError(file.string() + ": " + (path.empty() ? "/" : path), what,
                     hint.empty() ? "expected ClinicalTrials.gov API v2 study records (https://clinicaltrials.gov/data-api/api)" : hint);
}

// Optional member access with type checks that name the JSON path.
struct At {
    const fs::path& file;
    const json& j;
    std::string path;

    At child(const std::string& key) const {
        static const json null_value;
        if (!j.is_object()) return {file, null_value, path + "/" + key};
        auto it = j.find(key);
        return {file, it == j.end() ? null_value : *it, path + "/" + key};
    }
    bool present() const { return !j.is_null(); }
    std::string str(bool required = false) const {
        if (j.is_null()) {
            if (required) bad(file, path, "missing");
            return {};
        }
        if (!j.is_string()) bad(file, path, std::string("expected text, found ") + j.type_name());
        return j.get<std::string>();
    }
    std::vector<At> items() const {
        std::vector<At> out;
        if (j.is_null()) return out;
        if (!j.is_array()) bad(file, path, std::string("expected a list, found ") + j.type_name());
        for (std::size_t i = 0; i < j.size(); ++i) out.push_back({file, j[i], path + "/" + std::to_string(i)});
        return out;
    }
    std::vector<std::string> strs() const {
        std::vector<std::string> out;
        for (const auto& i : items()) out.push_back(i.str());
        return out;
    }
};

std::string normalise_name(const std::string& s) {
    std::string out;
    bool space = false;
    for (unsigned char c : s) {
        if (std::isalnum(c)) {
            if (space && !out.empty()) out.push_back(' ');
            space = false;
            out.push_back(static_cast<char>(std::tolower(c)));
        } else {
            space = true;
        }
    }
    // Plural and "advanced/metastatic" qualifiers do not change the tumour type.
    for (const char* q : {"advanced ", "metastatic ", "recurrent ", "refractory ", "unresectable ", "locally "})
        for (std::size_t p = out.find(q); p != std::string::npos; p = out.find(q)) out.erase(p, std::strlen(q));
    if (out.size() > 3 && out.back() == 's' && out.compare(out.size() - 2, 2, "ss") != 0) out.pop_back();
    return out;
}

// What the knowledgebase already says about a trial: a curator's criteria and tumour types are
// kept when the trial is re-imported to refresh its status.
struct Curated {
    std::string criteria;  // YAML flow text
    std::vector<std::string> tumours, excluded;
};

struct Vocab {
    std::set<std::string> genes;
    std::map<std::string, std::string> tumour_by_name;  // normalised name -> OncoTree code
    std::map<std::string, Curated> curated;             // NCT id -> existing entry
};

// A loaded rule back to the YAML flow text the loader reads.
std::string rule_yaml(const kb::Rule& r) {
    using K = kb::RuleKind;
    const std::string gene = r.gene.empty() ? std::string() : "gene: " + r.gene + ", ";
    switch (r.kind) {
        case K::ref: return yaml_scalar(r.ref_id);
        case K::all: case K::any: {
            std::vector<std::string> parts;
            for (const auto& c : r.children) parts.push_back(rule_yaml(c));
            return std::string("{") + (r.kind == K::all ? "all" : "any") + ": [" + join(parts, ", ") + "]}";
        }
        case K::negation: return "{not: " + (r.children.empty() ? std::string("[]") : rule_yaml(r.children.front())) + "}";
        case K::protein: return "{" + gene + "protein: " + yaml_scalar(r.protein) + "}";
        case K::codon: return "{" + gene + "codon: " + (r.codon_aa ? std::string(1, r.codon_aa) : std::string()) + std::to_string(r.codon) + "}";
        case K::exon: return "{" + gene + "exon: {number: " + std::to_string(r.exon) + ", class: " + kb::variant_class_name(r.cls) + "}}";
        case K::gene_class: return "{" + gene + "gene_class: " + kb::variant_class_name(r.cls) + "}";
        case K::copy_number: return "{" + gene + "copy_number: " + r.copy_number + "}";
        case K::fusion: {
            std::vector<std::string> parts;
            if (!r.five_prime.empty()) parts.push_back("five_prime: " + r.five_prime);
            if (!r.three_prime.empty()) parts.push_back("three_prime: " + r.three_prime);
            return "{" + gene + "fusion: {" + join(parts, ", ") + "}}";
        }
        case K::signature:
            if (r.signature == "msi_high") return "{signature: {msi: high}}";
            if (r.signature == "hrd") return "{signature: {hrd: positive}}";
            return "{signature: {tmb_min: " + format_double(r.tmb_min) + "}}";
        case K::hla: {
            std::vector<std::string> as;
            for (const auto& a : r.hla) as.push_back(yaml_scalar(a));
            return "{hla: [" + join(as, ", ") + "]}";
        }
        case K::expression: return "{" + gene + "expression: {status: " + r.expression + ", method: " + r.expression_method + "}}";
        case K::allele: {
            std::vector<std::string> builds;
            for (int b = 0; b < kBuildCount; ++b) {
                if (r.alleles[b].empty()) continue;
                std::vector<std::string> as;
                for (const auto& a : r.alleles[b])
                    as.push_back("{chrom: \"" + a.chrom + "\", pos: " + std::to_string(a.pos0 + 1) + ", ref: " + a.ref + ", alt: " + a.alt + "}");
                builds.push_back(std::string(build_name(static_cast<Build>(b))) + ": [" + join(as, ", ") + "]");
            }
            return "{allele: {" + join(builds, ", ") + "}}";
        }
    }
    return {};
}

void read_tsv_cols(const fs::path& path, const std::string& key_col, const std::string& val_col,
                   const std::function<void(const std::string&, const std::string&)>& fn) {
    std::ifstream in(path);
    if (!in) throw InputError(path.string(), "cannot open file", "check --kb");
    std::string line;
    int k = -1, v = -1;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        auto f = split_copy(line, '\t');
        if (k < 0) {
            for (std::size_t i = 0; i < f.size(); ++i) {
                if (f[i] == key_col) k = static_cast<int>(i);
                if (f[i] == val_col) v = static_cast<int>(i);
            }
            if (k < 0 || v < 0) throw InputError(path.string(), "missing column '" + key_col + "' or '" + val_col + "'");
            continue;
        }
        if (static_cast<int>(f.size()) > std::max(k, v)) fn(f[k], f[v]);
    }
}

Vocab load_vocab(const fs::path& kb_dir) {
    Vocab v;
    kb::LoadOptions lo;
    lo.dir = kb_dir;
    auto kb = kb::load_knowledgebase(lo);
    for (const auto& g : kb->genes) v.genes.insert(g.symbol);
    for (const auto& t : kb->trials) {
        if (t.retired) continue;
        Curated c;
        if (t.criteria) c.criteria = rule_yaml(*t.criteria);
        c.tumours = t.tumor_types;
        c.excluded = t.exclude_tumor_types;
        v.curated[t.nct_id] = std::move(c);
    }
    // OncoTree names first, then Disease Ontology names (from the DOID map) where not taken.
    read_tsv_cols(kb_dir / "oncotree" / "oncotree.tsv", "name", "code",
                  [&](const std::string& name, const std::string& code) { v.tumour_by_name.emplace(normalise_name(name), code); });
    if (fs::exists(kb_dir / "oncotree" / "doid_to_oncotree.tsv"))
        read_tsv_cols(kb_dir / "oncotree" / "doid_to_oncotree.tsv", "disease_name", "oncotree_code",
                      [&](const std::string& name, const std::string& code) { v.tumour_by_name.emplace(normalise_name(name), code); });
    for (const char* s : {"solid tumor", "solid tumour", "solid neoplasm", "malignant solid tumor", "malignant solid neoplasm"})
        v.tumour_by_name[s] = "_SOLID_";
    return v;
}

// Gene aliases trial texts use for knowledgebase symbols.
const std::map<std::string, std::string>& gene_aliases() {
    static const std::map<std::string, std::string> m = {{"HER2", "ERBB2"}, {"HER-2", "ERBB2"}, {"C-MET", "MET"}, {"PD-L1", "CD274"}};
    return m;
}

// Biomarker rules named in free text: "KRAS G12C", "EGFR exon 19 deletion", "ALK fusion",
// "HER2 amplification". Returns YAML flow rules with their gene, sorted and unique.
std::set<std::string> find_criteria(const std::string& text, const Vocab& v) {
    std::set<std::string> rules;
    static const std::regex word_re(R"([A-Za-z0-9][A-Za-z0-9-]*)");
    static const std::regex prot_re(R"(^\s*(?:p\.)?([A-Z])(\d{1,4})([A-Z])\b)");
    static const std::regex exon_re(R"(^\s*exon\s+(\d{1,3})\s+(deletion|insertion|skipping)s?\b)", std::regex::icase);
    static const std::regex class_re(R"(^[\s-]*(fusions?|rearrangements?|rearranged|amplifications?|amplified)\b)", std::regex::icase);
    for (auto it = std::sregex_iterator(text.begin(), text.end(), word_re); it != std::sregex_iterator(); ++it) {
        std::string w = it->str();
        std::string gene = w;
        if (auto a = gene_aliases().find(to_upper(w)); a != gene_aliases().end()) gene = a->second;
        if (!v.genes.count(gene) || w != to_upper(w)) continue;  // gene symbols are written in capitals
        const std::string rest = text.substr(static_cast<std::size_t>(it->position() + it->length()), 60);
        std::smatch m;
        if (std::regex_search(rest, m, prot_re)) {
            rules.insert("{gene: " + gene + ", protein: " + m[1].str() + m[2].str() + m[3].str() + "}");
            // "BRAF V600E or V600K", "KRAS G12C/G12D": further changes of the same gene.
            static const std::regex more_re(R"(^\s*(?:,|/|or|and)\s*(?:p\.)?([A-Z])(\d{1,4})([A-Z])\b)");
            std::string tail = m.suffix().str();
            std::smatch mm;
            while (std::regex_search(tail, mm, more_re)) {
                rules.insert("{gene: " + gene + ", protein: " + mm[1].str() + mm[2].str() + mm[3].str() + "}");
                tail = mm.suffix().str();
            }
        } else if (std::regex_search(rest, m, exon_re)) {
            const std::string kind = to_lower(m[2].str());
            if (kind == "skipping")
                rules.insert("{gene: " + gene + ", exon: {number: " + m[1].str() + ", class: splice}}");
            else
                rules.insert("{gene: " + gene + ", exon: {number: " + m[1].str() + ", class: " +
                             (kind == "deletion" ? "inframe_deletion" : "inframe_insertion") + "}}");
        } else if (std::regex_search(rest, m, class_re)) {
            const std::string kind = to_lower(m[1].str());
            if (kind.rfind("ampl", 0) == 0) rules.insert("{gene: " + gene + ", copy_number: amplification}");
            else rules.insert("{gene: " + gene + ", fusion: any}");
        }
    }
    return rules;
}

// The inclusion part of an eligibility text (biomarkers under "Exclusion Criteria" exclude).
std::string inclusion_part(const std::string& s) {
    const auto low = to_lower(s);
    const auto p = low.find("exclusion criteria");
    return p == std::string::npos ? s : s.substr(0, p);
}

struct TrialOut {
    std::string nct, title, acronym, phase, status, as_of, sex = "all", criteria, note;
    std::vector<std::string> interventions, tumours;
    std::optional<int> age_min, age_max;
    std::vector<std::string> excluded;
    std::vector<std::array<std::string, 3>> sites;  // country, city, facility
    bool flagged = false;
    bool kept_from_kb = false;
};

std::string line_col(const std::string& text, std::size_t byte) {
    int line = 1, col = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            col = 1;
        } else {
            ++col;
        }
    }
    return std::to_string(line) + ":" + std::to_string(col);
}

}  // namespace

std::string ctgov_phase(const std::vector<std::string>& phases) {
    std::vector<std::string> out;
    for (const auto& p : phases) {
        if (p == "NA") continue;
        if (p == "EARLY_PHASE1") out.push_back("early 1");
        else if (p.rfind("PHASE", 0) == 0) out.push_back(p.substr(5));
        else out.push_back(to_lower(p));
    }
    return join(out, "/");
}

std::string ctgov_status(const std::string& s) {
    static const std::set<std::string> known = {"RECRUITING", "NOT_YET_RECRUITING", "ACTIVE_NOT_RECRUITING", "COMPLETED", "TERMINATED",
                                                "WITHDRAWN", "SUSPENDED", "ENROLLING_BY_INVITATION"};
    if (known.count(s)) return to_lower(s);
    if (s == "UNKNOWN" || s == "WITHHELD" || s == "NO_LONGER_AVAILABLE" || s == "AVAILABLE" || s == "TEMPORARILY_NOT_AVAILABLE" ||
        s == "APPROVED_FOR_MARKETING")
        return "unknown";
    return {};
}

int ctgov_age_years(const std::string& age, bool& ok) {
    static const std::regex re(R"(^\s*(\d+)\s+(Years?|Months?|Weeks?|Days?|Hours?|Minutes?)\s*$)", std::regex::icase);
    std::smatch m;
    ok = std::regex_match(age, m, re);
    if (!ok) return 0;
    const int n = std::stoi(m[1].str());
    return to_lower(m[2].str()).rfind("year", 0) == 0 ? n : (to_lower(m[2].str()).rfind("month", 0) == 0 ? n / 12 : 0);
}

std::string country_code(const std::string& name) {
    auto it = countries().find(name);
    return it == countries().end() ? std::string() : it->second;
}

TrialsImportResult import_trials(const TrialsImportConfig& cfg, std::ostream& out) {
    if (cfg.input.empty()) throw UsageError("kb import trials: no JSON file given");
    if (!cfg.status_as_of.empty() && !std::regex_match(cfg.status_as_of, std::regex(R"(\d{4}-\d{2}-\d{2})")))
        throw UsageError("kb import trials: --status-as-of must be a date YYYY-MM-DD");
    std::ifstream in(cfg.input, std::ios::binary);
    if (!in) throw InputError(cfg.input.string(), "cannot open file", "check the path");
    std::stringstream ss;
    ss << in.rdbuf();
    const std::string text = ss.str();
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        std::string msg = e.what();
        if (auto p = msg.find("syntax error"); p != std::string::npos) msg = msg.substr(p);
        throw InputError(cfg.input.string() + ":" + line_col(text, e.byte > 0 ? e.byte - 1 : 0), "malformed JSON: " + msg,
                         "the file must be JSON as the ClinicalTrials.gov API v2 returns it");
    }
    const Vocab vocab = load_vocab(cfg.kb_dir);

    std::vector<At> studies;
    const At root{cfg.input, doc, ""};
    if (doc.is_object() && doc.contains("studies")) studies = root.child("studies").items();
    else if (doc.is_object() && doc.contains("protocolSection")) studies.push_back(root);
    else if (doc.is_array()) studies = root.items();
    else bad(cfg.input, "", "neither a study (protocolSection) nor a page of studies (studies)");

    TrialsImportResult res;
    std::map<std::string, TrialOut> trials;
    for (const auto& s : studies) {
        ++res.studies;
        const At p = s.child("protocolSection");
        if (!p.present()) bad(cfg.input, p.path, "missing");
        TrialOut t;
        const At id = p.child("identificationModule");
        t.nct = id.child("nctId").str(true);
        if (!std::regex_match(t.nct, std::regex(R"(NCT\d{8})"))) bad(cfg.input, id.child("nctId").path, "'" + t.nct + "' is not an NCT id");
        if (trials.count(t.nct)) bad(cfg.input, id.child("nctId").path, t.nct + " appears twice");
        t.title = id.child("briefTitle").str();
        if (t.title.empty()) t.title = id.child("officialTitle").str(true);
        t.acronym = id.child("acronym").str();
        std::vector<std::string> flags;

        const At st = p.child("statusModule");
        const std::string overall = st.child("overallStatus").str(true);
        t.status = ctgov_status(overall);
        if (t.status.empty()) bad(cfg.input, st.child("overallStatus").path, "unknown overall status '" + overall + "'");
        t.as_of = cfg.status_as_of;
        if (t.as_of.empty()) t.as_of = st.child("lastUpdatePostDateStruct").child("date").str();
        if (t.as_of.empty()) {
            const std::string verified = st.child("statusVerifiedDate").str();
            if (std::regex_match(verified, std::regex(R"(\d{4}-\d{2})"))) t.as_of = verified + "-01";
            else t.as_of = verified;
        }
        if (!std::regex_match(t.as_of, std::regex(R"(\d{4}-\d{2}-\d{2})")))
            bad(cfg.input, st.path, "no usable date for the status (lastUpdatePostDateStruct.date or statusVerifiedDate)",
                "pass --status-as-of YYYY-MM-DD, the day the records were downloaded");

        t.phase = ctgov_phase(p.child("designModule").child("phases").strs());

        for (const auto& iv : p.child("armsInterventionsModule").child("interventions").items()) {
            const std::string type = iv.child("type").str();
            if (type == "DRUG" || type == "BIOLOGICAL" || type == "COMBINATION_PRODUCT" || type == "GENETIC") {
                const std::string name = to_lower(iv.child("name").str(true));
                if (std::find(t.interventions.begin(), t.interventions.end(), name) == t.interventions.end()) t.interventions.push_back(name);
            }
        }

        // Conditions -> OncoTree codes.
        const At cm = p.child("conditionsModule");
        const auto conditions = cm.child("conditions").strs();
        for (const auto& c : conditions) {
            auto it = vocab.tumour_by_name.find(normalise_name(c));
            if (it == vocab.tumour_by_name.end()) {
                flags.push_back("condition not mapped to OncoTree: '" + c + "'");
                continue;
            }
            if (std::find(t.tumours.begin(), t.tumours.end(), it->second) == t.tumours.end()) t.tumours.push_back(it->second);
        }
        std::sort(t.tumours.begin(), t.tumours.end());

        // Eligibility.
        const At el = p.child("eligibilityModule");
        const std::string sex = el.child("sex").str();
        if (sex == "FEMALE") t.sex = "female";
        else if (sex == "MALE") t.sex = "male";
        else if (!sex.empty() && sex != "ALL") bad(cfg.input, el.child("sex").path, "unknown sex '" + sex + "'", "ALL, FEMALE or MALE");
        for (const char* key : {"minimumAge", "maximumAge"}) {
            const std::string a = el.child(key).str();
            if (a.empty() || a == "N/A") continue;
            bool ok = false;
            const int years = ctgov_age_years(a, ok);
            if (!ok) bad(cfg.input, el.child(key).path, "cannot read age '" + a + "'", "expected e.g. \"18 Years\"");
            (std::string(key) == "minimumAge" ? t.age_min : t.age_max) = years;
        }
        const std::string criteria_text = join(conditions, "\n") + "\n" + join(cm.child("keywords").strs(), "\n") + "\n" + t.title + "\n" +
                           inclusion_part(el.child("eligibilityCriteria").str());
        const auto rules = find_criteria(criteria_text, vocab);

        // Sites.
        std::set<std::array<std::string, 3>> seen_sites;
        for (const auto& loc : p.child("contactsLocationsModule").child("locations").items()) {
            const std::string cname = loc.child("country").str();
            const std::string code = country_code(cname);
            if (code.empty()) {
                flags.push_back("site country not recognised, site left out: '" + cname + "'");
                continue;
            }
            std::array<std::string, 3> site{code, loc.child("city").str(), loc.child("facility").str()};
            if (seen_sites.insert(site).second) t.sites.push_back(site);
        }

        std::vector<std::string> rule_list(rules.begin(), rules.end());
        // A trial the knowledgebase already has: the curator's criteria and tumour types stand;
        // the record refreshes status, dates, phase, interventions, eligibility and sites.
        if (auto cur = vocab.curated.find(t.nct); cur != vocab.curated.end() && !cur->second.criteria.empty()) {
            t.criteria = cur->second.criteria;
            t.tumours = cur->second.tumours;
            t.excluded = cur->second.excluded;
            t.kept_from_kb = true;
            std::erase_if(flags, [](const std::string& f) { return f.rfind("condition not mapped", 0) == 0; });
            ++res.matchable;
            ++res.kept_from_kb;
        } else if (rule_list.empty()) {
            flags.push_back("biomarker criteria not recognised in the record: left for a curator");
        }
        if (t.tumours.empty() && !t.kept_from_kb) flags.push_back("no condition mapped to an OncoTree code");
        if (t.kept_from_kb) {
        } else if (!rule_list.empty() && !t.tumours.empty()) {
            t.criteria = rule_list.size() == 1 ? rule_list.front() : "{any: [" + join(rule_list, ", ") + "]}";
            ++res.matchable;
        } else if (!rule_list.empty()) {
            t.note = "criteria read but not applied until tumour types are curated: " + join(rule_list, "; ");
        }
        if (!flags.empty()) {
            t.flagged = true;
            ++res.flagged;
            for (const auto& f : flags) res.flags.push_back(t.nct + ": " + f);
            t.note = join(flags, "; ") + (t.note.empty() ? "" : "; " + t.note);
        }
        trials.emplace(t.nct, std::move(t));
    }

    std::ostringstream y;
    y << "# Generated by `oncomatch kb import trials` from " << cfg.input.filename().string() << " (ClinicalTrials.gov API v2 records).\n"
      << "# Trial status changes: status_as_of is the date it was known; confirm current status on ClinicalTrials.gov.\n"
      << "# Entries with `review: needs_curation` have criteria or tumour types left for a curator (see `note`).\n"
      << "trials:\n";
    for (const auto& [nct, t] : trials) {
        y << "  - nct_id: " << nct << "\n    title: " << yaml_scalar(t.title) << "\n";
        if (!t.acronym.empty()) y << "    acronym: " << yaml_scalar(t.acronym) << "\n";
        if (!t.phase.empty()) y << "    phase: \"" << t.phase << "\"\n";
        y << "    status: " << t.status << "\n    status_as_of: " << t.as_of << "\n";
        y << "    interventions: " << yaml_flow_list(t.interventions) << "\n";
        if (!t.criteria.empty()) y << "    criteria: " << t.criteria << "\n";
        if (!t.tumours.empty()) y << "    tumor_types: " << yaml_flow_list(t.tumours) << "\n";
        if (!t.excluded.empty()) y << "    exclude_tumor_types: " << yaml_flow_list(t.excluded) << "\n";
        if (t.age_min || t.age_max) {
            y << "    age: {";
            if (t.age_min) y << "min: " << *t.age_min;
            if (t.age_max) y << (t.age_min ? ", " : "") << "max: " << *t.age_max;
            y << "}\n";
        }
        y << "    sex: " << t.sex << "\n";
        if (!t.sites.empty()) {
            y << "    sites:\n";
            for (const auto& s : t.sites)
                y << "      - {country: " << s[0] << ", city: " << yaml_scalar(s[1]) << ", facility: " << yaml_scalar(s[2]) << "}\n";
        }
        y << "    source: clinicaltrials.gov\n";
        std::string note = t.note;
        if (t.kept_from_kb)
            note = "criteria and tumour types kept from the knowledgebase entry; status refreshed from the record" + (note.empty() ? "" : "; " + note);
        if (t.flagged) y << "    review: needs_curation\n";
        if (!note.empty()) y << "    note: " << yaml_scalar(note) << "\n";
    }
    if (cfg.output.empty()) {
        out << y.str();
    } else {
        AtomicFile f(cfg.output);
        f.stream() << y.str();
        f.commit();
    }
    return res;
}

}  // namespace oncomatch::kb_import
