#pragma once
// Shared helpers for the unit tests: temporary folders, small files, reading every variant of
// a VCF, and capturing the message of an oncomatch::Error.
#include <doctest/doctest.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "oncomatch/error.hpp"
#include "oncomatch/io/vcf_reader.hpp"

namespace oncomatch::test {

namespace fs = std::filesystem;

inline std::string data_path(const std::string& rel) { return std::string(ONCOMATCH_TEST_DATA) + "/" + rel; }

// A fresh folder under the system temp dir, removed when the object goes away.
class TempDir {
public:
    TempDir() {
        static std::atomic<int> counter{0};
        std::random_device rd;
        path_ = fs::temp_directory_path() /
                ("oncomatch_test_" + std::to_string(rd()) + "_" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~TempDir() {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const fs::path& path() const { return path_; }
    fs::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    fs::path path_;
};

inline void write_file(const fs::path& p, const std::string& text) {
    fs::create_directories(p.parent_path());
    std::ofstream out(p, std::ios::binary);
    out << text;
    REQUIRE(out.good());
}

// Every variant of a file, with no region prefilter (every record fully parsed).
inline std::vector<Variant> read_all(const ReaderOptions& opts) {
    VcfReader r(opts);
    r.set_regions(nullptr, false);
    std::vector<Variant> all, batch;
    while (r.next_batch(batch, 1000))
        for (auto& v : batch) all.push_back(std::move(v));
    return all;
}

inline std::vector<Variant> read_all(const std::string& path, const std::string& sample = {}) {
    ReaderOptions o;
    o.path = path;
    o.sample = sample;
    return read_all(o);
}

// The variant at chrom:pos (1-based POS as written) with the given ALT as written.
inline const Variant* find_variant(const std::vector<Variant>& vs, const std::string& chrom, std::int64_t pos,
                                   const std::string& alt = {}) {
    for (const auto& v : vs)
        if (v.chrom == chrom && v.vcf_pos == pos && (alt.empty() || v.vcf_alt == alt)) return &v;
    return nullptr;
}

// Runs fn, which must throw an oncomatch::Error; returns its full message ("where: what").
inline std::string error_message(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.message();
    }
    FAIL("expected an oncomatch::Error");
    return {};
}

}  // namespace oncomatch::test
