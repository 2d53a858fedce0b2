// Parsers for annotations already present in a VCF (VEP CSQ, SnpEff ANN, bcftools BCSQ).
#include "oncomatch/variant/file_annotations.hpp"

#include <algorithm>
#include <map>

#include "oncomatch/util/strings.hpp"
#include "oncomatch/variant/protein.hpp"

namespace oncomatch {
namespace {

std::string strip_accession(const std::string& s) {
    auto c = s.find(':');
    return c == std::string::npos ? s : s.substr(c + 1);
}

std::string url_decode(std::string s) {
    for (std::size_t p = s.find("%3D"); p != std::string::npos; p = s.find("%3D")) s.replace(p, 3, "=");
    return s;
}

// VEP writes a trimmed allele: for records whose ALTs all share the first base with REF, that
// base is removed ("-" when nothing is left).
std::string vep_allele(const std::string& ref, const std::string& alt, const std::vector<std::string>& alts) {
    bool all_share = !ref.empty();
    bool any_len_diff = false;
    for (const auto& a : alts) {
        if (a.empty() || a[0] != ref[0]) all_share = false;
        if (a.size() != ref.size()) any_len_diff = true;
    }
    if (all_share && any_len_diff) {
        std::string s = alt.substr(1);
        return s.empty() ? "-" : s;
    }
    return alt;
}

void split_terms(const std::string& s, std::vector<std::string>& out) {
    for (auto t : split(s, '&')) {
        auto term = so_term(std::string(t));
        if (!term.empty()) out.push_back(term);
    }
}

}  // namespace

std::vector<std::string> AnnotationSchema::parse_csq_format(const std::string& description) {
    auto p = description.find("Format:");
    if (p == std::string::npos) return {};
    std::string f = description.substr(p + 7);
    while (!f.empty() && (f.back() == '"' || f.back() == ' ')) f.pop_back();
    std::vector<std::string> out;
    for (auto x : split(trim(f), '|')) out.emplace_back(trim(x));
    return out;
}

std::string so_term(const std::string& raw) {
    std::string n = raw;
    while (!n.empty() && (n[0] == '*' || n[0] == '@')) n.erase(0, 1);
    static const std::map<std::string, std::string> m = {
        {"missense", "missense_variant"}, {"synonymous", "synonymous_variant"}, {"stop_gained", "stop_gained"},
        {"stop_lost", "stop_lost"}, {"start_lost", "start_lost"}, {"stop_retained", "stop_retained_variant"},
        {"frameshift", "frameshift_variant"}, {"inframe_deletion", "inframe_deletion"},
        {"inframe_insertion", "inframe_insertion"}, {"inframe_altering", "protein_altering_variant"},
        {"splice_donor", "splice_donor_variant"}, {"splice_acceptor", "splice_acceptor_variant"},
        {"splice_region", "splice_region_variant"}, {"5_prime_utr", "5_prime_UTR_variant"},
        {"3_prime_utr", "3_prime_UTR_variant"}, {"intron", "intron_variant"}, {"non_coding", "non_coding_transcript_variant"},
        {"coding_sequence", "coding_sequence_variant"}, {"feature_elongation", "feature_elongation"},
        {"start_retained", "start_retained_variant"}, {"intergenic", "intergenic_variant"},
        {"5_prime_UTR_premature_start_codon_gain_variant", "5_prime_UTR_premature_start_codon_gain_variant"},
        {"disruptive_inframe_deletion", "inframe_deletion"}, {"disruptive_inframe_insertion", "inframe_insertion"},
        {"conservative_inframe_deletion", "inframe_deletion"}, {"conservative_inframe_insertion", "inframe_insertion"},
        {"exon_loss_variant", "transcript_ablation"}, {"upstream_gene_variant", "upstream_gene_variant"},
        {"downstream_gene_variant", "downstream_gene_variant"},
    };
    auto it = m.find(n);
    return it == m.end() ? n : it->second;
}

std::string bcsq_protein_short(const std::string& aa, const std::string& consequence) {
    // Forms: "600V>600E", "12G>12C", "746ELREA>746" (deletion), "61Q" (synonymous: "61Q>61Q").
    auto gt = aa.find('>');
    if (gt == std::string::npos) return {};
    auto parse_side = [](const std::string& s, int& pos, std::string& res) {
        std::size_t i = 0;
        pos = 0;
        while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) pos = pos * 10 + (s[i++] - '0');
        res = s.substr(i);
        return pos > 0;
    };
    int p1 = 0, p2 = 0;
    std::string r1, r2;
    if (!parse_side(aa.substr(0, gt), p1, r1) || !parse_side(aa.substr(gt + 1), p2, r2) || r1.empty()) return {};
    if (consequence.find("frameshift") != std::string::npos) return std::string(1, r1[0]) + std::to_string(p1) + "fs";
    if (r1.size() == 1 && r2.size() == 1) {
        return r1 == r2 ? std::string(1, r1[0]) + std::to_string(p1) + "=" : r1 + std::to_string(p1) + r2;
    }
    const std::string first = std::string(1, r1[0]) + std::to_string(p1);
    const std::string last = std::string(1, r1.back()) + std::to_string(p1 + static_cast<int>(r1.size()) - 1);
    if (r2.empty()) return r1.size() == 1 ? first + "del" : first + "_" + last + "del";
    return (r1.size() == 1 ? first : first + "_" + last) + "delins" + r2;
}

std::vector<TranscriptConsequence> parse_file_consequences(const AnnotationSchema& schema, const Variant& v) {
    std::vector<TranscriptConsequence> out;
    if (!v.info_csq.empty() && !schema.csq_fields.empty()) {
        const auto& f = schema.csq_fields;
        auto idx = [&](const char* name) -> int {
            auto it = std::find(f.begin(), f.end(), name);
            return it == f.end() ? -1 : static_cast<int>(it - f.begin());
        };
        const int i_allele = idx("Allele"), i_cons = idx("Consequence"), i_sym = idx("SYMBOL"), i_feat = idx("Feature"),
                  i_exon = idx("EXON"), i_intron = idx("INTRON"), i_c = idx("HGVSc"), i_p = idx("HGVSp"),
                  i_can = idx("CANONICAL"), i_mane = idx("MANE_SELECT"), i_mane2 = idx("MANE"), i_num = idx("ALLELE_NUM"),
                  i_max = idx("MAX_AF");
        std::vector<int> af_fields;
        for (std::size_t i = 0; i < f.size(); ++i) {
            const auto& n = f[i];
            if (static_cast<int>(i) == i_max) continue;
            if (n == "AF" || (n.size() > 3 && n.compare(n.size() - 3, 3, "_AF") == 0 && n.find("MAX") == std::string::npos))
                af_fields.push_back(static_cast<int>(i));
        }
        // The allele as VEP writes it; the ALT as written only when no entry uses VEP's form
        // (accepting both at once would take another ALT's entries: REF CCA, ALTs C,CC -> '-','C').
        auto want = vep_allele(v.vcf_ref, v.vcf_alt, v.all_alts);
        if (i_num < 0 && i_allele >= 0 && want != v.vcf_alt) {
            bool any = false;
            for (auto entry : split(v.info_csq, ',')) {
                auto vals = split(entry, '|');
                if (static_cast<std::size_t>(i_allele) < vals.size() && vals[static_cast<std::size_t>(i_allele)] == want) any = true;
            }
            if (!any) want = v.vcf_alt;
        }
        for (auto entry : split(v.info_csq, ',')) {
            auto vals = split(entry, '|');
            auto get = [&](int i) { return i >= 0 && static_cast<std::size_t>(i) < vals.size() ? std::string(vals[i]) : std::string(); };
            if (i_num >= 0) {
                if (get(i_num) != std::to_string(v.alt_index)) continue;
            } else if (i_allele >= 0 && get(i_allele) != want) {
                continue;
            }
            TranscriptConsequence tc;
            tc.source = "vep";
            tc.gene = get(i_sym);
            tc.transcript = get(i_feat);
            tc.hgvsc = strip_accession(get(i_c));
            tc.hgvsp = url_decode(strip_accession(get(i_p)));
            tc.hgvsp_short = protein_short(tc.hgvsp);
            split_terms(get(i_cons), tc.consequences);
            tc.exon = get(i_exon);
            tc.intron = get(i_intron);
            tc.canonical = get(i_can) == "YES" || !get(i_mane).empty() || !get(i_mane2).empty();
            std::optional<double> af;
            if (auto m = parse_double(get(i_max))) af = *m;
            for (int i : af_fields) {
                const std::string field = get(i);  // split() returns views: keep the string alive
                for (auto part : split(field, '&'))
                    if (auto d = parse_double(part)) af = std::max(af.value_or(0.0), *d);
            }
            tc.population_af = af;
            out.push_back(std::move(tc));
        }
    }
    if (!v.info_ann.empty()) {
        for (auto entry : split(v.info_ann, ',')) {
            auto vals = split(entry, '|');
            if (vals.size() < 11) continue;
            if (std::string(vals[0]) != v.vcf_alt) continue;
            TranscriptConsequence tc;
            tc.source = "snpeff";
            tc.gene = std::string(vals[3]);
            tc.transcript = std::string(vals[6]);
            tc.hgvsc = std::string(vals[9]);
            tc.hgvsp = std::string(vals[10]);
            tc.hgvsp_short = protein_short(tc.hgvsp);
            split_terms(std::string(vals[1]), tc.consequences);
            const std::string rank(vals[8]);
            const bool intronic = std::any_of(tc.consequences.begin(), tc.consequences.end(),
                                              [](const std::string& t) { return t == "intron_variant" || t.rfind("splice_", 0) == 0; }) &&
                                  tc.hgvsc.find_first_of("+-", 2) != std::string::npos;
            (intronic ? tc.intron : tc.exon) = rank;
            out.push_back(std::move(tc));
        }
    }
    if (!v.info_bcsq.empty()) {
        for (auto entry : split(v.info_bcsq, ',')) {
            auto vals = split(entry, '|');
            if (vals.size() < 2) continue;
            if (vals[0].empty() || vals[0][0] == '@') continue;  // reference to another record
            // Multi-allelic records: keep the entry whose dna_change ("140453136A>T", several
            // joined with '+') names this ALT.
            if (vals.size() >= 7 && v.n_alts > 1) {
                bool ok = false;
                for (auto part : split(vals[6], '+')) {
                    auto gt = part.find('>');
                    if (gt != std::string_view::npos && part.substr(gt + 1) == v.vcf_alt) ok = true;
                }
                if (!ok && vals[6].find('>') != std::string_view::npos) continue;
            }
            TranscriptConsequence tc;
            tc.source = "bcsq";
            std::string cons(vals[0]);
            split_terms(cons, tc.consequences);
            tc.gene = vals.size() > 1 ? std::string(vals[1]) : std::string();
            tc.transcript = vals.size() > 2 ? std::string(vals[2]) : std::string();
            if (vals.size() > 5) tc.hgvsp_short = bcsq_protein_short(std::string(vals[5]), cons);
            if (!tc.hgvsp_short.empty()) tc.hgvsp = protein_long(tc.hgvsp_short);
            out.push_back(std::move(tc));
        }
    }
    return out;
}

}  // namespace oncomatch
