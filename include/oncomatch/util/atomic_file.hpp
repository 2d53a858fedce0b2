#pragma once
// Output files are written to a temporary name in the destination folder and renamed into
// place only when the whole run succeeded, so an error never leaves a partial report behind.
#include <filesystem>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

namespace oncomatch {

class AtomicFile {
public:
    explicit AtomicFile(std::filesystem::path target);
    ~AtomicFile();  // removes the temporary unless commit() ran
    AtomicFile(const AtomicFile&) = delete;
    AtomicFile& operator=(const AtomicFile&) = delete;

    std::ofstream& stream() { return out_; }
    const std::filesystem::path& target() const { return target_; }
    void close();   // flush + close, throws on I/O failure
    void commit();  // close (if needed) and rename over the target

private:
    std::filesystem::path target_;
    std::filesystem::path temp_;
    std::ofstream out_;
    bool committed_ = false;
};

// Writes several files as a group: none is renamed into place until all were written.
class AtomicFileSet {
public:
    AtomicFile& add(const std::filesystem::path& target);
    void commit_all();

private:
    std::vector<std::unique_ptr<AtomicFile>> files_;
};

}  // namespace oncomatch
