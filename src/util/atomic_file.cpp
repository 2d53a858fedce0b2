// Write-then-rename output files (see header).
#include "oncomatch/util/atomic_file.hpp"

#include <unistd.h>

#include <system_error>

#include "oncomatch/error.hpp"
#include "oncomatch/util/interrupt.hpp"

namespace oncomatch {

AtomicFile::AtomicFile(std::filesystem::path target) : target_(std::move(target)) {
    temp_ = target_;
    temp_.replace_filename("." + target_.filename().string() + ".tmp." + std::to_string(::getpid()));
    register_temp_file(temp_.string());  // removed if a signal stops the process (util/interrupt.hpp)
    out_.open(temp_, std::ios::binary | std::ios::trunc);
    if (!out_) {
        unregister_temp_file(temp_.string());
        throw InputError(target_.string(), "cannot create output file", "check that the output folder is writable");
    }
}

AtomicFile::~AtomicFile() {
    if (!committed_) {
        if (out_.is_open()) out_.close();
        std::error_code ec;
        std::filesystem::remove(temp_, ec);
        unregister_temp_file(temp_.string());
    }
}

void AtomicFile::close() {
    if (!out_.is_open()) return;
    out_.flush();
    bool ok = static_cast<bool>(out_);
    out_.close();
    if (!ok || out_.fail()) throw InputError(target_.string(), "write failed (disk full?)");
}

void AtomicFile::commit() {
    close();
    std::error_code ec;
    std::filesystem::rename(temp_, target_, ec);
    if (ec) throw InputError(target_.string(), "cannot rename output into place: " + ec.message());
    committed_ = true;
    unregister_temp_file(temp_.string());
}

AtomicFile& AtomicFileSet::add(const std::filesystem::path& target) {
    files_.push_back(std::make_unique<AtomicFile>(target));
    return *files_.back();
}

void AtomicFileSet::commit_all() {
    for (auto& f : files_) f->close();
    for (auto& f : files_) f->commit();
}

}  // namespace oncomatch
