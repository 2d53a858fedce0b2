// Reads a saved report JSON back into the render model (see render_model.hpp). Every field the
// clinician report shows is checked here, so a hand-edited or truncated JSON fails with the file
// and the JSON path ("T1.oncomatch.json: $.findings[0].tier: expected a string or null") instead of
// rendering a report with silent gaps.
#include "oncomatch/report/render_model.hpp"

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "oncomatch/error.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch::render {

using json = nlohmann::ordered_json;

namespace {

const char* kHint = "re-create the JSON with 'oncomatch annotate' (the report subcommand reads oncomatch's own JSON only)";

std::string type_name(const json& j) {
    if (j.is_null()) return "null";
    if (j.is_boolean()) return "a boolean";
    if (j.is_number()) return "a number";
    if (j.is_string()) return "a string";
    if (j.is_array()) return "an array";
    return "an object";
}

// A cursor into the document that knows its JSON path, for error messages.
class Node {
public:
    Node(const json& j, std::string path, const std::string& file) : j_(j), path_(std::move(path)), file_(file) {}

    [[noreturn]] void fail(const std::string& what) const { throw InputError(file_, path_ + ": " + what, kHint); }

    Node at(const char* key) const {
        if (!j_.is_object()) fail("expected an object, found " + type_name(j_));
        auto it = j_.find(key);
        if (it == j_.end()) throw InputError(file_, path_ + "." + key + ": missing", kHint);
        return Node(*it, path_ + "." + key, file_);
    }
    bool has(const char* key) const { return j_.is_object() && j_.contains(key); }
    Node at(std::size_t i) const { return Node(j_[i], path_ + "[" + std::to_string(i) + "]", file_); }

    std::string str() const {
        if (!j_.is_string()) fail("expected a string, found " + type_name(j_));
        return j_.get<std::string>();
    }
    std::string str_or_empty() const {  // string or null
        if (j_.is_null()) return {};
        if (!j_.is_string()) fail("expected a string or null, found " + type_name(j_));
        return j_.get<std::string>();
    }
    std::optional<std::string> opt_str() const {
        if (j_.is_null()) return std::nullopt;
        return str();
    }
    bool boolean() const {
        if (!j_.is_boolean()) fail("expected true or false, found " + type_name(j_));
        return j_.get<bool>();
    }
    std::optional<bool> opt_bool() const {
        if (j_.is_null()) return std::nullopt;
        return boolean();
    }
    std::optional<long long> opt_int() const {
        if (j_.is_null()) return std::nullopt;
        if (!j_.is_number_integer()) fail("expected a whole number or null, found " + type_name(j_));
        return j_.get<long long>();
    }
    std::optional<double> opt_num() const {
        if (j_.is_null()) return std::nullopt;
        if (!j_.is_number()) fail("expected a number or null, found " + type_name(j_));
        return j_.get<double>();
    }
    std::size_t size() const {
        if (!j_.is_array()) fail("expected an array, found " + type_name(j_));
        return j_.size();
    }
    std::vector<std::string> strings() const {
        std::vector<std::string> out;
        for (std::size_t i = 0, n = size(); i < n; ++i) out.push_back(at(i).str());
        return out;
    }
    // Scalars as text (for the QC section).
    std::string text() const {
        if (j_.is_string()) return j_.get<std::string>();
        if (j_.is_array()) {
            std::vector<std::string> parts;
            for (const auto& e : j_) parts.push_back(e.is_string() ? e.get<std::string>() : e.dump());
            return join(parts, "; ");
        }
        return j_.dump();
    }
    const json& raw() const { return j_; }

private:
    const json& j_;
    std::string path_;
    const std::string& file_;
};

Therapy read_therapy(const Node& n) {
    Therapy t;
    t.drugs = n.at("drugs").strings();
    const Node zh = n.at("drugs_zh");
    if (zh.size() != t.drugs.size()) zh.fail("has " + std::to_string(zh.size()) + " names for " + std::to_string(t.drugs.size()) + " drugs");
    for (std::size_t i = 0; i < zh.size(); ++i) t.drugs_zh.push_back(zh.at(i).opt_str());
    t.combination = n.at("combination").boolean();
    t.direction = n.at("direction").str();
    t.evidence_level = n.at("evidence_level").str_or_empty();
    t.source_level = n.at("source_level").str_or_empty();
    t.tier = n.at("tier").opt_str();
    t.tier_reason = n.at("tier_reason").str();
    t.on_label = n.at("on_label").boolean();
    t.applies_here = n.at("applies_to_tumor_type").boolean();
    t.excluded_here = n.at("excluded_tumor_type").boolean();
    t.offered = n.at("offered").boolean();
    t.conflict = n.at("conflict").boolean();
    const Node reqs = n.at("requires");
    for (std::size_t i = 0; i < reqs.size(); ++i) {
        const Node r = reqs.at(i);
        t.requires_.push_back({r.at("key").str(), r.at("value").str(), r.has("given") ? r.at("given").str_or_empty() : std::string(),
                               r.at("provided").opt_bool()});
    }
    t.unconfirmed = n.at("unconfirmed").strings();
    const Node apps = n.at("approvals");
    for (std::size_t i = 0; i < apps.size(); ++i) {
        const Node a = apps.at(i);
        auto year = a.at("year").opt_int();
        t.approvals.push_back({a.at("agency").str(), a.at("indication").str_or_empty(),
                               year ? std::optional<int>(static_cast<int>(*year)) : std::nullopt});
    }
    const Node ev = n.at("evidence");
    t.evidence_id = ev.at("id").str();
    t.evidence_source = ev.at("source").str();
    t.evidence_source_id = ev.at("source_id").str_or_empty();
    t.summary = ev.at("summary").str_or_empty();
    t.supports = n.at("supports").str_or_empty();
    const Node cites = n.at("citations");
    for (std::size_t i = 0; i < cites.size(); ++i) t.citations.push_back({cites.at(i).at("type").str(), cites.at(i).at("value").str()});
    return t;
}

}  // namespace

bool Therapy::is_resistance() const {
    return direction == "resistance" || direction == "reduced_sensitivity" || direction == "no_benefit" || direction == "adverse_response";
}

std::string Variant::change() const {
    if (!hgvsp_short.empty()) return hgvsp_short;
    if (!hgvsp.empty()) return hgvsp;
    if (!hgvsc.empty()) return hgvsc;
    return chrom + ":" + std::to_string(pos) + " " + ref + ">" + alt;
}

const Variant* Model::variant(const std::string& id) const {
    for (const auto& v : variants)
        if (v.id == id) return &v;
    return nullptr;
}

Model read_model(const std::string& text, const std::string& name) {
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        throw InputError(name, std::string("not valid JSON: ") + e.what(), kHint);
    }
    const Node root(doc, "$", name);
    if (!doc.is_object()) root.fail("expected a report object, found " + type_name(doc));
    Model m;
    m.schema_version = root.at("schema_version").str();
    if (m.schema_version.substr(0, 2) != "1.")
        root.at("schema_version").fail("unsupported schema version '" + m.schema_version + "' (this oncomatch reads 1.x)");
    m.tool_name = root.at("tool").at("name").str();
    m.tool_version = root.at("tool").at("version").str();
    if (root.has("generated_at")) m.generated_at = root.at("generated_at").str();
    const Node kb = root.at("knowledgebase");
    m.kb_name = kb.at("name").str();
    m.kb_version = kb.at("version").str();
    m.kb_sha256 = kb.at("sha256").str();
    m.kb_overlay = kb.at("overlay").boolean();
    const Node sources = kb.at("sources");
    for (std::size_t i = 0; i < sources.size(); ++i)
        m.sources.push_back({sources.at(i).at("name").str(), sources.at(i).at("version_or_date").str(), sources.at(i).at("licence").str()});
    m.genes_tested = kb.at("genes").strings();

    const Node s = root.at("sample");
    m.sample_id = s.at("id").str();
    m.vcf_column = s.at("vcf_column").str_or_empty();
    m.tumor_code = s.at("tumor_type").at("code").str();
    m.tumor_name = s.at("tumor_type").at("name").str_or_empty();
    m.tumor_name_zh = s.at("tumor_type").at("name_zh").str_or_empty();
    m.genome = s.at("genome").str();
    const Node clinical = s.at("clinical");
    if (!clinical.raw().is_object()) clinical.fail("expected an object, found " + type_name(clinical.raw()));
    for (const auto& [k, v] : clinical.raw().items()) m.clinical.emplace_back(k, clinical.at(k.c_str()).str());

    const Node vars = root.at("variants");
    for (std::size_t i = 0; i < vars.size(); ++i) {
        const Node v = vars.at(i);
        Variant x;
        x.id = v.at("id").str();
        x.gene = v.at("gene").str_or_empty();
        x.chrom = v.at("chrom").str();
        x.pos = v.at("pos").opt_int().value_or(0);
        x.ref = v.at("ref").str();
        x.alt = v.at("alt").str();
        x.transcript = v.at("transcript").str_or_empty();
        x.hgvsc = v.at("hgvsc").str_or_empty();
        x.hgvsp = v.at("hgvsp").str_or_empty();
        x.hgvsp_short = v.at("hgvsp_short").str_or_empty();
        x.consequence = v.at("consequence").str_or_empty();
        x.exon = v.at("exon").str_or_empty();
        x.intron = v.at("intron").str_or_empty();
        x.depth = v.at("depth").opt_int();
        x.vaf = v.at("vaf").opt_num();
        x.filter = v.at("filter").str();
        x.origin = v.at("origin").str();
        x.population_af = v.at("population_af").opt_num();
        x.tier = v.at("tier").opt_str();
        x.finding_ids = v.at("finding_ids").strings();
        m.variants.push_back(std::move(x));
    }

    const Node finds = root.at("findings");
    for (std::size_t i = 0; i < finds.size(); ++i) {
        const Node f = finds.at(i);
        Finding x;
        x.id = f.at("id").str();
        x.biomarker_id = f.at("biomarker").at("id").str();
        x.biomarker_label = f.at("biomarker").at("label").str();
        x.gene = f.at("gene").str_or_empty();
        x.variant_ids = f.at("variant_ids").strings();
        for (const auto& vid : x.variant_ids)
            if (!m.variant(vid)) f.at("variant_ids").fail("names variant '" + vid + "', which is not in $.variants");
        x.match_type = f.at("match").at("type").str();
        x.confirmed = f.at("confirmed").boolean();
        x.unconfirmed = f.at("unconfirmed").strings();
        x.tier = f.at("tier").opt_str();
        const Node th = f.at("therapies");
        for (std::size_t k = 0; k < th.size(); ++k) x.therapies.push_back(read_therapy(th.at(k)));
        m.findings.push_back(std::move(x));
    }

    const Node trials = root.at("trials");
    for (std::size_t i = 0; i < trials.size(); ++i) {
        const Node t = trials.at(i);
        Trial x;
        x.nct_id = t.at("nct_id").str();
        x.title = t.at("title").str();
        x.phase = t.at("phase").str_or_empty();
        x.status = t.at("status").str();
        x.status_as_of = t.at("status_as_of").str();
        x.interventions = t.at("interventions").strings();
        const Node izh = t.at("interventions_zh");
        if (izh.size() != x.interventions.size())
            izh.fail("has " + std::to_string(izh.size()) + " names for " + std::to_string(x.interventions.size()) + " interventions");
        for (std::size_t k = 0; k < izh.size(); ++k) x.interventions_zh.push_back(izh.at(k).opt_str());
        x.matched_on = t.at("matched_on").strings();
        x.tumor_types = t.at("tumor_types").strings();
        const Node sites = t.at("sites");
        for (std::size_t k = 0; k < sites.size(); ++k)
            x.sites.push_back({sites.at(k).at("country").str(), sites.at(k).at("city").str_or_empty(), sites.at(k).at("facility").str_or_empty()});
        m.trials.push_back(std::move(x));
    }
    const Node na = root.at("not_assessed");
    for (std::size_t i = 0; i < na.size(); ++i) m.not_assessed.push_back({na.at(i).at("target").str(), na.at(i).at("reason").str()});
    const Node qc = root.at("qc");
    if (!qc.raw().is_object()) qc.fail("expected an object, found " + type_name(qc.raw()));
    for (const auto& [k, v] : qc.raw().items()) m.qc.emplace_back(k, Node(v, "$.qc." + k, name).text());
    for (const auto& [k, v] : m.qc) {
        if (k == "transcript_pack") m.transcript_pack = v;
        if (k == "consequence_genes_modelled")
            for (auto g : split(v, ','))
                if (!g.empty()) m.consequence_genes_modelled.emplace_back(g);
    }
    return m;
}

Model read_model_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw InputError(path, "cannot open the report JSON", "check the path");
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) throw InputError(path, "read error");
    return read_model(ss.str(), path);
}

}  // namespace oncomatch::render
