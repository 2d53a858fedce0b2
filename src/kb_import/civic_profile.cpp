// CIViC molecular profile -> rule (see kb_import/civic_profile.hpp). A small recursive-descent
// parser over words: operators AND / OR / NOT and parentheses, leaves "GENE VARIANT NAME".
// Mixing AND and OR without parentheses is refused rather than guessed.
#include "oncomatch/kb_import/civic_profile.hpp"

#include <cctype>
#include <regex>

#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/protein.hpp"

namespace oncomatch::kb_import {
namespace {

struct Refusal {
    std::string reason, detail;
};

ProfileRule leaf(std::string gene, std::string body, std::string id_part, std::string kind, std::string variant) {
    ProfileRule r;
    r.kind = ProfileRule::Kind::leaf;
    r.gene = std::move(gene);
    r.body = std::move(body);
    r.id_part = std::move(id_part);
    r.rule_kind = std::move(kind);
    r.variant = std::move(variant);
    return r;
}

bool is_gene_symbol(const std::string& g) {
    if (g.empty() || !std::isupper(static_cast<unsigned char>(g[0]))) return false;
    for (char c : g)
        if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-' || c == '.')) return false;
    return true;
}

// CIViC writes some changes in capitals ("Y772_A775DUP", "I843DEL", "M774DELINSWLV"): put the
// HGVS keywords back in lower case, keep residues upper case.
std::string normalise_protein_case(const std::string& v) {
    static const std::regex re(R"(^([A-Z]\d+(?:_[A-Z]\d+)?)(DELINS|DEL|DUP|INS|FS)(.*)$)", std::regex::icase);
    std::smatch m;
    if (!std::regex_match(v, m, re)) return v;
    std::string head = m[1].str();
    head[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(head[0])));
    return head + to_lower(m[2].str()) + to_upper(m[3].str());
}

std::optional<ProfileRule> parse_leaf(const std::string& gene_tok, std::string variant, Refusal& why) {
    // "R200W (c.598C>T)": the cDNA in parentheses only restates the protein change.
    if (auto p = variant.find(" (c."); p != std::string::npos && variant.back() == ')' && p > 0 &&
        std::isdigit(static_cast<unsigned char>(variant[p - 1])) == 0)
        variant = variant.substr(0, p);
    auto refuse = [&](std::string reason) -> std::optional<ProfileRule> {
        why = {std::move(reason), gene_tok + (variant.empty() ? "" : " " + variant)};
        return std::nullopt;
    };
    const std::string up = to_upper(variant);
    // Fusions: "EML4::ALK Fusion", "v::ALK Fusion", "FGFR2::? Fusion", "BCR::ABL1 e13::e2".
    if (gene_tok.find("::") != std::string::npos) {
        const auto sep = gene_tok.find("::");
        std::string five = gene_tok.substr(0, sep), three = gene_tok.substr(sep + 2);
        if (five == "v" || five == "?") five.clear();
        if (three == "v" || three == "?") three.clear();
        if ((!five.empty() && !is_gene_symbol(five)) || (!three.empty() && !is_gene_symbol(three)) || (five.empty() && three.empty()))
            return refuse("fusion partner not a gene symbol");
        if (up != "FUSION") {
            static const std::regex bp(R"(^e\d+::e\d+$)", std::regex::icase);
            if (std::regex_match(variant, bp)) return refuse("fusion with exon breakpoints");
            return refuse("fusion variant not a plain fusion");
        }
        std::string body = "fusion: {";
        if (!five.empty()) body += "five_prime: " + five;
        if (!three.empty()) body += std::string(five.empty() ? "" : ", ") + "three_prime: " + three;
        body += "}";
        const std::string id = !five.empty() && !three.empty() ? five + "-" + three + "-FUSION"
                               : !three.empty()                ? three + "-FUSION"
                                                               : five + "-5P-FUSION";
        return leaf(three.empty() ? five : three, body, id, "fusion", variant);
    }
    if (!is_gene_symbol(gene_tok)) return refuse("not a gene symbol");
    const std::string& g = gene_tok;
    if (variant.empty()) return refuse("no variant named");
    if (up == "FUSION") return leaf(g, "fusion: any", g + "-FUSION", "fusion", variant);
    if (up == "AMPLIFICATION") return leaf(g, "copy_number: amplification", g + "-AMP", "copy_number", variant);
    if (up == "DELETION") return leaf(g, "copy_number: deletion", g + "-DEL", "copy_number", variant);
    // "Mutation" does not say which variants qualify (CIViC curators mean activating or
    // pathogenic ones); as "any protein-altering variant" it would tier every VUS in the gene.
    if (up == "MUTATION") return refuse("gene-level 'Mutation' (qualifying variants not stated)");
    if (up == "LOSS-OF-FUNCTION" || up == "DELETERIOUS MUTATION" || up == "INACTIVATING MUTATION" || up == "TRUNCATING MUTATION")
        return leaf(g, "gene_class: truncating", g + "-TRUNC", "gene_class", variant);
    if (up == "FRAMESHIFT" || up == "FRAMESHIFT TRUNCATION" || up == "FRAMESHIFT MUTATION")
        return leaf(g, "gene_class: frameshift", g + "-FS", "gene_class", variant);
    static const std::regex exon_re(R"(^EXON (\d+) (DELETION|INSERTION|MUTATION|SKIPPING MUTATION|FRAMESHIFT)$)");
    std::smatch m;
    if (std::regex_match(up, m, exon_re)) {
        const std::string n = m[1].str(), what = m[2].str();
        if (what == "SKIPPING MUTATION") {  // splice-site variants and deletions that remove the exon
            ProfileRule any;
            any.kind = ProfileRule::Kind::any;
            any.children.push_back(leaf(g, "exon: {number: " + n + ", class: splice}", g + "-EX" + n + "SPLICE", "exon", variant));
            any.children.push_back(leaf(g, "exon: {number: " + n + ", class: inframe_deletion}", g + "-EX" + n + "DEL", "exon", variant));
            return any;
        }
        const std::string cls = what == "DELETION" ? "inframe_deletion" : what == "INSERTION" ? "inframe_insertion"
                                : what == "FRAMESHIFT" ? "frameshift" : "protein_altering";
        const std::string tag = what == "DELETION" ? "DEL" : what == "INSERTION" ? "INS" : what == "FRAMESHIFT" ? "FS" : "MUT";
        return leaf(g, "exon: {number: " + n + ", class: " + cls + "}", g + "-EX" + n + tag, "exon", variant);
    }
    // Codons: "G12", "V600"; alternatives "G12/G13", "D835H/Y".
    static const std::regex codon_re(R"(^([A-Z])(\d+)$)");
    static const std::regex codons_re(R"(^([A-Z]\d+)/([A-Z]\d+)$)");
    static const std::regex alt_re(R"(^([A-Z])(\d+)([A-Z])/([A-Z])$)");
    if (std::regex_match(variant, m, codon_re))
        return leaf(g, "codon: " + variant, g + "-" + variant, "codon", variant);
    if (std::regex_match(variant, m, codons_re)) {
        ProfileRule any;
        any.kind = ProfileRule::Kind::any;
        for (int i = 1; i <= 2; ++i) any.children.push_back(leaf(g, "codon: " + m[i].str(), g + "-" + m[i].str(), "codon", m[i].str()));
        return any;
    }
    if (std::regex_match(variant, m, alt_re)) {
        ProfileRule any;
        any.kind = ProfileRule::Kind::any;
        for (int i = 3; i <= 4; ++i) {
            const std::string p = m[1].str() + m[2].str() + m[i].str();
            any.children.push_back(leaf(g, "protein: " + p, g + "-" + p, "protein", p));
        }
        return any;
    }
    // Protein changes in HGVS short form.
    static const std::regex prot_re(R"(^[A-Z]\d+(_[A-Z]\d+)?([A-Z*]|(del|dup|ins|delins|fs)[A-Z*0-9]*)$)", std::regex::icase);
    if (std::isupper(static_cast<unsigned char>(variant[0])) && std::regex_match(variant, prot_re)) {
        const std::string p = normalise_protein_case(variant);
        if (p.find("fs") != std::string::npos) return refuse("frameshift named by position only");
        const std::string s = protein_short(p);
        if (s.empty() || !is_valid_protein_change(s)) return refuse("protein change not in HGVS form");
        std::string id = s;
        for (std::size_t i = id.find('*'); i != std::string::npos; i = id.find('*')) id.replace(i, 1, "STOP");
        const std::string quoted = s.find('*') != std::string::npos ? "\"" + s + "\"" : s;
        return leaf(g, "protein: " + quoted, g + "-" + to_upper(id), "protein", variant);
    }
    // Everything else: refused with a category.
    auto has = [&](const char* w) { return up.find(w) != std::string::npos; };
    if (has("EXPRESSION") || has("SERUM LEVELS") || has("MISLOCALIZATION") || has("TRANSLOCATION")) return refuse("expression or protein level");
    if (has("METHYLATION")) return refuse("methylation");
    if (has("PHOSPHORYLATION")) return refuse("phosphorylation");
    if (has("WILDTYPE") || up == "NON-V600") return refuse("wild-type or negative profile");
    if (up == "LOSS" || has("LOH") || has("HETEROZYGOSITY") || has("BIALLELIC")) return refuse("loss (copy number, expression or function unspecified)");
    if (up == "ITD" || has("INTERNAL DUPLICATION")) return refuse("internal tandem duplication");
    if (up.rfind("RS", 0) == 0 || has("*") || has("GENOTYPE") || has("POLYMORPHISM")) return refuse("germline polymorphism or star allele");
    if (up.rfind("C.", 0) == 0 || has("(C.") || has("SPLICE SITE")) return refuse("cDNA-level change");
    if (has("DOMAIN") || has("LOOP") || has("TKD") || up == "ACTIVATING MUTATION" || has("RARE") || up == "ALTERATION" ||
        up == "GAIN-OF-FUNCTION" || up == "HIGH")
        return refuse("domain or functional class");
    if (has("EXON") || has("INTRON")) return refuse("multi-exon or intronic event");
    if (has("TRANSCRIPT") || up == "VIII" || up == "EGFRVIII" || has("AR-V")) return refuse("transcript variant");
    return refuse("unrecognised variant name");
}

class Parser {
public:
    explicit Parser(std::vector<std::string> words) : w_(std::move(words)) {}

    std::optional<ProfileRule> parse(Refusal& why) {
        auto r = expr(why);
        if (r && i_ != w_.size()) {
            why = {"profile syntax not understood", join(w_, " ")};
            return std::nullopt;
        }
        return r;
    }

private:
    std::vector<std::string> w_;
    std::size_t i_ = 0;

    std::optional<ProfileRule> expr(Refusal& why) {
        auto first = term(why);
        if (!first) return std::nullopt;
        std::string op;
        ProfileRule group;
        group.children.push_back(std::move(*first));
        while (i_ < w_.size() && (w_[i_] == "AND" || w_[i_] == "OR")) {
            if (!op.empty() && op != w_[i_]) {
                why = {"profile syntax not understood", "AND and OR mixed without parentheses"};
                return std::nullopt;
            }
            op = w_[i_++];
            auto next = term(why);
            if (!next) return std::nullopt;
            group.children.push_back(std::move(*next));
        }
        if (op.empty()) return std::move(group.children.front());
        group.kind = op == "AND" ? ProfileRule::Kind::all : ProfileRule::Kind::any;
        return group;
    }

    std::optional<ProfileRule> term(Refusal& why) {
        if (i_ >= w_.size()) {
            why = {"profile syntax not understood", "profile ends early"};
            return std::nullopt;
        }
        if (w_[i_] == "NOT") {
            ++i_;
            auto t = term(why);
            if (!t) return std::nullopt;
            ProfileRule n;
            n.kind = ProfileRule::Kind::negation;
            n.children.push_back(std::move(*t));
            return n;
        }
        if (w_[i_] == "(") {
            ++i_;
            auto e = expr(why);
            if (!e) return std::nullopt;
            if (i_ >= w_.size() || w_[i_] != ")") {
                why = {"profile syntax not understood", "unbalanced parentheses"};
                return std::nullopt;
            }
            ++i_;
            return e;
        }
        const std::string gene = w_[i_++];
        std::vector<std::string> rest;
        while (i_ < w_.size() && w_[i_] != "AND" && w_[i_] != "OR" && w_[i_] != ")" && w_[i_] != "(" && w_[i_] != "NOT") rest.push_back(w_[i_++]);
        // "(c.3028G>A)" style annotations are part of the name, not grouping.
        while (i_ + 1 < w_.size() && w_[i_] == "(" && w_[i_ + 1].rfind("c.", 0) == 0) {
            while (i_ < w_.size() && w_[i_] != ")") rest.push_back(w_[i_++]);
            if (i_ < w_.size()) rest.push_back(w_[i_++]);
        }
        return parse_leaf(gene, join(rest, " "), why);
    }
};

void collect_genes(const ProfileRule& r, std::vector<std::string>& out) {
    if (r.kind == ProfileRule::Kind::leaf) out.push_back(r.gene);
    for (const auto& c : r.children) collect_genes(c, out);
}

std::string id_of(const ProfileRule& r, bool top) {
    switch (r.kind) {
        case ProfileRule::Kind::leaf: return r.id_part;
        case ProfileRule::Kind::negation: return "NOT-" + id_of(r.children.front(), false);
        case ProfileRule::Kind::all: case ProfileRule::Kind::any: {
            std::vector<std::string> parts;
            for (const auto& c : r.children) parts.push_back(id_of(c, false));
            const std::string joined = join(parts, r.kind == ProfileRule::Kind::all ? "-AND-" : "-OR-");
            return top ? joined : "(" + joined + ")";
        }
    }
    return {};
}

}  // namespace

ProfileParse parse_molecular_profile(std::string_view profile) {
    ProfileParse out;
    std::vector<std::string> words;
    for (auto w : split(trim(profile), ' '))
        if (!w.empty()) words.emplace_back(w);
    if (words.empty()) {
        out.skip_reason = "empty profile";
        return out;
    }
    Refusal why;
    Parser p(words);
    out.rule = p.parse(why);
    if (!out.rule) {
        out.skip_reason = why.reason;
        out.skip_detail = why.detail;
    }
    return out;
}

std::string profile_biomarker_id(const ProfileRule& r) {
    return "BM-CIVIC-" + id_of(r, true);  // nested groups keep their parentheses: ids stay unique
}

std::string profile_rule_yaml(const ProfileRule& r, bool top) {
    switch (r.kind) {
        case ProfileRule::Kind::leaf: return top ? "{" + r.body + "}" : "{gene: " + r.gene + ", " + r.body + "}";
        case ProfileRule::Kind::negation: return "{not: " + profile_rule_yaml(r.children.front(), false) + "}";
        case ProfileRule::Kind::all: case ProfileRule::Kind::any: {
            std::vector<std::string> parts;
            for (const auto& c : r.children) parts.push_back(profile_rule_yaml(c, false));
            return std::string("{") + (r.kind == ProfileRule::Kind::all ? "all" : "any") + ": [" + join(parts, ", ") + "]}";
        }
    }
    return {};
}

std::string profile_gene(const ProfileRule& r) {
    std::vector<std::string> genes;
    collect_genes(r, genes);
    for (const auto& g : genes)
        if (g != genes.front()) return {};
    return genes.empty() ? std::string() : genes.front();
}

}  // namespace oncomatch::kb_import
