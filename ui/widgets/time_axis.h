// The rotation chart's time axis, laid out without painting: two rows of
// labels that never overlap, chosen by zoom, and the day boundaries and
// weekends the chart draws behind the bars.
//
//   | Mon 29 Mar 2026                 | Tue 30 Mar 2026                 |   dates (or months, zoomed out)
//   | 00:00  03:00  06:00  09:00 ...  | 00:00  03:00 ...                |   hours (or days, or weeks)
//
// The lower row's step is the smallest of a fixed ladder (5, 10, 15, 30
// minutes; 1, 2, 3, 6, 12 hours; 1, 2 days; 1 week; 4 weeks) whose widest
// label fits between two ticks; the upper row names each day (or month) in
// the longest form that fits it, kept at the plot's left edge while its day
// is in view (so a zoomed-in axis always says which day its hours are of).
// Pure: `text_width` measures a label (the painter's font metrics).
#pragma once

#include <QString>

#include <functional>
#include <vector>

#include "core/time.h"

namespace rotaplan::ui {

struct AxisLabel {
    double x = 0;  // left edge of the text, in the chart's pixels
    double width = 0;
    QString text;
};

struct AxisLayout {
    std::vector<AxisLabel> upper, lower;
    std::vector<double> ticks;         // the lower row's ticks (light gridlines)
    std::vector<double> day_lines;     // day boundaries (stronger gridlines), when days are wider than a few pixels
    std::vector<std::pair<double, double>> weekends;  // [x1, x2) of Saturdays and Sundays
    std::int64_t step_minutes = 0;     // the lower row's step
};

// The axis over [plot_left, plot_right) pixels, where x = plot_left + (t -
// left) / minutes_per_pixel. UTC days and weeks (the chart's axis is UTC).
AxisLayout lay_out_axis(Instant left, double minutes_per_pixel, double plot_left, double plot_right,
                        const std::function<double(const QString&)>& text_width);

}  // namespace rotaplan::ui
