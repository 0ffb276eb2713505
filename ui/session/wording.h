// How the desktop counts things in words: "1 leg", "2 legs", "1,204 legs".
#pragma once

#include <QLocale>
#include <QString>

namespace rotaplan::ui {

// `n` with the singular or plural noun, the number grouped for reading.
inline QString count_of(long long n, const char* one, const char* many) {
    return QLocale(QLocale::English).toString(n) + ' ' + (n == 1 ? one : many);
}

}  // namespace rotaplan::ui
