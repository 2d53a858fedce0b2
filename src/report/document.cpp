// Builds the clinician report document from the render model (see document.hpp). Page 1 is the
// answer (sample, actionable findings strongest first, resistance set apart, trials, what could
// not be assessed); then one block per finding, trials, variants of unknown significance, QC,
// methods, references and the sign-off. Texts come from the i18n tables; data texts without a
// Chinese form fall back to English and are counted in the QC section.
#include "oncomatch/report/document.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "oncomatch/util/strings.hpp"

namespace oncomatch::render {

namespace {

int rank(const std::optional<std::string>& tier) {
    if (!tier) return 9;
    static const std::map<std::string, int> r = {{"IA", 0}, {"IB", 1}, {"IIC", 2}, {"IID", 3}, {"III", 4}, {"IV", 5}};
    auto it = r.find(*tier);
    return it == r.end() ? 8 : it->second;
}

// Cuts a long text at a word boundary (page 1 keeps trial titles to about two lines).
std::string shorten(const std::string& s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t cut = s.rfind(' ', max_bytes);
    if (cut == std::string::npos || cut < max_bytes / 2) {
        cut = max_bytes;
        while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 sequence
    }
    return s.substr(0, cut) + " …";
}

std::string percent(std::optional<double> v) {
    if (!v) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", *v * 100.0);
    return buf;
}

Span b(std::string s) { return {std::move(s), Span::bold}; }
Span n(std::string s) { return {std::move(s), Span::normal}; }
Span mu(std::string s) { return {std::move(s), Span::muted}; }
Span mo(std::string s) { return {std::move(s), Span::mono}; }
Span w(std::string s) { return {std::move(s), Span::warn}; }
Span sm(std::string s) { return {std::move(s), Span::small}; }

Cell cell(Rich r) { return Cell{"", {std::move(r)}}; }
Cell cell(std::string s) { return Cell{"", {Rich{n(std::move(s))}}}; }
Cell badge(const std::optional<std::string>& tier, const std::string& fallback = "") {
    return Cell{tier ? *tier : fallback, {}};
}

Block heading(std::string s) {
    Block bl;
    bl.kind = Block::heading;
    bl.text = {b(std::move(s))};
    return bl;
}
Block para(Rich r) {
    Block bl;
    bl.kind = Block::paragraph;
    bl.text = std::move(r);
    return bl;
}
Block table_block(Table t) {
    Block bl;
    bl.kind = Block::tabular;
    bl.table = std::move(t);
    return bl;
}
Block callout(std::string tone, std::vector<Rich> lines) {
    Block bl;
    bl.kind = Block::callout;
    bl.tone = std::move(tone);
    bl.lines = std::move(lines);
    return bl;
}

class Builder {
public:
    Builder(const Model& m, const LabConfig& lab, const RenderOptions& opt) : m_(m), lab_(lab), opt_(opt), tr_(opt.lang) {}

    Document build() {
        Document d;
        d.lang = opt_.lang;
        d.title = tr_.t("report_title");
        d.subtitle = tr_.t("report_subtitle");
        const bool zh = tr_.zh();
        d.lab_name = zh && !lab_.name_zh.empty() ? lab_.name_zh : (lab_.name.empty() ? "oncomatch" : lab_.name);
        d.lab_address = zh && !lab_.address_zh.empty() ? lab_.address_zh : lab_.address;
        d.accreditation = lab_.accreditation;
        d.logo_path = lab_.logo_path;
        d.sample_id = m_.sample_id;
        d.report_date = opt_.report_date;
        d.page_pattern = tr_.t("page_x_of_y");
        d.signatories = lab_.signatories;
        d.signature_label = tr_.t("signature");
        d.date_label = tr_.t("date");
        d.signed_by_label = tr_.t("signed_by");
        d.disclaimer = zh && !lab_.disclaimer_zh.empty() ? lab_.disclaimer_zh : (lab_.disclaimer.empty() ? tr_.t("disclaimer_default") : lab_.disclaimer);
        page_one();
        blocks_.push_back(Block{Block::page_break, {}, {}, {}, {}, {}});
        findings_detail();
        trials_detail();
        vus();
        const std::size_t qc_at = qc();
        if (!genes_shown_) genes_tested();
        tiers_legend();
        methods();
        references();
        Block so;
        so.kind = Block::signoff;
        so.text = {b(tr_.t("sec_signoff"))};
        blocks_.push_back(so);
        blocks_[qc_at] = para(language_line());  // now that every text has been through the translator
        d.blocks = std::move(blocks_);
        return d;
    }

private:
    const Model& m_;
    const LabConfig& lab_;
    const RenderOptions& opt_;
    Translator tr_;
    std::vector<Block> blocks_;
    std::vector<std::string> refs_;  // citation texts, numbered in order of first use
    bool genes_shown_ = false;  // the gene list is on page 1 (reports with no actionable finding)
    std::map<std::string, std::string> detailed_;  // variant id -> the finding whose block shows its details

    // --- shared pieces -------------------------------------------------------------------
    std::string tumour_name() {
        std::string name = m_.tumor_name.empty() ? m_.tumor_code
                                                 : tr_.data(m_.tumor_name, m_.tumor_name_zh.empty() ? std::nullopt : std::optional(m_.tumor_name_zh),
                                                            Fallback::tumour_type);
        return name == m_.tumor_code ? name : name + " (" + m_.tumor_code + ")";
    }
    std::string drugs(const Therapy& t) {
        std::vector<std::string> names;
        for (std::size_t i = 0; i < t.drugs.size(); ++i)
            names.push_back(tr_.data(t.drugs[i], i < t.drugs_zh.size() ? t.drugs_zh[i] : std::nullopt, Fallback::drug_name));
        return join(names, " + ");
    }
    // Terms from the data with a fixed translation; anything else is shown in English and counted.
    std::string direction(const std::string& d) {
        const std::string key = "dir_" + d;
        return has_key(key) ? tr_.t(key) : tr_.english_only(d, Fallback::kb_label);
    }
    std::string clinical_key(const std::string& k) {
        const std::string key = "ck_" + k;
        return has_key(key) ? tr_.t(key) : tr_.english_only(k, Fallback::clinical_value);
    }
    std::string clinical_value(const std::string& v) {
        const std::string key = "cv_" + v;
        if (has_key(key)) return tr_.t(key);
        // Numbers and codes (52, CN, HER2) are the same in both languages; words are English text.
        const bool words = std::any_of(v.begin(), v.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        return words ? tr_.english_only(v, Fallback::clinical_value) : v;
    }
    std::string status(const std::string& s) {
        const std::string key = "st_" + s;
        return has_key(key) ? tr_.t(key) : tr_.english_only(s, Fallback::trial_text);
    }
    std::string consequence(const std::string& c) { return c.empty() ? tr_.t("not_available") : tr_.known(c, Fallback::kb_label); }
    std::string english_list(const std::vector<std::string>& items, Fallback cat, const char* sep) {
        std::vector<std::string> out;
        for (const auto& i : items) out.push_back(tr_.english_only(i, cat));
        return join(out, sep);
    }
    std::string gene_change(const Finding& f) {
        std::vector<std::string> changes;
        for (const auto& id : f.variant_ids)
            if (const Variant* v = m_.variant(id)) changes.push_back((v->gene.empty() ? "" : v->gene + " ") + v->change());
        if (changes.empty()) return f.gene.empty() ? f.biomarker_label : f.gene + " " + f.biomarker_label;
        return join(changes, ", ");
    }
    std::string vaf(const Finding& f) {
        std::vector<std::string> out;
        for (const auto& id : f.variant_ids)
            if (const Variant* v = m_.variant(id); v && v->vaf) out.push_back(percent(v->vaf));
        return out.empty() ? "—" : join(out, ", ");
    }
    std::string approvals_short(const Therapy& t) {  // page 1: the first three approvals, then "+N"
        constexpr std::size_t kShown = 3;
        std::vector<std::string> a;
        for (std::size_t i = 0; i < t.approvals.size() && i < kShown; ++i)
            a.push_back(t.approvals[i].agency + (t.approvals[i].year ? " " + std::to_string(*t.approvals[i].year) : ""));
        if (t.approvals.size() > kShown) a.push_back("+" + std::to_string(t.approvals.size() - kShown));
        return join(a, ", ");
    }
    Rich therapy_meta(const Therapy& t) {
        std::vector<std::string> parts;
        if (!t.evidence_level.empty()) parts.push_back(tr_.t("level_x", {t.evidence_level}));
        const std::string ap = approvals_short(t);
        parts.push_back(ap.empty() ? tr_.t("no_approval") : ap);
        parts.push_back(t.on_label ? tr_.t("on_label") : tr_.t("off_label"));
        return {sm(join(parts, " · "))};
    }
    std::vector<Rich> requirement_lines(const Therapy& t) {
        std::vector<Rich> out;
        for (const auto& r : t.requires_) {
            const std::string kv = clinical_key(r.key) + " " + clinical_value(r.value);
            if (!r.provided) out.push_back({w(tr_.t("requires_unconfirmed", {kv}))});
            else if (*r.provided) out.push_back({sm(tr_.t("requires_met", {kv}))});
            else out.push_back({w(tr_.t("requires_not_met", {kv, r.given}))});
        }
        for (const auto& u : t.unconfirmed) {
            // "requires KEY: VALUE (not confirmed)" repeats a requirement already shown above.
            const bool repeats = std::any_of(t.requires_.begin(), t.requires_.end(),
                                             [&](const Requirement& r) { return !r.provided && u.rfind("requires " + r.key + ": ", 0) == 0; });
            if (!repeats) out.push_back({w(tr_.t("unconfirmed_x", {tr_.english_only(u, Fallback::kb_label)}))});
        }
        return out;
    }
    std::string cite_text(const Citation& c) {
        if (c.type == "pmid") return "PMID " + c.value;
        if (c.type == "nct") return "ClinicalTrials.gov " + c.value;
        return c.value;
    }
    int ref_number(const Citation& c) {
        const std::string t = cite_text(c);
        auto it = std::find(refs_.begin(), refs_.end(), t);
        if (it != refs_.end()) return static_cast<int>(it - refs_.begin()) + 1;
        refs_.push_back(t);
        return static_cast<int>(refs_.size());
    }
    bool actionable(const Therapy& t) const { return !t.is_resistance() && t.tier && t.offered && !t.excluded_here; }
    bool warns(const Therapy& t) const { return t.is_resistance() && (t.applies_here || t.tier) && !t.excluded_here; }

    // --- page 1 --------------------------------------------------------------------------
    // Every block of the answer is marked page1 (the PDF writer checks they all fit on page 1).
    void page_one() {
        const std::size_t first = blocks_.size();
        page_one_summaries();
        for (std::size_t i = first; i < blocks_.size(); ++i) blocks_[i].page1 = true;
        // Nothing to act on: page 1 also shows what was tested (the list otherwise follows the QC
        // section); it may run onto page 2 (it is not part of the budget).
        if (std::none_of(m_.findings.begin(), m_.findings.end(), [&](const Finding& f) {
                return std::any_of(f.therapies.begin(), f.therapies.end(), [&](const Therapy& t) { return actionable(t); });
            })) {
            genes_tested();
            genes_shown_ = true;
        }
    }

    void page_one_summaries() {
        const Page1Budget& bud = opt_.page1;
        Table info;
        info.widths = {0.16, 0.38, 0.17, 0.29};
        std::vector<std::string> clin;
        for (const auto& [k, v] : m_.clinical) clin.push_back(clinical_key(k) + ": " + clinical_value(v));
        auto kv = [&](const char* a, std::string av, const char* c, std::string cv) {
            info.rows.push_back({cell(Rich{mu(tr_.t(a))}), cell(Rich{b(std::move(av))}), cell(Rich{mu(c ? tr_.t(c) : "")}), cell(std::move(cv))});
        };
        kv("sample_id", m_.sample_id, "tumour_type", tumour_name());
        kv("clinical_context", clin.empty() ? tr_.t("none_given") : join(clin, " · "), "genome_build", m_.genome);
        kv("specimen", m_.vcf_column.empty() ? "—" : m_.vcf_column, "knowledgebase", m_.kb_name + " " + m_.kb_version);
        if (bud.secondary_lines)
            kv("report_date", opt_.report_date.empty() ? "—" : opt_.report_date, "software", m_.tool_name + " " + m_.tool_version);
        info.row_tone.assign(info.rows.size(), "");
        info.boxed = true;
        blocks_.push_back(table_block(std::move(info)));

        // Which findings go where.
        // Actionable alterations: findings grouped by the variant(s) they rest on (one variant can
        // match several biomarkers), strongest tier first.
        struct Group {
            std::vector<const Finding*> findings;
            std::vector<const Therapy*> therapies;
        };
        std::vector<Group> act;
        std::map<std::string, std::size_t> by_key;
        for (const auto& f : m_.findings) {
            std::vector<const Therapy*> ths;
            for (const auto& th : f.therapies)
                if (actionable(th)) ths.push_back(&th);
            if (ths.empty()) continue;
            const std::string key = f.variant_ids.empty() ? f.biomarker_id : join(f.variant_ids, ",");
            auto [it, fresh] = by_key.emplace(key, act.size());
            if (fresh) act.emplace_back();
            act[it->second].findings.push_back(&f);
            act[it->second].therapies.insert(act[it->second].therapies.end(), ths.begin(), ths.end());
        }
        for (auto& g : act)
            std::stable_sort(g.therapies.begin(), g.therapies.end(), [&](const Therapy* a, const Therapy* c) { return rank(a->tier) < rank(c->tier); });
        std::stable_sort(act.begin(), act.end(), [&](const Group& a, const Group& c) { return rank(a.therapies.front()->tier) < rank(c.therapies.front()->tier); });
        std::vector<std::pair<const Finding*, const Therapy*>> res;
        for (const auto& f : m_.findings)
            for (const auto& t : f.therapies)
                if (warns(t)) res.emplace_back(&f, &t);
        std::stable_sort(res.begin(), res.end(), [&](const auto& a, const auto& c) { return rank(a.second->tier) < rank(c.second->tier); });

        blocks_.push_back(para({b(tr_.t("counts_line", {std::to_string(act.size()), std::to_string(res.size()), std::to_string(m_.trials.size())}))}));
        if (bud.secondary_lines) blocks_.push_back(para({sm(tr_.t("tested_line", {std::to_string(m_.genes_tested.size()), m_.genome}))}));
        blocks_.push_back(heading(tr_.t("sec_actionable")));
        if (act.empty()) {
            // Nothing to act on: say so plainly, and show right here what was tested.
            blocks_.push_back(callout("info", {{b(tr_.t("no_actionable"))}, {n(tr_.t("no_actionable_note"))}}));
        } else {
            Table t;
            t.widths = {0.08, 0.22, 0.08, 0.62};
            t.header = {tr_.t("col_tier"), tr_.t("col_gene_change"), tr_.t("col_vaf"), tr_.t("col_therapies")};
            const std::size_t rows = std::min(act.size(), std::max<std::size_t>(bud.alterations, 1));
            for (std::size_t gi = 0; gi < rows; ++gi) {
                const Group& g = act[gi];
                Cell tc;
                const Therapy* first = g.therapies.front();
                // One line per therapy; page 1 shows the strongest few, the details list them all.
                const std::size_t shown = std::min(g.therapies.size(), std::max<std::size_t>(bud.therapies, 1));
                for (std::size_t k = 0; k < shown; ++k) {
                    const Therapy* th = g.therapies[k];
                    Rich line{b(drugs(*th)), sm("   ")};
                    for (auto& sp : therapy_meta(*th)) line.push_back(std::move(sp));
                    if (th->tier != first->tier) line.push_back(sm(" · " + tr_.t("col_tier") + " " + th->tier.value_or("")));
                    tc.paras.push_back(std::move(line));
                    for (auto& r : requirement_lines(*th))
                        if (r.front().style == Span::warn) tc.paras.push_back(std::move(r));
                }
                if (g.therapies.size() > shown) tc.paras.push_back({mu(tr_.t("more_therapies", {std::to_string(g.therapies.size() - shown)}))});
                std::vector<std::string> ids;
                for (const Finding* f : g.findings) ids.push_back(f->id);
                Cell gc{"", {{b(gene_change(*g.findings.front()))}, {sm(join(ids, ", "))}}};
                t.rows.push_back({badge(first->tier), std::move(gc), cell(vaf(*g.findings.front())), std::move(tc)});
                t.row_tone.push_back("");
            }
            blocks_.push_back(table_block(std::move(t)));
            if (rows < act.size()) blocks_.push_back(para({sm(tr_.t("more_alterations", {std::to_string(act.size() - rows)}))}));
            // What the tiers on this page mean, for a reader who is not a geneticist.
            if (bud.tier_legend) tier_legend_line(act, rows);
        }
        resistance_summary(res, bud);
        trials_summary(bud);
        not_assessed_summary(bud);
    }

    template <class Groups>
    void tier_legend_line(const Groups& act, std::size_t rows) {
        {
            std::vector<std::string> tiers;
            for (std::size_t gi = 0; gi < rows; ++gi)
                for (const Therapy* th : act[gi].therapies)
                    if (th->tier && std::find(tiers.begin(), tiers.end(), *th->tier) == tiers.end()) tiers.push_back(*th->tier);
            std::sort(tiers.begin(), tiers.end(), [](const std::string& a, const std::string& c) { return rank(a) < rank(c); });
            std::vector<std::string> legend;
            for (const auto& tier : tiers)
                if (has_key("tier_" + tier)) legend.push_back(tr_.t("tier_" + tier));
            blocks_.push_back(para({sm(join(legend, tr_.zh() ? "；" : "; "))}));
        }
    }

    void resistance_summary(const std::vector<std::pair<const Finding*, const Therapy*>>& res, const Page1Budget& bud) {
        blocks_.push_back(heading(tr_.t("sec_resistance")));
        if (res.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_resistance"))}));
        } else {
            if (bud.secondary_lines) blocks_.push_back(para({w(tr_.t("resistance_intro"))}));
            Table t;
            t.widths = {0.09, 0.23, 0.36, 0.32};
            t.header = {tr_.t("col_tier"), tr_.t("col_gene_change"), tr_.t("col_drug_warning"), tr_.t("col_effect")};
            // Page 1 stays the answer: the strongest warnings, the rest in the findings in detail.
            const std::size_t shown = std::min(res.size(), std::max<std::size_t>(bud.resistance, 1));
            for (std::size_t ri = 0; ri < shown; ++ri) {
                const auto& [f, th] = res[ri];
                std::vector<std::string> meta;
                if (!th->evidence_level.empty()) meta.push_back(tr_.t("level_x", {th->evidence_level}));
                if (!th->tier) meta.push_back(tr_.t("information_only"));
                std::vector<Rich> effp{{b(direction(th->direction)), sm(meta.empty() ? "" : "  " + join(meta, " · "))}};
                t.rows.push_back({badge(th->tier, "R"), Cell{"", {{b(gene_change(*f))}}}, Cell{"", {{b(drugs(*th))}}}, Cell{"", effp}});
                t.row_tone.push_back("warn");
            }
            blocks_.push_back(table_block(std::move(t)));
            if (shown < res.size()) blocks_.push_back(para({sm(tr_.t("more_resistance", {std::to_string(res.size() - shown)}))}));
        }
    }

    void trials_summary(const Page1Budget& bud) {
        blocks_.push_back(heading(tr_.t("sec_trials_summary")));
        if (m_.trials.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_trials"))}));
        } else {
            const std::size_t top = std::min(m_.trials.size(), std::max<std::size_t>(bud.trials, 1));
            blocks_.push_back(para({n(top < m_.trials.size() ? tr_.t("trials_top", {std::to_string(m_.trials.size()), std::to_string(top)})
                                                             : tr_.t("trials_all", {std::to_string(m_.trials.size())}))}));
            Table t;
            t.widths = {0.27, 0.73};
            t.header = {tr_.t("col_trial"), tr_.t("col_title")};
            for (std::size_t i = 0; i < top; ++i) {
                const auto& tr = m_.trials[i];
                t.rows.push_back({Cell{"", {{mo(tr.nct_id), sm("  " + tr_.t("col_phase") + " " + (tr.phase.empty() ? "—" : tr.phase))},
                                            {sm(tr_.t("status_as_of", {status(tr.status), tr.status_as_of}))}}},
                                  Cell{"", {{n(shorten(tr_.english_only(tr.title, Fallback::trial_text), bud.trial_title_bytes))}}}});
                t.row_tone.push_back("");
            }
            blocks_.push_back(table_block(std::move(t)));
        }
    }

    void not_assessed_summary(const Page1Budget& bud) {
        blocks_.push_back(heading(tr_.t("sec_not_assessed_short")));
        if (m_.not_assessed.empty()) {
            blocks_.push_back(para({mu(tr_.t("all_assessed"))}));
        } else {
            // Grouped by reason: one line per reason, the targets after it.
            std::vector<std::pair<std::string, std::vector<std::string>>> groups;
            for (const auto& na : m_.not_assessed) {
                auto it = std::find_if(groups.begin(), groups.end(), [&](const auto& g) { return g.first == na.reason; });
                std::string target = na.target;
                if (auto p = target.rfind(" ("); p != std::string::npos && target.back() == ')') target = target.substr(0, p);
                if (it == groups.end()) groups.push_back({na.reason, {target}});
                else it->second.push_back(target);
            }
            // Page 1 names the first few targets per reason and the first few reasons; the QC
            // section lists every one.
            std::vector<Rich> lines{{sm(tr_.t("not_assessed_intro"))}};
            const std::size_t nr = std::min(groups.size(), std::max<std::size_t>(bud.na_reasons, 1));
            std::size_t rest = 0;
            for (std::size_t gi = 0; gi < groups.size(); ++gi) {
                const auto& [reason, targets] = groups[gi];
                if (gi >= nr) {
                    rest += targets.size();
                    continue;
                }
                if (bud.na_names_bytes == 0) {  // tightest: the reason and how many, the names in the QC section
                    lines.push_back({mu(tr_.known(reason, Fallback::kb_label)), n(tr_.zh() ? "：" : ": "), b(tr_.t("na_count", {std::to_string(targets.size())}))});
                    continue;
                }
                // Names (some are long: "CCND1 Amplification OR CCND2 Amplification OR ...") up to
                // the byte budget, at least one.
                std::size_t nt = 0, bytes = 0;
                while (nt < targets.size() && (nt == 0 || bytes + targets[nt].size() <= bud.na_names_bytes)) bytes += targets[nt++].size() + 2;
                std::vector<std::string> names;
                for (std::size_t k = 0; k < nt; ++k) names.push_back(tr_.english_only(targets[k], Fallback::kb_label));
                Rich line{b(join(names, ", "))};
                if (nt < targets.size()) line.push_back(mu(" " + tr_.t("more_targets", {std::to_string(targets.size() - nt)})));
                line.push_back(n(tr_.zh() ? "：" : ": "));
                line.push_back(mu(tr_.known(reason, Fallback::kb_label)));
                lines.push_back(std::move(line));
            }
            if (rest > 0) lines.push_back({sm(tr_.t("more_na_reasons", {std::to_string(rest)}))});
            blocks_.push_back(callout("info", std::move(lines)));
        }
    }

    // --- detail pages --------------------------------------------------------------------
    void findings_detail() {
        blocks_.push_back(heading(tr_.t("sec_findings")));
        if (m_.findings.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_actionable"))}));
            return;
        }
        for (const auto& f : m_.findings) {
            Block h;
            h.kind = Block::subheading;
            h.badge = f.tier.value_or("");
            h.text = {b(f.id + " · " + gene_change(f)), mu("   " + tr_.english_only(f.biomarker_label, Fallback::kb_label) + " (" + f.biomarker_id + ")")};
            blocks_.push_back(h);
            for (const auto& vid : f.variant_ids) {
                const Variant* v = m_.variant(vid);
                if (!v) continue;
                if (auto seen = detailed_.find(vid); seen != detailed_.end()) {
                    blocks_.push_back(para({mu(tr_.t("variant_see", {v->gene + " " + v->change(), seen->second}))}));
                    continue;
                }
                detailed_[vid] = f.id;
                Table t;
                t.widths = {0.15, 0.35, 0.15, 0.35};
                auto val = [&](const std::string& s) { return s.empty() ? tr_.t("not_available") : s; };
                const std::string origin = v->origin == "unknown" ? tr_.t("origin_unknown")
                                                                   : (has_key("origin_" + v->origin) ? tr_.t("origin_" + v->origin) : tr_.english_only(v->origin, Fallback::kb_label));
                t.rows.push_back({cell(Rich{mu(tr_.t("lbl_hgvsp"))}), cell(Rich{mo(val(v->hgvsp))}), cell(Rich{mu(tr_.t("lbl_hgvsc"))}), cell(Rich{mo(val(v->hgvsc))})});
                t.rows.push_back({cell(Rich{mu(tr_.t("lbl_transcript"))}), cell(Rich{mo(val(v->transcript))}),
                                  cell(Rich{mu(tr_.t(v->exon.empty() && !v->intron.empty() ? "lbl_intron" : "lbl_exon"))}),
                                  cell(val(v->exon.empty() ? v->intron : v->exon))});
                t.rows.push_back({cell(Rich{mu(tr_.t("lbl_position"))}), cell(Rich{mo(m_.genome + " " + v->chrom + ":" + std::to_string(v->pos) + " " + v->ref + ">" + v->alt)}),
                                  cell(Rich{mu(tr_.t("lbl_consequence"))}), cell(consequence(v->consequence))});
                t.rows.push_back({cell(Rich{mu(tr_.t("lbl_depth"))}), cell(v->depth ? std::to_string(*v->depth) : tr_.t("not_available")),
                                  cell(Rich{mu(tr_.t("lbl_vaf"))}), cell(v->vaf ? percent(v->vaf) : tr_.t("not_available"))});
                t.rows.push_back({cell(Rich{mu(tr_.t("lbl_origin"))}), cell(origin), cell(Rich{mu(tr_.t("lbl_filter"))}), cell(v->filter)});
                t.row_tone.assign(t.rows.size(), "");
                t.boxed = true;
                blocks_.push_back(table_block(std::move(t)));
            }
            if (!f.unconfirmed.empty()) blocks_.push_back(para({w(tr_.t("unconfirmed_x", {english_list(f.unconfirmed, Fallback::kb_label, "; ")}))}));
            Table t;
            t.widths = {0.075, 0.19, 0.17, 0.245, 0.32};
            t.header = {tr_.t("col_tier"), tr_.t("col_therapy"), tr_.t("col_effect"), tr_.t("col_approvals"), tr_.t("col_evidence")};
            std::vector<const Therapy*> ths;
            for (const auto& th : f.therapies) ths.push_back(&th);
            std::stable_sort(ths.begin(), ths.end(), [&](const Therapy* a, const Therapy* c) { return rank(a->tier) < rank(c->tier); });
            for (const Therapy* th : ths) {
                Cell drug{"", {{b(drugs(*th))}, {sm(th->on_label ? tr_.t("on_label") : tr_.t("off_label"))}}};
                for (auto& r : requirement_lines(*th)) drug.paras.push_back(std::move(r));
                Cell eff{"", {{(th->is_resistance() ? w : n)(direction(th->direction))}}};
                std::vector<std::string> lv;
                if (!th->evidence_level.empty()) lv.push_back(tr_.t("level_x", {th->evidence_level}));
                if (!th->source_level.empty()) lv.push_back(tr_.t("source_level_x", {th->source_level}));
                if (!th->tier) lv.push_back(tr_.t("untiered"));
                eff.paras.push_back({sm(join(lv, " · "))});
                // Why an entry has no tier (e.g. evidence written for another tumour type): the rule applied.
                if (!th->tier && !th->tier_reason.empty()) eff.paras.push_back({sm(tr_.english_only(th->tier_reason, Fallback::kb_label))});
                if (!th->offered) eff.paras.push_back({w(tr_.t("not_offered"))});
                if (th->excluded_here) eff.paras.push_back({w(tr_.t("excluded_here"))});
                if (th->conflict) eff.paras.push_back({w(tr_.t("conflict"))});
                Cell app;
                if (th->approvals.empty()) app.paras.push_back({mu(tr_.t("no_approval"))});
                for (const auto& a : th->approvals) {
                    app.paras.push_back({b(a.agency + (a.year ? " " + std::to_string(*a.year) : ""))});
                    if (!a.indication.empty()) app.paras.push_back({sm(tr_.english_only(a.indication, Fallback::evidence_text))});
                }
                Cell ev;
                std::vector<std::string> nums;
                for (const auto& c : th->citations) nums.push_back(std::to_string(ref_number(c)));
                std::string src = th->evidence_id + " · " + th->evidence_source + (th->evidence_source_id.empty() ? "" : " " + th->evidence_source_id);
                ev.paras.push_back({mo(src), sm(nums.empty() ? "" : "  [" + join(nums, ", ") + "]")});
                if (!th->summary.empty()) ev.paras.push_back({sm(tr_.english_only(th->summary, Fallback::evidence_text))});
                if (!th->supports.empty()) ev.paras.push_back({mu(tr_.t("supports_x", {th->supports}))});
                t.rows.push_back({badge(th->tier, th->is_resistance() ? "R" : "—"), std::move(drug), std::move(eff), std::move(app), std::move(ev)});
                t.row_tone.push_back(th->is_resistance() ? "warn" : "");
            }
            blocks_.push_back(table_block(std::move(t)));
        }
    }

    std::string requested_country() const {
        for (const auto& [k, v] : m_.clinical)
            if (k == "country") return v;
        return "";
    }

    void trials_detail() {
        blocks_.push_back(heading(tr_.t("sec_trials")));
        if (m_.trials.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_trials"))}));
            return;
        }
        Rich note{sm(tr_.t("trial_status_note"))};
        if (const std::string c = requested_country(); !c.empty()) note.push_back(sm("  " + tr_.t("sites_in_first", {c})));
        blocks_.push_back(para(note));
        Table t;
        t.widths = {0.15, 0.15, 0.4, 0.3};
        t.header = {tr_.t("col_trial"), tr_.t("col_status"), tr_.t("col_title"), tr_.t("col_sites")};
        const std::string country = requested_country();
        for (const auto& tr : m_.trials) {
            Cell id{"", {{mo(tr.nct_id)}, {sm(tr_.t("col_phase") + " " + (tr.phase.empty() ? "—" : tr.phase))}}};
            Cell st{"", {{n(status(tr.status))}, {sm(tr.status_as_of)}}};
            Cell title{"", {{n(tr_.english_only(tr.title, Fallback::trial_text))}}};
            if (!tr.interventions.empty()) {
                std::vector<std::string> names;
                for (std::size_t k = 0; k < tr.interventions.size(); ++k)
                    names.push_back(tr_.data(tr.interventions[k], k < tr.interventions_zh.size() ? tr.interventions_zh[k] : std::nullopt, Fallback::drug_name));
                title.paras.push_back({sm(join(names, " + "))});
            }
            title.paras.push_back({mu(tr_.t("col_matched_on") + ": "), sm(english_list(tr.matched_on, Fallback::trial_text, "; "))});
            Cell sites;
            if (tr.sites.empty()) sites.paras.push_back({mu(tr_.t("no_sites"))});
            const std::size_t shown = std::min<std::size_t>(tr.sites.size(), 4);
            for (std::size_t i = 0; i < shown; ++i) {
                const auto& s = tr.sites[i];
                std::string place = s.country + (s.city.empty() ? "" : " · " + s.city);
                sites.paras.push_back({(s.country == country ? b : n)(place), sm(s.facility.empty() ? "" : "  " + s.facility)});
            }
            if (tr.sites.size() > shown) sites.paras.push_back({mu(tr_.t("more_sites", {std::to_string(tr.sites.size() - shown)}))});
            t.rows.push_back({std::move(id), std::move(st), std::move(title), std::move(sites)});
            t.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(t)));
    }

    void vus() {
        blocks_.push_back(heading(tr_.t("sec_vus")));
        std::vector<const Variant*> vs;
        for (const auto& v : m_.variants)
            if (v.tier) vs.push_back(&v);
        if (vs.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_vus"))}));
            return;
        }
        blocks_.push_back(para({sm(tr_.t("vus_intro"))}));
        Table t;
        t.widths = {0.08, 0.12, 0.3, 0.26, 0.12, 0.12};
        t.header = {tr_.t("col_tier"), tr_.t("col_gene"), tr_.t("col_change"), tr_.t("col_consequence"), tr_.t("col_vaf"), tr_.t("col_depth")};
        for (const Variant* v : vs) {
            Cell ch{"", {{mo(v->change())}}};
            if (!v->hgvsc.empty() && v->change() != v->hgvsc) ch.paras.push_back({sm(v->hgvsc)});
            ch.paras.push_back({sm(v->chrom + ":" + std::to_string(v->pos) + " " + v->ref + ">" + v->alt)});
            t.rows.push_back({badge(v->tier), Cell{"", {{b(v->gene.empty() ? "—" : v->gene)}}}, std::move(ch),
                              cell(consequence(v->consequence)), cell(v->vaf ? percent(v->vaf) : "—"),
                              cell(v->depth ? std::to_string(*v->depth) : "—")});
            t.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(t)));
    }

    std::size_t qc() {
        blocks_.push_back(heading(tr_.t("sec_qc")));
        const std::size_t at = blocks_.size();
        blocks_.push_back(para({}));  // language line, filled at the end
        if (!m_.not_assessed.empty()) {
            Table t;
            t.widths = {0.45, 0.55};
            t.header = {tr_.t("col_target"), tr_.t("col_reason")};
            for (const auto& na : m_.not_assessed) {
                t.rows.push_back({cell(tr_.english_only(na.target, Fallback::kb_label)), cell(Rich{mu(tr_.known(na.reason, Fallback::kb_label))})});
                t.row_tone.push_back("");
            }
            blocks_.push_back(table_block(std::move(t)));
        }
        Table q;
        q.widths = {0.4, 0.6};
        q.header = {tr_.t("col_item"), tr_.t("col_value")};
        for (const auto& [k, v] : m_.qc) {
            q.rows.push_back({cell(Rich{mo(k)}), cell(v)});
            q.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(q)));
        return at;
    }

    Rich language_line() {
        if (!tr_.zh()) return {sm(tr_.t("qc_language_en"))};
        if (tr_.fallback_total() == 0) return {sm(tr_.t("qc_language_zh_complete"))};
        std::vector<std::string> cats;
        for (const auto& [cat, count] : tr_.fallbacks()) cats.push_back(tr_.t(fallback_key(cat)) + " " + std::to_string(count));
        Rich r{sm(tr_.t("qc_language_zh", {std::to_string(tr_.fallback_total()), join(cats, "，")}))};
        if (!tr_.untranslated_names().empty()) {
            std::vector<std::string> names(tr_.untranslated_names().begin(), tr_.untranslated_names().end());
            r.push_back(sm(" " + tr_.t("qc_untranslated_names", {join(names, ", ")})));
        }
        return r;
    }

    void genes_tested() {
        blocks_.push_back(heading(tr_.t("sec_genes_tested")));
        blocks_.push_back(para({sm(tr_.t("genes_tested_intro", {std::to_string(m_.genes_tested.size()), m_.genome}))}));
        blocks_.push_back(para({sm(join(m_.genes_tested, ", "))}));
    }

    void tiers_legend() {
        blocks_.push_back(heading(tr_.t("sec_tiers")));
        Table t;
        t.widths = {0.08, 0.92};
        for (const char* tier : {"IA", "IB", "IIC", "IID", "III", "IV"}) {
            t.rows.push_back({Cell{tier, {}}, cell(tr_.t(std::string("tier_") + tier))});
            t.row_tone.push_back("");
        }
        for (const char* lv : {"A", "B", "C", "D"}) {
            t.rows.push_back({cell(Rich{b(lv)}), cell(tr_.t(std::string("level_") + lv))});
            t.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(t)));
        blocks_.push_back(para({sm(tr_.t("tiers_note"))}));
    }

    void methods() {
        blocks_.push_back(heading(tr_.t("sec_methods")));
        blocks_.push_back(para({n(tr_.t("methods_what"))}));
        blocks_.push_back(para({n(tr_.t("methods_not"))}));
        blocks_.push_back(para({n(tr_.t("methods_models", {std::to_string(m_.genes_tested.size()), m_.genome}))}));
        if (!m_.consequence_genes_modelled.empty())
            blocks_.push_back(para({n(tr_.t("methods_consequence_own", {std::to_string(m_.consequence_genes_modelled.size()),
                                                                         join(m_.consequence_genes_modelled, ", "), m_.transcript_pack}))}));
        else if (!m_.transcript_pack.empty())  // (a report from before these QC fields says nothing)
            blocks_.push_back(para({n(tr_.t("methods_consequence_file", {m_.transcript_pack}))}));
        blocks_.push_back(para({n(tr_.t("methods_trials"))}));
        blocks_.push_back(para({sm(tr_.t("methods_versions", {m_.kb_name, m_.kb_version, m_.kb_sha256, m_.tool_name, m_.tool_version, m_.schema_version}))}));
        if (m_.kb_overlay) blocks_.push_back(para({w(tr_.t("methods_overlay"))}));
        Table t;
        t.widths = {0.5, 0.22, 0.28};
        t.header = {tr_.t("col_source"), tr_.t("col_version"), tr_.t("col_licence")};
        for (const auto& s : m_.sources) {
            t.rows.push_back({cell(Rich{sm(s.name)}), cell(Rich{sm(s.version_or_date)}), cell(Rich{sm(s.licence)})});
            t.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(t)));
    }

    void references() {
        blocks_.push_back(heading(tr_.t("sec_references")));
        if (refs_.empty()) {
            blocks_.push_back(para({mu(tr_.t("no_references"))}));
            return;
        }
        Table t;
        t.widths = {0.06, 0.94};
        for (std::size_t i = 0; i < refs_.size(); ++i) {
            t.rows.push_back({cell(Rich{mu("[" + std::to_string(i + 1) + "]")}), cell(Rich{sm(refs_[i])})});
            t.row_tone.push_back("");
        }
        blocks_.push_back(table_block(std::move(t)));
    }
};

}  // namespace

std::string tier_family(const std::string& badge) {
    if (badge == "IA" || badge == "IB") return "I";
    if (badge == "IIC" || badge == "IID") return "II";
    if (badge == "III") return "III";
    if (badge == "IV") return "IV";
    if (badge == "R") return "R";
    return "";
}

Document build_document(const Model& m, const LabConfig& lab, const RenderOptions& opt) { return Builder(m, lab, opt).build(); }

Page1Budget page1_budget(int level) {
    Page1Budget b;  // level 0: the defaults
    // Least useful first: the not-assessed names (all in the QC section), then the lists.
    // {alterations, therapies, resistance, trials, title bytes, na reasons, na name bytes, legend, secondary}
    if (level >= 1) b = {6, 3, 3, 3, 100, 4, 60, true, true};
    if (level >= 2) b = {6, 3, 3, 3, 80, 4, 0, false, false};  // na_names_bytes 0: reasons with counts only
    if (level >= 3) b = {4, 2, 2, 2, 80, 3, 0, false, false};
    if (level >= 4) b = {2, 1, 1, 1, 60, 3, 0, false, false};
    if (level >= 5) b = {1, 1, 1, 1, 60, 2, 0, false, false};
    return b;
}

}  // namespace oncomatch::render
