#pragma once
// Where a batch keeps its samples' cohort summaries until the cohort files are written: not in
// memory (a thousand-sample batch would grow by the size of every sample's findings list) but in
// an anonymous temporary file beside the reports, one binary record per sample, read back one at
// a time in sheet order by the writers. Memory per sample is an offset and a length.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <mutex>
#include <vector>

#include "oncomatch/report/cohort.hpp"

namespace oncomatch {

// A sheet-ordered sequence of samples that the cohort writers visit one at a time.
class CohortSamples {
public:
    virtual ~CohortSamples() = default;
    virtual std::size_t size() const = 0;
    virtual void for_each(const std::function<void(const CohortSample&)>& visit) const = 0;
};

// Samples held in memory (tests, small callers).
class CohortVector final : public CohortSamples {
public:
    explicit CohortVector(const std::vector<CohortSample>& v) : v_(v) {}
    std::size_t size() const override { return v_.size(); }
    void for_each(const std::function<void(const CohortSample&)>& visit) const override {
        for (const auto& s : v_) visit(s);
    }

private:
    const std::vector<CohortSample>& v_;
};

// Samples spilled to disk as they finish, in any order, from any thread.
class CohortSpill final : public CohortSamples {
public:
    // n slots; the file is created in `dir` and unlinked at once (nothing is left behind).
    CohortSpill(const std::filesystem::path& dir, std::size_t n);
    ~CohortSpill() override;
    CohortSpill(const CohortSpill&) = delete;
    CohortSpill& operator=(const CohortSpill&) = delete;

    void put(std::size_t i, const CohortSample& s);  // thread-safe; each slot once
    CohortSample get(std::size_t i) const;           // a slot never put reads as a default sample
    std::size_t size() const override { return where_.size(); }
    void for_each(const std::function<void(const CohortSample&)>& visit) const override;

private:
    struct Where {
        std::uint64_t offset = 0;
        std::uint32_t length = 0;
    };
    std::filesystem::path dir_;
    int fd_ = -1;
    std::vector<Where> where_;
    std::uint64_t end_ = 0;
    mutable std::mutex mu_;
};

// The record format (exposed for tests): length-prefixed bytes, so any text (tabs, newlines, bytes
// that are not UTF-8) comes back exactly.
std::string encode_cohort_sample(const CohortSample& s);
CohortSample decode_cohort_sample(std::string_view bytes);

}  // namespace oncomatch
