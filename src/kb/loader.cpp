// Knowledgebase loader: YAML (yaml-cpp) and TSV tables -> validated, frozen Knowledgebase.
// Every problem is collected with file:line:col and a hint; the load fails if any was found.
#include "oncomatch/kb/loader.hpp"

#include <tbb/parallel_for.h>

#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <regex>
#include <set>
#include <sstream>

#include "oncomatch/kb/cache.hpp"
#include "oncomatch/kb/hla.hpp"
#include "oncomatch/util/sha256.hpp"
#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/protein.hpp"

namespace fs = std::filesystem;

namespace oncomatch::kb {

KbLoadError::KbLoadError(std::string dir, std::vector<KbIssue> issues)
    : InputError(std::move(dir),
                 std::to_string(issues.size()) + (issues.size() == 1 ? " problem" : " problems") +
                     " in the knowledgebase",
                 "fix the entries above, then run 'oncomatch kb validate' again"),
      issues_(std::move(issues)) {}

namespace {

const std::set<std::string> kDirections = {"sensitivity", "reduced_sensitivity", "resistance", "no_benefit",
                                           "adverse_response"};
const std::set<std::string> kTrialStatus = {"recruiting", "not_yet_recruiting", "active_not_recruiting",
                                            "completed", "terminated", "withdrawn", "suspended",
                                            "enrolling_by_invitation", "unknown"};
const std::set<std::string> kRoles = {"oncogene", "tumour_suppressor", "both", "other"};

// Values accepted for `requires` keys (the --clinical vocabulary); empty set = free text.
const std::map<std::string, std::set<std::string>> kRequireKeys = {
    {"er_status", {"positive", "negative"}},
    {"pr_status", {"positive", "negative"}},
    {"hr_status", {"positive", "negative"}},
    {"her2_status", {"positive", "low", "negative"}},
    {"menopausal_status", {"pre", "post"}},
    {"prior_therapy", {}},
    {"prior_therapy_class", {}},
    {"variant_origin", {"germline", "somatic"}},
    {"germline_tested", {"true", "false"}},
};

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

std::string closest(const std::string& word, const std::vector<std::string>& options) {
    std::string best;
    std::size_t best_d = 3;
    for (const auto& o : options) {
        auto d = edit_distance(word, o);
        if (d < best_d) {
            best_d = d;
            best = o;
        }
    }
    return best;
}

bool is_date(const std::string& s) {
    static const std::regex re(R"(^\d{4}-\d{2}-\d{2}$)");
    return std::regex_match(s, re);
}

// Per-file parsing context: positions and the shared issue list.
struct Ctx {
    std::string file;  // relative path, as shown in messages
    std::vector<KbIssue>* issues;
    bool overlay = false;

    SourcePos pos(const YAML::Node& n) const {
        SourcePos p;
        p.file = file;
        if (n.IsDefined()) {
            auto m = n.Mark();
            if (m.line >= 0) {
                p.line = m.line + 1;
                p.col = m.column + 1;
            }
        }
        return p;
    }
    void error(const YAML::Node& n, std::string what, std::string hint = {}) const {
        issues->push_back({pos(n), std::move(what), std::move(hint)});
    }
    void error_at(const SourcePos& p, std::string what, std::string hint = {}) const {
        issues->push_back({p, std::move(what), std::move(hint)});
    }

    bool expect_map(const YAML::Node& n, const std::string& what) const {
        if (n.IsMap()) return true;
        error(n, what + " must be a mapping (key: value)", "indent its keys under it");
        return false;
    }

    void check_keys(const YAML::Node& map, const std::vector<std::string>& allowed, const std::string& what) const {
        for (auto it = map.begin(); it != map.end(); ++it) {
            const auto key = it->first.Scalar();
            if (std::find(allowed.begin(), allowed.end(), key) != allowed.end()) continue;
            auto near = closest(key, allowed);
            error(it->first, "unknown key '" + key + "' in " + what,
                  near.empty() ? "allowed keys: " + join(allowed, ", ") : "did you mean '" + near + "'?");
        }
    }

    std::string str(const YAML::Node& map, const char* key, bool required, const std::string& what) const {
        auto n = map[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) error(map, what + " has no '" + key + "'", std::string("add '") + key + ": ...'");
            return {};
        }
        if (!n.IsScalar()) {
            error(n, std::string("'") + key + "' must be a single value (text)", "remove the list or mapping");
            return {};
        }
        return n.Scalar();
    }

    std::vector<std::string> str_list(const YAML::Node& map, const char* key, const std::string& /*what*/) const {
        std::vector<std::string> out;
        auto n = map[key];
        if (!n.IsDefined() || n.IsNull()) return out;
        if (n.IsScalar()) {
            out.push_back(n.Scalar());
            return out;
        }
        if (!n.IsSequence()) {
            error(n, std::string("'") + key + "' must be a list", "write it as [a, b]");
            return out;
        }
        for (const auto& item : n) {
            if (!item.IsScalar()) {
                error(item, std::string("items of '") + key + "' must be text");
                continue;
            }
            out.push_back(item.Scalar());
        }
        return out;
    }

    std::optional<long long> integer(const YAML::Node& map, const char* key, bool required, const std::string& what) const {
        auto n = map[key];
        if (!n.IsDefined() || n.IsNull()) {
            if (required) error(map, what + " has no '" + key + "'", std::string("add '") + key + ": <number>'");
            return std::nullopt;
        }
        if (!n.IsScalar()) {
            error(n, std::string("'") + key + "' must be a whole number");
            return std::nullopt;
        }
        auto v = parse_number<long long>(n.Scalar());
        if (!v) error(n, std::string("'") + key + "' must be a whole number, not '" + n.Scalar() + "'");
        return v;
    }

    bool boolean(const YAML::Node& map, const char* key, bool def) const {
        auto n = map[key];
        if (!n.IsDefined() || n.IsNull()) return def;
        if (n.IsScalar()) {
            auto s = to_lower(n.Scalar());
            if (s == "true" || s == "yes") return true;
            if (s == "false" || s == "no") return false;
        }
        error(n, std::string("'") + key + "' must be true or false");
        return def;
    }
};

std::optional<Build> build_key(const Ctx& ctx, const YAML::Node& key) {
    auto b = parse_build(key.Scalar());
    if (!b || (key.Scalar() != "GRCh37" && key.Scalar() != "GRCh38")) {
        ctx.error(key, "unknown genome build '" + key.Scalar() + "'", "use GRCh37 or GRCh38");
        return std::nullopt;
    }
    return b;
}

bool is_bases(const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c == 'A' || c == 'C' || c == 'G' || c == 'T'; });
}

std::vector<GenomicAllele> parse_allele_list(const Ctx& ctx, const YAML::Node& list) {
    std::vector<GenomicAllele> out;
    YAML::Node seq = list;
    if (list.IsMap()) {  // a single allele written as a mapping
        seq = YAML::Node(YAML::NodeType::Sequence);
        seq.push_back(list);
    }
    if (!seq.IsSequence()) {
        ctx.error(list, "alleles must be a list of {chrom, pos, ref, alt}");
        return out;
    }
    for (const auto& a : seq) {
        if (!ctx.expect_map(a, "an allele")) continue;
        ctx.check_keys(a, {"chrom", "pos", "ref", "alt", "hgvsg", "note"}, "an allele");
        GenomicAllele g;
        g.chrom = normalise_chrom(ctx.str(a, "chrom", true, "allele"));
        auto pos = ctx.integer(a, "pos", true, "allele");
        g.ref = to_upper(ctx.str(a, "ref", true, "allele"));
        g.alt = to_upper(ctx.str(a, "alt", true, "allele"));
        if (!pos) continue;
        if (*pos < 1) {
            ctx.error(a["pos"], "pos must be 1 or more (VCF-style, 1-based)");
            continue;
        }
        g.pos0 = *pos - 1;
        if (!is_bases(g.ref) || !is_bases(g.alt)) {
            ctx.error(a, "ref and alt must be A, C, G, T bases (got '" + g.ref + "' > '" + g.alt + "')");
            continue;
        }
        if (g.ref == g.alt) {
            ctx.error(a, "rule can never match: ref and alt are the same ('" + g.ref + "')", "fix the alt allele");
            continue;
        }
        out.push_back(std::move(g));
    }
    return out;
}

std::array<std::vector<GenomicAllele>, kBuildCount> parse_build_alleles(const Ctx& ctx, const YAML::Node& n) {
    std::array<std::vector<GenomicAllele>, kBuildCount> out;
    if (!ctx.expect_map(n, "alleles (per build)")) return out;
    for (auto it = n.begin(); it != n.end(); ++it) {
        auto b = build_key(ctx, it->first);
        if (!b) continue;
        out[static_cast<int>(*b)] = parse_allele_list(ctx, it->second);
    }
    return out;
}

const std::vector<std::string> kRuleKinds = {"allele", "protein", "codon", "exon", "gene_class", "fusion",
                                             "copy_number", "signature", "hla", "expression", "all", "any", "not"};

Rule parse_rule(const Ctx& ctx, const YAML::Node& n, const std::string& default_gene);

Rule parse_rule(const Ctx& ctx, const YAML::Node& n, const std::string& default_gene) {
    Rule r;
    r.where = ctx.pos(n);
    r.gene = default_gene;
    if (n.IsScalar()) {  // a biomarker id
        r.kind = RuleKind::ref;
        r.ref_id = n.Scalar();
        return r;
    }
    if (!n.IsMap()) {
        ctx.error(n, "a rule must be a biomarker id or a mapping with one rule key",
                  "e.g. {protein: V600E} or {all: [BM-A, {not: BM-B}]}");
        r.kind = RuleKind::all;
        return r;
    }
    std::vector<std::string> allowed = kRuleKinds;
    allowed.push_back("gene");
    ctx.check_keys(n, allowed, "a rule");
    if (n["gene"].IsDefined()) r.gene = ctx.str(n, "gene", false, "rule");
    std::vector<std::string> present;
    for (const auto& k : kRuleKinds)
        if (n[k].IsDefined()) present.push_back(k);
    if (present.size() != 1) {
        ctx.error(n, present.empty() ? "rule has no rule key" : "rule has several rule keys (" + join(present, ", ") + ")",
                  "use exactly one of: " + join(kRuleKinds, ", ") + "; combine with all/any");
        r.kind = RuleKind::all;
        return r;
    }
    const auto& key = present[0];
    const auto v = n[key];
    auto need_gene = [&]() {
        if (r.gene.empty()) ctx.error(n, "rule '" + key + "' needs a gene", "add 'gene: SYMBOL'");
    };
    if (key == "allele") {
        r.kind = RuleKind::allele;
        r.alleles = parse_build_alleles(ctx, v);
    } else if (key == "protein") {
        r.kind = RuleKind::protein;
        need_gene();
        auto s = v.IsScalar() ? v.Scalar() : std::string();
        r.protein = protein_short(s);
        if (r.protein.empty())
            ctx.error(v, "bad HGVS protein change '" + s + "'", "write e.g. V600E, p.Val600Glu or E746_A750del");
    } else if (key == "codon") {
        r.kind = RuleKind::codon;
        need_gene();
        auto s = v.IsScalar() ? v.Scalar() : std::string();
        std::string digits = s;
        if (!s.empty() && std::isalpha(static_cast<unsigned char>(s[0]))) {
            std::string one = s.substr(0, 1);
            std::size_t i = 1;
            if (s.size() > 3 && std::isalpha(static_cast<unsigned char>(s[1]))) {  // three-letter "Gly12"
                char c = aa_one_letter(s.substr(0, 3));
                if (c) {
                    one = std::string(1, c);
                    i = 3;
                }
            }
            r.codon_aa = one[0];
            digits = s.substr(i);
        }
        auto c = parse_number<int>(digits);
        if (!c || *c <= 0) {
            ctx.error(v, "bad codon '" + s + "'", "write the residue and position, e.g. G12, or just 12");
        } else {
            r.codon = *c;
        }
    } else if (key == "exon") {
        r.kind = RuleKind::exon;
        need_gene();
        if (ctx.expect_map(v, "exon rule")) {
            ctx.check_keys(v, {"number", "class"}, "an exon rule");
            auto num = ctx.integer(v, "number", true, "exon rule");
            if (num && (*num < 1 || *num > 1000)) ctx.error(v["number"], "exon number must be 1 or more");
            r.exon = num ? static_cast<int>(*num) : 0;
            auto cls = ctx.str(v, "class", false, "exon rule");
            if (!cls.empty()) {
                auto c = parse_variant_class(cls);
                if (!c) ctx.error(v["class"], "unknown variant class '" + cls + "'",
                                  "use any, protein_altering, missense, truncating, frameshift, nonsense, splice, inframe, inframe_deletion or inframe_insertion");
                else r.cls = *c;
            }
        }
    } else if (key == "gene_class") {
        r.kind = RuleKind::gene_class;
        need_gene();
        auto s = v.IsScalar() ? v.Scalar() : std::string();
        auto c = parse_variant_class(s);
        if (!c) ctx.error(v, "unknown variant class '" + s + "'",
                          "use any, protein_altering, missense, truncating, frameshift, nonsense, splice, inframe, inframe_deletion or inframe_insertion");
        else r.cls = *c;
    } else if (key == "fusion") {
        r.kind = RuleKind::fusion;
        if (v.IsMap()) {
            ctx.check_keys(v, {"five_prime", "three_prime", "breakpoints", "note"}, "a fusion rule");
            r.five_prime = ctx.str(v, "five_prime", false, "fusion");
            r.three_prime = ctx.str(v, "three_prime", false, "fusion");
            if (r.five_prime.empty() && r.three_prime.empty()) r.three_prime = r.gene;
        } else if (v.IsScalar() && (v.Scalar() == "any" || v.Scalar().empty())) {
            r.three_prime = r.gene;
        } else {
            ctx.error(v, "a fusion rule is {five_prime: GENE, three_prime: GENE}");
        }
        if (r.five_prime.empty() && r.three_prime.empty())
            ctx.error(v, "fusion rule names no gene", "give five_prime and/or three_prime, or a gene");
    } else if (key == "copy_number") {
        r.kind = RuleKind::copy_number;
        need_gene();
        auto s = v.IsScalar() ? v.Scalar() : (v.IsMap() ? ctx.str(v, "type", true, "copy_number") : std::string());
        if (s != "amplification" && s != "deletion" && s != "loss" && s != "gain")
            ctx.error(v, "copy_number must be amplification or deletion (got '" + s + "')");
        r.copy_number = s == "loss" ? "deletion" : (s == "gain" ? "amplification" : s);
    } else if (key == "signature") {
        r.kind = RuleKind::signature;
        if (ctx.expect_map(v, "signature rule")) {
            ctx.check_keys(v, {"msi", "tmb_min", "hrd"}, "a signature rule");
            if (v["msi"].IsDefined()) {
                r.signature = "msi_high";
                if (ctx.str(v, "msi", false, "signature") != "high") ctx.error(v["msi"], "msi must be 'high'");
            } else if (v["tmb_min"].IsDefined()) {
                r.signature = "tmb";
                auto d = parse_double(v["tmb_min"].IsScalar() ? v["tmb_min"].Scalar() : "");
                if (!d || *d <= 0) ctx.error(v["tmb_min"], "tmb_min must be a positive number (mutations/Mb)");
                else r.tmb_min = *d;
            } else if (v["hrd"].IsDefined()) {
                r.signature = "hrd";
                if (ctx.str(v, "hrd", false, "signature") != "positive") ctx.error(v["hrd"], "hrd must be 'positive'");
            } else {
                ctx.error(v, "signature rule needs msi, tmb_min or hrd");
            }
        }
    } else if (key == "hla") {
        r.kind = RuleKind::hla;
        std::vector<YAML::Node> items;
        if (v.IsScalar()) items.push_back(v);
        else if (v.IsSequence() && v.size() > 0) for (const auto& x : v) items.push_back(x);
        else ctx.error(v, "an hla rule is one allele or a non-empty list of alleles", "e.g. hla: \"A*02:01\" or hla: [\"A*02:01P\", \"A*02:02P\"]");
        for (const auto& x : items) {
            const std::string a = x.IsScalar() ? x.Scalar() : std::string();
            if (!is_hla_allele(a))
                ctx.error(x, "bad HLA allele '" + a + "'",
                          "write LOCUS*FIELD[:FIELD…] in WHO nomenclature, without 'HLA-', e.g. A*02:01, A*02:01P, B*57:01 (quote it in YAML)");
            else r.hla.push_back(a);
        }
        if (r.gene.empty() && !r.hla.empty()) r.gene = "HLA-" + r.hla.front().substr(0, r.hla.front().find('*'));
    } else if (key == "expression") {
        r.kind = RuleKind::expression;
        need_gene();
        std::string status, method = "any";
        if (v.IsScalar()) {
            status = v.Scalar();
        } else if (ctx.expect_map(v, "expression rule")) {
            ctx.check_keys(v, {"status", "method"}, "an expression rule");
            status = ctx.str(v, "status", true, "expression rule");
            if (v["method"].IsDefined()) method = ctx.str(v, "method", false, "expression rule");
        }
        if (status != "positive" && status != "negative")
            ctx.error(v, "expression status must be positive or negative (got '" + status + "')", "e.g. expression: {status: positive, method: ihc}");
        if (method != "ihc" && method != "rna" && method != "any")
            ctx.error(v["method"], "expression method must be ihc, rna or any (got '" + method + "')");
        r.expression = status;
        r.expression_method = method;
    } else if (key == "all" || key == "any") {
        r.kind = key == "all" ? RuleKind::all : RuleKind::any;
        if (!v.IsSequence() || v.size() == 0) {
            ctx.error(v, "'" + key + "' needs a non-empty list of rules", "e.g. " + key + ": [BM-A, BM-B]");
        } else {
            for (const auto& c : v) r.children.push_back(parse_rule(ctx, c, r.gene));
        }
        if (r.kind == RuleKind::all) {  // X and not X can never hold
            std::set<std::string> pos_ids, neg_ids;
            for (const auto& c : r.children) {
                if (c.kind == RuleKind::ref) pos_ids.insert(c.ref_id);
                if (c.kind == RuleKind::negation && !c.children.empty() && c.children[0].kind == RuleKind::ref)
                    neg_ids.insert(c.children[0].ref_id);
            }
            for (const auto& id : pos_ids)
                if (neg_ids.count(id))
                    ctx.error(v, "rule can never match: it requires both " + id + " and not " + id);
        }
    } else if (key == "not") {
        r.kind = RuleKind::negation;
        r.children.push_back(parse_rule(ctx, v, r.gene));
    }
    return r;
}

Gene parse_gene(const Ctx& ctx, const YAML::Node& n) {
    Gene g;
    g.where = ctx.pos(n);
    ctx.check_keys(n, {"symbol", "role", "name", "transcripts", "location", "aliases", "note"}, "a gene");
    g.symbol = ctx.str(n, "symbol", true, "gene");
    g.role = ctx.str(n, "role", false, "gene");
    if (!g.role.empty() && !kRoles.count(g.role))
        ctx.error(n["role"], "unknown gene role '" + g.role + "'", "use oncogene, tumour_suppressor, both or other");
    if (auto t = n["transcripts"]; t.IsDefined() && ctx.expect_map(t, "transcripts")) {
        for (auto it = t.begin(); it != t.end(); ++it) {
            auto b = build_key(ctx, it->first);
            if (!b || !ctx.expect_map(it->second, "a transcript entry")) continue;
            ctx.check_keys(it->second, {"ensembl", "refseq"}, "a transcript entry");
            g.ensembl[static_cast<int>(*b)] = ctx.str(it->second, "ensembl", false, "transcript");
            g.refseq[static_cast<int>(*b)] = ctx.str(it->second, "refseq", false, "transcript");
        }
    }
    if (auto l = n["location"]; l.IsDefined() && ctx.expect_map(l, "location")) {
        for (auto it = l.begin(); it != l.end(); ++it) {
            auto b = build_key(ctx, it->first);
            if (!b || !ctx.expect_map(it->second, "a location")) continue;
            ctx.check_keys(it->second, {"chrom", "start", "end"}, "a location");
            GeneLocation loc;
            loc.chrom = normalise_chrom(ctx.str(it->second, "chrom", true, "location"));
            auto s = ctx.integer(it->second, "start", true, "location");
            auto e = ctx.integer(it->second, "end", true, "location");
            if (!s || !e) continue;
            if (*s < 1 || *e < *s) {
                ctx.error(it->second, "location start must be >= 1 and end >= start");
                continue;
            }
            loc.beg0 = *s - 1;
            loc.end0 = *e;
            g.location[static_cast<int>(*b)] = loc;
        }
    }
    return g;
}

Biomarker parse_biomarker(const Ctx& ctx, const YAML::Node& n) {
    Biomarker b;
    b.where = ctx.pos(n);
    ctx.check_keys(n, {"id", "label", "gene", "rule", "alleles", "origin", "retired", "note", "aliases", "source"}, "a biomarker");
    b.id = ctx.str(n, "id", true, "biomarker");
    b.label = ctx.str(n, "label", true, "biomarker " + b.id);
    b.gene = ctx.str(n, "gene", false, "biomarker");
    b.retired = ctx.boolean(n, "retired", false);
    b.origin = ctx.str(n, "origin", false, "biomarker");
    if (b.origin.empty()) b.origin = "any";
    if (b.origin != "any" && b.origin != "somatic" && b.origin != "germline")
        ctx.error(n["origin"], "origin must be somatic, germline or any");
    if (!n["rule"].IsDefined()) {
        ctx.error(n, "biomarker " + b.id + " has no 'rule'", "add e.g. 'rule: {protein: V600E}'");
    } else {
        b.rule = parse_rule(ctx, n["rule"], b.gene);
    }
    if (n["alleles"].IsDefined()) b.alleles = parse_build_alleles(ctx, n["alleles"]);
    b.source = ctx.str(n, "source", false, "biomarker " + b.id);
    if (b.source.empty()) b.source = "curated";
    if (b.source != "curated" && b.source != "civic" && b.source != "local")
        ctx.error(n["source"], "source must be curated, civic or local");
    if (ctx.overlay) b.source = "local";
    return b;
}

Evidence parse_evidence(const Ctx& ctx, const YAML::Node& n) {
    Evidence e;
    e.where = ctx.pos(n);
    ctx.check_keys(n, {"id", "biomarker", "tumor_types", "exclude_tumor_types", "therapy", "direction", "level",
                       "source_level", "requires", "approvals", "citations", "source", "source_id", "summary",
                       "last_reviewed", "review", "retired", "note", "evidence_type"},
                   "an evidence entry");
    e.id = ctx.str(n, "id", true, "evidence");
    const std::string what = "evidence " + e.id;
    e.retired = ctx.boolean(n, "retired", false);
    e.biomarker = ctx.str(n, "biomarker", !e.retired, what);
    e.tumor_types = ctx.str_list(n, "tumor_types", what);
    if (e.tumor_types.empty() && !e.retired) ctx.error(n, what + " has no tumor_types", "add e.g. 'tumor_types: [NSCLC]' or [_SOLID_]");
    e.exclude_tumor_types = ctx.str_list(n, "exclude_tumor_types", what);
    if (auto t = n["therapy"]; t.IsDefined()) {
        if (ctx.expect_map(t, "therapy")) {
            ctx.check_keys(t, {"drugs", "combination"}, "a therapy");
            e.drugs = ctx.str_list(t, "drugs", what);
            e.combination = ctx.boolean(t, "combination", e.drugs.size() > 1);
            if (e.drugs.empty()) ctx.error(t, what + ": therapy lists no drugs");
        }
    } else if (!e.retired) {
        ctx.error(n, what + " has no therapy", "add 'therapy: {drugs: [name]}'");
    }
    e.direction = ctx.str(n, "direction", !e.retired, what);
    if (!e.direction.empty() && !kDirections.count(e.direction))
        ctx.error(n["direction"], "unknown direction '" + e.direction + "'",
                  "use sensitivity, reduced_sensitivity, resistance, no_benefit or adverse_response");
    e.level = ctx.str(n, "level", false, what);
    if (!e.level.empty() && e.level != "A" && e.level != "B" && e.level != "C" && e.level != "D")
        ctx.error(n["level"], "level must be A, B, C or D (AMP/ASCO/CAP), not '" + e.level + "'",
                  "leave it out for untiered evidence");
    e.source_level = ctx.str(n, "source_level", false, what);
    if (auto r = n["requires"]; r.IsDefined()) {
        if (ctx.expect_map(r, "requires")) {
            for (auto it = r.begin(); it != r.end(); ++it) {
                const auto key = it->first.Scalar();
                auto known = kRequireKeys.find(key);
                if (known == kRequireKeys.end()) {
                    std::vector<std::string> keys;
                    for (const auto& [k, _] : kRequireKeys) keys.push_back(k);
                    auto near = closest(key, keys);
                    ctx.error(it->first, "unknown requires key '" + key + "'",
                              near.empty() ? "allowed: " + join(keys, ", ") : "did you mean '" + near + "'?");
                    continue;
                }
                if (!it->second.IsScalar()) {
                    ctx.error(it->second, "requires value must be text");
                    continue;
                }
                auto val = it->second.Scalar();
                if (!known->second.empty() && !known->second.count(val)) {
                    std::vector<std::string> vals(known->second.begin(), known->second.end());
                    ctx.error(it->second, "requires " + key + ": unknown value '" + val + "'", "use " + join(vals, ", "));
                    continue;
                }
                e.requirements.emplace_back(key, val);
            }
        }
    }
    if (auto a = n["approvals"]; a.IsDefined()) {
        if (!a.IsSequence()) ctx.error(a, "approvals must be a list");
        else for (const auto& item : a) {
            if (!ctx.expect_map(item, "an approval")) continue;
            ctx.check_keys(item, {"agency", "year", "indication", "label", "date"}, "an approval");
            Approval ap;
            ap.agency = ctx.str(item, "agency", true, "approval");
            auto y = ctx.integer(item, "year", false, "approval");
            if (y && (*y < 1950 || *y > 2100)) ctx.error(item["year"], "approval year out of range");
            ap.year = y ? static_cast<int>(*y) : 0;
            ap.indication = ctx.str(item, "indication", false, "approval");
            e.approvals.push_back(ap);
        }
    }
    if (auto c = n["citations"]; c.IsDefined()) {
        if (!c.IsSequence()) ctx.error(c, "citations must be a list");
        else for (const auto& item : c) {
            if (item.IsScalar()) {  // a bare PMID
                e.citations.push_back({"pmid", item.Scalar()});
                continue;
            }
            if (!ctx.expect_map(item, "a citation")) continue;
            ctx.check_keys(item, {"pmid", "label", "guideline", "url", "nct", "doi", "abstract"}, "a citation");
            for (auto it = item.begin(); it != item.end(); ++it) {
                auto kind = it->first.Scalar();
                auto val = it->second.IsScalar() ? it->second.Scalar() : std::string();
                if (kind == "pmid" && !parse_number<long long>(val))
                    ctx.error(it->second, "pmid must be a number, not '" + val + "'");
                e.citations.push_back({kind, val});
            }
        }
    }
    e.source = ctx.str(n, "source", false, what);
    if (e.source.empty()) e.source = ctx.overlay ? "local" : "curated";
    if (e.source != "curated" && e.source != "civic" && e.source != "local")
        ctx.error(n["source"], "source must be curated, civic or local");
    e.source_id = ctx.str(n, "source_id", false, what);
    e.summary = ctx.str(n, "summary", !e.retired, what);
    e.last_reviewed = ctx.str(n, "last_reviewed", false, what);
    if (!e.last_reviewed.empty() && !is_date(e.last_reviewed))
        ctx.error(n["last_reviewed"], "last_reviewed must be a date YYYY-MM-DD");
    e.review = ctx.str(n, "review", false, what);
    e.local = ctx.overlay;
    if (ctx.overlay) e.source = "local";
    return e;
}

Trial parse_trial(const Ctx& ctx, const YAML::Node& n) {
    Trial t;
    t.where = ctx.pos(n);
    ctx.check_keys(n, {"nct_id", "title", "phase", "status", "status_as_of", "interventions", "criteria", "tumor_types",
                       "exclude_tumor_types", "age", "sex", "sites", "summary", "source", "review", "retired", "acronym", "note"},
                   "a trial");
    t.nct_id = ctx.str(n, "nct_id", true, "trial");
    static const std::regex nct(R"(^NCT\d{8}$)");
    if (!t.nct_id.empty() && !std::regex_match(t.nct_id, nct))
        ctx.error(n["nct_id"], "bad NCT id '" + t.nct_id + "'", "NCT ids are 'NCT' and 8 digits");
    const std::string what = "trial " + t.nct_id;
    t.title = ctx.str(n, "title", true, what);
    t.phase = ctx.str(n, "phase", false, what);
    t.status = ctx.str(n, "status", true, what);
    if (!t.status.empty() && !kTrialStatus.count(t.status))
        ctx.error(n["status"], "unknown trial status '" + t.status + "'",
                  "use recruiting, not_yet_recruiting, active_not_recruiting, completed, terminated, withdrawn, suspended, enrolling_by_invitation or unknown");
    t.status_as_of = ctx.str(n, "status_as_of", true, what);
    if (!t.status_as_of.empty() && !is_date(t.status_as_of))
        ctx.error(n["status_as_of"], "status_as_of must be a date YYYY-MM-DD");
    t.interventions = ctx.str_list(n, "interventions", what);
    if (n["criteria"].IsDefined()) t.criteria = parse_rule(ctx, n["criteria"], "");
    t.tumor_types = ctx.str_list(n, "tumor_types", what);
    t.exclude_tumor_types = ctx.str_list(n, "exclude_tumor_types", what);
    if (auto a = n["age"]; a.IsDefined() && ctx.expect_map(a, "age")) {
        ctx.check_keys(a, {"min", "max"}, "an age range");
        if (auto v = ctx.integer(a, "min", false, "age")) t.age_min = static_cast<int>(*v);
        if (auto v = ctx.integer(a, "max", false, "age")) t.age_max = static_cast<int>(*v);
    }
    t.sex = ctx.str(n, "sex", false, what);
    if (t.sex.empty()) t.sex = "all";
    if (t.sex != "all" && t.sex != "female" && t.sex != "male") ctx.error(n["sex"], "sex must be all, female or male");
    if (auto s = n["sites"]; s.IsDefined()) {
        if (!s.IsSequence()) ctx.error(s, "sites must be a list");
        else for (const auto& item : s) {
            if (!ctx.expect_map(item, "a site")) continue;
            ctx.check_keys(item, {"country", "city", "facility", "state"}, "a site");
            Site site{ctx.str(item, "country", true, "site"), ctx.str(item, "city", false, "site"),
                      ctx.str(item, "facility", false, "site")};
            if (site.country.size() != 2 || to_upper(site.country) != site.country)
                ctx.error(item["country"], "country must be an ISO 3166 alpha-2 code like US, CN, DE");
            t.sites.push_back(site);
        }
    }
    t.summary = ctx.str(n, "summary", false, what);
    t.review = ctx.str(n, "review", false, what);
    t.retired = ctx.boolean(n, "retired", false);
    return t;
}

Drug parse_drug(const Ctx& ctx, const YAML::Node& n) {
    Drug d;
    d.where = ctx.pos(n);
    ctx.check_keys(n, {"name", "synonyms", "classes", "targets", "names", "note", "ncit", "source"}, "a drug");
    d.name = ctx.str(n, "name", true, "drug");
    if (d.name != to_lower(d.name)) ctx.error(n["name"], "drug name '" + d.name + "' must be lower case", "put brand names under synonyms");
    d.synonyms = ctx.str_list(n, "synonyms", "drug");
    d.classes = ctx.str_list(n, "classes", "drug");
    d.targets = ctx.str_list(n, "targets", "drug");
    if (auto nm = n["names"]; nm.IsDefined() && ctx.expect_map(nm, "names")) {
        for (auto it = nm.begin(); it != nm.end(); ++it)
            if (it->second.IsScalar()) d.names[it->first.Scalar()] = it->second.Scalar();
    }
    d.source = ctx.str(n, "source", false, "drug");
    if (d.source.empty()) d.source = "curated";
    if (d.source != "curated" && d.source != "civic") ctx.error(n["source"], "a drug's source must be curated or civic");
    return d;
}

struct Collected {
    std::vector<Gene> genes;
    std::vector<Biomarker> biomarkers;
    std::vector<Evidence> evidence;
    std::vector<Trial> trials;
    std::vector<Drug> drugs;
    std::vector<std::pair<std::string, SourcePos>> retire;  // overlay only: ids to retire
};

void load_yaml_file(const fs::path& path, const std::string& rel, bool overlay, Collected& out, std::vector<KbIssue>& issues) {
    Ctx ctx{rel, &issues, overlay};
    YAML::Node root;
    try {
        root = YAML::LoadFile(path.string());
    } catch (const YAML::ParserException& e) {
        issues.push_back({{rel, e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg,
                          "check indentation and quoting near this place"});
        return;
    } catch (const YAML::BadFile&) {
        issues.push_back({{rel, 0, 0}, "cannot read file", ""});
        return;
    }
    if (root.IsNull()) return;  // empty file
    if (!root.IsMap()) {
        ctx.error(root, "a knowledgebase file must be a mapping with genes/biomarkers/evidence/trials/drugs lists");
        return;
    }
    if (overlay) ctx.check_keys(root, {"genes", "biomarkers", "evidence", "trials", "drugs", "retire"}, "an overlay file");
    else ctx.check_keys(root, {"genes", "biomarkers", "evidence", "trials", "drugs"}, "a knowledgebase file");
    if (auto r = root["retire"]; overlay && r.IsDefined() && !r.IsNull()) {
        if (!r.IsSequence()) ctx.error(r, "'retire' must be a list of evidence, biomarker or trial ids");
        else for (const auto& item : r) {
            if (!item.IsScalar() || item.Scalar().empty()) ctx.error(item, "an item of 'retire' must be an id");
            else out.retire.emplace_back(item.Scalar(), ctx.pos(item));
        }
    }
    auto each = [&](const char* key, auto&& fn) {
        auto list = root[key];
        if (!list.IsDefined() || list.IsNull()) return;
        if (!list.IsSequence()) {
            ctx.error(list, std::string("'") + key + "' must be a list (items start with '- ')");
            return;
        }
        for (const auto& item : list) {
            if (!ctx.expect_map(item, std::string("an item of '") + key + "'")) continue;
            fn(item);
        }
    };
    each("genes", [&](const YAML::Node& n) { out.genes.push_back(parse_gene(ctx, n)); });
    each("biomarkers", [&](const YAML::Node& n) { out.biomarkers.push_back(parse_biomarker(ctx, n)); });
    each("evidence", [&](const YAML::Node& n) { out.evidence.push_back(parse_evidence(ctx, n)); });
    each("trials", [&](const YAML::Node& n) { out.trials.push_back(parse_trial(ctx, n)); });
    each("drugs", [&](const YAML::Node& n) { out.drugs.push_back(parse_drug(ctx, n)); });
}

std::vector<std::pair<fs::path, std::string>> list_files(const fs::path& dir, bool yaml_only) {
    std::vector<std::pair<fs::path, std::string>> files;
    if (!fs::is_directory(dir)) return files;
    for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
        const auto name = it->path().filename().string();
        if (!name.empty() && name[0] == '.') {
            if (it->is_directory()) it.disable_recursion_pending();
            continue;
        }
        if (!it->is_regular_file()) continue;
        auto ext = it->path().extension().string();
        if (yaml_only && ext != ".yaml" && ext != ".yml") continue;
        files.emplace_back(it->path(), fs::relative(it->path(), dir).generic_string());
    }
    std::sort(files.begin(), files.end(), [](const auto& a, const auto& b) { return a.second < b.second; });
    return files;
}

// Reads a TSV with a header; calls fn(fields, line_no) per data row.
void read_tsv(const fs::path& path, const std::string& rel, const std::vector<std::string>& required_cols,
              std::vector<KbIssue>& issues,
              const std::function<void(const std::map<std::string, std::string>&, int)>& fn) {
    std::ifstream in(path);
    if (!in) return;
    std::string line;
    std::vector<std::string> header;
    int line_no = 0;
    while (std::getline(in, line)) {
        ++line_no;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || line[0] == '#') continue;
        auto fields = split_copy(line, '\t');
        if (header.empty()) {
            header = fields;
            for (const auto& c : required_cols)
                if (std::find(header.begin(), header.end(), c) == header.end())
                    issues.push_back({{rel, line_no, 1}, "missing column '" + c + "'", "the header must name: " + join(required_cols, ", ")});
            continue;
        }
        if (fields.size() != header.size()) {
            issues.push_back({{rel, line_no, 1}, "expected " + std::to_string(header.size()) + " columns, found " + std::to_string(fields.size()), ""});
            continue;
        }
        std::map<std::string, std::string> row;
        for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = fields[i];
        fn(row, line_no);
    }
}

void validate_rule(const Rule& r, const Knowledgebase& kb, const std::string& file, std::vector<KbIssue>& issues,
                   bool need_gene_entry) {
    auto err = [&](const std::string& what, const std::string& hint = {}) {
        SourcePos p = r.where;
        if (p.file.empty()) p.file = file;
        issues.push_back({p, what, hint});
    };
    switch (r.kind) {
        case RuleKind::ref:
            if (!kb.biomarker(r.ref_id)) err("dangling biomarker id '" + r.ref_id + "'", "define it under 'biomarkers' or fix the id");
            break;
        case RuleKind::protein: case RuleKind::codon: case RuleKind::exon: case RuleKind::gene_class:
        case RuleKind::copy_number:
            if (!r.gene.empty() && need_gene_entry && !kb.gene(r.gene))
                err("unknown gene '" + r.gene + "'", "add it under 'genes' (genes/genes.yaml)");
            if (r.kind == RuleKind::exon && kb.gene(r.gene)) {
                const auto* g = kb.gene(r.gene);
                int max_exons = 0;
                for (const auto& t : g->exons)
                    if (t) max_exons = std::max<int>(max_exons, static_cast<int>(t->exons.size()));
                if (max_exons > 0 && r.exon > max_exons)
                    err("rule can never match: " + r.gene + " has " + std::to_string(max_exons) + " exons, not " + std::to_string(r.exon));
            }
            break;
        case RuleKind::all: case RuleKind::any: case RuleKind::negation:
            for (const auto& c : r.children) validate_rule(c, kb, file, issues, need_gene_entry);
            break;
        default: break;
    }
}

// A canonical text for what a rule matches (references expanded), so that rules written in
// different files can be recognised as the same biomarker.
std::string rule_key(const Rule& r, const Knowledgebase& kb, int depth = 0) {
    if (depth > 32) return "?";
    auto alleles = [](const std::array<std::vector<GenomicAllele>, kBuildCount>& a) {
        std::vector<std::string> parts;
        for (int b = 0; b < kBuildCount; ++b)
            for (const auto& x : a[b]) parts.push_back(std::to_string(b) + ":" + x.chrom + ":" + std::to_string(x.pos0) + ":" + x.ref + ">" + x.alt);
        std::sort(parts.begin(), parts.end());
        return join(parts, ",");
    };
    switch (r.kind) {
        case RuleKind::ref: {
            const auto* b = kb.biomarker(r.ref_id);
            return b ? rule_key(b->rule, kb, depth + 1) : "ref:" + r.ref_id;
        }
        case RuleKind::all: case RuleKind::any: {
            std::vector<std::string> parts;
            for (const auto& c : r.children) parts.push_back(rule_key(c, kb, depth + 1));
            std::sort(parts.begin(), parts.end());
            return std::string(r.kind == RuleKind::all ? "all(" : "any(") + join(parts, ";") + ")";
        }
        case RuleKind::negation:
            return "not(" + (r.children.empty() ? std::string() : rule_key(r.children.front(), kb, depth + 1)) + ")";
        case RuleKind::allele: return "allele|" + alleles(r.alleles);
        case RuleKind::protein: return "protein|" + r.gene + "|" + r.protein;
        case RuleKind::codon: return "codon|" + r.gene + "|" + std::to_string(r.codon);
        case RuleKind::exon: return "exon|" + r.gene + "|" + std::to_string(r.exon) + "|" + variant_class_name(r.cls);
        case RuleKind::gene_class: return "gene_class|" + r.gene + "|" + variant_class_name(r.cls);
        case RuleKind::fusion: return "fusion|" + r.five_prime + "|" + r.three_prime;
        case RuleKind::copy_number: return "copy_number|" + r.gene + "|" + r.copy_number;
        case RuleKind::signature: return "signature|" + r.signature + "|" + format_double(r.tmb_min);
        case RuleKind::hla: {
            auto a = r.hla;
            std::sort(a.begin(), a.end());
            return "hla|" + join(a, ",");
        }
        case RuleKind::expression: return "expression|" + r.gene + "|" + r.expression + "|" + r.expression_method;
    }
    return "?";
}

// Imported (CIViC) evidence whose biomarker has the same rule as a curated or local biomarker
// is attached to that biomarker, so curated and imported entries meet in one finding, where
// curated entries decide the tier and disagreements are shown (PRODUCT.md).
void unify_imported(Knowledgebase& kb) {
    // Imported therapy names are written as the source spells them: use the drug entry's own
    // name (a synonym may have matched), so the same therapy compares equal everywhere.
    for (auto& e : kb.evidence) {
        if (e.source != "civic") continue;
        for (auto& d : e.drugs)
            if (const auto* drug = kb.drug(d)) d = drug->name;
    }
    std::unordered_map<std::string, std::size_t> by_key;
    for (std::size_t i = 0; i < kb.biomarkers.size(); ++i) {
        const auto& b = kb.biomarkers[i];
        if (b.source == "civic" || b.retired) continue;
        by_key.emplace(rule_key(b.rule, kb), i);
    }
    if (by_key.empty()) return;
    std::unordered_map<std::string, std::string> target;  // civic biomarker id -> curated id
    for (const auto& b : kb.biomarkers) {
        if (b.source != "civic") continue;
        auto it = by_key.find(rule_key(b.rule, kb));
        if (it == by_key.end()) continue;
        const auto& cur = kb.biomarkers[it->second];
        if (cur.origin != "any" && cur.origin != b.origin) continue;
        target[b.id] = cur.id;
    }
    for (auto& e : kb.evidence) {
        if (e.source != "civic") continue;
        if (auto it = target.find(e.biomarker); it != target.end()) e.biomarker = it->second;
    }
}

}  // namespace

std::optional<VariantClass> parse_variant_class(const std::string& s) {
    static const std::map<std::string, VariantClass> m = {
        {"any", VariantClass::any}, {"protein_altering", VariantClass::protein_altering},
        {"missense", VariantClass::missense}, {"truncating", VariantClass::truncating},
        {"frameshift", VariantClass::frameshift}, {"nonsense", VariantClass::nonsense},
        {"splice", VariantClass::splice}, {"inframe", VariantClass::inframe},
        {"inframe_deletion", VariantClass::inframe_deletion}, {"inframe_insertion", VariantClass::inframe_insertion}};
    auto it = m.find(s);
    if (it == m.end()) return std::nullopt;
    return it->second;
}

std::string variant_class_name(VariantClass c) {
    switch (c) {
        case VariantClass::any: return "any";
        case VariantClass::protein_altering: return "protein_altering";
        case VariantClass::missense: return "missense";
        case VariantClass::truncating: return "truncating";
        case VariantClass::frameshift: return "frameshift";
        case VariantClass::nonsense: return "nonsense";
        case VariantClass::splice: return "splice";
        case VariantClass::inframe: return "inframe";
        case VariantClass::inframe_deletion: return "inframe_deletion";
        case VariantClass::inframe_insertion: return "inframe_insertion";
    }
    return "any";
}

std::string rule_kind_name(RuleKind k) {
    switch (k) {
        case RuleKind::allele: return "allele";
        case RuleKind::protein: return "protein";
        case RuleKind::codon: return "codon";
        case RuleKind::exon: return "exon";
        case RuleKind::gene_class: return "gene_class";
        case RuleKind::fusion: return "fusion";
        case RuleKind::copy_number: return "copy_number";
        case RuleKind::signature: return "signature";
        case RuleKind::hla: return "hla";
        case RuleKind::expression: return "expression";
        case RuleKind::all: case RuleKind::any: case RuleKind::negation: case RuleKind::ref: return "combination";
    }
    return "combination";
}

std::string knowledgebase_hash(const fs::path& dir, const fs::path& overlay) {
    auto files = list_files(dir, false);
    if (!overlay.empty())
        for (auto& [path, rel] : list_files(overlay, false)) files.emplace_back(std::move(path), "overlay/" + rel);
    // Every run hashes every file (the cache is keyed by the hash): the files are hashed in parallel.
    std::vector<std::string> digests(files.size());
    tbb::parallel_for(std::size_t{0}, files.size(), [&](std::size_t i) { digests[i] = sha256_file_hex(files[i].first); });
    std::string text;
    for (std::size_t i = 0; i < files.size(); ++i) text += files[i].second + "\t" + digests[i] + "\n";
    return sha256_hex(text);
}

fs::path default_kb_dir() {
    if (const char* env = std::getenv("ONCOMATCH_KB"); env && *env) return fs::path(env);
    std::error_code ec;
    fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        auto bin = exe.parent_path();
        for (const auto& cand : {bin / "../share/oncomatch/knowledgebase", bin / "../knowledgebase",
                                 bin / "../../knowledgebase", bin / "../../../knowledgebase"}) {
            if (fs::exists(cand / "kb.yaml", ec)) return fs::weakly_canonical(cand, ec);
        }
    }
    return fs::path("knowledgebase");
}

namespace {

// The full load: parse every file, validate, freeze. Throws KbLoadError listing every problem.
std::shared_ptr<Knowledgebase> load_uncached(const LoadOptions& opts) {
    auto kb = std::make_shared<Knowledgebase>();
    kb->dir = opts.dir;
    kb->overlay_dir = opts.overlay;
    std::vector<KbIssue> issues;

    // Manifest.
    const auto manifest = opts.dir / "kb.yaml";
    if (!fs::exists(manifest)) throw InputError(manifest.string(), "knowledgebase manifest kb.yaml not found", "is --kb the knowledgebase folder?");
    {
        Ctx ctx{"kb.yaml", &issues, false};
        try {
            auto m = YAML::LoadFile(manifest.string());
            if (ctx.expect_map(m, "kb.yaml")) {
                ctx.check_keys(m, {"name", "version", "builds", "sources", "description", "licence", "citation"}, "kb.yaml");
                kb->name = ctx.str(m, "name", true, "kb.yaml");
                kb->version = ctx.str(m, "version", true, "kb.yaml");
                for (const auto& b : ctx.str_list(m, "builds", "kb.yaml")) {
                    auto pb = parse_build(b);
                    if (!pb || (b != "GRCh37" && b != "GRCh38")) ctx.error(m["builds"], "unknown build '" + b + "'", "use GRCh37 and/or GRCh38");
                    else kb->builds.push_back(*pb);
                }
                if (kb->builds.empty()) ctx.error(m, "kb.yaml lists no builds", "add 'builds: [GRCh37, GRCh38]'");
                if (auto s = m["sources"]; s.IsSequence()) {
                    for (const auto& item : s) {
                        if (!ctx.expect_map(item, "a source")) continue;
                        ctx.check_keys(item, {"name", "version_or_date", "licence", "url", "citation", "note"}, "a source");
                        kb->sources.push_back({ctx.str(item, "name", true, "source"), ctx.str(item, "version_or_date", false, "source"),
                                               ctx.str(item, "licence", true, "source"), ctx.str(item, "url", false, "source")});
                    }
                }
            }
        } catch (const YAML::ParserException& e) {
            issues.push_back({{"kb.yaml", e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg, ""});
        }
    }

    // OncoTree.
    const auto onco = opts.dir / "oncotree" / "oncotree.tsv";
    if (!fs::exists(onco)) issues.push_back({{"oncotree/oncotree.tsv", 0, 0}, "OncoTree table missing", "regenerate it with scripts/kb_oncotree.py"});
    read_tsv(onco, "oncotree/oncotree.tsv", {"code", "parent", "name"}, issues, [&](const auto& row, int) {
        TumourType t;
        t.code = row.at("code");
        t.parent = row.at("parent");
        t.name = row.at("name");
        if (row.count("main_type")) t.main_type = row.at("main_type");
        if (row.count("tissue")) t.tissue = row.at("tissue");
        if (row.count("name_zh")) t.name_zh = row.at("name_zh");
        kb->oncotree.add(std::move(t));
    });
    read_tsv(opts.dir / "oncotree" / "doid_to_oncotree.tsv", "oncotree/doid_to_oncotree.tsv", {"doid", "oncotree_code"}, issues,
             [&](const auto& row, int) { kb->doid_to_oncotree[row.at("doid")] = row.at("oncotree_code"); });

    // YAML content: base then overlay.
    Collected base, over;
    for (const auto& [path, rel] : list_files(opts.dir, true)) {
        if (rel == "kb.yaml") continue;
        load_yaml_file(path, rel, false, base, issues);
    }
    if (!opts.overlay.empty())
        for (const auto& [path, rel] : list_files(opts.overlay, true))
            load_yaml_file(path, "overlay/" + rel, true, over, issues);

    // Merge with duplicate detection; overlay entries replace base entries with the same id.
    auto merge = [&](auto& dst, auto& base_items, auto& over_items, auto key_of, const char* what) {
        std::unordered_map<std::string, std::size_t> seen;
        for (auto& item : base_items) {
            const std::string k = key_of(item);
            if (k.empty()) continue;
            if (auto it = seen.find(k); it != seen.end()) {
                issues.push_back({item.where, std::string("duplicate ") + what + " id '" + k + "'",
                                  "first defined at " + dst[it->second].where.str() + "; IDs must be unique"});
                continue;
            }
            seen[k] = dst.size();
            dst.push_back(std::move(item));
        }
        std::unordered_map<std::string, std::size_t> seen_over;
        for (auto& item : over_items) {
            const std::string k = key_of(item);
            if (k.empty()) continue;
            if (seen_over.count(k)) {
                issues.push_back({item.where, std::string("duplicate ") + what + " id '" + k + "' in the overlay", ""});
                continue;
            }
            seen_over[k] = 1;
            if (auto it = seen.find(k); it != seen.end()) dst[it->second] = std::move(item);
            else {
                seen[k] = dst.size();
                dst.push_back(std::move(item));
            }
        }
    };
    merge(kb->genes, base.genes, over.genes, [](const Gene& g) { return g.symbol; }, "gene");
    merge(kb->biomarkers, base.biomarkers, over.biomarkers, [](const Biomarker& b) { return b.id; }, "biomarker");
    merge(kb->evidence, base.evidence, over.evidence, [](const Evidence& e) { return e.id; }, "evidence");
    merge(kb->trials, base.trials, over.trials, [](const Trial& t) { return t.nct_id; }, "trial");
    // Importer drug stubs (source: civic) yield to any other entry with that name or synonym.
    {
        std::set<std::string> names;
        for (const auto* list : {&base.drugs, &over.drugs})
            for (const auto& d : *list) {
                if (d.source == "civic") continue;
                names.insert(to_lower(d.name));
                for (const auto& s : d.synonyms) names.insert(to_lower(s));
            }
        std::erase_if(base.drugs, [&](const Drug& d) { return d.source == "civic" && names.count(to_lower(d.name)); });
    }
    merge(kb->drugs, base.drugs, over.drugs, [](const Drug& d) { return d.name; }, "drug");
    // Overlay 'retire:' lists: the named entries stay known (their ids keep their meaning) but
    // are no longer used.
    for (const auto& [id, where] : over.retire) {
        bool found = false;
        for (auto& e : kb->evidence)
            if (e.id == id) { e.retired = true; e.local = true; found = true; }
        for (auto& b : kb->biomarkers)
            if (b.id == id) { b.retired = true; found = true; }
        for (auto& t : kb->trials)
            if (t.nct_id == id) { t.retired = true; found = true; }
        if (!found) issues.push_back({where, "cannot retire '" + id + "': no evidence, biomarker or trial has that id", "check the id against the knowledgebase"});
    }

    // Exon tables -> genes (adding gene entries for exon-table genes not listed in YAML).
    // gene_by_symbol is built once here and kept up to date as genes are added.
    kb->freeze();
    for (int bi = 0; bi < kBuildCount; ++bi) {
        const auto b = static_cast<Build>(bi);
        const std::string rel = "genes/exons." + std::string(build_name(b)) + ".tsv";
        std::map<std::string, ExonTable> tables;
        read_tsv(opts.dir / rel, rel, {"gene", "transcript", "chrom", "strand", "exon", "start", "end"}, issues,
                 [&](const auto& row, int line_no) {
                     auto& t = tables[row.at("gene")];
                     t.transcript = row.at("transcript");
                     t.chrom = normalise_chrom(row.at("chrom"));
                     t.strand = row.at("strand") == "-" ? '-' : '+';
                     auto num = parse_number<int>(row.at("exon"));
                     auto s = parse_number<long long>(row.at("start"));
                     auto e = parse_number<long long>(row.at("end"));
                     if (!num || !s || !e || *s < 1 || *e < *s) {
                         issues.push_back({{rel, line_no, 1}, "bad exon row", "exon, start and end must be numbers with start <= end"});
                         return;
                     }
                     t.exons.push_back({*num, *s - 1, *e});
                 });
        for (auto& [symbol, table] : tables) {
            std::sort(table.exons.begin(), table.exons.end(), [](const Exon& a, const Exon& c) { return a.number < c.number; });
            auto it = kb->gene_by_symbol.find(symbol);
            if (it == kb->gene_by_symbol.end()) {
                Gene g;
                g.symbol = symbol;
                g.where = {rel, 0, 0};
                kb->genes.push_back(g);
                kb->gene_by_symbol[symbol] = kb->genes.size() - 1;
                it = kb->gene_by_symbol.find(symbol);
            }
            auto& g = kb->genes[it->second];
            if (!g.location[bi] && !table.exons.empty()) {
                GeneLocation loc{table.chrom, table.exons.front().beg0, table.exons.front().end0};
                for (const auto& e : table.exons) {
                    loc.beg0 = std::min(loc.beg0, e.beg0);
                    loc.end0 = std::max(loc.end0, e.end0);
                }
                g.location[bi] = loc;
            }
            g.exons[bi] = std::move(table);
        }
    }
    kb->freeze();
    unify_imported(*kb);
    kb->freeze();

    // Cross-references.
    // Imported biomarkers may name genes the knowledgebase has no transcript entry for: they
    // then match through the file's own annotation (VEP/SnpEff/BCSQ) or their alleles.
    for (const auto& b : kb->biomarkers) validate_rule(b.rule, *kb, b.where.file, issues, b.source != "civic");
    // Reference cycles among biomarkers.
    {
        std::function<bool(const Rule&, std::set<std::string>&)> cyc = [&](const Rule& r, std::set<std::string>& stack) -> bool {
            if (r.kind == RuleKind::ref) {
                if (stack.count(r.ref_id)) return true;
                const auto* t = kb->biomarker(r.ref_id);
                if (!t) return false;
                stack.insert(r.ref_id);
                bool c = cyc(t->rule, stack);
                stack.erase(r.ref_id);
                return c;
            }
            for (const auto& c : r.children)
                if (cyc(c, stack)) return true;
            return false;
        };
        for (const auto& b : kb->biomarkers) {
            std::set<std::string> stack{b.id};
            if (cyc(b.rule, stack)) issues.push_back({b.where, "biomarker " + b.id + " refers to itself through its rule", "break the cycle"});
        }
    }
    auto check_tumours = [&](const std::vector<std::string>& codes, const SourcePos& where, const std::string& what) {
        for (const auto& c : codes) {
            if (kb->oncotree.empty()) break;
            if (OncoTree::is_special(c) || kb->oncotree.find(c)) continue;
            auto canon = kb->oncotree.canonical_code(c);
            issues.push_back({where, what + ": unknown OncoTree code '" + c + "'",
                              canon ? "did you mean '" + *canon + "'?" : "see oncotree/oncotree.tsv for valid codes"});
        }
    };
    for (const auto& e : kb->evidence) {
        if (e.retired) continue;
        if (!e.biomarker.empty() && !kb->biomarker(e.biomarker))
            issues.push_back({e.where, "evidence " + e.id + ": dangling biomarker id '" + e.biomarker + "'", "define it under 'biomarkers' or fix the id"});
        if (const auto* bm = kb->biomarker(e.biomarker); bm && bm->origin != "any")
            for (const auto& [k, v] : e.requirements)
                if (k == "variant_origin" && v != bm->origin)
                    issues.push_back({e.where, "evidence " + e.id + ": requires variant_origin: " + v + " but its biomarker " + bm->id +
                                                   " has origin: " + bm->origin,
                                      "make them agree, or drop one of them"});
        check_tumours(e.tumor_types, e.where, "evidence " + e.id);
        check_tumours(e.exclude_tumor_types, e.where, "evidence " + e.id);
        for (const auto& d : e.drugs)
            if (!kb->drug(d)) issues.push_back({e.where, "evidence " + e.id + ": unknown drug '" + d + "'", "add it to drugs/drugs.yaml"});
    }
    for (const auto& t : kb->trials) {
        if (t.criteria) validate_rule(*t.criteria, *kb, t.where.file, issues, false);
        check_tumours(t.tumor_types, t.where, "trial " + t.nct_id);
        check_tumours(t.exclude_tumor_types, t.where, "trial " + t.nct_id);
    }

    if (!issues.empty()) {
        std::stable_sort(issues.begin(), issues.end(), [](const KbIssue& a, const KbIssue& b) {
            if (a.where.file != b.where.file) return a.where.file < b.where.file;
            return a.where.line < b.where.line;
        });
        throw KbLoadError(opts.dir.string(), std::move(issues));
    }
    kb->sha256 = knowledgebase_hash(opts.dir, opts.overlay);
    return kb;
}

// True when `inner` is `outer` or lies below it (paths made absolute and normalised first).
bool is_within(const fs::path& inner, const fs::path& outer) {
    std::error_code ec;
    auto a = fs::weakly_canonical(fs::absolute(inner, ec), ec);
    auto b = fs::weakly_canonical(fs::absolute(outer, ec), ec);
    if (ec) return true;  // cannot tell: play safe
    auto ai = a.begin();
    for (auto bi = b.begin(); bi != b.end(); ++bi, ++ai) {
        if (bi->empty() && std::next(bi) == b.end()) break;  // trailing separator
        if (ai == a.end() || *ai != *bi) return false;
    }
    return true;
}

// Where the cache file of this load goes; empty when caching is off or not possible.
fs::path cache_file_for(const LoadOptions& opts, const std::string& key) {
    if (!opts.use_cache) return {};
    const fs::path dir = opts.cache_dir.empty() ? default_cache_dir() : opts.cache_dir;
    if (dir.empty()) return {};
    if (is_within(dir, opts.dir) || (!opts.overlay.empty() && is_within(dir, opts.overlay))) return {};
    return dir / cache_file_name(key);
}

}  // namespace

std::shared_ptr<const Knowledgebase> load_knowledgebase(const LoadOptions& opts) {
    if (!fs::is_directory(opts.dir))
        throw InputError(opts.dir.string(), "knowledgebase folder not found", "pass --kb DIR or set ONCOMATCH_KB");
    if (!opts.overlay.empty() && !fs::is_directory(opts.overlay))
        throw InputError(opts.overlay.string(), "overlay folder not found", "check --kb-overlay");
    if (!opts.use_cache) return load_uncached(opts);

    const std::string hash = knowledgebase_hash(opts.dir, opts.overlay);
    const std::string key = cache_key(hash);
    const fs::path file = cache_file_for(opts, key);
    if (!file.empty()) {
        if (auto kb = load_cache(file, key); kb && kb->sha256 == hash) {
            kb->dir = opts.dir;
            kb->overlay_dir = opts.overlay;
            return kb;
        }
    }
    auto kb = load_uncached(opts);  // throws on validation errors: those are never cached
    // Cache only when the files did not change while they were being read.
    if (!file.empty() && kb->sha256 == hash) {
        try {
            std::error_code ec;
            fs::create_directories(file.parent_path(), ec);
            if (!ec) {
                save_cache(*kb, file);
                prune_cache_dir(file.parent_path(), file);  // one file per knowledgebase version: keep the newest
            }
        } catch (const std::exception&) {
            // Read-only or full cache folder: run uncached.
        }
    }
    return kb;
}

}  // namespace oncomatch::kb
