// `oncomatch kb import civic` (see kb_import/civic.hpp): one pass over CIViC's evidence TSV.
// Each row is either imported (biomarker from the molecular profile, evidence entries with
// mapped level, direction, disease and therapies) or counted under exactly one reason and
// listed in the report file. Output is sorted, so the same dump gives byte-identical files.
#include "oncomatch/kb_import/civic.hpp"

#include <algorithm>
#include <fstream>
#include <regex>
#include <set>

#include "oncomatch/error.hpp"
#include "oncomatch/kb_import/civic_profile.hpp"
#include "oncomatch/util/atomic_file.hpp"
#include "oncomatch/util/strings.hpp"
#include "yaml_text.hpp"

namespace fs = std::filesystem;

namespace oncomatch::kb_import {
namespace {

// A tab-separated table with a header row; rows are handed over with their line number.
class Table {
public:
    Table(const fs::path& path, const std::vector<std::string>& required) : path_(path), in_(path, std::ios::binary) {
        if (!in_) throw InputError(path.string(), "cannot open file", "check the path");
        std::string line;
        while (std::getline(in_, line)) {
            ++line_no_;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (trim(line).empty()) continue;
            header_ = split_copy(line, '\t');
            break;
        }
        for (const auto& c : required)
            if (col(c) < 0)
                throw InputError(path.string() + ":" + std::to_string(line_no_), "missing column '" + c + "'",
                                 "is this the right CIViC export? the header must name: " + join(required, ", "));
    }
    int col(const std::string& name) const {
        for (std::size_t i = 0; i < header_.size(); ++i)
            if (header_[i] == name) return static_cast<int>(i);
        return -1;
    }
    // Next data row; false at the end. Throws on a row with the wrong number of fields.
    bool next(std::vector<std::string>& fields) {
        std::string line;
        while (std::getline(in_, line)) {
            ++line_no_;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (line.empty()) continue;
            fields = split_copy(line, '\t');
            if (fields.size() != header_.size())
                throw InputError(path_.string() + ":" + std::to_string(line_no_),
                                 "expected " + std::to_string(header_.size()) + " tab-separated fields, found " + std::to_string(fields.size()),
                                 "the file may be truncated or contain a stray tab or line break inside a field");
            return true;
        }
        if (in_.bad()) throw InputError(path_.string(), "read error");
        return false;
    }
    int line() const { return line_no_; }

private:
    fs::path path_;
    std::ifstream in_;
    std::vector<std::string> header_;
    int line_no_ = 0;
};

struct Allele {
    std::string chrom;
    long long pos = 0;
    std::string ref, alt;
    bool operator<(const Allele& o) const { return std::tie(chrom, pos, ref, alt) < std::tie(o.chrom, o.pos, o.ref, o.alt); }
    bool operator==(const Allele& o) const { return chrom == o.chrom && pos == o.pos && ref == o.ref && alt == o.alt; }
};

std::optional<long long> parse_int_like(std::string s) {
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);  // pandas floats
    return parse_number<long long>(s);
}

bool is_bases(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

// gene + CIViC variant name -> GRCh37 substitution alleles (SNVs and MNVs: their VCF form needs
// no anchor base). The first file naming a variant wins; a file giving two different
// alleles for one name is ambiguous and ignored for that name.
using CoordMap = std::map<std::pair<std::string, std::string>, std::vector<Allele>>;

CoordMap read_coordinates(const std::vector<fs::path>& files) {
    CoordMap out;
    for (const auto& f : files) {
        Table t(f, {"gene", "variant", "chromosome", "start", "stop", "reference_bases", "variant_bases", "reference_build"});
        const int cg = t.col("gene"), cv = t.col("variant"), cc = t.col("chromosome"), cs = t.col("start"), ce = t.col("stop"),
                  cr = t.col("reference_bases"), ca = t.col("variant_bases"), cb = t.col("reference_build");
        std::map<std::pair<std::string, std::string>, std::set<Allele>> here;
        std::vector<std::string> r;
        while (t.next(r)) {
            if (r[cb] != "GRCh37" || !is_bases(r[cr]) || !is_bases(r[ca]) || r[cr].size() != r[ca].size()) continue;
            auto s = parse_int_like(r[cs]), e = parse_int_like(r[ce]);
            if (!s || !e || *s < 1 || *e - *s + 1 != static_cast<long long>(r[cr].size())) continue;
            std::string chrom = r[cc];
            if (chrom.size() > 2 && chrom.compare(chrom.size() - 2, 2, ".0") == 0) chrom.resize(chrom.size() - 2);
            here[{r[cg], r[cv]}].insert({chrom, *s, r[cr], r[ca]});
        }
        for (auto& [k, alleles] : here)
            if (alleles.size() == 1 && !out.count(k)) out[k] = {*alleles.begin()};
    }
    return out;
}

struct DiseaseMap {
    std::map<std::string, std::string> by_doid;  // "DOID:1909" -> MEL
    std::map<std::string, std::string> by_name;  // lower-case disease name -> code (items without a DOID)
};

DiseaseMap read_doid_map(const fs::path& path) {
    Table t(path, {"doid", "oncotree_code"});
    const int cd = t.col("doid"), co = t.col("oncotree_code"), cn = t.col("disease_name");
    DiseaseMap m;
    std::vector<std::string> r;
    while (t.next(r)) {
        if (r[cd].empty() || r[co].empty()) continue;
        m.by_doid[r[cd]] = r[co];
        if (cn >= 0 && !r[cn].empty()) m.by_name.emplace(to_lower(r[cn]), r[co]);
    }
    // CIViC's tissue-agnostic items carry no DOID, only these names.
    for (const char* s : {"solid tumor", "solid tumors", "solid tumors, advanced"}) m.by_name[s] = "_SOLID_";
    return m;
}

std::string slug(const std::string& s) {
    std::string out;
    for (char c : s) out.push_back(std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(static_cast<unsigned char>(c))) : '_');
    return out;
}

struct BiomarkerOut {
    std::string label, gene, rule, first_profile;
    std::vector<Allele> alleles;
};

struct EvidenceOut {
    long eid = 0;
    std::string id, biomarker, tumor, direction, level, source_level, summary, last_reviewed, url;
    std::vector<std::string> drugs;
    bool combination = false;
    bool germline = false;
    std::vector<std::pair<std::string, std::string>> citations;
};

struct Skip {
    long eid = 0;
    std::string eid_text, reason, detail;
};

}  // namespace

std::string civic_level_to_amp(const std::string& l) {
    if (l == "A") return "B";
    if (l == "B") return "C";
    if (l == "C" || l == "D") return "D";
    return {};  // E (inferential) and anything unknown: untiered
}

std::string civic_direction(const std::string& direction, const std::string& significance) {
    if (direction == "Supports") {
        if (significance == "Sensitivity/Response") return "sensitivity";
        if (significance == "Reduced Sensitivity") return "reduced_sensitivity";
        if (significance == "Resistance") return "resistance";
        if (significance == "Adverse Response") return "adverse_response";
        return {};
    }
    if (direction == "Does Not Support" && significance == "Sensitivity/Response") return "no_benefit";
    return {};
}

void CivicImportConfig::validate() {
    if (evidence.empty()) throw UsageError("kb import civic: no evidence file given", "oncomatch kb import civic EVIDENCE.tsv -o DIR");
    if (out_dir.empty()) throw UsageError("kb import civic: no output folder given", "add -o DIR");
    if (!fs::is_regular_file(evidence)) throw InputError(evidence.string(), "file not found");
    for (const auto& v : variants)
        if (!fs::is_regular_file(v)) throw InputError(v.string(), "file not found", "check --variants");
    if (!fs::is_regular_file(doid_map))
        throw InputError(doid_map.string(), "DOID -> OncoTree map not found", "pass --doid-map or --kb pointing at a knowledgebase with oncotree/doid_to_oncotree.tsv");
    if (dump_date.empty()) {
        static const std::regex date_re(R"((\d{4}-\d{2}(-\d{2})?))");
        std::smatch m;
        const std::string name = evidence.filename().string();
        if (std::regex_search(name, m, date_re)) dump_date = m[1].str();
        else throw UsageError("kb import civic: cannot tell the dump date from the file name '" + name + "'", "pass --dump-date YYYY-MM-DD");
    }
    static const std::regex ok_date(R"(\d{4}-\d{2}(-\d{2})?)");
    if (!std::regex_match(dump_date, ok_date)) throw UsageError("kb import civic: --dump-date must be YYYY-MM or YYYY-MM-DD, not '" + dump_date + "'");
}

CivicImportResult import_civic(const CivicImportConfig& cfg_in) {
    CivicImportConfig cfg = cfg_in;
    cfg.validate();
    const auto doid = read_doid_map(cfg.doid_map);
    const auto coords = read_coordinates(cfg.variants);

    const std::vector<std::string> need = {"molecular_profile", "disease", "doid", "therapies", "therapy_interaction_type",
                                           "evidence_type", "evidence_direction", "evidence_level", "significance", "citation_id",
                                           "source_type", "nct_ids", "evidence_status", "evidence_id", "variant_origin",
                                           "last_review_date", "evidence_civic_url"};
    Table t(cfg.evidence, need);
    std::map<std::string, int> c;
    for (const auto& n : need) c[n] = t.col(n);
    const int c_asco = t.col("asco_abstract_id");

    CivicImportResult res;
    std::map<std::string, BiomarkerOut> biomarkers;
    std::vector<EvidenceOut> evidence;
    std::set<std::string> drugs;
    std::vector<Skip> skips;
    std::set<long> seen_eids;
    std::vector<std::string> r;
    while (t.next(r)) {
        ++res.rows;
        auto f = [&](const char* name) -> const std::string& { return r[c.at(name)]; };
        const std::string eid_text = f("evidence_id");
        const auto eid = parse_number<long>(eid_text);
        if (!eid || *eid <= 0)
            throw InputError(cfg.evidence.string() + ":" + std::to_string(t.line()), "evidence_id '" + eid_text + "' is not a positive number");
        if (!seen_eids.insert(*eid).second)
            throw InputError(cfg.evidence.string() + ":" + std::to_string(t.line()), "evidence_id " + eid_text + " appears twice");
        const std::string profile = f("molecular_profile");
        auto skip = [&](std::string reason, std::string detail) {
            ++res.skipped[reason];
            skips.push_back({*eid, eid_text, std::move(reason), std::move(detail)});
        };
        if (f("evidence_status") != "accepted") { skip("not accepted (status " + f("evidence_status") + ")", profile); continue; }
        if (f("evidence_type") != "Predictive") { skip("not predictive: " + f("evidence_type"), profile); continue; }
        ++res.predictive;
        const std::string direction = civic_direction(f("evidence_direction"), f("significance"));
        if (direction.empty()) { skip("direction not imported: " + f("evidence_direction") + " + " + f("significance"), profile); continue; }
        std::vector<std::string> therapy;
        for (auto d : split(f("therapies"), ','))
            if (!trim(d).empty()) therapy.push_back(to_lower(trim(d)));
        const std::string interaction = f("therapy_interaction_type");
        if (therapy.empty()) { skip("no therapy named", profile); continue; }
        if (interaction == "Sequential") { skip("sequential therapy (not representable)", profile + ": " + join(therapy, ", ")); continue; }
        if (therapy.size() > 1 && interaction != "Combination" && interaction != "Substitutes") {
            skip("several therapies without an interaction type", profile + ": " + join(therapy, ", "));
            continue;
        }
        std::string tumour;
        if (f("doid").empty()) {
            auto byname = doid.by_name.find(to_lower(f("disease")));
            if (byname == doid.by_name.end()) { skip("disease has no DOID", f("disease")); continue; }
            tumour = byname->second;
        } else {
            const std::string doid_key = "DOID:" + f("doid");
            auto dm = doid.by_doid.find(doid_key);
            if (dm == doid.by_doid.end()) {
                skip("disease not mapped to OncoTree", doid_key + " " + f("disease"));
                ++res.unmapped_diseases[doid_key + " " + f("disease")];
                continue;
            }
            tumour = dm->second;
        }
        auto parsed = parse_molecular_profile(profile);
        if (!parsed.rule) { skip("profile: " + parsed.skip_reason, profile + (parsed.skip_detail.empty() || parsed.skip_detail == profile ? "" : " [" + parsed.skip_detail + "]")); continue; }

        // Biomarker.
        const std::string bm_id = profile_biomarker_id(*parsed.rule);
        const std::string rule_yaml = profile_rule_yaml(*parsed.rule, true);
        auto [bit, fresh] = biomarkers.try_emplace(bm_id);
        if (fresh) {
            bit->second.label = profile;
            bit->second.gene = profile_gene(*parsed.rule);
            bit->second.rule = rule_yaml;
            const auto& pr = *parsed.rule;
            if (pr.kind == ProfileRule::Kind::leaf && pr.rule_kind == "protein") {
                auto cit = coords.find({pr.gene, pr.variant});
                if (cit != coords.end()) bit->second.alleles = cit->second;
            }
        } else if (bit->second.rule != rule_yaml) {
            throw Error(ExitCode::internal, bm_id, "two different rules got the same biomarker id (" + bit->second.rule + " / " + rule_yaml + ")");
        }

        // Evidence entries: one per item, or one per drug when the drugs substitute for each other.
        EvidenceOut base;
        base.eid = *eid;
        base.biomarker = bm_id;
        base.tumor = tumour;
        base.direction = direction;
        base.source_level = f("evidence_level");
        base.level = civic_level_to_amp(base.source_level);
        base.germline = f("variant_origin").find("Germline") != std::string::npos;
        const std::string date = f("last_review_date").substr(0, 10);
        static const std::regex date_re(R"(\d{4}-\d{2}-\d{2})");
        if (std::regex_match(date, date_re)) base.last_reviewed = date;
        if (f("source_type") == "PubMed" && parse_number<long long>(f("citation_id"))) base.citations.emplace_back("pmid", f("citation_id"));
        else if (!f("citation_id").empty()) {
            const std::string abs = c_asco >= 0 && !r[c_asco].empty() ? r[c_asco] : f("citation_id");
            base.citations.emplace_back("abstract", f("source_type") + " " + abs);
        }
        for (auto n : split(f("nct_ids"), ','))
            if (!trim(n).empty()) base.citations.emplace_back("nct", std::string(trim(n)));
        if (!f("evidence_civic_url").empty()) base.citations.emplace_back("url", f("evidence_civic_url"));
        const std::string sig = f("evidence_direction") + ", " + f("significance");
        auto make_summary = [&](const std::vector<std::string>& ds, bool combo) {
            return "CIViC EID" + eid_text + " (CIViC level " + base.source_level + "; " + sig + "): " + profile + " in " + f("disease") +
                   ", " + join(ds, combo ? " + " : ", ") + " (" + direction + ").";
        };
        ++res.imported_items;
        for (const auto& d : therapy) drugs.insert(d);
        if (therapy.size() > 1 && interaction == "Substitutes") {
            for (const auto& d : therapy) {
                EvidenceOut e = base;
                e.id = "CIVIC-EID" + eid_text + "-" + slug(d);
                e.drugs = {d};
                e.summary = make_summary(e.drugs, false);
                evidence.push_back(std::move(e));
            }
        } else {
            EvidenceOut e = base;
            e.id = "CIVIC-EID" + eid_text;
            e.drugs = therapy;
            e.combination = therapy.size() > 1;
            e.summary = make_summary(therapy, e.combination);
            evidence.push_back(std::move(e));
        }
    }
    std::sort(evidence.begin(), evidence.end(), [](const EvidenceOut& a, const EvidenceOut& b) { return std::tie(a.eid, a.id) < std::tie(b.eid, b.id); });
    std::sort(skips.begin(), skips.end(), [](const Skip& a, const Skip& b) { return a.eid < b.eid; });
    res.evidence_entries = static_cast<long>(evidence.size());
    res.biomarkers = static_cast<long>(biomarkers.size());
    res.drugs = static_cast<long>(drugs.size());
    for (const auto& [id, b] : biomarkers) res.biomarkers_with_coordinates += b.alleles.empty() ? 0 : 1;

    std::string coord_names;
    for (const auto& v : cfg.variants) coord_names += (coord_names.empty() ? "" : ", ") + v.filename().string();
    const std::string header =
        "# Generated by `oncomatch kb import civic` from " + cfg.evidence.filename().string() + " (CIViC dump " + cfg.dump_date + ").\n"
        "# Do not edit by hand: re-run the importer; add or retire entries in a local overlay (--kb-overlay).\n"
        "# CIViC (https://civicdb.org, Griffith et al. 2017, PMID 28138153) is released under CC0 1.0.\n"
        "# GRCh37 coordinates: " + (coord_names.empty() ? std::string("none") : coord_names) + ".\n"
        "# Summaries are built from CIViC's structured fields; CIViC's evidence statements are not copied.\n";

    fs::create_directories(cfg.out_dir);
    AtomicFileSet files;
    {
        auto& o = files.add(cfg.out_dir / "civic_biomarkers.yaml").stream();
        o << header << "biomarkers:\n";
        for (const auto& [id, b] : biomarkers) {
            o << "  - id: " << yaml_scalar(id) << "\n    label: " << yaml_scalar(b.label) << "\n";
            if (!b.gene.empty()) o << "    gene: " << yaml_scalar(b.gene) << "\n";
            o << "    rule: " << b.rule << "\n    source: civic\n";
            if (!b.alleles.empty()) {
                o << "    alleles:\n      GRCh37:\n";
                for (const auto& a : b.alleles)
                    o << "        - {chrom: \"" << a.chrom << "\", pos: " << a.pos << ", ref: " << a.ref << ", alt: " << a.alt << "}\n";
            }
        }
    }
    {
        auto& o = files.add(cfg.out_dir / "civic_evidence.yaml").stream();
        o << header << "evidence:\n";
        for (const auto& e : evidence) {
            o << "  - id: " << e.id << "\n    biomarker: " << yaml_scalar(e.biomarker) << "\n    tumor_types: [" << yaml_scalar(e.tumor)
              << "]\n    therapy: {drugs: " << yaml_flow_list(e.drugs) << ", combination: " << (e.combination ? "true" : "false")
              << "}\n    direction: " << e.direction << "\n";
            if (!e.level.empty()) o << "    level: " << e.level << "\n";
            o << "    source_level: " << yaml_scalar(e.source_level) << "\n";
            if (e.germline) o << "    requires: {variant_origin: germline}\n";
            if (!e.citations.empty()) {
                o << "    citations:\n";
                for (const auto& [k, v] : e.citations) o << "      - {" << k << ": " << yaml_scalar(v) << "}\n";
            }
            o << "    source: civic\n    source_id: EID" << e.eid << "\n    summary: " << yaml_scalar(e.summary) << "\n";
            if (!e.last_reviewed.empty()) o << "    last_reviewed: " << e.last_reviewed << "\n";
        }
    }
    {
        auto& o = files.add(cfg.out_dir / "civic_drugs.yaml").stream();
        o << header
          << "# Therapy names as CIViC writes them. An entry of the same name (or synonym) elsewhere in the\n"
             "# knowledgebase takes precedence over these stubs (classes, targets and translations live there).\n"
             "drugs:\n";
        for (const auto& d : drugs) o << "  - {name: " << yaml_scalar(d) << ", source: civic}\n";
    }
    {
        auto& o = files.add(cfg.out_dir / "civic_import_report.tsv").stream();
        o << "# oncomatch kb import civic: " << cfg.evidence.filename().string() << " (CIViC dump " << cfg.dump_date << ", CC0 1.0)\n"
          << "# rows\t" << res.rows << "\n# accepted predictive\t" << res.predictive << "\n# imported items\t" << res.imported_items
          << "\n# evidence entries\t" << res.evidence_entries << "\n# biomarkers\t" << res.biomarkers
          << "\n# biomarkers with GRCh37 coordinates\t" << res.biomarkers_with_coordinates << "\n# drugs\t" << res.drugs << "\n";
        for (const auto& [reason, n] : res.skipped) o << "# not imported\t" << reason << "\t" << n << "\n";
        for (const auto& [d, n] : res.unmapped_diseases) o << "# unmapped disease\t" << d << "\t" << n << "\n";
        o << "evidence_id\treason\tdetail\n";
        for (const auto& s : skips) o << s.eid_text << "\t" << s.reason << "\t" << s.detail << "\n";
    }
    files.commit_all();
    return res;
}

}  // namespace oncomatch::kb_import
