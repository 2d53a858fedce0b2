// read -> match -> collect with tbb::parallel_pipeline (see header).
#include "oncomatch/pipeline.hpp"

#include <tbb/parallel_pipeline.h>

#include <memory>

namespace oncomatch {

namespace {
struct Batch {
    std::vector<Variant> in;
    std::vector<MatchedVariant> out;
};
}  // namespace

PipelineResult run_pipeline(VcfReader& reader, const kb::KbIndex& index, const PipelineOptions& opts) {
    PipelineResult res;
    const auto& schema = reader.schema();
    bool done = false;
    const std::size_t tokens = static_cast<std::size_t>(std::max(1, opts.threads)) * 4;
    tbb::parallel_pipeline(
        tokens,
        tbb::make_filter<void, std::shared_ptr<Batch>>(
            tbb::filter_mode::serial_in_order,
            [&](tbb::flow_control& fc) -> std::shared_ptr<Batch> {
                if (done) {
                    fc.stop();
                    return nullptr;
                }
                auto b = std::make_shared<Batch>();
                if (!reader.next_batch(b->in, opts.batch_size)) done = true;
                return b;
            }) &
            tbb::make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(
                tbb::filter_mode::parallel,
                [&](std::shared_ptr<Batch> b) {
                    b->out.reserve(b->in.size());
                    for (auto& v : b->in) b->out.push_back(match_variant(std::move(v), index, schema, opts.consequence));
                    b->in.clear();
                    return b;
                }) &
            tbb::make_filter<std::shared_ptr<Batch>, void>(
                tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Batch> b) {
                    if (!b) return;
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
                        if (!m.ref_mismatch.empty()) {
                            ++res.ref_mismatch_warnings;
                            if (res.ref_mismatch_examples.size() < 10) res.ref_mismatch_examples.push_back(m.ref_mismatch);
                        }
                        if (m.xcheck_other_exact) {
                            ++res.xcheck_other_exact;
                            if (res.xcheck_examples.size() < 3) res.xcheck_examples.push_back(describe_record(m.v));
                        }
                        if ((m.in_kb_gene && m.reportable) || !m.hits.empty()) {
                            m.v.info_csq.clear();
                            m.v.info_ann.clear();
                            m.v.info_bcsq.clear();
                            m.v.file_consequences.clear();
                            m.v.file_consequences.shrink_to_fit();
                            res.kept.push_back(std::move(m));
                        }
                    }
                }));
    return res;
}

}  // namespace oncomatch
