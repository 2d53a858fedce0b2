// JSON report writer (PRODUCT.md core fields plus provenance, evidence detail and QC).
#include <htslib/hts.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include <tbb/parallel_for.h>


#include "oncomatch/report/writers.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/version.hpp"

namespace oncomatch {

using json = nlohmann::ordered_json;

namespace {

json opt_str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

json round4(double v) { return json(std::stod(format_double(v))); }

// One listed variant, written straight to text: a whole genome lists thousands, and building an
// ordered_json tree per variant cost more than the rest of the report. The bytes are those of
// nlohmann's dump(2) of the same object nested two levels deep (the golden tests compare them).
class VariantText {
public:
    explicit VariantText(std::string& out) : out_(out) {}
    void open(char bracket) {
        out_ += bracket;
        ++depth_;
        first_ = true;
    }
    void close(char bracket) {
        --depth_;
        if (!first_) newline();  // nlohmann writes an empty object or array as {} / []
        out_ += bracket;
        first_ = false;
    }
    void key(std::string_view k) {
        item();
        str(k);
        out_ += ": ";
    }
    void item() {  // before a member or an array element
        if (!first_) out_ += ',';
        newline();
        first_ = false;
    }
    void str(std::string_view s) {
        for (const unsigned char ch : s)
            if (ch < 0x20 || ch == '"' || ch == '\\' || ch >= 0x80) {  // escapes and UTF-8 checks: nlohmann's own
                out_ += json(std::string(s)).dump();
                return;
            }
        out_ += '"';
        out_.append(s);
        out_ += '"';
    }
    void opt_str(std::string_view s) { s.empty() ? null() : str(s); }
    void null() { out_ += "null"; }
    void raw(const std::string& s) { out_ += s; }
    template <class N>
    void num(N v) { out_ += std::to_string(v); }
    void prop(std::string_view k, std::string_view v) { key(k), str(v); }
    void opt_prop(std::string_view k, std::string_view v) { key(k), opt_str(v); }
    void null_prop(std::string_view k) { key(k), null(); }

private:
    void newline() {
        out_ += '\n';
        out_.append(2 * depth_, ' ');
    }
    std::string& out_;
    std::size_t depth_ = 2;  // the variants array's elements sit two levels into the document
    bool first_ = true;
};

std::string variant_text_of(const ReportVariant& rv) {
    const auto& v = rv.mv.v;
    const auto* c = rv.mv.csq ? &*rv.mv.csq : nullptr;
    std::string out = "    ";
    out.reserve(1024);
    VariantText w(out);
    auto terms = [](const std::vector<std::string>& t) { return join(t, "&"); };
    auto csq_prop = [&](std::string_view k, const std::string TranscriptConsequence::*field) {
        if (c) w.opt_prop(k, c->*field);
        else w.null_prop(k);
    };
    w.open('{');
    w.prop("id", rv.id);
    w.opt_prop("gene", rv.mv.gene);
    w.prop("chrom", v.chrom);
    w.key("pos"), w.num(v.pos0 + 1);
    w.prop("ref", v.ref);
    w.prop("alt", v.alt);
    w.key("vcf"), w.open('{');
    w.key("pos"), w.num(v.vcf_pos);
    w.prop("ref", v.vcf_ref);
    w.prop("alt", v.vcf_alt);
    w.key("record");
    if (v.record_no) w.num(v.record_no);
    else w.null();
    w.close('}');
    csq_prop("transcript", &TranscriptConsequence::transcript);
    csq_prop("hgvsc", &TranscriptConsequence::hgvsc);
    csq_prop("hgvsp", &TranscriptConsequence::hgvsp);
    csq_prop("hgvsp_short", &TranscriptConsequence::hgvsp_short);
    if (c && !c->consequences.empty()) w.prop("consequence", terms(c->consequences));
    else w.null_prop("consequence");
    csq_prop("exon", &TranscriptConsequence::exon);
    csq_prop("intron", &TranscriptConsequence::intron);
    w.key("depth");
    if (v.depth) w.num(*v.depth);
    else w.null();
    w.key("vaf");
    if (v.vaf) w.raw(round4(*v.vaf).dump());
    else w.null();
    w.opt_prop("depth_vaf_source", v.depth_source);
    w.prop("filter", v.filter);
    w.prop("origin", rv.origin);
    if (c) w.prop("consequence_source", c->source);
    else w.null_prop("consequence_source");
    if (!rv.mv.csq_status.empty()) w.prop("consequence_status", rv.mv.csq_status);
    if (rv.mv.file_csq) {
        const auto& f = *rv.mv.file_csq;
        w.key("consequence_file"), w.open('{');
        w.prop("source", f.source);
        w.opt_prop("transcript", f.transcript);
        w.opt_prop("hgvsc", f.hgvsc);
        w.opt_prop("hgvsp", f.hgvsp);
        w.opt_prop("hgvsp_short", f.hgvsp_short);
        w.opt_prop("consequence", terms(f.consequences));
        w.close('}');
    }
    if (!rv.mv.other_csq.empty()) {
        w.key("other_transcripts"), w.open('[');
        for (const auto& o : rv.mv.other_csq) {
            w.item(), w.open('{');
            w.prop("transcript", o.transcript);
            w.opt_prop("hgvsc", o.hgvsc);
            w.opt_prop("hgvsp", o.hgvsp);
            w.opt_prop("consequence", terms(o.consequences));
            w.close('}');
        }
        w.close(']');
    }
    const auto af = population_af(rv.mv);
    w.key("population_af");
    if (af) w.raw(round4(*af).dump());
    else w.null();
    if (rv.tier) w.prop("tier", *rv.tier);
    else w.null_prop("tier");
    w.key("finding_ids"), w.open('[');
    for (const auto& id : rv.finding_ids) w.item(), w.str(id);
    w.close(']');
    w.close('}');
    return out;
}

// Appends `text` (a value dumped with indent 2 at the top level) to `out` as a member nested
// `levels` indents deep: every line after the first gets 2 * levels more spaces. JSON text has no
// raw newline inside a string, so the newlines found are the layout's.
void append_nested(std::string& out, const std::string& text, std::size_t levels) {
    const std::string pad = "\n" + std::string(2 * levels, ' ');
    std::size_t from = 0;
    for (std::size_t nl; (nl = text.find('\n', from)) != std::string::npos; from = nl + 1) {
        out.append(text, from, nl - from);
        out += pad;
    }
    out.append(text, from);
}

}  // namespace

void write_json(std::ostream& out, const Report& rep, const kb::KbIndex& index, const Provenance& prov) {
    const auto& kb = index.kb();
    json j = json::object();
    j.get_ref<json::object_t&>().reserve(64);  // see variant_json: growing would deep-copy the arrays
    j["schema_version"] = kSchemaVersion;
    j["tool"] = {{"name", kToolName}, {"version", kToolVersion}, {"htslib", hts_version()}};
    if (!prov.no_timestamp) {
        j["command_line"] = prov.command_line;
        j["generated_at"] = prov.generated_at;
        j["run"] = {{"threads", prov.threads}, {"input", prov.input_path}, {"out_dir", prov.out_dir}};
    }
    json sources = json::array();
    for (const auto& s : kb.sources)
        sources.push_back({{"name", s.name}, {"version_or_date", s.version_or_date}, {"licence", s.licence}, {"url", opt_str(s.url)}});
    // The genes this run could test (a location in this build): the clinician report lists them,
    // and `oncomatch report` re-renders from the JSON alone.
    std::vector<std::string> genes;
    for (const auto& g : kb.genes)
        if (g.location[static_cast<int>(index.build())]) genes.push_back(g.symbol);
    std::sort(genes.begin(), genes.end());
    j["knowledgebase"] = {{"name", kb.name}, {"version", kb.version}, {"sha256", kb.sha256},
                          {"overlay", !kb.overlay_dir.empty()}, {"sources", sources}, {"genes", genes}};
    const auto* tt = kb.oncotree.find(rep.sample.tumor_type);
    json clinical = json::object();
    for (const auto& [k, v] : rep.sample.clinical) clinical[k] = v;
    j["sample"] = {{"id", rep.sample.id},
                   {"vcf_column", opt_str(rep.sample.vcf_column)},
                   {"tumor_type", {{"code", rep.sample.tumor_type},
                                   {"name", tt ? json(tt->name) : json(nullptr)},
                                   {"name_zh", tt && !tt->name_zh.empty() ? json(tt->name_zh) : json(nullptr)},
                                   {"lineage", kb.oncotree.lineage(rep.sample.tumor_type)}}},
                   {"genome", rep.sample.genome},
                   {"clinical", clinical}};
    // A whole genome lists thousands of variants: each is built and dumped on its own, in
    // parallel, and spliced into the document below (the same bytes as dumping one tree).
    std::vector<std::string> variant_text(rep.variants.size());
    tbb::parallel_for(std::size_t{0}, rep.variants.size(), [&](std::size_t i) { variant_text[i] = variant_text_of(rep.variants[i]); });
    j["variants"] = json::array();  // its place among the members; written from variant_text
    json findings = json::array();
    for (const auto& f : rep.findings) {
        const auto& bm = kb.biomarkers[f.biomarker];
        json therapies = json::array();
        for (const auto& t : f.therapies) {
            const auto& e = kb.evidence[t.evidence];
            json reqs = json::array();
            for (const auto& r : t.requirements)
                reqs.push_back({{"key", r.key}, {"value", r.value}, {"provided", r.provided ? json(*r.provided) : json(nullptr)},
                                {"given", opt_str(r.given)}});
            json approvals = json::array();
            for (const auto& a : e.approvals)
                approvals.push_back({{"agency", a.agency}, {"year", a.year ? json(a.year) : json(nullptr)}, {"indication", opt_str(a.indication)}});
            json cites = json::array();
            for (const auto& c : e.citations) cites.push_back({{"type", c.kind}, {"value", c.value}});
            json drugs_zh = json::array();
            for (const auto& z : t.drugs_zh) drugs_zh.push_back(opt_str(z));
            therapies.push_back({
                {"drugs", t.drugs},
                {"drugs_zh", drugs_zh},
                {"combination", t.combination},
                {"direction", t.direction},
                {"evidence_level", opt_str(t.evidence_level)},
                {"source_level", opt_str(t.source_level)},
                {"tier", t.tier ? json(*t.tier) : json(nullptr)},
                {"tier_reason", t.tier_reason},
                {"on_label", t.on_label},
                {"applies_to_tumor_type", t.applies_here},
                {"excluded_tumor_type", t.excluded_here},
                {"offered", t.offered},
                {"requires", reqs},
                {"unconfirmed", t.unconfirmed},
                {"approvals", approvals},
                {"evidence", {{"id", e.id},
                              {"source", e.source},
                              {"source_id", opt_str(e.source_id)},
                              {"summary", e.summary},
                              {"tumor_types", e.tumor_types},
                              {"exclude_tumor_types", e.exclude_tumor_types},
                              {"last_reviewed", opt_str(e.last_reviewed)},
                              {"review", opt_str(e.review)},
                              {"kb_location", e.where.str()}}},
                {"supports", opt_str(t.supports)},
                {"conflict", t.conflict},
                {"citations", cites},
            });
        }
        findings.push_back(json{
            {"id", f.id},
            {"biomarker", {{"id", bm.id}, {"label", bm.label}}},
            {"gene", opt_str(f.gene)},
            {"variant_ids", f.variant_ids},
            {"match", {{"type", f.match_type}, {"rule", kb::rule_kind_name(bm.rule.kind)}}},
            {"confirmed", f.confirmed},
            {"unconfirmed", f.unconfirmed},
            {"tier", f.tier ? json(*f.tier) : json(nullptr)},
            {"therapies", therapies},
        });
    }
    j["findings"] = std::move(findings);
    json trials = json::array();
    for (const auto& m : rep.trials) {
        const auto& t = kb.trials[m.trial];
        json interventions_zh = json::array();  // Chinese drug names, null when the knowledgebase has none
        for (const auto& d : t.interventions) {
            std::string zh;
            if (const auto* drug = kb.drug(d))
                if (auto it = drug->names.find("zh"); it != drug->names.end()) zh = it->second;
            interventions_zh.push_back(opt_str(zh));
        }
        json sites = json::array();
        for (const auto& s : m.sites) sites.push_back({{"country", s.country}, {"city", opt_str(s.city)}, {"facility", opt_str(s.facility)}});
        trials.push_back({{"nct_id", t.nct_id},
                          {"title", t.title},
                          {"phase", opt_str(t.phase)},
                          {"status", t.status},
                          {"status_as_of", t.status_as_of},
                          {"interventions", t.interventions},
                          {"interventions_zh", interventions_zh},
                          {"matched_on", m.matched_on},
                          {"not_checked", m.not_checked},
                          {"tumor_types", t.tumor_types},
                          {"sites", sites},
                          {"note", "Trial status is as of status_as_of; confirm current status on ClinicalTrials.gov."}});
    }
    j["trials"] = std::move(trials);
    json na = json::array();
    for (const auto& n : rep.not_assessed) na.push_back({{"target", n.target}, {"reason", n.reason}});
    j["not_assessed"] = std::move(na);
    json qc = json::object();
    for (const auto& [k, v] : rep.qc_counts) qc[k] = v;
    for (const auto& [k, v] : rep.qc_text) qc[k] = v;
    for (const auto& [k, v] : rep.qc_lists) qc[k] = v;
    if (!prov.warnings.empty()) qc["warnings"] = prov.warnings;
    j["qc"] = qc;
    // Written member by member, as nlohmann's dump(2) lays the document out.
    out << "{\n";
    bool first = true;
    for (const auto& [key, value] : j.items()) {
        std::string text = first ? "  " : ",\n  ";
        first = false;
        text += json(key).dump();
        text += ": ";
        if (key == "variants" && !variant_text.empty()) {
            out << text << "[\n";
            for (std::size_t i = 0; i < variant_text.size(); ++i) {
                if (i) out << ",\n";
                out << variant_text[i];
            }
            out << "\n  ]";
            continue;
        }
        append_nested(text, value.dump(2), 1);
        out << text;
    }
    out << "\n}\n";
}

void write_tsv(std::ostream& out, const Report& rep, const kb::KbIndex& index) {
    const auto& kb = index.kb();
    auto na = [](const std::string& s) { return s.empty() ? std::string("NA") : s; };
    auto clean = [](std::string s) {
        for (auto& c : s)
            if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        return s;
    };
    out << "sample\tgene\thgvsp_short\thgvsc\tconsequence\tvaf\tdepth\tbiomarker_id\tmatch_type\tdrugs\tdirection\tevidence_level\ttier\ton_label\tevidence_id\tsource\n";
    auto variant_cols = [&](const ReportVariant* rv, const std::string& gene) {
        std::string s = clean(rep.sample.id) + "\t" + na(gene) + "\t";
        if (!rv) return s + "NA\tNA\tNA\tNA\tNA\t";
        const auto* c = rv->mv.csq ? &*rv->mv.csq : nullptr;
        s += na(c ? c->hgvsp_short : "") + "\t" + na(c ? c->hgvsc : "") + "\t" + na(c ? join(c->consequences, "&") : "") + "\t";
        s += (rv->mv.v.vaf ? format_double(*rv->mv.v.vaf) : std::string("NA")) + "\t";
        s += (rv->mv.v.depth ? std::to_string(*rv->mv.v.depth) : std::string("NA")) + "\t";
        return s;
    };
    auto find_variant = [&](const std::string& id) -> const ReportVariant* {
        for (const auto& rv : rep.variants)
            if (rv.id == id) return &rv;
        return nullptr;
    };
    for (const auto& f : rep.findings) {
        const auto& bm = kb.biomarkers[f.biomarker];
        std::vector<const ReportVariant*> vs;
        for (const auto& id : f.variant_ids) vs.push_back(find_variant(id));
        if (vs.empty()) vs.push_back(nullptr);
        for (const auto* rv : vs) {
            for (const auto& t : f.therapies) {
                const auto& e = kb.evidence[t.evidence];
                out << variant_cols(rv, f.gene) << bm.id << "\t" << f.match_type << "\t" << clean(join(t.drugs, " + ")) << "\t"
                    << t.direction << "\t" << na(t.evidence_level) << "\t" << (t.tier ? *t.tier : std::string("NA")) << "\t"
                    << (t.on_label ? "true" : "false") << "\t" << e.id << "\t" << e.source << "\n";
            }
        }
    }
    for (const auto& rv : rep.variants) {
        if (!rv.tier) continue;
        out << variant_cols(&rv, rv.mv.gene) << "NA\tNA\tNA\tNA\tNA\t" << *rv.tier << "\tNA\tNA\tNA\n";
    }
}

}  // namespace oncomatch
