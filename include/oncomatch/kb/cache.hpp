#pragma once
// Compiled knowledgebase cache: a loaded, validated knowledgebase written in a compact binary
// form so that later runs skip YAML parsing and validation. A cache file is keyed by
// cache_key(): the knowledgebase content hash (every file, plus the overlay), the tool version
// and the cache format version, so any edit to the knowledgebase, a new release or a new format
// simply misses the cache and rebuilds it. A cache file that is missing, truncated, corrupted or
// written for another key is ignored (load_cache returns nullptr); it never causes an error.
//
// Layout (little-endian host order; the format is per machine, not an exchange format):
//   "OMKBCACHE" | u32 format version | str key | u64 payload size | payload | u64 checksum
// where str = u32 length + bytes and the payload holds every field of every model type
// (see src/kb/cache.cpp). The checksum covers the payload.
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>

#include "oncomatch/kb/knowledgebase.hpp"

namespace oncomatch::kb {

// Bump whenever the payload layout, or the meaning of a cached field, changes.
inline constexpr std::uint32_t kCacheFormatVersion = 3;  // 3: hla and expression rules

// sha256(kb_hash + "\n" + tool version + "\n" + format version), in hex.
std::string cache_key(const std::string& kb_hash);

// File name of the cache for a key: kb-<first 32 hex of key>.bin
std::string cache_file_name(const std::string& key);

// $ONCOMATCH_CACHE_DIR, else $XDG_CACHE_HOME/oncomatch, else $HOME/.cache/oncomatch; empty when
// none of these is set.
std::filesystem::path default_cache_dir();

// Writes the knowledgebase under the key cache_key(kb.sha256) (write to a temporary, then
// rename). Throws on I/O failure. dir, overlay_dir and the lookup tables are not stored: the
// caller sets the former, freeze() rebuilds the latter.
void save_cache(const Knowledgebase& kb, const std::filesystem::path& file);

// Keeps a cache folder bounded: each knowledgebase version (every edit, overlay, tool release)
// writes a file of its own, so after writing one the folder keeps the `keep` most recently
// written kb-*.bin files and removes the rest (`just_written` always stays). Other files are not
// touched; errors are ignored (another process may be pruning too). Returns how many it removed.
inline constexpr std::size_t kCacheFilesKept = 16;
std::size_t prune_cache_dir(const std::filesystem::path& dir, const std::filesystem::path& just_written, std::size_t keep = kCacheFilesKept);

// Reads a cache file; nullptr when it is missing, unreadable, corrupted or has another key or
// format version. The result is frozen (lookups built).
std::shared_ptr<Knowledgebase> load_cache(const std::filesystem::path& file, const std::string& expected_key);

}  // namespace oncomatch::kb
