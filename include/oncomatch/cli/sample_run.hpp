#pragma once
// One sample's work, shared by `annotate` and `batch`: open the input, resolve the genome build,
// stream -> match -> interpret, then write the report files atomically (or stream one format to
// stdout). The knowledgebase is loaded by the caller, once, and shared read-only; the per-build
// indexes are built on first use and shared too, so a batch pays for them once.
#include <array>
#include <functional>
#include <filesystem>
#include <memory>
#include <mutex>
#include <ostream>
#include <string>
#include <vector>

#include "oncomatch/cli/annotate.hpp"
#include "oncomatch/genome/build.hpp"
#include "oncomatch/kb/index.hpp"
#include "oncomatch/kb/knowledgebase.hpp"
#include "oncomatch/report/model.hpp"

namespace oncomatch::cli {

// The frozen knowledgebase plus lazily built per-build indexes; safe to share between threads.
class SharedKb {
public:
    explicit SharedKb(std::shared_ptr<const kb::Knowledgebase> kb);
    const kb::Knowledgebase& kb() const { return *kb_; }
    const kb::KbIndex& index(Build b) const;  // built once per build, thread-safe

private:
    std::shared_ptr<const kb::Knowledgebase> kb_;
    mutable std::array<std::once_flag, kBuildCount> once_;
    mutable std::array<std::unique_ptr<kb::KbIndex>, kBuildCount> index_;
};

struct SampleOutcome {
    std::string id;                              // the report id
    std::vector<std::filesystem::path> files;    // report files written (none when streaming)
    std::size_t findings = 0, variants = 0, trials = 0;
};

// Called with the finished report after its files were committed (batch builds its cohort row
// from it without reading the JSON back).
using ReportHook = std::function<void(const Report&)>;

// Where the run writes: files named OUT/ID.oncomatch.FMT for c.formats, and (when `stdout_out`
// is given) the format c.stdout_format to that stream.
SampleOutcome run_sample(const SharedKb& shared, const AnnotateConfig& c, const std::string& command_line,
                         std::ostream* stdout_out = nullptr, const ReportHook& on_report = {});

// Loads the knowledgebase named by the config (dir, overlay, cache options).
std::shared_ptr<const kb::Knowledgebase> load_config_kb(const AnnotateConfig& c);

}  // namespace oncomatch::cli
