#pragma once
// Storage for the streaming reader's chunk buffers (megabytes each, a few alive at a time,
// reused for the whole run). Large blocks are mapped directly and marked for transparent huge
// pages, so the kernel maps them 2 MB at a time instead of taking a page fault for every 4 kB:
// on a whole-genome file those faults were a tenth of the run's CPU time. Small blocks, and
// systems without huge pages, behave exactly as with std::allocator.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <new>
#include <string>

#include <sys/mman.h>

namespace oncomatch {

template <class T>
struct BigBufferAllocator {
    using value_type = T;
    static constexpr std::size_t kMapAt = std::size_t{1} << 20;  // bytes from which blocks are mapped

    BigBufferAllocator() noexcept = default;
    template <class U>
    BigBufferAllocator(const BigBufferAllocator<U>&) noexcept {}

    T* allocate(std::size_t n) {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kMapAt) return std::allocator<T>().allocate(n);
        // Whole 2 MB pages, mapped with 2 MB of slack and trimmed to a 2 MB boundary: huge
        // pages only cover aligned ranges (the unused end of the last page is never touched
        // without huge pages, and costs at most one page per buffer with them).
        const std::size_t len = round_up(bytes, kHuge);
        void* raw = mmap(nullptr, len + kHuge, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) throw std::bad_alloc();
        char* const base = static_cast<char*>(raw);
        char* const p = reinterpret_cast<char*>(round_up(reinterpret_cast<std::uintptr_t>(base), kHuge));
        if (p > base) munmap(base, static_cast<std::size_t>(p - base));
        if (base + len + kHuge > p + len) munmap(p + len, static_cast<std::size_t>(base + len + kHuge - (p + len)));
#ifdef MADV_HUGEPAGE
        madvise(p, len, MADV_HUGEPAGE);  // advice only: without huge pages nothing changes
#endif
        return reinterpret_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) noexcept {
        const std::size_t bytes = n * sizeof(T);
        if (bytes < kMapAt) return std::allocator<T>().deallocate(p, n);
        munmap(p, round_up(bytes, kHuge));
    }

private:
    static constexpr std::size_t kHuge = std::size_t{2} << 20;
    static constexpr std::size_t round_up(std::size_t v, std::size_t to) { return (v + to - 1) / to * to; }

public:
    template <class U>
    bool operator==(const BigBufferAllocator<U>&) const noexcept { return true; }
};

// Advises transparent huge pages for the whole 2 MB pages inside [p, p + bytes): for a large
// array about to be filled for the first time (e.g. a reserved vector), so that it is faulted
// in 2 MB at a time. Advice only; nothing changes where huge pages are unavailable.
inline void hint_huge_pages(const void* p, std::size_t bytes) {
#ifdef MADV_HUGEPAGE
    constexpr std::uintptr_t huge = std::uintptr_t{2} << 20;
    const auto b = (reinterpret_cast<std::uintptr_t>(p) + huge - 1) / huge * huge;
    const auto e = (reinterpret_cast<std::uintptr_t>(p) + bytes) / huge * huge;
    if (e > b) madvise(reinterpret_cast<void*>(b), e - b, MADV_HUGEPAGE);
#else
    (void)p;
    (void)bytes;
#endif
}

// A string whose large buffers come from BigBufferAllocator.
using BigString = std::basic_string<char, std::char_traits<char>, BigBufferAllocator<char>>;

}  // namespace oncomatch
