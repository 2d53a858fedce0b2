// Batch progress on stderr (see header).
#include "oncomatch/batch/progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace oncomatch::batch {

Progress::Progress(std::ostream& out, Mode mode, std::size_t total)
    : out_(out), mode_(mode), total_(total), start_(std::chrono::steady_clock::now()) {}

Progress::Mode Progress::detect(bool quiet) {
    if (quiet) return Mode::quiet;
    return ::isatty(STDERR_FILENO) ? Mode::terminal : Mode::lines;
}

void Progress::draw() {
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    const double rate = secs > 0 ? static_cast<double>(done_) / secs : 0.0;
    char buf[160];
    if (rate > 0 && done_ < total_) {
        const long eta = static_cast<long>(static_cast<double>(total_ - done_) / rate + 0.5);
        std::snprintf(buf, sizeof buf, "oncomatch: batch: %zu/%zu samples done, %zu failed, %.2f samples/s, ETA %ld:%02ld", done_, total_, failed_, rate,
                      eta / 60, eta % 60);
    } else {
        std::snprintf(buf, sizeof buf, "oncomatch: batch: %zu/%zu samples done, %zu failed, %.2f samples/s", done_, total_, failed_, rate);
    }
    out_ << "\r\033[K" << buf << std::flush;
}

void Progress::done(const std::string& line, bool failed) {
    std::lock_guard<std::mutex> lock(mu_);
    ++done_;
    if (failed) ++failed_;
    switch (mode_) {
        case Mode::quiet: return;
        case Mode::lines: out_ << line << "\n" << std::flush; return;
        case Mode::terminal:
            if (failed) out_ << "\r\033[K" << line << "\n";
            draw();
            return;
    }
}

void Progress::finish() {
    std::lock_guard<std::mutex> lock(mu_);
    if (mode_ == Mode::terminal) out_ << "\n" << std::flush;
}

}  // namespace oncomatch::batch
