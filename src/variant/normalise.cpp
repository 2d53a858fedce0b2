// Trimming and left-alignment of alleles (bcftools norm semantics, see header).
#include "oncomatch/variant/normalise.hpp"

#include <algorithm>

#include "oncomatch/variant/variant.hpp"

namespace oncomatch {

std::string describe_record(const Variant& v) {
    return v.chrom + ":" + std::to_string(v.vcf_pos) + " " + v.vcf_ref + ">" + v.vcf_alt;
}

bool is_plain_sequence(const std::string& s) {
    if (s.empty()) return false;
    return std::all_of(s.begin(), s.end(), [](char c) {
        switch (c) {
            case 'A': case 'C': case 'G': case 'T': case 'N':
            case 'a': case 'c': case 'g': case 't': case 'n': return true;
            default: return false;
        }
    });
}

Allele trim_allele(Allele a) {
    // Right trim: shared last bases, leaving at least one base in each allele.
    while (a.ref.size() > 1 && a.alt.size() > 1 && a.ref.back() == a.alt.back()) {
        a.ref.pop_back();
        a.alt.pop_back();
    }
    // Left trim: shared first bases, leaving at least one base in each allele.
    std::size_t k = 0;
    while (k + 1 < a.ref.size() && k + 1 < a.alt.size() && a.ref[k] == a.alt[k]) ++k;
    if (k) {
        a.ref.erase(0, k);
        a.alt.erase(0, k);
        a.pos0 += static_cast<std::int64_t>(k);
    }
    return a;
}

Allele left_align(Allele a, const RefFetcher& fetch) {
    a = trim_allele(std::move(a));
    const bool indel = a.ref.size() != a.alt.size() && (a.ref.size() == 1 || a.alt.size() == 1) &&
                       a.ref[0] == a.alt[0];
    if (!indel || !fetch) return a;
    // Indel body S follows the anchor base longer[0]. Moving the event one base left is
    // allowed when S ends with the anchor base: S' = S.back() + S[0..n-1), anchor' = ref[pos0-1].
    std::string& longer = a.ref.size() > a.alt.size() ? a.ref : a.alt;
    std::string& shorter = a.ref.size() > a.alt.size() ? a.alt : a.ref;
    constexpr std::int64_t kWindow = 256;
    std::string window;              // reference bases [window_beg, a.pos0 at fetch time)
    std::int64_t window_beg = a.pos0;
    while (a.pos0 > 0 && longer.size() >= 2 && longer.back() == longer[0]) {
        if (a.pos0 <= window_beg) {
            window_beg = std::max<std::int64_t>(0, a.pos0 - kWindow);
            window = fetch(window_beg, a.pos0);
            if (window.size() != static_cast<std::size_t>(a.pos0 - window_beg)) break;
        }
        const char prev = window[static_cast<std::size_t>(a.pos0 - 1 - window_beg)];
        longer.pop_back();
        longer.insert(longer.begin(), prev);
        shorter[0] = prev;
        a.pos0 -= 1;
    }
    return a;
}

}  // namespace oncomatch
