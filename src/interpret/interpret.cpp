// Sample-level interpretation: findings, tiers, requirements, trials, not-assessed (see header).
#include "oncomatch/interpret/interpret.hpp"
#include "oncomatch/util/big_buffer.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "oncomatch/kb/hla.hpp"
#include "oncomatch/util/strings.hpp"

namespace oncomatch {

int tier_rank(const std::optional<std::string>& t) {
    if (!t) return 9;
    if (*t == "IA") return 0;
    if (*t == "IB") return 1;
    if (*t == "IIC") return 2;
    if (*t == "IID") return 3;
    return 9;
}

namespace {

bool counted(const ReportVariant& c, bool include_filtered) { return c.mv.v.pass || include_filtered; }

std::string clinical_value(const InterpretOptions& o, const std::string& key) {
    for (const auto& [k, v] : o.clinical)
        if (k == key) return v;
    return {};
}

Tri tri_not(Tri t) { return t == Tri::unknown ? t : (t == Tri::yes ? Tri::no : Tri::yes); }

// HLA rule against `--clinical hla=…` (the patient's typed alleles): unknown when the rule's
// locus was not typed.
Tri eval_hla(const kb::Rule& r, const InterpretOptions& o) {
    std::vector<std::string> typed;
    const std::string given = clinical_value(o, "hla");  // split() returns views into it
    for (auto a : split(given, ',')) {
        const std::string s(trim(a));
        if (!s.empty()) typed.push_back(s);
    }
    Tri out = Tri::no;
    bool locus_typed = false;
    for (const auto& want : r.hla)
        for (const auto& t : typed) {
            if (kb::hla_locus(t) != kb::hla_locus(want)) continue;
            locus_typed = true;
            const auto m = kb::hla_match(want, t);
            if (m == kb::HlaMatch::yes) return Tri::yes;
            if (m == kb::HlaMatch::unknown) out = Tri::unknown;
        }
    return locus_typed ? out : Tri::unknown;
}

// Expression rule against `--clinical expression=GENE:positive,…`: unknown when the gene's
// result was not given.
Tri eval_expression(const kb::Rule& r, const InterpretOptions& o) {
    const std::string given = clinical_value(o, "expression");  // split() returns views into it
    for (auto item : split(given, ',')) {
        const std::string s(trim(item));
        const auto colon = s.find(':');
        if (colon == std::string::npos || s.substr(0, colon) != r.gene) continue;
        return s.substr(colon + 1) == r.expression ? Tri::yes : Tri::no;
    }
    return Tri::unknown;
}

bool is_clinical_kind(kb::RuleKind k) { return k == kb::RuleKind::hla || k == kb::RuleKind::expression; }

}  // namespace

RuleEvaluator::RuleEvaluator(const kb::KbIndex& index, const std::vector<ReportVariant>& calls, const InterpretOptions& opts)
    : index_(index), kb_(index.kb()), calls_(calls), opts_(opts) {
    calls_by_locus_.reserve(calls_.size());
    for (std::size_t i = 0; i < calls_.size(); ++i) {
        const auto& mv = calls_[i].mv;
        calls_by_gene_[mv.gene].push_back(i);
        calls_by_locus_.push_back({mv.v.chrom_norm, mv.v.pos0, i});
        for (const auto& h : mv.hits) {
            auto& v = calls_by_biomarker_[h.biomarker];
            if (v.empty() || v.back() != i) v.push_back(i);
        }
    }
    std::sort(calls_by_locus_.begin(), calls_by_locus_.end());
}

bool RuleEvaluator::covered(const kb::Rule& r, const std::string& gene_hint) const {
    if (!opts_.target) return false;
    const int bi = static_cast<int>(index_.build());
    const auto& target = *opts_.target;
    if (r.kind == kb::RuleKind::allele) {
        if (r.alleles[bi].empty()) return false;
        for (const auto& a : r.alleles[bi])
            if (!target.contains(a.chrom, a.pos0, a.pos0 + static_cast<std::int64_t>(a.ref.size()))) return false;
        return true;
    }
    const std::string gene = r.gene.empty() ? gene_hint : r.gene;
    const auto* g = kb_.gene(gene);
    if (!g) return false;
    if (g->exons[bi]) {
        const auto& t = *g->exons[bi];
        for (const auto& e : t.exons) {
            if (r.kind == kb::RuleKind::exon && e.number != r.exon) continue;
            if (!target.contains(t.chrom, e.beg0, e.end0)) return false;
        }
        return true;
    }
    if (g->location[bi]) return target.contains(g->location[bi]->chrom, g->location[bi]->beg0, g->location[bi]->end0);
    return false;
}

Tri RuleEvaluator::leaf(const kb::Rule& r, bool negated, std::vector<std::string>* vids) const {
    switch (r.kind) {
        case kb::RuleKind::fusion: case kb::RuleKind::copy_number: case kb::RuleKind::signature:
            return Tri::unknown;  // no input for these kinds yet
        case kb::RuleKind::hla: return eval_hla(r, opts_);
        case kb::RuleKind::expression: return eval_expression(r, opts_);
        default: break;
    }
    const int bi = static_cast<int>(index_.build());
    bool any_call = false, counted_call = false;
    std::vector<std::size_t> candidates;
    if (r.kind == kb::RuleKind::allele) {
        for (const auto& a : r.alleles[bi]) {
            auto it = std::lower_bound(calls_by_locus_.begin(), calls_by_locus_.end(), LocusCall{a.chrom, a.pos0, 0});
            for (; it != calls_by_locus_.end() && it->chrom == a.chrom && it->pos0 == a.pos0; ++it) candidates.push_back(it->call);
        }
    } else if (auto it = calls_by_gene_.find(r.gene); it != calls_by_gene_.end()) {
        candidates = it->second;
    }
    std::sort(candidates.begin(), candidates.end());  // input order, as before
    candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
    for (std::size_t ci : candidates) {
        const auto& c = calls_[ci];
        bool hit = false;
        if (r.kind == kb::RuleKind::allele) {
            for (const auto& a : r.alleles[bi])
                if (a.chrom == c.mv.v.chrom_norm && a.pos0 == c.mv.v.pos0 && a.ref == c.mv.v.ref && a.alt == c.mv.v.alt) hit = true;
        } else if (c.mv.csq && c.mv.gene == r.gene) {
            hit = leaf_matches(r, *c.mv.csq);
        }
        if (!hit) continue;
        any_call = true;
        if (counted(c, opts_.include_filtered)) {
            counted_call = true;
            if (vids && std::find(vids->begin(), vids->end(), c.id) == vids->end()) vids->push_back(c.id);
        }
    }
    if (counted_call) return Tri::yes;
    if (any_call) return negated ? Tri::yes : Tri::unknown;  // a filtered call: present for negation, uncertain otherwise
    return covered(r, r.gene) ? Tri::no : Tri::unknown;
}

Tri RuleEvaluator::eval(const kb::Rule& r, bool negated) const {
    switch (r.kind) {
        case kb::RuleKind::ref: {
            const auto* b = kb_.biomarker(r.ref_id);
            if (!b) return Tri::unknown;
            if (is_clinical_kind(b->rule.kind)) return leaf(b->rule, negated, nullptr);
            // Known genomic encodings count as the biomarker too.
            if (b->rule.kind != kb::RuleKind::all && b->rule.kind != kb::RuleKind::any && b->rule.kind != kb::RuleKind::negation &&
                b->rule.kind != kb::RuleKind::ref) {
                const auto bm_idx = kb_.biomarker_by_id.at(b->id);
                bool any = false, cnt = false;
                if (auto it = calls_by_biomarker_.find(bm_idx); it != calls_by_biomarker_.end())
                    for (std::size_t ci : it->second) {
                        any = true;
                        cnt = cnt || counted(calls_[ci], opts_.include_filtered);
                    }
                if (cnt) return Tri::yes;
                if (any) return negated ? Tri::yes : Tri::unknown;
                kb::Rule copy = b->rule;
                if (copy.gene.empty()) copy.gene = b->gene;
                return covered(copy, b->gene) ? Tri::no : Tri::unknown;
            }
            return eval(b->rule, negated);
        }
        case kb::RuleKind::all: {
            Tri out = Tri::yes;
            for (const auto& c : r.children) {
                Tri t = eval(c, negated);
                if (t == Tri::no) return Tri::no;
                if (t == Tri::unknown) out = Tri::unknown;
            }
            return out;
        }
        case kb::RuleKind::any: {
            Tri out = Tri::no;
            for (const auto& c : r.children) {
                Tri t = eval(c, negated);
                if (t == Tri::yes) return Tri::yes;
                if (t == Tri::unknown) out = Tri::unknown;
            }
            return out;
        }
        case kb::RuleKind::negation:
            return r.children.empty() ? Tri::unknown : tri_not(eval(r.children[0], !negated));
        default:
            return leaf(r, negated, nullptr);
    }
}

std::string RuleEvaluator::label(const kb::Rule& r) const {
    switch (r.kind) {
        case kb::RuleKind::ref: {
            const auto* b = kb_.biomarker(r.ref_id);
            return b ? b->label : r.ref_id;
        }
        case kb::RuleKind::allele: {
            const int bi = static_cast<int>(index_.build());
            if (r.alleles[bi].empty()) return "allele";
            const auto& a = r.alleles[bi][0];
            return a.chrom + ":" + std::to_string(a.pos0 + 1) + " " + a.ref + ">" + a.alt;
        }
        case kb::RuleKind::protein: return r.gene + " " + r.protein;
        case kb::RuleKind::codon: return r.gene + " " + (r.codon_aa ? std::string(1, r.codon_aa) : std::string()) + std::to_string(r.codon);
        case kb::RuleKind::exon: return r.gene + " exon " + std::to_string(r.exon) + " " + kb::variant_class_name(r.cls);
        case kb::RuleKind::gene_class: return r.gene + " " + kb::variant_class_name(r.cls);
        case kb::RuleKind::fusion:
            return (r.five_prime.empty() ? std::string("any") : r.five_prime) + "::" + (r.three_prime.empty() ? std::string("any") : r.three_prime) + " fusion";
        case kb::RuleKind::copy_number: return r.gene + " " + r.copy_number;
        case kb::RuleKind::signature:
            if (r.signature == "msi_high") return "MSI-high";
            if (r.signature == "tmb") return "TMB >= " + format_double(r.tmb_min) + " mut/Mb";
            return "HRD positive";
        case kb::RuleKind::hla: {
            std::vector<std::string> a;
            for (const auto& x : r.hla) a.push_back("HLA-" + x);
            return join(a, " or ");
        }
        case kb::RuleKind::expression:
            return r.gene + " expression " + r.expression +
                   (r.expression_method == "ihc" ? " (IHC)" : r.expression_method == "rna" ? " (RNA)" : "");
        case kb::RuleKind::negation: return r.children.empty() ? "not ?" : "not " + label(r.children[0]);
        case kb::RuleKind::all: case kb::RuleKind::any: {
            std::vector<std::string> parts;
            for (const auto& c : r.children) parts.push_back(label(c));
            return "(" + join(parts, r.kind == kb::RuleKind::all ? " and " : " or ") + ")";
        }
    }
    return "?";
}

void RuleEvaluator::explain(const kb::Rule& r, bool negated, std::vector<std::string>& yes, std::vector<std::string>& unknown,
                            std::vector<std::string>& vids) const {
    switch (r.kind) {
        case kb::RuleKind::all:
            for (const auto& c : r.children) explain(c, negated, yes, unknown, vids);
            return;
        case kb::RuleKind::any: {
            // Once one alternative holds, the others do not matter.
            const bool holds = eval(r, negated) == Tri::yes;
            for (const auto& c : r.children)
                if (!holds || eval(c, negated) == Tri::yes) explain(c, negated, yes, unknown, vids);
            return;
        }
        case kb::RuleKind::negation: {
            if (r.children.empty()) return;
            Tri t = eval(r, negated);
            if (t == Tri::unknown) unknown.push_back(label(r) + " (wild-type not confirmed)");
            else if (t == Tri::yes) yes.push_back(label(r));
            return;
        }
        case kb::RuleKind::ref: {
            const auto* b = kb_.biomarker(r.ref_id);
            if (b && (b->rule.kind == kb::RuleKind::all || b->rule.kind == kb::RuleKind::any || b->rule.kind == kb::RuleKind::negation ||
                      b->rule.kind == kb::RuleKind::ref)) {
                explain(b->rule, negated, yes, unknown, vids);
                return;
            }
            Tri t = eval(r, negated);
            if (t == Tri::yes && !negated) {
                yes.push_back(label(r));
                if (b) {
                    const auto bm_idx = kb_.biomarker_by_id.at(b->id);
                    if (auto it = calls_by_biomarker_.find(bm_idx); it != calls_by_biomarker_.end())
                        for (std::size_t ci : it->second) {
                            const auto& c = calls_[ci];
                            if (counted(c, opts_.include_filtered) && std::find(vids.begin(), vids.end(), c.id) == vids.end())
                                vids.push_back(c.id);
                        }
                }
            } else if (t == Tri::unknown) {
                unknown.push_back(label(r));
            }
            return;
        }
        default: {
            Tri t = leaf(r, negated, negated ? nullptr : &vids);
            if (t == Tri::yes && !negated) yes.push_back(label(r));
            else if (t == Tri::unknown) unknown.push_back(label(r));
        }
    }
}

namespace {

// The sample's tumour type with its OncoTree ancestors, looked up once: every evidence item and
// trial is checked against it (thousands of times per sample), and OncoTree::covers walks the
// tree with a lookup per level each time. Same answers as OncoTree::covers(code, tumour).
class TumourScope {
public:
    TumourScope(const kb::OncoTree& tree, const std::string& tumour)
        : solid_(tree.covers("_SOLID_", tumour)), liquid_(tree.covers("_LIQUID_", tumour)) {
        std::string cur = tumour;
        for (int guard = 0; guard < 64 && !cur.empty(); ++guard) {
            chain_.push_back(cur);
            const auto* t = tree.find(cur);
            if (!t) break;
            cur = t->parent;
        }
    }
    bool covers(const std::string& code) const {
        if (code == "_ALL_") return true;
        if (code == "_SOLID_") return solid_;
        if (code == "_LIQUID_") return liquid_;
        return std::find(chain_.begin(), chain_.end(), code) != chain_.end();
    }

private:
    bool solid_, liquid_;
    std::vector<std::string> chain_;  // the tumour type, its parent, ... up to the root
};

struct Ctx {
    const kb::KbIndex& index;
    const kb::Knowledgebase& kb;
    const InterpretOptions& opts;
    TumourScope scope{kb.oncotree, opts.tumor_type};
};

bool applies_to(const TumourScope& scope, const std::vector<std::string>& codes) {
    for (const auto& c : codes)
        if (scope.covers(c)) return true;
    return false;
}

// What is known about the origin of a finding's variants (somatic from INFO/SOMATIC; nothing
// in a tumour-only file tells germline apart, so most calls are "unknown").
struct Origins {
    bool somatic = false, germline = false, unknown = false;
    void add(const std::string& o) {
        if (o == "somatic") somatic = true;
        else if (o == "germline") germline = true;
        else unknown = true;
    }
    // "somatic", "germline", "germline, somatic" or "unknown": what the report says was given.
    std::string known() const {
        if (germline && somatic) return "germline, somatic";
        return germline ? "germline" : somatic ? "somatic" : "unknown";
    }
};

// Requirement check against the clinical context (and the variants' origin). variant_origin X
// is met when a variant of the finding is of origin X, not met when every variant's origin is
// known and none is X, and unconfirmed otherwise (a call of unknown origin may be either).
Requirement check_requirement(const Ctx& ctx, const std::string& key, const std::string& value, const Origins& origin) {
    Requirement r{key, value, std::nullopt, {}};
    if (key == "variant_origin") {
        const bool has = value == "germline" ? origin.germline : origin.somatic;
        if (has) r.provided = true;
        else if (!origin.unknown && (origin.germline || origin.somatic)) r.provided = false;
        if (r.provided) r.given = origin.known();
        return r;
    }
    if (key == "prior_therapy" || key == "prior_therapy_class") {
        const auto given = clinical_value(ctx.opts, "prior_therapy");
        if (given.empty()) return r;
        r.given = given;
        bool met = false;
        for (const auto& d : split_copy(given, ',')) {
            const auto name = to_lower(std::string(trim(d)));
            if (key == "prior_therapy" && name == to_lower(value)) met = true;
            if (const auto* drug = ctx.kb.drug(name)) {
                if (key == "prior_therapy" && drug->name == to_lower(value)) met = true;
                if (key == "prior_therapy_class" && std::find(drug->classes.begin(), drug->classes.end(), value) != drug->classes.end()) met = true;
            }
        }
        r.provided = met;
        return r;
    }
    std::string given = clinical_value(ctx.opts, key);
    if (key == "hr_status" && given.empty()) {
        const auto er = clinical_value(ctx.opts, "er_status"), pr = clinical_value(ctx.opts, "pr_status");
        if (er == "positive" || pr == "positive") given = "positive";
        else if (er == "negative" && pr == "negative") given = "negative";
    }
    if (given.empty()) return r;
    r.given = given;
    r.provided = given == value;
    return r;
}

std::string level_tier(const std::string& level, bool in_type) {
    if (level == "A") return in_type ? "IA" : "IIC";
    if (level == "B") return in_type ? "IB" : "IIC";
    if (level == "C") return "IIC";
    if (level == "D") return "IID";
    return {};
}

// The entry's requirements, plus variant_origin from its biomarker's `origin` when the entry
// does not state one itself (the loader rejects entries that contradict their biomarker).
std::vector<std::pair<std::string, std::string>> effective_requirements(const Ctx& ctx, const kb::Evidence& e) {
    auto reqs = e.requirements;
    const auto* bm = ctx.kb.biomarker(e.biomarker);
    const bool stated = std::any_of(reqs.begin(), reqs.end(), [](const auto& kv) { return kv.first == "variant_origin"; });
    if (bm && bm->origin != "any" && !stated) reqs.emplace_back("variant_origin", bm->origin);
    return reqs;
}

// Does the rule (references followed) test the patient's HLA type?
bool mentions_hla(const kb::Knowledgebase& kb, const kb::Rule& r, int depth = 0) {
    if (depth > 32) return false;
    if (r.kind == kb::RuleKind::hla) return true;
    if (r.kind == kb::RuleKind::ref) {
        const auto* b = kb.biomarker(r.ref_id);
        return b && mentions_hla(kb, b->rule, depth + 1);
    }
    for (const auto& c : r.children)
        if (mentions_hla(kb, c, depth + 1)) return true;
    return false;
}

TherapyLine make_therapy(const Ctx& ctx, std::size_t ei, const std::string& tumour, const Origins& origin,
                         const std::vector<std::string>& unconfirmed) {
    const auto& e = ctx.kb.evidence[ei];
    TherapyLine t;
    t.evidence = ei;
    t.drugs = e.drugs;
    for (const auto& d : e.drugs) {
        const auto* drug = ctx.kb.drug(d);
        std::string zh;
        if (drug) {
            auto it = drug->names.find("zh");
            if (it != drug->names.end()) zh = it->second;
        }
        t.drugs_zh.push_back(zh);
    }
    t.combination = e.combination;
    t.direction = e.direction;
    t.evidence_level = e.level;
    t.source_level = e.source_level;
    t.applies_here = applies_to(ctx.scope, e.tumor_types);
    t.excluded_here = applies_to(ctx.scope, e.exclude_tumor_types);
    t.unconfirmed = unconfirmed;
    const std::string types = join(e.tumor_types, ", ");
    const bool sensitivity = e.direction == "sensitivity";
    if (t.excluded_here) {
        t.tier_reason = "not applicable here: " + tumour + " is excluded by this entry (exclude_tumor_types: " + join(e.exclude_tumor_types, ", ") + ")";
    } else if (e.level.empty()) {
        t.tier_reason = "untiered: no AMP/ASCO/CAP level" + (e.source_level.empty() ? std::string() : " (source level " + e.source_level + ")");
    } else if (t.applies_here) {
        t.tier = level_tier(e.level, true);
        t.tier_reason = "level " + e.level + " " + e.direction + " evidence in " + types + ", which covers " + tumour;
    } else if (sensitivity) {
        t.tier = level_tier(e.level, false);
        t.tier_reason = "level " + e.level + " evidence in another tumour type (" + types + ")";
    } else {
        t.tier_reason = "off-label " + e.direction + " (evidence in " + types + "): information only";
    }
    bool germline_unconfirmed = false;
    for (const auto& [k, v] : effective_requirements(ctx, e)) {
        auto req = check_requirement(ctx, k, v, origin);
        if (req.provided && !*req.provided) {
            t.offered = false;
            if (t.tier) {
                t.tier.reset();
                t.tier_reason = "requirement not met: " + k + " " + v + " (given: " + req.given + ")";
            }
        } else if (!req.provided) {
            t.unconfirmed.push_back("requires " + k + ": " + v + " (not confirmed)");
            if (k == "variant_origin" && v == "germline") germline_unconfirmed = true;
        }
        t.requirements.push_back(std::move(req));
    }
    // A germline-only label (a hereditary syndrome, or a germline variant) says nothing about a
    // call that may be somatic: with the origin unconfirmed it keeps its tier only in the tumour
    // types it was written for and is never extended off-label to another one.
    if (germline_unconfirmed && t.offered && t.tier && !t.applies_here) {
        t.tier.reset();
        t.tier_reason = "untiered: germline-only evidence (requires variant_origin: germline) for " + types +
                        "; the variant's origin is not known, so it is not extended off-label to " + tumour;
    }
    // An HLA type says who can receive an HLA-restricted therapy (tebentafusp, TCR-T cells); it
    // is not a tumour alteration, and the therapy's target may be absent from other tumour types:
    // such evidence is never extended off-label.
    if (t.tier && !t.applies_here) {
        if (const auto* bm = ctx.kb.biomarker(e.biomarker); bm && mentions_hla(ctx.kb, bm->rule)) {
            t.tier.reset();
            t.tier_reason = "untiered: HLA-restricted evidence for " + types + "; an HLA type is not a tumour alteration, so it is not extended off-label to " + tumour;
        }
    }
    t.on_label = t.applies_here && !t.excluded_here && sensitivity && !e.approvals.empty() && t.offered;
    return t;
}

std::string drug_key(const kb::Evidence& e) {
    std::vector<std::string> d;
    for (const auto& x : e.drugs) d.push_back(to_lower(x));
    std::sort(d.begin(), d.end());
    return join(d, "+");
}

bool is_input_less(const kb::Rule& r) {
    return r.kind == kb::RuleKind::fusion || r.kind == kb::RuleKind::copy_number || r.kind == kb::RuleKind::signature ||
           is_clinical_kind(r.kind);
}

std::string input_less_reason(const kb::Rule& r) {
    if (r.kind == kb::RuleKind::fusion) return "fusions: no fusion calls were given (small-variant VCF only)";
    if (r.kind == kb::RuleKind::copy_number) return "copy number: no copy-number calls were given (small-variant VCF only)";
    if (r.kind == kb::RuleKind::hla)
        return "HLA genotype: a tumour variant file cannot show it; needs HLA typing (give it with --clinical hla=…)";
    if (r.kind == kb::RuleKind::expression) {
        const std::string test = r.expression_method == "ihc" ? "immunohistochemistry (IHC)"
                                 : r.expression_method == "rna" ? "RNA expression testing" : "an expression test (IHC or RNA)";
        return r.gene + " expression: a tumour variant file cannot show it; needs " + test + " (give it with --clinical expression=" +
               r.gene + ":positive|negative)";
    }
    return "genomic signature: not computed from this input (MSI, TMB and HRD need dedicated input)";
}

struct LeafKinds {
    std::vector<const kb::Rule*> input_less;  // fusion / copy-number / signature / hla / expression leaves
    bool negated = false;                     // a leaf under a negation
};

void collect_leaf_kinds(const kb::Knowledgebase& kb, const kb::Rule& r, bool neg, LeafKinds& k, int depth = 0) {
    if (depth > 32) return;
    switch (r.kind) {
        case kb::RuleKind::ref:
            if (const auto* b = kb.biomarker(r.ref_id)) collect_leaf_kinds(kb, b->rule, neg, k, depth + 1);
            return;
        case kb::RuleKind::all: case kb::RuleKind::any:
            for (const auto& c : r.children) collect_leaf_kinds(kb, c, neg, k, depth + 1);
            return;
        case kb::RuleKind::negation:
            for (const auto& c : r.children) collect_leaf_kinds(kb, c, true, k, depth + 1);
            return;
        default:
            if (is_input_less(r)) k.input_less.push_back(&r);
            if (neg) k.negated = true;
    }
}

}  // namespace

bool is_combination_rule(const kb::Rule& r) {
    return r.kind == kb::RuleKind::all || r.kind == kb::RuleKind::any || r.kind == kb::RuleKind::negation || r.kind == kb::RuleKind::ref;
}

std::string untiered_variant_tier(const MatchedVariant& m) {
    const auto af = population_af(m);
    return (af && *af >= 0.01) ? "IV" : "III";
}

Report interpret(const kb::KbIndex& index, std::vector<MatchedVariant> calls, const InterpretOptions& opts) {
    std::vector<std::vector<MatchedVariant>> batches;
    batches.push_back(std::move(calls));
    return interpret(index, std::move(batches), opts);
}

Report interpret(const kb::KbIndex& index, std::vector<std::vector<MatchedVariant>> batches, const InterpretOptions& opts) {
    const auto& kb = index.kb();
    Ctx ctx{index, kb, opts};
    Report rep;
    // Variants, in input order.
    std::size_t next_id = 1, total = 0;
    for (const auto& b : batches)
        for (const auto& mv : b) total += mv.dropped ? 0 : 1;
    rep.variants.reserve(total);  // no reallocation: ReportVariant's move may copy
    hint_huge_pages(rep.variants.data(), total * sizeof(ReportVariant));  // a whole genome lists thousands
    for (auto& batch : batches) {
        for (auto& mv : batch) {
            if (mv.dropped) continue;  // marked by the pipeline: not listed
            ReportVariant& rv = rep.variants.emplace_back(std::move(mv));
            // Filtered calls are kept for negated conditions but listed only with --include-filtered.
            if (rv.mv.v.pass || opts.include_filtered) rv.id = "V" + std::to_string(next_id++);
            rv.origin = rv.mv.v.somatic_flag ? "somatic" : "unknown";
        }
        std::vector<MatchedVariant>().swap(batch);  // its pages go back for the ones to come
    }
    RuleEvaluator ev(index, rep.variants, opts);
    const std::string& tumour = opts.tumor_type;
    // The listed variants each biomarker's own rule matched, in input order (one pass over the
    // variants, not one per biomarker: a whole genome lists thousands).
    std::unordered_map<std::size_t, std::vector<std::pair<std::size_t, const BiomarkerHit*>>> hits_by_biomarker;
    std::unordered_map<std::string, std::size_t> variant_by_id;
    for (std::size_t vi = 0; vi < rep.variants.size(); ++vi) {
        const auto& rv = rep.variants[vi];
        if (!rv.id.empty()) variant_by_id.emplace(rv.id, vi);
        if (!counted(rv, opts.include_filtered)) continue;
        for (const auto& h : rv.mv.hits) hits_by_biomarker[h.biomarker].emplace_back(vi, &h);
    }

    // Which biomarkers matter for this sample: those with evidence (non-retired).
    std::vector<Finding> findings;
    for (std::size_t bi = 0; bi < kb.biomarkers.size(); ++bi) {
        const auto& bm = kb.biomarkers[bi];
        if (bm.retired || kb.evidence_by_biomarker[bi].empty()) continue;
        Finding f;
        f.biomarker = bi;
        f.gene = bm.gene;
        if (!is_combination_rule(bm.rule) && !is_clinical_kind(bm.rule.kind)) {
            const auto it = hits_by_biomarker.find(bi);
            if (it == hits_by_biomarker.end()) continue;
            for (const auto& [vi, h] : it->second) {
                const auto& rv = rep.variants[vi];
                f.variant_ids.push_back(rv.id);
                if (f.match_type.empty()) f.match_type = h->match_type;
            }
        } else {
            const Tri t = ev.eval(bm.rule);
            std::vector<std::string> yes, unknown, vids;
            ev.explain(bm.rule, false, yes, unknown, vids);
            if (t == Tri::no) continue;
            if (t == Tri::unknown) {
                bool positive = false;
                for (const auto& y : yes)
                    if (y.rfind("not ", 0) != 0) positive = true;
                if (!positive) continue;  // nothing detected: listed under not_assessed below when relevant
                f.confirmed = false;
                f.unconfirmed = unknown;
            }
            f.variant_ids = vids;
            f.match_type = is_clinical_kind(bm.rule.kind) ? kb::rule_kind_name(bm.rule.kind) : "combination";
        }
        if (f.gene.empty() && !f.variant_ids.empty())
            if (const auto it = variant_by_id.find(f.variant_ids.front()); it != variant_by_id.end()) f.gene = rep.variants[it->second].mv.gene;
        Origins origin;
        for (const auto& vid : f.variant_ids)
            if (const auto it = variant_by_id.find(vid); it != variant_by_id.end()) origin.add(rep.variants[it->second].origin);
        if (f.variant_ids.empty()) origin.unknown = true;
        for (std::size_t ei : kb.evidence_by_biomarker[bi])
            f.therapies.push_back(make_therapy(ctx, ei, tumour, origin, f.unconfirmed));
        // Imported evidence beneath curated evidence for the same therapy and tumour type.
        std::set<std::size_t> conflicted;
        for (auto& t : f.therapies) {
            const auto& e = kb.evidence[t.evidence];
            if (e.source == "curated") continue;
            for (const auto& u : f.therapies) {
                const auto& ce = kb.evidence[u.evidence];
                if (ce.source != "curated" || drug_key(ce) != drug_key(e) || !u.applies_here || !t.applies_here) continue;
                t.supports = ce.id;
                if ((ce.direction == "sensitivity") != (e.direction == "sensitivity")) {
                    t.conflict = true;
                    conflicted.insert(u.evidence);
                }
                break;
            }
        }
        for (auto& t : f.therapies)
            if (conflicted.count(t.evidence)) t.conflict = true;
        findings.push_back(std::move(f));
    }
    // Curated entries take precedence over imported ones for the same therapy and tumour type also
    // across biomarkers (CIViC's PIK3CA H1047R entry beside the curated PIK3CA hotspot list): an
    // imported line for a drug set that a curated line, matched by the same variant, covers here
    // sits beneath that line, and is not offered when the curated line is not (a requirement of
    // the label, such as HR+/HER2- or prior endocrine therapy, is not met).
    {
        std::map<std::pair<std::string, std::string>, std::pair<std::size_t, std::size_t>> curated_here;  // (variant, drugs) -> (finding, line)
        for (std::size_t fi = 0; fi < findings.size(); ++fi)
            for (std::size_t ti = 0; ti < findings[fi].therapies.size(); ++ti) {
                const auto& t = findings[fi].therapies[ti];
                const auto& e = kb.evidence[t.evidence];
                if (e.source != "curated" || !t.applies_here || t.excluded_here) continue;
                for (const auto& vid : findings[fi].variant_ids) curated_here.emplace(std::make_pair(vid, drug_key(e)), std::make_pair(fi, ti));
            }
        for (auto& f : findings)
            for (auto& t : f.therapies) {
                const auto& e = kb.evidence[t.evidence];
                if (e.source == "curated" || !t.applies_here || !t.supports.empty()) continue;
                for (const auto& vid : f.variant_ids) {
                    const auto it = curated_here.find({vid, drug_key(e)});
                    if (it == curated_here.end()) continue;
                    const auto& u = findings[it->second.first].therapies[it->second.second];
                    const auto& ce = kb.evidence[u.evidence];
                    t.supports = ce.id;
                    if ((ce.direction == "sensitivity") != (e.direction == "sensitivity")) t.conflict = true;
                    if (!u.offered) {
                        t.offered = false;
                        t.tier.reset();
                        t.tier_reason = "curated entry " + ce.id + " takes precedence and is not offered here" +
                                        (u.tier_reason.empty() ? std::string() : ": " + u.tier_reason);
                    }
                    break;
                }
            }
    }
    // An entry that excludes this tumour type also stops the same therapy being offered
    // off-label from entries written for other tumour types, across all findings (BRAF V600E in
    // colorectal cancer gets no IIC for dabrafenib + trametinib from the melanoma entries).
    // A curated exclusion also outranks imported entries that do apply here (CIViC's
    // tissue-agnostic dabrafenib + trametinib entry does not carry the colorectal exclusion).
    std::map<std::string, std::size_t> excluded_by;
    for (const auto& f : findings)
        for (const auto& t : f.therapies)
            if (t.excluded_here) {
                auto [it, fresh] = excluded_by.emplace(drug_key(kb.evidence[t.evidence]), t.evidence);
                if (!fresh && kb.evidence[t.evidence].source == "curated") it->second = t.evidence;
            }
    // Likewise, resistance or no-benefit evidence of some level (A-D) written for this tumour type
    // blocks the off-label promotion of the same drug set for the same biomarker: the same
    // biomarker entry, or one matched by the same variant of this sample (BRAF V600E in colorectal
    // cancer: vemurafenib resistance there outweighs the V600 label for Erdheim-Chester disease).
    // The sensitivity line stays listed, untiered; lines ruled out by a requirement do not block.
    struct Blocker {
        std::size_t finding;
        std::size_t evidence;
    };
    std::map<std::string, std::vector<Blocker>> resisted_by;
    for (std::size_t fi = 0; fi < findings.size(); ++fi)
        for (const auto& t : findings[fi].therapies) {
            const auto& e = kb.evidence[t.evidence];
            if ((e.direction == "resistance" || e.direction == "no_benefit") && t.applies_here && !t.excluded_here && t.offered &&
                !e.level.empty())
                resisted_by[drug_key(e)].push_back({fi, t.evidence});
        }
    auto same_biomarker = [&](const Finding& a, const Finding& b) {
        if (a.biomarker == b.biomarker) return true;
        for (const auto& v : a.variant_ids)
            if (std::find(b.variant_ids.begin(), b.variant_ids.end(), v) != b.variant_ids.end()) return true;
        return false;
    };
    for (auto& f : findings) {
        for (auto& t : f.therapies) {
            if (t.excluded_here || !t.tier) continue;
            const auto key = drug_key(kb.evidence[t.evidence]);
            if (auto it = excluded_by.find(key); it != excluded_by.end()) {
                const auto& by = kb.evidence[it->second];
                const bool imported_under_curated = t.applies_here && by.source == "curated" && kb.evidence[t.evidence].source != "curated";
                if (!t.applies_here || imported_under_curated) {
                    t.tier.reset();
                    t.tier_reason = "not applicable here: " + tumour + " is excluded for this therapy by " + by.id;
                }
                continue;
            }
            if (t.applies_here) continue;
            auto it = resisted_by.find(key);
            if (it == resisted_by.end()) continue;
            for (const auto& b : it->second) {
                if (!same_biomarker(findings[b.finding], f)) continue;
                const auto& re = kb.evidence[b.evidence];
                t.tier.reset();
                t.tier_reason = "not applicable here: level " + re.level + " " + re.direction + " evidence " + re.id + " (" +
                                join(re.tumor_types, ", ") + ") for this therapy and biomarker covers " + tumour +
                                " and blocks the off-label tier";
                break;
            }
        }
        std::stable_sort(f.therapies.begin(), f.therapies.end(), [&](const TherapyLine& a, const TherapyLine& b) {
            if (tier_rank(a.tier) != tier_rank(b.tier)) return tier_rank(a.tier) < tier_rank(b.tier);
            if (a.supports.empty() != b.supports.empty()) return a.supports.empty();
            return kb.evidence[a.evidence].id < kb.evidence[b.evidence].id;
        });
        for (const auto& t : f.therapies)
            if (t.supports.empty() && tier_rank(t.tier) < tier_rank(f.tier)) f.tier = t.tier;
    }
    std::stable_sort(findings.begin(), findings.end(), [&](const Finding& a, const Finding& b) {
        if (tier_rank(a.tier) != tier_rank(b.tier)) return tier_rank(a.tier) < tier_rank(b.tier);
        if (a.gene != b.gene) return a.gene < b.gene;
        return kb.biomarkers[a.biomarker].id < kb.biomarkers[b.biomarker].id;
    });
    for (std::size_t i = 0; i < findings.size(); ++i) findings[i].id = "F" + std::to_string(i + 1);
    std::vector<char> tiered(rep.variants.size(), 0);
    for (const auto& f : findings)
        for (const auto& vid : f.variant_ids)
            if (const auto it = variant_by_id.find(vid); it != variant_by_id.end()) {
                rep.variants[it->second].finding_ids.push_back(f.id);
                if (f.tier) tiered[it->second] = 1;
            }
    // Variant tiers: III for variants without a tiered finding, IV when common in a population.
    for (std::size_t vi = 0; vi < rep.variants.size(); ++vi) {
        auto& rv = rep.variants[vi];
        if (rv.id.empty() || tiered[vi]) continue;
        rv.tier = untiered_variant_tier(rv.mv);
    }
    rep.findings = std::move(findings);
    rep.qc_counts["calls_filtered_not_listed"] = static_cast<long long>(
        std::count_if(rep.variants.begin(), rep.variants.end(), [](const ReportVariant& rv) { return rv.id.empty(); }));

    // Not assessed: input-less biomarker kinds and loci outside the assay, for evidence that
    // would apply to this tumour type.
    std::set<std::string> na_seen;
    auto add_na = [&](const std::string& target, const std::string& reason) {
        if (na_seen.insert(target + "\t" + reason).second) rep.not_assessed.push_back({target, reason});
    };
    for (std::size_t bi = 0; bi < kb.biomarkers.size(); ++bi) {
        const auto& bm = kb.biomarkers[bi];
        if (bm.retired) continue;
        bool relevant = false;
        for (std::size_t ei : kb.evidence_by_biomarker[bi]) {
            const auto& e = kb.evidence[ei];
            if (applies_to(ctx.scope, e.tumor_types) && !applies_to(ctx.scope, e.exclude_tumor_types)) {
                relevant = true;
                break;  // one applicable evidence item is enough
            }
        }
        if (!relevant) continue;
        const std::string target = bm.label + " (" + bm.id + ")";
        if (is_input_less(bm.rule)) {
            // HLA type and expression given in the clinical context are assessed (a finding, or absent).
            if (!is_clinical_kind(bm.rule.kind) || ev.eval(bm.rule) == Tri::unknown) add_na(target, input_less_reason(bm.rule));
            continue;
        }
        if (is_combination_rule(bm.rule)) {
            const bool reported = std::any_of(rep.findings.begin(), rep.findings.end(), [&](const Finding& f) { return f.biomarker == bi; });
            if (reported || ev.eval(bm.rule) != Tri::unknown) continue;
            LeafKinds k;
            collect_leaf_kinds(kb, bm.rule, false, k);
            bool listed = false;
            for (const auto* leaf : k.input_less)
                if (ev.eval(*leaf) == Tri::unknown) {
                    add_na(target, input_less_reason(*leaf));
                    listed = true;
                }
            if (listed) continue;
            if (k.negated) add_na(target, opts.target ? "not confirmed: wild-type status needs the loci covered by the assay (--target-bed)"
                                                           : "not confirmed: wild-type status needs the assay's covered regions (pass --target-bed)");
            else if (opts.target) add_na(target, "not assessable (not targeted): outside the --target-bed regions");
            continue;
        }
        if (opts.target) {
            kb::Rule r = bm.rule;
            if (r.gene.empty()) r.gene = bm.gene;
            bool cov = ev.covered(r, bm.gene);
            if (!cov && !bm.alleles[static_cast<int>(index.build())].empty()) {
                kb::Rule ar;
                ar.kind = kb::RuleKind::allele;
                ar.alleles = bm.alleles;
                cov = ev.covered(ar, bm.gene);
            }
            if (!cov) add_na(target, "not assessable (not targeted): outside the --target-bed regions");
        }
    }

    // Trials.
    const std::string country = clinical_value(opts, "country");
    const std::string sex = clinical_value(opts, "sex");
    const std::string age_s = clinical_value(opts, "age");
    for (std::size_t ti = 0; ti < kb.trials.size(); ++ti) {
        const auto& t = kb.trials[ti];
        if (t.retired || !t.criteria) continue;
        if (!opts.all_trials && t.status != "recruiting" && t.status != "not_yet_recruiting") continue;
        if (!t.tumor_types.empty() && !applies_to(ctx.scope, t.tumor_types)) continue;
        if (applies_to(ctx.scope, t.exclude_tumor_types)) continue;
        const Tri v = ev.eval(*t.criteria);
        if (v == Tri::no) continue;
        TrialMatch m;
        m.trial = ti;
        std::vector<std::string> vids;
        ev.explain(*t.criteria, false, m.matched_on, m.not_checked, vids);
        bool positive = false;
        for (const auto& y : m.matched_on)
            if (y.rfind("not ", 0) != 0) positive = true;
        if (!positive) continue;
        if (!sex.empty() && t.sex != "all" && t.sex != sex) continue;
        if (sex.empty() && t.sex != "all") m.not_checked.push_back("sex: trial enrols " + t.sex + " patients only");
        if (!age_s.empty()) {
            const int age = parse_number<int>(age_s).value_or(-1);
            if ((t.age_min && age < *t.age_min) || (t.age_max && age > *t.age_max)) continue;
        } else if (t.age_min || t.age_max) {
            m.not_checked.push_back("age: " + (t.age_min ? std::to_string(*t.age_min) : std::string("any")) + " to " +
                                    (t.age_max ? std::to_string(*t.age_max) : std::string("any")));
        }
        for (const auto& s : t.sites) m.sites.push_back({s.country, s.city, s.facility});
        if (!country.empty()) {
            std::stable_partition(m.sites.begin(), m.sites.end(), [&](const TrialSiteOut& s) { return s.country == country; });
            if (opts.trials_in_country) {
                m.sites.erase(std::remove_if(m.sites.begin(), m.sites.end(), [&](const TrialSiteOut& s) { return s.country != country; }), m.sites.end());
                if (m.sites.empty()) continue;
            }
        }
        rep.trials.push_back(std::move(m));
    }
    rep.variants.erase(std::remove_if(rep.variants.begin(), rep.variants.end(), [](const ReportVariant& rv) { return rv.id.empty(); }),
                       rep.variants.end());
    std::stable_sort(rep.trials.begin(), rep.trials.end(), [&](const TrialMatch& a, const TrialMatch& b) {
        const auto& ta = kb.trials[a.trial];
        const auto& tb = kb.trials[b.trial];
        // With --all-trials, trials open to enrolment come before closed ones.
        auto open = [](const kb::Trial& t) { return t.status == "recruiting" || t.status == "not_yet_recruiting"; };
        if (open(ta) != open(tb)) return open(ta);
        if (a.not_checked.size() != b.not_checked.size()) return a.not_checked.size() < b.not_checked.size();
        return ta.nct_id < tb.nct_id;
    });
    return rep;
}

}  // namespace oncomatch
