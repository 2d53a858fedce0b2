#pragma once
// Raw BGZF blocks, read serially from the file and inflated by the pipeline's parallel stage
// (libdeflate, CRC-checked), so a streamed .vcf.gz is decompressed by the same workers that scan
// it rather than by a second thread pool handing blocks over one at a time.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "oncomatch/util/big_buffer.hpp"

struct hFILE;

namespace oncomatch {

struct BgzfBlocks {
    BigString bytes;  // whole compressed blocks, back to back
    struct Block { std::uint32_t offset, size, isize; };
    std::vector<Block> blocks;
    void clear() { bytes.clear(); blocks.clear(); }
};

enum class BgzfRead { more, eof, truncated, not_bgzf };

// Appends whole blocks from `hf` to `out` until they hold at least `target` uncompressed bytes.
// Returns eof at a clean end of the stream, truncated when it ends inside a block, not_bgzf
// when a block header is not BGZF's.
BgzfRead read_bgzf_blocks(hFILE* hf, BgzfBlocks& out, std::size_t target);

// Inflates the blocks in order into `out` from offset `at` (growing it when too small, never
// shrinking it, so a reused buffer is not zero-filled again) and sets `end` past the last byte
// written. Returns the number of blocks inflated; fewer than in.blocks.size() means block number
// <return value> is corrupt (bad data or CRC).
std::size_t inflate_bgzf_blocks(const BgzfBlocks& in, BigString& out, std::size_t at, std::size_t& end);

}  // namespace oncomatch
