#pragma once
// One pass over a chunk of VCF text that splits it into lines and, at the same time, finds each
// line's first five tab-separated fields (CHROM POS ID REF ALT) and counts its columns. Every
// byte of a streamed file goes through here, so it looks at 64 bytes at a time: SSE2 turns them
// into two bit masks (tabs, newlines) and lines and fields are read off the bits.
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace oncomatch {

struct ScannedLine {
    std::string_view text;   // the line without its '\n' and without a trailing '\r'
    std::string_view f[5];   // its first five fields (empty past the last one)
    std::size_t cols = 0;    // tab-separated columns
    std::size_t offset = 0;  // where the line starts in the scanned text
    bool terminated = true;  // ended by '\n' (a file's last line may not be)
};

namespace line_scan_detail {

// Set bits of m; written out because without -mpopcnt (baseline x86-64) the builtin is a call.
inline std::size_t count_bits(std::uint64_t m) {
    m = m - ((m >> 1) & 0x5555555555555555ULL);
    m = (m & 0x3333333333333333ULL) + ((m >> 2) & 0x3333333333333333ULL);
    m = (m + (m >> 4)) & 0x0f0f0f0f0f0f0f0fULL;
    return static_cast<std::size_t>((m * 0x0101010101010101ULL) >> 56);
}

// Bit i of `tabs` / `nls` is set when p[i] is a tab / newline (64 bytes from p).
inline void block_masks(const char* p, std::uint64_t& tabs, std::uint64_t& nls) {
#ifdef __SSE2__
    const __m128i t = _mm_set1_epi8('\t'), n = _mm_set1_epi8('\n');
    tabs = nls = 0;
    for (int k = 0; k < 4; ++k) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16 * k));
        tabs |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, t)))) << (16 * k);
        nls |= static_cast<std::uint64_t>(static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, n)))) << (16 * k);
    }
#else
    tabs = nls = 0;
    for (int i = 0; i < 64; ++i) {
        tabs |= static_cast<std::uint64_t>(p[i] == '\t') << i;
        nls |= static_cast<std::uint64_t>(p[i] == '\n') << i;
    }
#endif
}

}  // namespace line_scan_detail

// Calls on_line(const ScannedLine&) for each line of `text` in order; stops early when it
// returns false. Returns false when stopped early.
template <class OnLine>
bool scan_lines(std::string_view text, OnLine&& on_line) {
    const char* const base = text.data();
    const std::size_t size = text.size();
    std::size_t line_start = 0, ntabs = 0;
    std::size_t tab_at[5] = {};
    auto take_tabs = [&](std::uint64_t m, std::size_t o) {
        for (; m && ntabs < 5; m &= m - 1) tab_at[ntabs++] = o + static_cast<std::size_t>(__builtin_ctzll(m));
        ntabs += line_scan_detail::count_bits(m);
    };
    auto emit = [&](std::size_t line_end, bool terminated) {
        std::size_t e = line_end;
        if (e > line_start && base[e - 1] == '\r') --e;
        ScannedLine l;
        l.text = std::string_view(base + line_start, e - line_start);
        l.offset = line_start;
        l.terminated = terminated;
        l.cols = ntabs + 1;
        std::size_t b = line_start;
        for (std::size_t i = 0; i < 5 && i <= ntabs; ++i) {
            const std::size_t fe = i < ntabs ? tab_at[i] : e;
            l.f[i] = std::string_view(base + b, fe - b);
            b = fe + 1;
        }
        ntabs = 0;
        line_start = line_end + 1;
        return on_line(static_cast<const ScannedLine&>(l));
    };
    char tail[64];
    for (std::size_t o = 0; o < size; o += 64) {
        const char* p = base + o;
        if (size - o < 64) {  // the last bytes, padded with zeros (neither tab nor newline)
            std::memset(tail, 0, sizeof tail);
            std::memcpy(tail, p, size - o);
            p = tail;
        }
        std::uint64_t tabs, nls;
        line_scan_detail::block_masks(p, tabs, nls);
        while (nls) {
            const auto nl = static_cast<unsigned>(__builtin_ctzll(nls));
            const std::uint64_t before = nl == 0 ? 0 : (~std::uint64_t{0} >> (64 - nl));
            take_tabs(tabs & before, o);
            tabs = nl == 63 ? 0 : tabs & (~std::uint64_t{0} << (nl + 1));
            nls &= nls - 1;
            if (!emit(o + nl, true)) return false;
        }
        take_tabs(tabs, o);
    }
    if (line_start < size) return emit(size, false);
    return true;
}

}  // namespace oncomatch
