// What went wrong, in words for a planner, whatever was thrown.
//
// For the outermost handlers, which must end in a message and never let an
// exception out: rotaplan-cli's main(), the desktop's store worker and sync
// thread (an exception that reaches Qt's event loop ends the whole program).
// Memory running out is named as such; anything else says what it is.
#pragma once

#include <exception>
#include <new>
#include <string>

namespace rotaplan {

// Only while an exception is being handled (inside a catch block).
inline std::string describe_current_exception() {
    try {
        throw;
    } catch (const std::bad_alloc&) {
        return "out of memory";
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "an exception of unknown type";
    }
}

}  // namespace rotaplan
