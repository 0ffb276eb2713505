// What a harness asserts beyond "no crash": FUZZ_CHECK(condition, what) aborts
// with a message when the condition fails, in every build (assert() is gone
// under NDEBUG, which the normal RelWithDebInfo build and the fuzz build set),
// so libFuzzer reports the input and the replay test fails on it.
#pragma once

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                                    \
    do {                                                                                               \
        if (!(condition)) {                                                                            \
            std::fprintf(stderr, "%s:%d: fuzz check failed: %s (%s)\n", __FILE__, __LINE__, what,      \
                         #condition);                                                                  \
            std::abort();                                                                              \
        }                                                                                              \
    } while (false)
