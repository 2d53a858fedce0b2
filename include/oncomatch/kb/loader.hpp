#pragma once
// Loads a knowledgebase folder (and an optional local overlay) from YAML and TSV, validating
// every entry. All problems are collected, each with file:line:col, a message and a hint, and
// reported together; nothing half-loaded is ever used.
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "oncomatch/error.hpp"
#include "oncomatch/kb/knowledgebase.hpp"

namespace oncomatch::kb {

struct KbIssue {
    SourcePos where;
    std::string what;
    std::string hint;
};

class KbLoadError : public InputError {
public:
    KbLoadError(std::string dir, std::vector<KbIssue> issues);
    const std::vector<KbIssue>& issues() const { return issues_; }

private:
    std::vector<KbIssue> issues_;
};

struct LoadOptions {
    std::filesystem::path dir;
    std::filesystem::path overlay;  // empty: none
    // Compiled cache (kb/cache.hpp): a successfully loaded knowledgebase is stored in cache_dir
    // (empty: default_cache_dir()) and reused while the content hash, tool version and cache
    // format are unchanged. Never placed inside the knowledgebase or overlay folder; when the
    // folder cannot be created or written, the load simply goes uncached.
    bool use_cache = true;
    std::filesystem::path cache_dir;
};

// Content hash -> cache hit, else full load + validation -> cache write (successful loads only).
std::shared_ptr<const Knowledgebase> load_knowledgebase(const LoadOptions& opts);

// PRODUCT.md's content hash: SHA-256 over "RELATIVE_PATH\tSHA256\n" per file, sorted by path,
// then the overlay's files with paths prefixed "overlay/".
std::string knowledgebase_hash(const std::filesystem::path& dir, const std::filesystem::path& overlay);

// The bundled knowledgebase: $ONCOMATCH_KB, else ../share/oncomatch/knowledgebase or
// ../knowledgebase (and ../../knowledgebase for a build tree) next to the executable.
std::filesystem::path default_kb_dir();

}  // namespace oncomatch::kb
