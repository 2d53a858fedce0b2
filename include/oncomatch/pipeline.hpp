#pragma once
// The streaming engine: read (serial, htslib) -> [inflate (parallel) -> stitch (serial) -> scan
// (parallel) -> parse (serial), for streamed text VCF] -> match (parallel, pure) -> collect
// (serial, in input order), as a tbb::parallel_pipeline over batches with a bounded number of
// live tokens, so memory does not grow with the input.
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "oncomatch/io/vcf_reader.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/match/matcher.hpp"

namespace oncomatch {

struct PipelineResult {
    // Variants in knowledgebase genes worth reporting, and every hit, batch by batch in input
    // order: one growing vector of these large values would be moved, onto fresh pages, at
    // every doubling (on a whole genome that was most of the run's page faults).
    std::vector<std::vector<MatchedVariant>> kept;
    std::uint64_t matched_variants = 0;
    long long xcheck_declared_match = 0, xcheck_declared_mismatch = 0;
    long long xcheck_other_ref = 0, xcheck_other_exact = 0;
    std::vector<std::string> xcheck_examples;  // records that fit the other build
    // Own vs file consequence on the preferred transcript (annotate --consequence).
    long long csq_compared = 0, csq_disagreed = 0, ref_mismatch_warnings = 0;
    std::vector<std::string> csq_disagreements;   // first 50, for the QC section
    std::vector<std::string> ref_mismatch_examples;  // first 10
    long long shift_incomplete = 0;
    std::vector<std::string> shift_incomplete_examples;  // first 10
};

struct PipelineOptions {
    int threads = 1;
    std::size_t batch_size = 2048;
    // Called in input order with every streamed text chunk and its matched variants (for the
    // annotated VCF pass-through); only for inputs read in chunks (VcfReader::streams_chunks).
    std::function<void(const TextChunk&, const std::vector<MatchedVariant>&)> on_chunk;
    ConsequenceOptions consequence;  // transcript pack + mode, shared read-only by the match threads
};

PipelineResult run_pipeline(VcfReader& reader, const kb::KbIndex& index, const PipelineOptions& opts);

}  // namespace oncomatch
