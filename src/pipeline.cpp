// read -> inflate -> stitch -> scan -> parse -> match -> collect with tbb::parallel_pipeline
// (see header); the middle stages only act on streamed text VCF.
#include "oncomatch/pipeline.hpp"

#include <tbb/parallel_pipeline.h>

#include <algorithm>
#include <memory>
#include <mutex>
#include <utility>

namespace oncomatch {

namespace {

struct Batch {
    TextChunk chunk;  // streamed text VCF: the raw lines of this batch
    bool chunked = false;
    std::vector<Variant> in;
    std::vector<MatchedVariant> out;
};

// Batches are recycled so their buffers (a megabyte of text each) are allocated once, not per
// batch: at most `tokens` are alive at any time.
class BatchPool {
public:
    std::unique_ptr<Batch> take() {
        std::lock_guard<std::mutex> lock(m_);
        if (free_.empty()) return std::make_unique<Batch>();
        auto b = std::move(free_.back());
        free_.pop_back();
        return b;
    }
    void give(std::unique_ptr<Batch> b) {
        b->in.clear();
        b->out.clear();
        std::lock_guard<std::mutex> lock(m_);
        free_.push_back(std::move(b));
    }

private:
    std::mutex m_;
    std::vector<std::unique_ptr<Batch>> free_;
};

}  // namespace

PipelineResult run_pipeline(VcfReader& reader, const kb::KbIndex& index, const PipelineOptions& opts) {
    PipelineResult res;
    const auto& schema = reader.schema();
    const bool chunked = reader.streams_chunks();
    bool done = false;
    BatchPool pool;
    const std::size_t tokens = static_cast<std::size_t>(std::max(1, opts.threads)) * 4;
    using Ptr = std::shared_ptr<Batch>;  // goes back to the pool when the last stage (or an error) drops it
    auto lease = [&pool](std::unique_ptr<Batch> b) { return Ptr(b.release(), [&pool](Batch* p) { pool.give(std::unique_ptr<Batch>(p)); }); };
    tbb::parallel_pipeline(
        tokens,
        // 1. read (serial): raw text lines, or parsed variants for BCF and index-region reads.
        tbb::make_filter<void, Ptr>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> Ptr {
                if (done) {
                    fc.stop();
                    return nullptr;
                }
                auto b = pool.take();
                b->chunked = chunked;
                if (chunked) {
                    if (!reader.read_chunk(b->chunk)) {
                        pool.give(std::move(b));
                        fc.stop();
                        return nullptr;
                    }
                } else if (!reader.next_batch(b->in, opts.batch_size)) {
                    done = true;
                }
                return lease(std::move(b));
            }) &
            // 2. inflate (parallel): bgzip blocks of a streamed .vcf.gz.
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel,
                                       [&](Ptr b) {
                                           if (b->chunked) reader.inflate_chunk(b->chunk);
                                           return b;
                                       }) &
            // 3. stitch (serial, in order): cut inflated text at the last whole line.
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::serial_in_order,
                                       [&](Ptr b) {
                                           if (b->chunked) reader.stitch_chunk(b->chunk);
                                           return b;
                                       }) &
            // 4. scan (parallel): structural checks and the region pre-filter on every line.
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel,
                                       [&](Ptr b) {
                                           if (b->chunked) reader.scan_chunk(b->chunk);
                                           return b;
                                       }) &
            // 5. parse (serial, in order): errors with file line numbers; htslib parses kept lines.
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::serial_in_order,
                                       [&](Ptr b) {
                                           if (b->chunked) reader.finish_chunk(b->chunk, b->in);
                                           return b;
                                       }) &
            // 6. match (parallel, pure).
            tbb::make_filter<Ptr, Ptr>(tbb::filter_mode::parallel,
                                       [&](Ptr b) {
                                           b->out.reserve(b->in.size());
                                           for (auto& v : b->in) match_variant_into(b->out.emplace_back(), std::move(v), index, schema, opts.consequence);
                                           b->in.clear();
                                           return b;
                                       }) &
            // 7. collect (serial, in input order).
            tbb::make_filter<Ptr, void>(tbb::filter_mode::serial_in_order, [&](Ptr b) {
                if (b->chunked && opts.on_chunk) opts.on_chunk(b->chunk, b->out);
                const auto worth_keeping = [](const MatchedVariant& m) { return (m.in_kb_gene && m.reportable) || !m.hits.empty(); };
                const auto n_kept = static_cast<std::size_t>(std::count_if(b->out.begin(), b->out.end(), worth_keeping));
                // A panel (most records listed): the batch's vector is kept as it is, the few records
                // not listed only marked, rather than moving the others one by one. At most half of
                // what is held is then unlisted, so memory stays within twice what is listed.
                const bool keep_all = n_kept > 0 && n_kept * 2 >= b->out.size();
                std::vector<MatchedVariant> kept;
                if (!keep_all) kept.reserve(n_kept);
                for (auto& m : b->out) {
                    ++res.matched_variants;
                    if (m.xcheck_declared > 0) ++res.xcheck_declared_match;
                    if (m.xcheck_declared < 0) ++res.xcheck_declared_mismatch;
                    if (m.xcheck_other_ref) ++res.xcheck_other_ref;
                    res.csq_compared += m.own_file_compared;
                    if (m.own_file_disagree) {
                        ++res.csq_disagreed;
                        if (res.csq_disagreements.size() < 50) res.csq_disagreements.push_back(m.disagreement);
                    }
                    if (!m.shift_incomplete.empty()) {
                        ++res.shift_incomplete;
                        if (res.shift_incomplete_examples.size() < 10) res.shift_incomplete_examples.push_back(m.shift_incomplete);
                    }
                    if (!m.ref_mismatch.empty()) {
                        ++res.ref_mismatch_warnings;
                        if (res.ref_mismatch_examples.size() < 10) res.ref_mismatch_examples.push_back(m.ref_mismatch);
                    }
                    if (m.xcheck_other_exact) {
                        ++res.xcheck_other_exact;
                        if (res.xcheck_examples.size() < 3) res.xcheck_examples.push_back(describe_record(m.v));
                    }
                    if (worth_keeping(m)) {
                        m.v.info_csq.clear();
                        m.v.info_ann.clear();
                        m.v.info_bcsq.clear();
                        m.v.file_consequences.clear();
                        m.v.file_consequences.shrink_to_fit();
                        if (!keep_all) kept.push_back(std::move(m));
                    } else if (keep_all) {
                        m = MatchedVariant{};  // nothing of it is needed: its memory goes now
                        m.dropped = true;
                    }
                }
                if (keep_all && !b->out.empty()) res.kept.push_back(std::exchange(b->out, {}));
                else if (!kept.empty()) res.kept.push_back(std::move(kept));
            }));
    return res;
}

}  // namespace oncomatch
