// A vector for season-sized scratch data (a sort's keys and orders): its
// storage is mapped from the system and unmapped when freed.
//
//   std::vector, 15 MB of keys:  malloc ─▶ heap ─free─▶ heap (still resident)
//   MappedVector:                mmap  ─────────free─▶ munmap (back to the system)
//
// glibc keeps freed heap memory resident once its dynamic mmap threshold has
// risen (it does, after the first large free), and a heap freed on one
// thread is not reused by another: three sorts of the leg table left 39 MB
// resident, which time travel's peak (another thread) then stood on top of
// (docs/benchmarks.md, the desktop planner's peak RSS).
#pragma once

#include <sys/mman.h>

#include <cstddef>
#include <new>
#include <vector>

namespace rotaplan::ui {

template <class T>
struct MappedAllocator {
    using value_type = T;
    MappedAllocator() = default;
    template <class U>
    MappedAllocator(const MappedAllocator<U>&) {}
    T* allocate(std::size_t n) {
        void* p = mmap(nullptr, n * sizeof(T), PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) throw std::bad_alloc();
        return static_cast<T*>(p);
    }
    void deallocate(T* p, std::size_t n) { munmap(p, n * sizeof(T)); }
    template <class U>
    bool operator==(const MappedAllocator<U>&) const { return true; }
};

template <class T>
using MappedVector = std::vector<T, MappedAllocator<T>>;

}  // namespace rotaplan::ui
