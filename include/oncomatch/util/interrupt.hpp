#pragma once
// Cleanup when the process is stopped by a signal. Output files are written to temporaries and
// renamed into place at the end (util/atomic_file.hpp); a run stopped by Ctrl-C, `kill`, a closed
// terminal or a cluster scheduler's SIGTERM would leave those half-written `.NAME.tmp.PID` files
// behind. install_interrupt_cleanup() blocks SIGINT, SIGTERM and SIGHUP in every thread and waits
// for them on a thread of its own (sigwait: ordinary code, no async-signal-safety limits): when
// one arrives it removes every registered temporary and then dies of that same signal (so a shell,
// `set -o pipefail` or a workflow engine sees exit status 128+N as usual). A signal the process
// was started with ignored (a background job's SIGINT) stays ignored.
#include <string>

namespace oncomatch {

// Call once, first thing in main, before any other thread exists (threads inherit the mask).
void install_interrupt_cleanup();

// A temporary file to remove if a signal stops the process; unregister once renamed or removed.
void register_temp_file(const std::string& path);
void unregister_temp_file(const std::string& path);

}  // namespace oncomatch
