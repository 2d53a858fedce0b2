// Raw BGZF block reading and parallel-safe inflation (see header). Block layout (SAM spec,
// section 4.1): a gzip member whose extra field 'BC' holds BSIZE (total size - 1); the deflate
// data follows the header and ends 8 bytes before the block's end, where CRC32 and ISIZE sit.
#include "oncomatch/io/bgzf_blocks.hpp"

#include <htslib/hfile.h>
#include <libdeflate.h>

#include <cstring>
#include <memory>

namespace oncomatch {

namespace {

std::uint32_t le16(const unsigned char* p) { return static_cast<std::uint32_t>(p[0]) | static_cast<std::uint32_t>(p[1]) << 8; }
std::uint32_t le32(const unsigned char* p) { return le16(p) | le16(p + 2) << 16; }

struct DecompressorFree {
    void operator()(libdeflate_decompressor* d) const { libdeflate_free_decompressor(d); }
};

}  // namespace

BgzfRead read_bgzf_blocks(hFILE* hf, BgzfBlocks& out, std::size_t target) {
    std::size_t got = 0;
    while (got < target) {
        unsigned char head[12];
        const ssize_t n = hread(hf, head, sizeof head);
        if (n == 0) return BgzfRead::eof;
        if (n != static_cast<ssize_t>(sizeof head)) return BgzfRead::truncated;
        if (head[0] != 31 || head[1] != 139 || head[2] != 8 || !(head[3] & 4)) return BgzfRead::not_bgzf;
        const std::uint32_t xlen = le16(head + 10);
        std::string extra(xlen, '\0');
        if (hread(hf, extra.data(), xlen) != static_cast<ssize_t>(xlen)) return BgzfRead::truncated;
        // Find the BC subfield.
        std::uint32_t bsize = 0;
        bool found = false;
        const auto* x = reinterpret_cast<const unsigned char*>(extra.data());
        for (std::uint32_t i = 0; i + 4 <= xlen;) {
            const std::uint32_t slen = le16(x + i + 2);
            if (x[i] == 'B' && x[i + 1] == 'C' && slen == 2 && i + 6 <= xlen) {
                bsize = le16(x + i + 4);
                found = true;
                break;
            }
            i += 4 + slen;
        }
        if (!found) return BgzfRead::not_bgzf;
        const std::uint32_t total = bsize + 1, header = 12 + xlen;
        if (total < header + 8) return BgzfRead::not_bgzf;
        const auto offset = static_cast<std::uint32_t>(out.bytes.size());
        out.bytes.append(reinterpret_cast<const char*>(head), sizeof head);
        out.bytes.append(extra);
        out.bytes.resize(offset + total);
        const std::uint32_t rest = total - header;
        if (hread(hf, out.bytes.data() + offset + header, rest) != static_cast<ssize_t>(rest)) {
            out.bytes.resize(offset);
            return BgzfRead::truncated;
        }
        const std::uint32_t isize = le32(reinterpret_cast<const unsigned char*>(out.bytes.data()) + offset + total - 4);
        if (isize == 0) {  // an empty block (the end-of-file marker, or between concatenated files)
            out.bytes.resize(offset);
            continue;
        }
        out.blocks.push_back({offset, total, isize});
        got += isize;
    }
    return BgzfRead::more;
}

std::size_t inflate_bgzf_blocks(const BgzfBlocks& in, BigString& out, std::size_t at, std::size_t& end) {
    thread_local std::unique_ptr<libdeflate_decompressor, DecompressorFree> d(libdeflate_alloc_decompressor());
    if (!d) throw std::bad_alloc();
    std::size_t total = at;
    for (const auto& b : in.blocks) total += b.isize;
    if (out.size() < total) out.resize(total);
    std::size_t done = 0;
    for (const auto& b : in.blocks) {
        const auto* blk = reinterpret_cast<const unsigned char*>(in.bytes.data()) + b.offset;
        const std::uint32_t header = 12 + le16(blk + 10);
        std::size_t actual = 0;
        const auto r = libdeflate_deflate_decompress(d.get(), blk + header, b.size - header - 8, out.data() + at, b.isize, &actual);
        if (r != LIBDEFLATE_SUCCESS || actual != b.isize ||
            libdeflate_crc32(0, out.data() + at, actual) != le32(blk + b.size - 8))
            break;
        at += actual;
        ++done;
    }
    end = at;
    return done;
}

}  // namespace oncomatch
