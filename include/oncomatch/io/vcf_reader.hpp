#pragma once
// Streaming VCF/BCF reader: the only code that touches htslib records. It reads the header
// (samples, contigs, build evidence, annotation schemas), then yields batches of normalised
// variants. Every text line gets a cheap structural check (column count, known CHROM, numeric
// and sorted POS); only records overlapping the knowledgebase regions are fully parsed. With an
// up-to-date .tbi/.csi index, only those regions are read at all.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>

#include "oncomatch/genome/build.hpp"
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
    bool has_usable_index() const;  // an index exists and is not stale (throws when stale)

    // Before reading: the regions to parse (normalised names), the optional reference.
    void set_regions(const kb::RegionSet* regions, bool use_index);
    void set_reference(const ReferenceFasta* ref) { ref_ = ref; }
    // Extra BGZF decompression threads for streaming; not worth it for indexed region reads,
    // where htslib's read-ahead after each seek is thrown away.
    void set_io_threads(int n);

    // Fills `out` with up to about max_variants variants; false when the input is exhausted.
    bool next_batch(std::vector<Variant>& out, std::size_t max_variants);
    const ReaderStats& stats() const { return stats_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::vector<std::string> samples_;
    int tumour_ = -1;
    std::string tumour_name_;
    std::vector<ContigInfo> contigs_;
    std::string reference_line_;
    AnnotationSchema schema_;
    bool is_bcf_ = false;
    std::string display_;
    const ReferenceFasta* ref_ = nullptr;
    ReaderStats stats_;
};

}  // namespace oncomatch
