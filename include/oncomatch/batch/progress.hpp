#pragma once
// Progress of a batch on stderr: on a terminal, one status line rewritten in place (samples done
// / total, failures, rate, ETA) with failures printed above it; otherwise (a log file, a pipe,
// a workflow engine) one plain line per finished sample; nothing at all with --quiet.
// Thread-safe: samples finish on any worker thread.
#include <chrono>
#include <cstddef>
#include <mutex>
#include <ostream>
#include <string>

namespace oncomatch::batch {

class Progress {
public:
    enum class Mode { terminal, lines, quiet };
    Progress(std::ostream& out, Mode mode, std::size_t total);
    // One sample finished; `line` is its log line (without a trailing newline).
    void done(const std::string& line, bool failed);
    void finish();  // ends the status line (terminal mode)
    static Mode detect(bool quiet);  // terminal when stderr is a TTY

private:
    void draw();
    std::ostream& out_;
    Mode mode_;
    std::size_t total_, done_ = 0, failed_ = 0;
    std::chrono::steady_clock::time_point start_;
    std::mutex mu_;
};

}  // namespace oncomatch::batch
