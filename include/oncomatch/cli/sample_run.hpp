#pragma once
// One sample's work, shared by `annotate` and `batch`: open the input, resolve the genome build,
// stream -> match -> interpret, then write the report files atomically (or stream one format to
// stdout). The knowledgebase is loaded by the caller, once, and shared read-only; what is derived
// from it and from the transcript packs (per-build indexes, the packs themselves, the regions a
// file without annotation is parsed in) is built on first use and shared too, so a batch pays for
// each once however many samples it runs.
#include <array>
#include <functional>
#include <filesystem>
#include <map>
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
#include "oncomatch/transcript/pack.hpp"

namespace oncomatch::cli {

// The frozen knowledgebase plus what is derived from it on first use; every member function is
// thread-safe and returns objects that stay valid, unchanged, for the SharedKb's lifetime.
class SharedKb {
public:
    explicit SharedKb(std::shared_ptr<const kb::Knowledgebase> kb);
    const kb::Knowledgebase& kb() const { return *kb_; }
    const kb::KbIndex& index(Build b) const;  // built once per build

    struct LoadedPack {
        const tx::Pack* pack = nullptr;
        double load_ms = 0;  // how long reading it took (once)
    };
    // The transcript pack at `path`, read once per path (a failed read throws and is retried by
    // the next caller, so every sample that needs it reports the error).
    LoadedPack pack(const std::filesystem::path& path) const;
    // Where a file without consequence annotation can hold anything worth reporting: the
    // index's coding regions plus, with a pack, every exon of its transcripts widened by the
    // splice pad. Built once per (build, pack).
    const kb::RegionSet& parse_regions(Build b, const tx::Pack* pack) const;

private:
    std::shared_ptr<const kb::Knowledgebase> kb_;
    mutable std::array<std::once_flag, kBuildCount> once_;
    mutable std::array<std::unique_ptr<kb::KbIndex>, kBuildCount> index_;
    mutable std::mutex mu_;  // guards the two maps below
    mutable std::map<std::string, std::pair<std::unique_ptr<const tx::Pack>, double>> packs_;
    mutable std::map<std::pair<int, const tx::Pack*>, std::unique_ptr<const kb::RegionSet>> parse_regions_;
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
