// JSON report writer (PRODUCT.md core fields plus provenance, evidence detail and QC).
#include <htslib/hts.h>

#include <algorithm>
#include <charconv>
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
    if (v.vaf) w.value(round_as_printed(*v.vaf));
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
    if (af) w.value(round_as_printed(*af));
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
    // Findings, trials and the rest are streamed too (a panel sample has dozens of findings, each
    // with its therapies' evidence: built as a tree first they cost as much as the variant list).
    auto opt_tier = [&w](const std::optional<std::string>& t) -> JsonStream& { return t ? w.value(*t) : w.null(); };
    w.key("findings").begin_array();
    for (const auto& f : rep.findings) {
        const auto& bm = kb.biomarkers[f.biomarker];
        w.begin_object();
        w.key("id").value(f.id);
        w.key("biomarker").begin_object();
        w.key("id").value(bm.id);
        w.key("label").value(bm.label);
        w.end_object();
        w.key("gene").opt_str(f.gene);
        w.key("variant_ids").strings(f.variant_ids);
        w.key("match").begin_object();
        w.key("type").value(f.match_type);
        w.key("rule").value(kb::rule_kind_name(bm.rule.kind));
        w.end_object();
        w.key("confirmed").value(f.confirmed);
        w.key("unconfirmed").strings(f.unconfirmed);
        w.key("tier");
        opt_tier(f.tier);
        w.key("therapies").begin_array();
        for (const auto& t : f.therapies) {
            const auto& e = kb.evidence[t.evidence];
            w.begin_object();
            w.key("drugs").strings(t.drugs);
            w.key("drugs_zh").begin_array();
            for (const auto& z : t.drugs_zh) w.opt_str(z);
            w.end_array();
            w.key("combination").value(t.combination);
            w.key("direction").value(t.direction);
            w.key("evidence_level").opt_str(t.evidence_level);
            w.key("source_level").opt_str(t.source_level);
            w.key("tier");
            opt_tier(t.tier);
            w.key("tier_reason").value(t.tier_reason);
            w.key("on_label").value(t.on_label);
            w.key("applies_to_tumor_type").value(t.applies_here);
            w.key("excluded_tumor_type").value(t.excluded_here);
            w.key("offered").value(t.offered);
            w.key("requires").begin_array();
            for (const auto& r : t.requirements) {
                w.begin_object();
                w.key("key").value(r.key);
                w.key("value").value(r.value);
                w.key("provided");
                if (r.provided) w.value(*r.provided);
                else w.null();
                w.key("given").opt_str(r.given);
                w.end_object();
            }
            w.end_array();
            w.key("unconfirmed").strings(t.unconfirmed);
            w.key("approvals").begin_array();
            for (const auto& a : e.approvals) {
                w.begin_object();
                w.key("agency").value(a.agency);
                w.key("year");
                if (a.year) w.value(a.year);
                else w.null();
                w.key("indication").opt_str(a.indication);
                w.end_object();
            }
            w.end_array();
            w.key("evidence").begin_object();
            w.key("id").value(e.id);
            w.key("source").value(e.source);
            w.key("source_id").opt_str(e.source_id);
            w.key("summary").value(e.summary);
            w.key("tumor_types").strings(e.tumor_types);
            w.key("exclude_tumor_types").strings(e.exclude_tumor_types);
            w.key("last_reviewed").opt_str(e.last_reviewed);
            w.key("review").opt_str(e.review);
            w.key("kb_location").value(e.where.str());
            w.end_object();
            w.key("supports").opt_str(t.supports);
            w.key("conflict").value(t.conflict);
            w.key("citations").begin_array();
            for (const auto& c : e.citations) {
                w.begin_object();
                w.key("type").value(c.kind);
                w.key("value").value(c.value);
                w.end_object();
            }
            w.end_array();
            w.end_object();
        }
        w.end_array();
        w.end_object();
    }
    w.end_array();
    w.key("trials").begin_array();
    for (const auto& m : rep.trials) {
        const auto& t = kb.trials[m.trial];
        w.begin_object();
        w.key("nct_id").value(t.nct_id);
        w.key("title").value(t.title);
        w.key("phase").opt_str(t.phase);
        w.key("status").value(t.status);
        w.key("status_as_of").value(t.status_as_of);
        w.key("interventions").strings(t.interventions);
        w.key("interventions_zh").begin_array();  // Chinese drug names, null when the knowledgebase has none
        for (const auto& d : t.interventions) {
            const std::string* zh = nullptr;
            if (const auto* drug = kb.drug(d))
                if (auto it = drug->names.find("zh"); it != drug->names.end()) zh = &it->second;
            if (zh && !zh->empty()) w.value(*zh);
            else w.null();
        }
        w.end_array();
        w.key("matched_on").strings(m.matched_on);
        w.key("not_checked").strings(m.not_checked);
        w.key("tumor_types").strings(t.tumor_types);
        w.key("sites").begin_array();
        for (const auto& st : m.sites) {
            w.begin_object();
            w.key("country").value(st.country);
            w.key("city").opt_str(st.city);
            w.key("facility").opt_str(st.facility);
            w.end_object();
        }
        w.end_array();
        w.key("note").value("Trial status is as of status_as_of; confirm current status on ClinicalTrials.gov.");
        w.end_object();
    }
    w.end_array();
    w.key("not_assessed").begin_array();
    for (const auto& n : rep.not_assessed) {
        w.begin_object();
        w.key("target").value(n.target);
        w.key("reason").value(n.reason);
        w.end_object();
    }
    w.end_array();
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
    // Rows are appended to one buffer handed to the stream in blocks (a panel sample has thousands
    // of tier III/IV rows; a string per cell was most of the cost).
    const auto& kb = index.kb();
    std::string buf;
    buf.reserve(1 << 17);
    auto put_na = [&buf](std::string_view s) {
        if (s.empty()) buf += "NA";
        else buf += s;
    };
    const std::string sample = tsv_cell(rep.sample.id);
    buf += "sample\tgene\thgvsp_short\thgvsc\tconsequence\tvaf\tdepth\tbiomarker_id\tmatch_type\tdrugs\tdirection\tevidence_level\ttier\ton_label\tevidence_id\tsource\n";
    auto variant_cols = [&](const ReportVariant* rv, const std::string& gene) {
        buf += sample;
        buf += '\t';
        put_na(gene);
        buf += '\t';
        if (!rv) {
            buf += "NA\tNA\tNA\tNA\tNA\t";
            return;
        }
        const auto* c = rv->mv.csq ? &*rv->mv.csq : nullptr;
        put_na(c ? std::string_view(c->hgvsp_short) : std::string_view());
        buf += '\t';
        put_na(c ? std::string_view(c->hgvsc) : std::string_view());
        buf += '\t';
        if (!c || c->consequences.empty()) buf += "NA";
        else if (c->consequences.size() == 1) put_na(c->consequences.front());
        else put_na(join(c->consequences, "&"));
        buf += '\t';
        if (rv->mv.v.vaf) buf += format_double(*rv->mv.v.vaf);
        else buf += "NA";
        buf += '\t';
        if (rv->mv.v.depth) {
            char tmp[16];
            buf.append(tmp, std::to_chars(tmp, tmp + sizeof tmp, *rv->mv.v.depth).ptr);
        } else {
            buf += "NA";
        }
        buf += '\t';
    };
    auto maybe_flush = [&] {
        if (buf.size() >= (1u << 16)) {
            out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
            buf.clear();
        }
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
                variant_cols(rv, f.gene);
                buf += bm.id;
                buf += '\t';
                buf += f.match_type;
                buf += '\t';
                append_tsv_cell(buf, join(t.drugs, " + "));
                buf += '\t';
                buf += t.direction;
                buf += '\t';
                put_na(t.evidence_level);
                buf += '\t';
                buf += t.tier ? std::string_view(*t.tier) : std::string_view("NA");
                buf += '\t';
                buf += t.on_label ? "true" : "false";
                buf += '\t';
                buf += e.id;
                buf += '\t';
                buf += e.source;
                buf += '\n';
                maybe_flush();
            }
        }
    }
    for (const auto& rv : rep.variants) {
        if (!rv.tier) continue;
        variant_cols(&rv, rv.mv.gene);
        buf += "NA\tNA\tNA\tNA\tNA\t";
        buf += *rv.tier;
        buf += "\tNA\tNA\tNA\n";
        maybe_flush();
    }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
}

}  // namespace oncomatch
