// The time axis's layout: see time_axis.h.
#include "time_axis.h"

#include <cmath>

namespace rotaplan::ui {

namespace {

constexpr std::int64_t kDay = 1440;
constexpr double kGap = 8;  // pixels between two labels of a row, at least

const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
const char* kMonthNames[] = {"January", "February", "March",     "April",   "May",      "June",
                             "July",    "August",   "September", "October", "November", "December"};
const char* kWeekdays[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};

std::int64_t floor_to(std::int64_t t, std::int64_t step) { return t >= 0 ? t / step * step : -((-t + step - 1) / step) * step; }

// The forms a day's name takes, longest first.
std::vector<QString> day_forms(Date d) {
    CivilDate c = civil(d);
    QString wd = kWeekdays[iso_weekday(d) - 1], mon = kMonths[c.month - 1];
    return {QString("%1 %2 %3 %4").arg(wd).arg(c.day).arg(mon).arg(c.year), QString("%1 %2 %3").arg(wd).arg(c.day).arg(mon),
            QString("%1 %2").arg(c.day).arg(mon), QString::number(c.day)};
}
std::vector<QString> month_forms(CivilDate c) {
    return {QString("%1 %2").arg(kMonthNames[c.month - 1]).arg(c.year), QString("%1 %2").arg(kMonths[c.month - 1]).arg(c.year),
            QString(kMonths[c.month - 1])};
}

}  // namespace

AxisLayout lay_out_axis(Instant left, double mpp, double plot_left, double plot_right,
                        const std::function<double(const QString&)>& text_width) {
    AxisLayout out;
    if (mpp <= 0 || plot_right <= plot_left) return out;
    auto x_of = [&](std::int64_t t) { return plot_left + double(t - left.minutes) / mpp; };
    const std::int64_t right = left.minutes + std::int64_t(std::ceil((plot_right - plot_left) * mpp));

    // The lower row: the smallest step whose widest label fits.
    struct Rung {
        std::int64_t minutes;
        bool clock;  // "HH:MM"; else a day's number ("29"), the day under a week's tick
    };
    static const Rung ladder[] = {{5, true},   {10, true},   {15, true},       {30, true},        {60, true},
                                  {120, true}, {180, true},  {360, true},      {720, true},       {kDay, false},
                                  {2 * kDay, false}, {7 * kDay, false}, {28 * kDay, false}};
    const double clock_width = text_width("00:00"), day_width = text_width("Mon 30");
    const double week_width = text_width("30");
    Rung rung = ladder[std::size(ladder) - 1];
    for (const Rung& r : ladder) {
        double need = (r.clock ? clock_width : r.minutes < 7 * kDay ? day_width : week_width) + kGap;
        if (double(r.minutes) / mpp >= need) {
            rung = r;
            break;
        }
    }
    out.step_minutes = rung.minutes;
    // Weeks start on Mondays (1970-01-01 was a Thursday: Monday 1970-01-05 is day 4).
    const std::int64_t phase = rung.minutes >= 7 * kDay ? 4 * kDay : 0;
    for (std::int64_t t = floor_to(left.minutes - phase, rung.minutes) + phase; t <= right; t += rung.minutes) {
        double x = x_of(t);
        if (x < plot_left) continue;
        out.ticks.push_back(x);
        Date d = date_of(Instant{t});
        QString text = rung.clock ? QString::fromStdString(format_instant(Instant{t}).substr(11, 5))
                       : rung.minutes < 7 * kDay ? QString("%1 %2").arg(kWeekdays[iso_weekday(d) - 1]).arg(civil(d).day)
                                                 : QString::number(civil(d).day);
        double w = text_width(text);
        if (x + 3 + w <= plot_right) out.lower.push_back({x + 3, w, text});
    }

    // Days behind the bars: boundaries while a day is wider than 4 px, weekends always.
    const double day_px = double(kDay) / mpp;
    for (std::int64_t t = floor_to(left.minutes, kDay); t <= right; t += kDay) {
        double x = x_of(t);
        if (day_px >= 4 && x >= plot_left) out.day_lines.push_back(x);
        int wd = iso_weekday(date_of(Instant{t}));
        if (wd >= 6) out.weekends.push_back({std::max(x, plot_left), std::min(x_of(t + kDay), plot_right)});
    }

    // The upper row: days while the lower row counts hours, else months. Each
    // slot's longest form that fits it; the leftmost slot's label stays at the
    // plot's edge while the slot is in view.
    struct Slot {
        std::int64_t from, to;
        std::vector<QString> forms;
    };
    std::vector<Slot> spans;
    if (rung.clock) {
        for (std::int64_t t = floor_to(left.minutes, kDay); t <= right; t += kDay) spans.push_back({t, t + kDay, day_forms(date_of(Instant{t}))});
    } else {
        CivilDate c = civil(date_of(left));
        for (;;) {
            auto first = make_date(c.year, c.month, 1);
            CivilDate next{c.month == 12 ? c.year + 1 : c.year, c.month == 12 ? 1u : c.month + 1, 1};
            auto after = make_date(next.year, next.month, 1);
            std::int64_t from = first->days * kDay, to = after->days * kDay;
            spans.push_back({from, to, month_forms(c)});
            if (to > right) break;
            c = next;
        }
    }
    for (const Slot& s : spans) {
        double x1 = std::max(x_of(s.from), plot_left), x2 = std::min(x_of(s.to), plot_right);
        for (const QString& form : s.forms) {
            double w = text_width(form);
            if (x1 + 3 + w + kGap <= x2) {
                out.upper.push_back({x1 + 3, w, form});
                break;
            }
        }
    }
    return out;
}

}  // namespace rotaplan::ui
