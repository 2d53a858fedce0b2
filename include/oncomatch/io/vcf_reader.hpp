#pragma once
// Streaming VCF/BCF reader: the only code that touches htslib records. It reads the header
// (samples, contigs, build evidence, annotation schemas), then yields batches of normalised
// variants. Every text line gets a cheap structural check (column count, known CHROM, numeric
// and sorted POS); only records overlapping the knowledgebase regions are fully parsed. With an
// up-to-date .tbi/.csi index, only those regions are read at all.
//
// A streamed text VCF is read in chunks of whole lines so that the per-line work can run in
// parallel: read_chunk (serial: copies decompressed bytes, nothing else), scan_chunk (parallel,
// const: structural checks and the region pre-filter, problems kept with their chunk-local line),
// finish_chunk (serial, in input order: checks across chunks, turns problems into errors with
// file line numbers, and parses the few kept lines with htslib).
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "oncomatch/genome/build.hpp"
#include "oncomatch/io/bgzf_blocks.hpp"
#include "oncomatch/io/caller_fields.hpp"
#include "oncomatch/io/hts.hpp"
#include "oncomatch/io/reference.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/variant/file_annotations.hpp"
#include "oncomatch/variant/variant.hpp"

namespace oncomatch {

struct ReaderOptions {
    std::string path;            // file or "-" (stdin)
    std::string sample;          // --sample
    bool whole_file = false;     // ignore an index
    int io_threads = 0;          // extra BGZF decompression threads
    CallerFieldOptions fields;
    std::size_t chunk_bytes = std::size_t{1} << 20;  // text streaming: bytes of whole lines per chunk
};

// Whole text lines of a streamed VCF, with what scan_chunk found in them.
struct TextChunk {
    // Whole lines, each ending in '\n' (the file's last line may not), at buf[begin, end); text()
    // views them and every offset below is relative to it. For a bgzip file the blocks are
    // inflated after kHeadRoom spare bytes, so the partial line carried over from the previous
    // chunk is put in front without moving the chunk; buf never shrinks, so it is filled once.
    BigString buf;
    std::size_t begin = 0, end = 0;
    static constexpr std::size_t kHeadRoom = 64 * 1024;
    std::string_view text() const { return {buf.data() + begin, end - begin}; }
    bool read_error = false;  // the compressed stream broke after `data`
    bool last = false;        // nothing follows this chunk
    // A bgzip file: compressed blocks read by read_chunk, inflated by inflate_chunk (parallel)
    // into `data`, cut to whole lines by stitch_chunk (serial, in order).
    BgzfBlocks compressed;
    bool inflate_failed = false;
    // scan_chunk:
    struct Kept {
        std::size_t offset, length;
        std::uint32_t line;                     // 0-based in the chunk
        std::uint32_t v_begin = 0, v_end = 0;   // the variants finish_chunk made of it, in `out`
    };
    struct Run {                                                      // consecutive lines on one CHROM
        std::string chrom;
        std::int64_t first_pos = 0;
        std::uint32_t first_line = 0;
        std::size_t first_offset = 0;
    };
    struct Problem {
        std::uint32_t line = 0;
        std::string desc;     // "CHROM:POS REF>ALT" when the line has that many columns
        std::string message, hint;
        bool short_last_line = false;  // too few columns on an unterminated last line
    };
    std::uint32_t n_lines = 0;
    std::vector<Kept> kept;
    std::vector<Run> runs;
    std::optional<Problem> problem;  // the first problem in the chunk
    // finish_chunk:
    std::uint64_t first_line_no = 0;  // file line number of the chunk's first line
    void clear();
};

struct ReaderStats {
    std::uint64_t lines = 0;            // data lines (or BCF records) seen
    std::uint64_t parsed = 0;           // records fully parsed (in knowledgebase regions)
    std::uint64_t variants = 0;         // ALT alleles emitted
    std::uint64_t skipped_symbolic = 0; // symbolic / breakend ALTs (<DEL>, N[chr1:...[)
    std::uint64_t skipped_star = 0;     // '*' spanning-deletion ALTs
    std::uint64_t skipped_no_alt = 0;   // ALT '.' (reference-only records)
    std::uint64_t left_aligned = 0;
    bool by_regions = false;
};

class VcfReader {
public:
    explicit VcfReader(const ReaderOptions& opts);
    ~VcfReader();
    VcfReader(const VcfReader&) = delete;
    VcfReader& operator=(const VcfReader&) = delete;

    // Header facts.
    const std::vector<std::string>& samples() const { return samples_; }
    int tumour_index() const { return tumour_; }            // -1: no sample columns
    const std::string& tumour_name() const { return tumour_name_; }
    const std::vector<ContigInfo>& contigs() const { return contigs_; }
    const std::string& reference_line() const { return reference_line_; }
    const AnnotationSchema& schema() const { return schema_; }
    bool is_bcf() const { return is_bcf_; }
    const std::string& display_name() const { return display_; }
    // The text header as read (## lines and #CHROM, each ending in '\n'); empty for BCF.
    const std::string& header_text() const { return header_text_; }
    bool has_usable_index() const;  // an index exists and is not stale (throws when stale)

    // Before reading: the regions whose records are parsed (normalised names); with use_index,
    // the index is queried over `spans` (wider, fewer regions: each query costs a seek and a
    // block), defaulting to `regions`, and records outside `regions` are still passed over.
    void set_regions(const kb::RegionSet* regions, bool use_index, const kb::RegionSet* spans = nullptr);
    void set_reference(const ReferenceFasta* ref) { ref_ = ref; }
    // Extra BGZF decompression threads for streaming; not worth it for indexed region reads,
    // where htslib's read-ahead after each seek is thrown away.
    void set_io_threads(int n);

    // Fills `out` with up to about max_variants variants; false when the input is exhausted.
    // (A streamed text VCF is read a chunk at a time: read_chunk + scan_chunk + finish_chunk.)
    bool next_batch(std::vector<Variant>& out, std::size_t max_variants);

    // Chunked streaming of a text VCF (see the comment atop this file). streams_chunks() tells
    // whether this input is read that way (text, not by index regions).
    bool streams_chunks() const;
    bool read_chunk(TextChunk& c);               // serial; false when nothing is left
    void inflate_chunk(TextChunk& c) const;      // thread-safe, pure (bgzip input only)
    void stitch_chunk(TextChunk& c);             // serial, in input order (bgzip input only)
    void scan_chunk(TextChunk& c) const;         // thread-safe, pure
    void finish_chunk(TextChunk& c, std::vector<Variant>& out);  // serial, in input order
    const ReaderStats& stats() const { return stats_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    void emit_record(std::uint64_t line_no, std::vector<Variant>& out);
    [[noreturn]] void throw_problem(const TextChunk& c, const TextChunk::Problem& p) const;
    std::vector<std::string> samples_;
    int tumour_ = -1;
    std::string tumour_name_;
    std::vector<ContigInfo> contigs_;
    std::string reference_line_;
    AnnotationSchema schema_;
    bool is_bcf_ = false;
    std::string display_;
    std::string header_text_;
    const ReferenceFasta* ref_ = nullptr;
    ReaderStats stats_;
};

}  // namespace oncomatch
