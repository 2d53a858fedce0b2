// Signal-time cleanup of registered temporary files (see header).
#include "oncomatch/util/interrupt.hpp"

#include <pthread.h>
#include <unistd.h>

#include <csignal>
#include <mutex>
#include <set>
#include <thread>

namespace oncomatch {

namespace {

std::mutex& registry_mutex() {
    static auto* m = new std::mutex;  // never destroyed: the signal thread may use it during exit
    return *m;
}

std::set<std::string>& registry() {
    static auto* s = new std::set<std::string>;
    return *s;
}

}  // namespace

void register_temp_file(const std::string& path) {
    std::lock_guard<std::mutex> lock(registry_mutex());
    registry().insert(path);
}

void unregister_temp_file(const std::string& path) {
    std::lock_guard<std::mutex> lock(registry_mutex());
    registry().erase(path);
}

void install_interrupt_cleanup() {
    sigset_t set;
    sigemptyset(&set);
    for (const int sig : {SIGINT, SIGTERM, SIGHUP}) {
        struct sigaction old {};
        if (sigaction(sig, nullptr, &old) == 0 && old.sa_handler == SIG_IGN) continue;  // ignored at start: stays so
        sigaddset(&set, sig);
    }
    if (pthread_sigmask(SIG_BLOCK, &set, nullptr) != 0) return;  // then signals act as before, without cleanup
    std::thread([set] {
        for (;;) {
            int sig = 0;
            if (sigwait(&set, &sig) != 0) continue;
            // The registry stays locked until the process is gone: a file registered after the
            // cleanup could not be removed any more, so registering now waits for the end.
            registry_mutex().lock();
            for (const auto& p : registry()) ::unlink(p.c_str());
            std::signal(sig, SIG_DFL);
            sigset_t one;
            sigemptyset(&one);
            sigaddset(&one, sig);
            pthread_sigmask(SIG_UNBLOCK, &one, nullptr);
            raise(sig);  // dies of it, with the usual exit status
            _exit(128 + sig);  // not reached
        }
    }).detach();
}

}  // namespace oncomatch
