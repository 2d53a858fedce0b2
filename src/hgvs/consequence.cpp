// Consequence + HGVS c./p. on one transcript model (see header). The change is first reduced to
// its minimal form, mapped to transcript coordinates when it lies inside one exon (then checked
// against the pack's sequence), and the protein
// effect is found by translating the mutated coding sequence and comparing it with the
// reference protein: that one comparison yields missense, synonymous, nonsense, frameshift
// (fsTer), in-frame del/ins/dup/delins (3'-most residues), stop-lost (ext) and start-lost.
// HGVS c. of a deletion or insertion follows the 3' rule on the genome: the change is shifted
// towards the transcript's 3' end through exons and introns alike, reading exon bases from the
// transcript sequence and intron bases from the pack's flanks; where the next base is not in the
// pack the shift stops there and the annotation says so (shift_incomplete).
// Consequence terms and HGVS p. describe the change where the VCF put it.
#include "oncomatch/hgvs/consequence.hpp"

#include <cstring>

#include <algorithm>

#include "oncomatch/variant/normalise.hpp"
#include "oncomatch/variant/protein.hpp"

namespace oncomatch::hgvs {

namespace {

using tx::Transcript;

std::string revcomp(std::string_view s) {
    std::string r(s.rbegin(), s.rend());
    for (auto& c : r) c = tx::complement_base(c);
    return r;
}

std::string upper(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return s;
}

std::string aa3(char a) {
    if (a == '*') return "Ter";
    auto t = aa_three_letter(a);
    return t.empty() ? std::string("Xaa") : std::string(t);
}

std::string aa3s(std::string_view s) {
    std::string r;
    for (char a : s) r += aa3(a);
    return r;
}

// Where one genomic base falls on a transcript.
struct Loc {
    bool exonic = false;
    int exon = -1;            // transcript-order index of the exon (exonic) or of the exon before the intron
    std::int64_t t = 0;       // transcript offset (exonic), or the anchor exon base for introns
    std::int64_t offset = 0;  // intronic offset: + after the anchor, - before it; 0 when exonic
    bool outside = false;     // before the first / after the last base (t extrapolated)
};

Loc locate(const Transcript& t, std::int64_t g) {
    const bool plus = t.strand == '+';
    Loc l;
    const auto n = t.exons.size();
    for (std::size_t k = 0; k < n; ++k) {
        const auto& e = t.exons[k];
        if (g >= e.g_beg0 && g < e.g_end0) {
            l.exonic = true;
            l.exon = static_cast<int>(k);
            l.t = plus ? e.t_beg0 + (g - e.g_beg0) : e.t_beg0 + (e.g_end0 - 1 - g);
            return l;
        }
    }
    if (g < t.g_beg0 || g >= t.g_end0) {
        l.outside = true;
        const bool before5 = plus ? g < t.g_beg0 : g >= t.g_end0;
        const std::int64_t len = t.exons.back().t_end0;
        if (before5) l.t = plus ? -(t.g_beg0 - g) : -(g - (t.g_end0 - 1));
        else l.t = len - 1 + (plus ? g - (t.g_end0 - 1) : t.g_beg0 - g);
        return l;
    }
    for (std::size_t k = 0; k + 1 < n; ++k) {
        const auto& a = t.exons[k];
        const auto& b = t.exons[k + 1];
        const std::int64_t ib = plus ? a.g_end0 : b.g_end0, ie = plus ? b.g_beg0 : a.g_beg0;
        if (g < ib || g >= ie) continue;
        const std::int64_t d_up = plus ? g - (a.g_end0 - 1) : a.g_beg0 - g;
        const std::int64_t d_down = plus ? b.g_beg0 - g : g - (b.g_end0 - 1);
        l.exon = static_cast<int>(k);
        if (d_up <= d_down) {
            l.t = a.t_end0 - 1;
            l.offset = d_up;
        } else {
            l.t = b.t_beg0;
            l.offset = -d_down;
        }
        return l;
    }
    return l;
}

std::string cpos(const Transcript& t, std::int64_t x) {
    if (!t.coding()) return std::to_string(x + 1);
    if (x < t.cds_beg0) return "-" + std::to_string(t.cds_beg0 - x);
    if (x < t.cds_end0) return std::to_string(x - t.cds_beg0 + 1);
    return "*" + std::to_string(x - t.cds_end0 + 1);
}

std::string cpos(const Transcript& t, const Loc& l) {
    std::string s = cpos(t, l.t);
    if (l.offset > 0) s += "+" + std::to_string(l.offset);
    if (l.offset < 0) s += std::to_string(l.offset);
    return s;
}

std::string hgvs_c(const Transcript& t, const std::string& first, const std::string& last, const std::string& del,
                   const std::string& ins) {
    const std::string pfx = t.coding() ? "c." : "n.";
    if (del.size() == 1 && ins.size() == 1) return pfx + first + del + ">" + ins;
    const std::string range = first == last ? first : first + "_" + last;
    if (ins.empty()) return pfx + range + "del";
    if (del.empty()) return pfx + first + "_" + last + "ins" + ins;
    return pfx + range + "delins" + ins;
}

void add_term(std::vector<std::string>& terms, const std::string& t) {
    if (std::find(terms.begin(), terms.end(), t) == terms.end()) terms.push_back(t);
}

// Splice terms for the genomic change [as, ae) (insertion: ae == as, between as-1 and as).
void splice_terms(const Transcript& t, std::int64_t as, std::int64_t ae, bool ins, std::vector<std::string>& terms,
                  std::string& intron_label, bool& in_intron) {
    const bool plus = t.strand == '+';
    const auto n = t.exons.size();
    auto hit = [&](std::int64_t rb, std::int64_t re, bool strict) {
        if (rb >= re) return false;
        if (!ins) return as < re && rb < ae;
        return strict ? (rb < as && as < re) : (rb <= as && as <= re);
    };
    for (std::size_t k = 0; k + 1 < n; ++k) {
        const auto& a = t.exons[k];
        const auto& b = t.exons[k + 1];
        const std::int64_t ib = plus ? a.g_end0 : b.g_end0, ie = plus ? b.g_beg0 : a.g_beg0;
        const bool donor_low = plus;  // the donor is at the intron's low end on the + strand
        const bool d = hit(donor_low ? ib : ie - 2, donor_low ? ib + 2 : ie, true);
        const bool acc = hit(donor_low ? ie - 2 : ib, donor_low ? ie : ib + 2, true);
        if (acc) add_term(terms, "splice_acceptor_variant");
        if (d) add_term(terms, "splice_donor_variant");
        const bool region = hit(ib - 3, ib, false) || hit(ib + 2, std::min(ib + 8, ie), false) ||
                            hit(std::max(ie - 8, ib), ie - 2, false) || hit(ie, ie + 3, false);
        if (region && !d && !acc) add_term(terms, "splice_region_variant");
        const bool intronic = ins ? (as > ib && as < ie) : (as < ie && ib < ae);
        if (intronic || d || acc) {
            if (intron_label.empty()) intron_label = std::to_string(k + 1) + "/" + std::to_string(n - 1);
            if (intronic && !d && !acc) in_intron = true;
        }
    }
}

// HGVS 3' rule on the genome for a pure deletion [as, ae) or insertion `ins` before `as` (+ strand
// bases): shifted towards the transcript's 3' end while the sequence allows. Returns false when the
// shift stopped at a base the pack does not know.
// A genomic base from the pack (exons, flanks), else from the reference window; 0 when unknown.
char known_base(const Transcript& t, const GenomeWindow* genome, std::int64_t g) {
    const char b = t.genomic_base(g);
    return b || !genome ? b : genome->base(g);
}

bool shift_3prime(const Transcript& t, const GenomeWindow* genome, std::int64_t& as, std::int64_t& ae, std::string& ins) {
    const bool plus = t.strand == '+';
    constexpr int kMaxShift = 100000;  // bounded by the known sequence anyway
    for (int step = 0; step < kMaxShift; ++step) {
        if (as == ae) {  // insertion between as-1 and as
            if (ins.empty()) return true;
            const char next = known_base(t, genome, plus ? as : as - 1);
            if (!next) return false;
            if (plus ? next != ins.front() : next != ins.back()) return true;
            if (plus) std::rotate(ins.begin(), ins.begin() + 1, ins.end());
            else std::rotate(ins.rbegin(), ins.rbegin() + 1, ins.rend());
            as += plus ? 1 : -1;
            ae = as;
        } else {
            const char out_base = known_base(t, genome, plus ? as : ae - 1);
            const char next = known_base(t, genome, plus ? ae : as - 1);
            if (!next || !out_base) return false;
            if (next != out_base) return true;
            as += plus ? 1 : -1;
            ae += plus ? 1 : -1;
        }
    }
    return false;
}

// HGVS c. of a pure deletion or insertion after the genomic 3' shift (positions with intronic
// offsets where they fall outside the exons; an insertion copying the bases just 5' of it is a dup).
std::string shifted_hgvs_c(const Transcript& t, const GenomeWindow* genome, std::int64_t as, std::int64_t ae, const std::string& ins_g) {
    const bool plus = t.strand == '+';
    const std::string pfx = t.coding() ? "c." : "n.";
    auto pos = [&](std::int64_t g) { return cpos(t, locate(t, g)); };
    auto range = [&](std::int64_t lo, std::int64_t hi) {  // genomic [lo, hi] inclusive, written 5'->3'
        const std::string a = pos(plus ? lo : hi), b = pos(plus ? hi : lo);
        return a == b ? a : a + "_" + b;
    };
    if (as < ae) return pfx + range(as, ae - 1) + "del";
    const auto n = static_cast<std::int64_t>(ins_g.size());
    // dup: the inserted bases equal the n bases on the 5' side of the insertion point
    const std::int64_t d0 = plus ? as - n : as;
    bool dup = true;
    for (std::int64_t k = 0; k < n && dup; ++k) dup = known_base(t, genome, d0 + k) == ins_g[static_cast<std::size_t>(k)];
    if (dup) return pfx + range(d0, d0 + n - 1) + "dup";
    const std::string ins_t = plus ? ins_g : revcomp(ins_g);
    return pfx + (plus ? pos(as - 1) + "_" + pos(as) : pos(as) + "_" + pos(as - 1)) + "ins" + ins_t;
}

struct Protein {
    std::vector<std::string> terms;
    std::string hgvsp, shrt;
};

// The mutant protein: the transcript from the CDS start with bases [ta, tb) (ta >= CDS start)
// replaced by `ins`, translated up to and including the first stop, or to the end of the
// transcript. Codons wholly before the change, and after it while the frame is kept, are the
// reference protein's own (R), so only the codons the change touches (and, after a frameshift,
// the shifted ones) are translated: a panel puts thousands of variants in the same long genes.
std::string mutant_protein(const Transcript& t, const std::string& R, std::int64_t ta, std::int64_t tb, const std::string& ins) {
    const std::string& seq = t.seq;
    const std::int64_t cb = t.cds_beg0;
    const std::int64_t off = ta - cb;                                        // first changed base, from the CDS start
    const std::int64_t tail = off + static_cast<std::int64_t>(ins.size());  // first base after the inserted text
    const std::int64_t dlen = static_cast<std::int64_t>(ins.size()) - (tb - ta);
    const std::int64_t size = static_cast<std::int64_t>(seq.size()) - cb + dlen;  // mutant length from the CDS start
    const std::int64_t nref = static_cast<std::int64_t>(R.size());
    std::string M;
    M.reserve(R.size() + 8);
    // Appends R[from, to), stopping after a stop codon; true when it did.
    auto copy_ref = [&](std::int64_t from, std::int64_t to) {
        const auto stop = R.find('*', static_cast<std::size_t>(from));
        const bool stopped = stop != std::string::npos && static_cast<std::int64_t>(stop) < to;
        const std::int64_t end = stopped ? static_cast<std::int64_t>(stop) + 1 : to;
        M.append(R, static_cast<std::size_t>(from), static_cast<std::size_t>(end - from));
        return stopped;
    };
    const std::int64_t pre = std::min(off / 3, nref);
    if (pre > 0 && copy_ref(0, pre)) return M;
    std::int64_t c = pre;
    const bool in_frame = dlen % 3 == 0;
    while (3 * c + 3 <= size) {
        const std::int64_t x = 3 * c;
        if (in_frame && x >= tail) {
            const std::int64_t r = c - dlen / 3;  // the reference codon these bases are
            if (r >= 0 && r < nref) {
                const auto before = static_cast<std::int64_t>(M.size());
                if (copy_ref(r, nref)) return M;
                c += static_cast<std::int64_t>(M.size()) - before;
                continue;
            }
        }
        char codon[3];
        for (std::int64_t k = 0; k < 3; ++k) {
            const std::int64_t y = x + k;
            codon[k] = y < off ? seq[static_cast<std::size_t>(cb + y)]
                       : y < tail ? ins[static_cast<std::size_t>(y - off)]
                                  : seq[static_cast<std::size_t>(cb + y - dlen)];
        }
        const char a = translate_codon(codon);
        M.push_back(a);
        if (a == '*') break;
        ++c;
    }
    return M;
}

// Lengths of the common start and end of two proteins, compared 32 residues at a time (memcmp)
// then one by one: proteins run to thousands of residues and a missense differs in one.
std::size_t common_prefix(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    std::size_t i = 0;
    while (i + 32 <= n && std::memcmp(a.data() + i, b.data() + i, 32) == 0) i += 32;
    while (i < n && a[i] == b[i]) ++i;
    return i;
}

std::size_t common_suffix(std::string_view a, std::string_view b) {
    const std::size_t n = std::min(a.size(), b.size());
    const char* ae = a.data() + a.size();
    const char* be = b.data() + b.size();
    std::size_t j = 0;
    while (j + 32 <= n && std::memcmp(ae - j - 32, be - j - 32, 32) == 0) j += 32;
    while (j < n && ae[-1 - static_cast<std::ptrdiff_t>(j)] == be[-1 - static_cast<std::ptrdiff_t>(j)]) ++j;
    return j;
}

// Protein effect of replacing transcript bases [ta, tb) with `ins` (inside one exon, touching the CDS).
Protein protein_effect(const Transcript& t, std::int64_t ta, std::int64_t tb, const std::string& ins) {
    Protein out;
    const auto& seq = t.seq;
    const std::int64_t cb = t.cds_beg0, ce = t.cds_end0;
    const std::string_view ref_cds(seq.data() + cb, static_cast<std::size_t>(ce - cb));
    std::string own_translation;  // for a model that was not finalised (the pack translates once)
    const std::string& R = t.protein.empty() ? (own_translation = translate(ref_cds)) : t.protein;
    // Start codon touched?
    const bool is_ins = ta == tb;
    const bool touches_start = is_ins ? (ta > cb && ta < cb + 3) : (ta < cb + 3 && tb > cb);
    if (ta < cb && !is_ins) {
        out.terms = {"start_lost"};
        out.hgvsp = "p.Met1?";
        out.shrt = "M1?";
        return out;
    }
    if (touches_start) {
        std::string first;  // the mutant's first three bases from the CDS start
        for (std::int64_t y = cb; y < ta && first.size() < 3; ++y) first += seq[static_cast<std::size_t>(y)];
        for (std::size_t k = 0; k < ins.size() && first.size() < 3; ++k) first += ins[k];
        for (std::size_t y = static_cast<std::size_t>(tb); y < seq.size() && first.size() < 3; ++y) first += seq[y];
        if (ref_cds.substr(0, 3) != first) {
            out.terms = {"start_lost"};
            out.hgvsp = "p." + aa3(R.empty() ? 'M' : R[0]) + "1?";
            out.shrt = std::string(1, R.empty() ? 'M' : R[0]) + "1?";
            return out;
        }
    }
    const std::string M = mutant_protein(t, R, ta, tb, ins);
    const bool m_stop = !M.empty() && M.back() == '*';
    const bool r_has_stop = !R.empty() && R.back() == '*';
    const std::int64_t dlen = static_cast<std::int64_t>(ins.size()) - (tb - ta);
    const bool frameshift = dlen % 3 != 0 && (is_ins ? ta < ce : tb <= ce);
    std::size_t i = common_prefix(R, M);
    const auto num = [](std::size_t k) { return std::to_string(k + 1); };
    if (frameshift) {
        out.terms = {"frameshift_variant"};
        if (i >= R.size() || i >= M.size()) {
            out.hgvsp = "p.?";
            out.shrt = "?";
            return out;
        }
        if (R[i] == '*') {
            add_term(out.terms, "stop_lost");
            const std::string n = m_stop ? std::to_string(M.size() - 1 - i) : "?";
            out.hgvsp = "p.Ter" + num(i) + aa3(M[i]) + "extTer" + n;
            out.shrt = "*" + num(i) + M[i] + "ext*" + n;
            return out;
        }
        if (M[i] == '*') {
            out.terms = {"stop_gained", "frameshift_variant"};
            out.hgvsp = "p." + aa3(R[i]) + num(i) + "Ter";
            out.shrt = std::string(1, R[i]) + num(i) + "*";
            return out;
        }
        const std::string n = m_stop ? std::to_string(M.size() - i) : "?";
        out.hgvsp = "p." + aa3(R[i]) + num(i) + aa3(M[i]) + "fsTer" + n;
        out.shrt = std::string(1, R[i]) + num(i) + M[i] + "fs*" + n;
        return out;
    }
    if (R == M) {
        const std::size_t k = static_cast<std::size_t>((ta - cb) / 3);
        const char a = k < R.size() ? R[k] : 'X';
        out.terms = {a == '*' ? "stop_retained_variant" : "synonymous_variant"};
        out.hgvsp = "p." + aa3(a) + num(k) + "=";
        out.shrt = std::string(1, a) + num(k) + "=";
        return out;
    }
    const std::size_t r_stop = r_has_stop ? R.size() - 1 : R.size();
    if (i == r_stop && r_has_stop && i < M.size()) {  // the stop codon itself changed
        out.terms = {"stop_lost"};
        const std::string n = m_stop ? std::to_string(M.size() - 1 - i) : "?";
        out.hgvsp = "p.Ter" + num(i) + aa3(M[i]) + "extTer" + n;
        out.shrt = "*" + num(i) + M[i] + "ext*" + n;
        return out;
    }
    const std::int64_t expected_stop = static_cast<std::int64_t>(r_stop) + dlen / 3;
    const std::string len_term = dlen > 0 ? "inframe_insertion" : dlen < 0 ? "inframe_deletion" : "";
    if (m_stop && static_cast<std::int64_t>(M.size()) - 1 < expected_stop) {  // premature stop
        out.terms = {"stop_gained"};
        if (!len_term.empty()) add_term(out.terms, len_term);
        if (M[i] == '*') {
            out.hgvsp = "p." + aa3(R[i]) + num(i) + "Ter";
            out.shrt = std::string(1, R[i]) + num(i) + "*";
            return out;
        }
        std::size_t k_end = static_cast<std::size_t>(((is_ins ? ta : tb - 1) - cb) / 3);
        k_end = std::max(k_end, i);
        const std::string mpart = M.substr(i);
        const std::string range3 = aa3(R[i]) + num(i) + (k_end > i ? "_" + aa3(R[k_end]) + num(k_end) : "");
        const std::string range1 = std::string(1, R[i]) + num(i) + (k_end > i ? "_" + std::string(1, R[k_end]) + num(k_end) : "");
        out.hgvsp = "p." + range3 + "delins" + aa3s(mpart);
        out.shrt = range1 + "delins" + mpart;
        return out;
    }
    if (!m_stop) {  // stop codon removed by an in-frame change upstream of it
        out.terms = {"stop_lost"};
        if (!len_term.empty()) add_term(out.terms, len_term);
        return out;
    }
    const std::size_t j = common_suffix(std::string_view(R).substr(i), std::string_view(M).substr(i));
    const std::string Rp = R.substr(i, R.size() - j - i), Mp = M.substr(i, M.size() - j - i);
    if (Rp.size() == 1 && Mp.size() == 1) {
        out.terms = {"missense_variant"};
        out.hgvsp = "p." + aa3(Rp[0]) + num(i) + aa3(Mp[0]);
        out.shrt = std::string(1, Rp[0]) + num(i) + Mp[0];
        return out;
    }
    if (Mp.empty()) {
        out.terms = {"inframe_deletion"};
        const std::size_t e = i + Rp.size() - 1;
        out.hgvsp = "p." + aa3(R[i]) + num(i) + (e > i ? "_" + aa3(R[e]) + num(e) : "") + "del";
        out.shrt = std::string(1, R[i]) + num(i) + (e > i ? "_" + std::string(1, R[e]) + num(e) : "") + "del";
        return out;
    }
    if (Rp.empty()) {
        out.terms = {"inframe_insertion"};
        const std::size_t n = Mp.size();
        if (i >= n && R.compare(i - n, n, Mp) == 0) {
            const std::size_t a = i - n, b = i - 1;
            out.hgvsp = "p." + aa3(R[a]) + num(a) + (b > a ? "_" + aa3(R[b]) + num(b) : "") + "dup";
            out.shrt = std::string(1, R[a]) + num(a) + (b > a ? "_" + std::string(1, R[b]) + num(b) : "") + "dup";
            return out;
        }
        if (i == 0 || i >= R.size()) {
            out.hgvsp = "p.?";
            out.shrt = "?";
            return out;
        }
        out.hgvsp = "p." + aa3(R[i - 1]) + num(i - 1) + "_" + aa3(R[i]) + num(i) + "ins" + aa3s(Mp);
        out.shrt = std::string(1, R[i - 1]) + num(i - 1) + "_" + std::string(1, R[i]) + num(i) + "ins" + Mp;
        return out;
    }
    out.terms = {len_term.empty() ? "missense_variant" : len_term};
    const std::size_t e = i + Rp.size() - 1;
    out.hgvsp = "p." + aa3(R[i]) + num(i) + (e > i ? "_" + aa3(R[e]) + num(e) : "") + "delins" + aa3s(Mp);
    out.shrt = std::string(1, R[i]) + num(i) + (e > i ? "_" + std::string(1, R[e]) + num(e) : "") + "delins" + Mp;
    return out;
}

void sort_terms(std::vector<std::string>& terms) {
    std::stable_sort(terms.begin(), terms.end(), [](const std::string& a, const std::string& b) { return severity(a) < severity(b); });
}

}  // namespace

std::optional<Annotation> annotate_transcript(const Transcript& t, std::int64_t pos0, const std::string& ref_in,
                                              const std::string& alt_in, const GenomeWindow* genome) {
    std::string ref = upper(ref_in), alt = upper(alt_in);
    while (!ref.empty() && !alt.empty() && ref.back() == alt.back()) {
        ref.pop_back();
        alt.pop_back();
    }
    std::size_t p = 0;
    while (p < ref.size() && p < alt.size() && ref[p] == alt[p]) ++p;
    const std::int64_t s = pos0 + static_cast<std::int64_t>(p);
    ref.erase(0, p);
    alt.erase(0, p);
    if (ref.empty() && alt.empty()) return std::nullopt;
    const bool ins = ref.empty();
    const std::int64_t as = s, ae = s + static_cast<std::int64_t>(ref.size());
    const bool plus = t.strand == '+';

    Annotation out;
    auto& c = out.csq;
    c.source = "own";
    c.gene = t.gene;
    c.transcript = t.id;
    c.canonical = t.preferred;

    const bool outside = ins ? (s <= t.g_beg0 || s >= t.g_end0) : (ae <= t.g_beg0 || as >= t.g_end0);
    if (outside) {
        const bool left = ins ? s <= t.g_beg0 : ae <= t.g_beg0;
        const std::int64_t dist = left ? t.g_beg0 - ae : as - t.g_end0;
        if (dist >= kUpDownDistance) return std::nullopt;
        c.consequences.push_back(left == plus ? "upstream_gene_variant" : "downstream_gene_variant");
        return out;
    }
    const std::string n_exons = std::to_string(t.exons.size());
    std::string intron_label;
    bool in_intron = false;
    auto& terms = c.consequences;
    splice_terms(t, as, ae, ins, terms, intron_label, in_intron);

    // Inside one exon?
    const Loc l1 = locate(t, ins ? s - 1 : as), l2 = locate(t, ins ? s : ae - 1);
    if (l1.exonic && l2.exonic && l1.exon == l2.exon) {
        const auto& ex = t.exons[static_cast<std::size_t>(l1.exon)];
        std::int64_t ta, tb;
        std::string del_t = plus ? ref : revcomp(ref), ins_t = plus ? alt : revcomp(alt);
        if (ins) ta = tb = plus ? l2.t : l1.t;
        else {
            ta = plus ? l1.t : l2.t;
            tb = (plus ? l2.t : l1.t) + 1;
        }
        // 'N' in the pack marks a transcript base the genome does not share (masked mRNA-only base): not checked.
        bool ref_ok = true;
        for (std::size_t k = 0; k < del_t.size() && !ins; ++k) {
            const char pb = t.seq[static_cast<std::size_t>(ta) + k];
            if (pb != 'N' && pb != del_t[k] && del_t[k] != 'N') ref_ok = false;
        }
        if (!ref_ok) {
            const std::string pack_bases = t.seq.substr(static_cast<std::size_t>(ta), del_t.size());
            out.ref_mismatch = RefMismatch{t.id, plus ? pack_bases : revcomp(pack_bases), ref};
        }
        // 3' rule: shift pure deletions and insertions towards the transcript's 3' end, within the exon.
        if (ins_t.empty()) {
            while (tb < ex.t_end0 && t.seq[static_cast<std::size_t>(ta)] == t.seq[static_cast<std::size_t>(tb)]) {
                ++ta;
                ++tb;
            }
            del_t = t.seq.substr(static_cast<std::size_t>(ta), static_cast<std::size_t>(tb - ta));
        } else if (del_t.empty()) {
            while (ta < ex.t_end0 && t.seq[static_cast<std::size_t>(ta)] == ins_t[0]) {
                std::rotate(ins_t.begin(), ins_t.begin() + 1, ins_t.end());
                ++ta;
            }
            tb = ta;
        }
        c.exon = std::to_string(l1.exon + 1) + "/" + n_exons;
        // HGVS c.: pure deletions and insertions shifted 3' on the genome (they may leave the exon).
        if (del_t.empty() || ins_t.empty()) {
            std::int64_t sa = as, se = ae;
            std::string ins_g = alt;
            out.shift_incomplete = !shift_3prime(t, genome, sa, se, ins_g);
            c.hgvsc = shifted_hgvs_c(t, genome, sa, se, ins_g);
        } else {
            c.hgvsc = hgvs_c(t, cpos(t, ta), cpos(t, tb - 1), del_t, ins_t);
        }
        if (!t.coding()) {
            add_term(terms, "non_coding_transcript_exon_variant");
        } else {
            const bool touches_cds = ins ? (ta > t.cds_beg0 && ta < t.cds_end0) : (ta < t.cds_end0 && tb > t.cds_beg0);
            if (!touches_cds) {
                add_term(terms, (ins ? ta <= t.cds_beg0 : tb <= t.cds_beg0) ? "5_prime_UTR_variant" : "3_prime_UTR_variant");
            } else {
                auto pe = protein_effect(t, ta, tb, ins_t);
                for (const auto& term : pe.terms) add_term(terms, term);
                if (pe.terms.empty()) add_term(terms, "coding_sequence_variant");
                c.hgvsp = pe.hgvsp;
                c.hgvsp_short = pe.shrt;
            }
        }
        sort_terms(terms);
        return out;
    }

    // Intronic, or across an exon boundary: REF against what the pack holds there (exon bases and
    // the flanks' genome sequence; bases it does not hold are not checked).
    {
        bool ref_ok = true;
        std::string pack_bases;
        for (std::int64_t g = as; g < ae; ++g) {
            const char pb = t.genomic_base(g);
            const char rb = ref[static_cast<std::size_t>(g - as)];
            pack_bases += pb ? pb : 'N';
            if (pb && rb != 'N' && pb != rb) ref_ok = false;
        }
        if (!ref_ok) out.ref_mismatch = RefMismatch{t.id, pack_bases, ref};
    }
    // Positions with intronic offsets, no protein effect.
    const Loc first = plus ? l1 : l2, last = plus ? l2 : l1;
    const std::string del_t = plus ? ref : revcomp(ref), ins_t = plus ? alt : revcomp(alt);
    if (!first.outside && !last.outside) {
        if (ref.empty() || alt.empty()) {
            std::int64_t sa = as, se = ae;
            std::string ins_g = alt;
            out.shift_incomplete = !shift_3prime(t, genome, sa, se, ins_g);
            c.hgvsc = shifted_hgvs_c(t, genome, sa, se, ins_g);  // past the transcript's ends: c.-N / c.*N positions
        } else {
            c.hgvsc = hgvs_c(t, cpos(t, first), cpos(t, last), del_t, ins_t);
        }
    }
    bool exonic_cds = false, exonic_utr5 = false, exonic_utr3 = false, exonic_any = false;
    for (std::size_t k = 0; k < t.exons.size(); ++k) {
        const auto& e = t.exons[k];
        const std::int64_t ob = std::max(as, e.g_beg0), oe = std::min(ae, e.g_end0);
        if (ob >= oe) continue;
        if (!exonic_any) c.exon = std::to_string(k + 1) + "/" + n_exons;
        exonic_any = true;
        if (!t.coding()) continue;
        // transcript offsets of the overlapped bases
        const std::int64_t x1 = plus ? e.t_beg0 + (ob - e.g_beg0) : e.t_beg0 + (e.g_end0 - oe);
        const std::int64_t x2 = x1 + (oe - ob);
        if (x1 < t.cds_end0 && x2 > t.cds_beg0) exonic_cds = true;
        if (x1 < t.cds_beg0) exonic_utr5 = true;
        if (x2 > t.cds_end0) exonic_utr3 = true;
    }
    if (!intron_label.empty()) c.intron = intron_label;
    if (exonic_cds) add_term(terms, "coding_sequence_variant");
    if (exonic_utr5) add_term(terms, "5_prime_UTR_variant");
    if (exonic_utr3) add_term(terms, "3_prime_UTR_variant");
    if (exonic_any && !t.coding()) add_term(terms, "non_coding_transcript_exon_variant");
    if (in_intron || (!exonic_any && terms.empty())) add_term(terms, "intron_variant");
    if (!t.coding() && !exonic_any) add_term(terms, "non_coding_transcript_variant");
    sort_terms(terms);
    return out;
}

std::vector<Annotation> annotate_variant(const tx::Pack& pack, const Variant& v, const GenomeWindow* genome) {
    std::vector<Annotation> out;
    if (!is_plain_sequence(v.ref) || !is_plain_sequence(v.alt) || v.alt == "*" || v.ref.empty()) return out;
    std::vector<const Transcript*> ts;
    pack.overlapping(v.chrom_norm, v.pos0, v.end0(), kUpDownDistance, ts);
    std::sort(ts.begin(), ts.end(), [](const Transcript* a, const Transcript* b) {
        if (a->gene != b->gene) return a->gene < b->gene;
        if (a->preferred != b->preferred) return a->preferred;
        return a->id < b->id;
    });
    for (const auto* t : ts)
        if (auto a = annotate_transcript(*t, v.pos0, v.ref, v.alt, genome)) out.push_back(std::move(*a));
    return out;
}

}  // namespace oncomatch::hgvs
