// JSON report writer (PRODUCT.md core fields plus provenance, evidence detail and QC).
#include <htslib/hts.h>

#include <algorithm>
#include <string_view>
#include <unordered_map>
#include <nlohmann/json.hpp>


#include "oncomatch/report/json_stream.hpp"
#include "oncomatch/report/writers.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/version.hpp"

namespace oncomatch {

using json = nlohmann::ordered_json;

namespace {

json opt_str(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

double round4(double v) { return std::stod(format_double(v)); }

// One entry of the variant list, streamed (a panel lists thousands; see report/json_stream.hpp).
void write_variant(JsonStream& w, const ReportVariant& rv) {
    const auto& v = rv.mv.v;
    const auto* c = rv.mv.csq ? &*rv.mv.csq : nullptr;
    auto csq_str = [&](const std::string TranscriptConsequence::*field) -> JsonStream& { return c ? w.opt_str(c->*field) : w.null(); };
    w.begin_object();
    w.key("id").value(rv.id);
    w.key("gene").opt_str(rv.mv.gene);
    w.key("chrom").value(v.chrom);
    w.key("pos").value(v.pos0 + 1);
    w.key("ref").value(v.ref);
    w.key("alt").value(v.alt);
    w.key("vcf").begin_object();
    w.key("pos").value(v.vcf_pos);
    w.key("ref").value(v.vcf_ref);
    w.key("alt").value(v.vcf_alt);
    w.key("record");
    if (v.record_no) w.value(v.record_no);
    else w.null();
    w.end_object();
    w.key("transcript");
    csq_str(&TranscriptConsequence::transcript);
    w.key("hgvsc");
    csq_str(&TranscriptConsequence::hgvsc);
    w.key("hgvsp");
    csq_str(&TranscriptConsequence::hgvsp);
    w.key("hgvsp_short");
    csq_str(&TranscriptConsequence::hgvsp_short);
    w.key("consequence");
    if (c && !c->consequences.empty()) w.value(join(c->consequences, "&"));
    else w.null();
    w.key("exon");
    csq_str(&TranscriptConsequence::exon);
    w.key("intron");
    csq_str(&TranscriptConsequence::intron);
    w.key("depth");
    if (v.depth) w.value(*v.depth);
    else w.null();
    w.key("vaf");
    if (v.vaf) w.value(round4(*v.vaf));
    else w.null();
    w.key("depth_vaf_source").opt_str(v.depth_source);
    w.key("filter").value(v.filter);
    w.key("origin").value(rv.origin);
    w.key("consequence_source");
    if (c) w.value(c->source);
    else w.null();
    if (!rv.mv.csq_status.empty()) w.key("consequence_status").value(rv.mv.csq_status);
    if (rv.mv.file_csq) {
        const auto& f = *rv.mv.file_csq;
        w.key("consequence_file").begin_object();
        w.key("source").value(f.source);
        w.key("transcript").opt_str(f.transcript);
        w.key("hgvsc").opt_str(f.hgvsc);
        w.key("hgvsp").opt_str(f.hgvsp);
        w.key("hgvsp_short").opt_str(f.hgvsp_short);
        w.key("consequence");
        if (f.consequences.empty()) w.null();
        else w.value(join(f.consequences, "&"));
        w.end_object();
    }
    if (!rv.mv.other_csq.empty()) {
        w.key("other_transcripts").begin_array();
        for (const auto& o : rv.mv.other_csq) {
            w.begin_object();
            w.key("transcript").value(o.transcript);
            w.key("hgvsc").opt_str(o.hgvsc);
            w.key("hgvsp").opt_str(o.hgvsp);
            w.key("consequence");
            if (o.consequences.empty()) w.null();
            else w.value(join(o.consequences, "&"));
            w.end_object();
        }
        w.end_array();
    }
    const auto af = population_af(rv.mv);
    w.key("population_af");
    if (af) w.value(round4(*af));
    else w.null();
    w.key("tier");
    if (rv.tier) w.value(*rv.tier);
    else w.null();
    w.key("finding_ids").strings(rv.finding_ids);
    w.end_object();
}

}  // namespace

void write_json(std::ostream& out, const Report& rep, const kb::KbIndex& index, const Provenance& prov) {
    const auto& kb = index.kb();
    json j = json::object();  // the head: everything before the variant list
    j.get_ref<json::object_t&>().reserve(16);  // an ordered_map grows by copying its members
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
    // The head above is small and built as a tree; the variant list is streamed entry by entry;
    // the parts after it are built as trees and dumped in place.
    JsonStream w(out);
    w.begin_object();
    for (auto it = j.begin(); it != j.end(); ++it) w.key(it.key()).value(*it);
    w.key("variants").begin_array();
    for (const auto& rv : rep.variants) write_variant(w, rv);
    w.end_array();
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
    w.key("findings").value(findings);
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
    w.key("trials").value(trials);
    json na = json::array();
    for (const auto& n : rep.not_assessed) na.push_back({{"target", n.target}, {"reason", n.reason}});
    w.key("not_assessed").value(na);
    json qc = json::object();
    for (const auto& [k, v] : rep.qc_counts) qc[k] = v;
    for (const auto& [k, v] : rep.qc_text) qc[k] = v;
    for (const auto& [k, v] : rep.qc_lists) qc[k] = v;
    if (!prov.warnings.empty()) qc["warnings"] = prov.warnings;
    w.key("qc").value(qc);
    w.end_object();
    w.finish();
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
    std::unordered_map<std::string_view, const ReportVariant*> by_id;  // a panel lists thousands
    by_id.reserve(rep.variants.size());
    for (const auto& rv : rep.variants)
        if (!rv.id.empty()) by_id.emplace(rv.id, &rv);
    auto find_variant = [&](const std::string& id) -> const ReportVariant* {
        const auto it = by_id.find(id);
        return it == by_id.end() ? nullptr : it->second;
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
