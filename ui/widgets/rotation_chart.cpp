#include "rotation_chart.h"
#include "core/validation/rules.h"
#include "palette.h"
#include "build_rotations_dialog.h"

#include <QDateTime>
#include <QPdfWriter>

#include <array>
#include <unordered_map>

#include <QContextMenuEvent>
#include <QMenu>
#include <QMimeData>
#include <QToolTip>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

#include "ui/commands/leg_changes.h"
#include "ui/commands/rotation_changes.h"
#include "ui/qt-models/airplane_drag.h"
#include "ui/session/shown_time.h"

namespace rotaplan::ui {

namespace {
constexpr std::int64_t kLongestLeg = 24 * 60;  // a leg starting this long before the view can still reach into it

// The first leg of a lane (sorted by STD) that may be visible from `t` on.
std::vector<const storage::LegRow*>::const_iterator first_visible(const std::vector<const storage::LegRow*>& legs, Instant t) {
    return std::lower_bound(legs.begin(), legs.end(), t + (-kLongestLeg),
                            [](const storage::LegRow* l, Instant v) { return l->leg.std_utc < v; });
}
}  // namespace

RotationChart::RotationChart(Session& session, QWidget* parent) : QAbstractScrollArea(parent), session_(session) {
    setObjectName("rotationChart");
    setAccessibleName("Rotation chart");
    setFocusPolicy(Qt::StrongFocus);
    viewport()->setMouseTracking(false);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    connect(&session_.view(), &ScheduleView::displayChanged, viewport(), qOverload<>(&QWidget::update));
    connect(&session_.view(), &ScheduleView::changed, this, [this] {
        if (origin_ == Instant{}) origin_ = session_.view().first_departure();
        std::erase_if(selection_, [this](LegId id) { return !session_.view().leg(id); });
        if (callout_ && !session_.view().leg(callout_->leg)) callout_.reset();
        // The legend's aircraft types: a handful among a season's legs, and a
        // rotation's legs mostly share one, so a type is looked up only when
        // it differs from the leg before (sorting every leg's type took 20 ms).
        types_.clear();
        for (const auto& lane : session_.view().lanes()) {
            const AircraftType* last = nullptr;
            for (const auto* r : lane.legs) {
                if (last && *last == r->leg.aircraft_type) continue;
                last = &r->leg.aircraft_type;
                if (std::find(types_.begin(), types_.end(), *last) == types_.end()) types_.push_back(*last);
            }
        }
        std::sort(types_.begin(), types_.end());
        update_scrollbars();
        viewport()->update();
    });
    // A drop the schedule refuses says why beside the leg, until dismissed.
    connect(&session_, &Session::refused, this, [this](const QString& message) {
        if (!dropped_) return;
        callout_ = Callout{*dropped_, message};
        dropped_.reset();
        viewport()->update();
    });
    connect(&session_, &Session::idle, this, [this] { dropped_.reset(); });
}

namespace {
// Categories (aircraft or service types) told apart by hue, evenly round the
// wheel; pale on a light base, deeper on a dark one so labels keep contrast.
QColor category_colour(std::size_t index, const QPalette& pal) {
    static constexpr int kHues[] = {210, 30, 120, 280, 0, 180, 60, 330, 250, 90};
    int hue = kHues[index % std::size(kHues)];
    bool dark = pal.color(QPalette::Base).lightness() < 128;
    return dark ? QColor::fromHsv(hue, 150, 140) : QColor::fromHsv(hue, 80, 240);
}
// Service types as IATA SSIM codes them, the common ones named.
constexpr std::string_view kServiceTypes = "JCGFPH";
QString service_name(char t) {
    switch (t) {
    case 'J': return "J scheduled passenger";
    case 'C': return "C charter";
    case 'G': return "G additional passenger";
    case 'F': return "F cargo";
    case 'P': return "P positioning";
    case 'H': return "H cargo charter";
    default: return QString(QChar(t)) + " other";
    }
}
}  // namespace

void RotationChart::set_colouring(LegColouring c) {
    colouring_ = c;
    viewport()->update();
}

QColor RotationChart::leg_colour(const storage::LegRow& r) const {
    const QPalette& pal = palette();
    switch (colouring_) {
    case LegColouring::AircraftType: {
        auto it = std::lower_bound(types_.begin(), types_.end(), r.leg.aircraft_type);
        return category_colour(std::size_t(it - types_.begin()), pal);
    }
    case LegColouring::ServiceType: {
        auto i = kServiceTypes.find(r.leg.service_type);
        return category_colour(i == std::string_view::npos ? kServiceTypes.size() : i, pal);
    }
    case LegColouring::Status: break;
    }
    if (session_.view().in_violation(r.leg.id)) {
        QColor w = warning_colour(pal);
        return pal.color(QPalette::Base).lightness() < 128 ? w.darker(160) : w.lighter(170);
    }
    // Unassigned: in no rotation, or in one no airplane flies yet.
    if (!r.rotation || r.airplane.empty()) return pal.color(QPalette::Mid);
    return pal.color(QPalette::Highlight).lighter(150);
}

std::vector<RotationChart::LegendEntry> RotationChart::legend() const {
    std::vector<LegendEntry> legend_;
    const QPalette& pal = palette();
    switch (colouring_) {
    case LegColouring::Status: {
        QColor w = warning_colour(pal);
        legend_.push_back({"Rule broken", pal.color(QPalette::Base).lightness() < 128 ? w.darker(160) : w.lighter(170)});
        legend_.push_back({"No airplane", pal.color(QPalette::Mid)});
        legend_.push_back({"Flown", pal.color(QPalette::Highlight).lighter(150)});
        break;
    }
    case LegColouring::AircraftType:
        for (std::size_t i = 0; i < types_.size() && i < 10; ++i)
            legend_.push_back({QString::fromStdString(types_[i].str()), category_colour(i, pal)});
        break;
    case LegColouring::ServiceType:
        for (std::size_t i = 0; i <= kServiceTypes.size(); ++i)
            legend_.push_back({i < kServiceTypes.size() ? service_name(kServiceTypes[i]) : QString("other"), category_colour(i, pal)});
        break;
    }
    return legend_;
}

double RotationChart::x_of(Instant t) const { return kHeaderWidth + double(t - origin_) / minutes_per_px_; }

Instant RotationChart::time_at(double x) const { return origin_ + std::int64_t(std::llround((x - kHeaderWidth) * minutes_per_px_)); }

int RotationChart::first_lane() const { return first_lane_override_ >= 0 ? first_lane_override_ : verticalScrollBar()->value(); }

int RotationChart::row_y(int lane) const { return kAxisHeight + (lane - first_lane()) * kRowHeight + kRowHeight / 2; }

int RotationChart::lane_at(int y) const {
    if (y < kAxisHeight) return -1;
    int lane = first_lane() + (y - kAxisHeight) / kRowHeight;
    return lane < int(session_.view().shown_lanes().size()) ? lane : -1;
}

void RotationChart::update_scrollbars() {
    const auto& view = session_.view();
    int rows_visible = std::max(1, (viewport()->height() - kAxisHeight) / kRowHeight);
    const int proposed = proposal_ ? int(proposal_->proposal.rotations.size()) + 1 : 0;  // with the fleet's row
    verticalScrollBar()->setRange(0, std::max(0, int(view.lanes().size()) + proposed - rows_visible));
    verticalScrollBar()->setPageStep(rows_visible);
    // Horizontal: minutes from the first departure, in steps of 10 minutes.
    std::int64_t span = view.last_arrival() - view.first_departure();
    horizontalScrollBar()->blockSignals(true);
    horizontalScrollBar()->setRange(0, int(std::max<std::int64_t>(0, span / 10)));
    horizontalScrollBar()->setPageStep(std::max(1, int((viewport()->width() - kHeaderWidth) * minutes_per_px_ / 10)));
    horizontalScrollBar()->setValue(int((origin_ - view.first_departure()) / 10));
    horizontalScrollBar()->blockSignals(false);
}

void RotationChart::scrollContentsBy(int, int) {
    origin_ = session_.view().first_departure() + std::int64_t(horizontalScrollBar()->value()) * 10;
    viewport()->update();
}

void RotationChart::resizeEvent(QResizeEvent* e) {
    QAbstractScrollArea::resizeEvent(e);
    update_scrollbars();
}

void RotationChart::set_minutes_per_pixel(double m) {
    minutes_per_px_ = std::clamp(m, 0.05, 2000.0);
    update_scrollbars();
    viewport()->update();
}

void RotationChart::fit_season() {
    const auto& v = session_.view();
    origin_ = v.first_departure();
    double width = std::max(100, viewport()->width() - kHeaderWidth);
    set_minutes_per_pixel(double(std::max<std::int64_t>(60, v.last_arrival() - v.first_departure())) / width);
}

void RotationChart::show_range(Instant from, Instant to) {
    origin_ = from;
    double width = std::max(100, viewport()->width() - kHeaderWidth);
    set_minutes_per_pixel(double(std::max<std::int64_t>(60, to - from)) / width);
}

void RotationChart::zoom_at(double factor, int x) {
    Instant anchor = time_at(x);
    minutes_per_px_ = std::clamp(minutes_per_px_ * factor, 0.05, 2000.0);
    origin_ = anchor + std::int64_t(-std::llround((x - kHeaderWidth) * minutes_per_px_));
    update_scrollbars();
    viewport()->update();
}

void RotationChart::select(const std::vector<LegId>& legs) {
    selection_ = legs;
    emit selectionChanged();
    viewport()->update();
}

void RotationChart::show_leg(LegId id) {
    const auto& lanes = session_.view().shown_lanes();
    const auto* row = session_.view().leg(id);
    if (!row) return;
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i]->rotation == row->rotation) {
            int rows_visible = std::max(1, (viewport()->height() - kAxisHeight) / kRowHeight);
            if (int(i) < verticalScrollBar()->value() || int(i) >= verticalScrollBar()->value() + rows_visible)
                verticalScrollBar()->setValue(std::max(0, int(i) - rows_visible / 2));
            break;
        }
    double width = viewport()->width() - kHeaderWidth;
    double x = x_of(row->leg.std_utc);
    if (x < kHeaderWidth || x > kHeaderWidth + width) {
        origin_ = row->leg.std_utc + std::int64_t(-width * minutes_per_px_ / 3);
        update_scrollbars();
    }
    viewport()->update();
}

std::optional<QPoint> RotationChart::point_of(LegId id) const {
    const auto* row = session_.view().leg(id);
    if (!row) return std::nullopt;
    const auto& lanes = session_.view().shown_lanes();
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i]->rotation == row->rotation) {
            double x = (x_of(row->leg.std_utc) + x_of(row->leg.sta_utc)) / 2;
            return QPoint(int(x), row_y(int(i)));
        }
    return std::nullopt;
}

RotationChart::Hit RotationChart::hit(QPoint p) const {
    Hit h;
    h.lane = lane_at(p.y());
    if (h.lane < 0 || p.x() < kHeaderWidth) return h;
    const auto& legs = session_.view().shown_lanes()[std::size_t(h.lane)]->legs;
    Instant t = time_at(p.x());
    Instant slack{std::int64_t(std::ceil(2 * minutes_per_px_))};  // thin bars are hard to hit
    for (auto it = first_visible(legs, t); it != legs.end() && (*it)->leg.std_utc <= t + slack.minutes; ++it)
        if ((*it)->leg.std_utc.minutes - slack.minutes <= t.minutes && t.minutes <= (*it)->leg.sta_utc.minutes + slack.minutes) {
            h.leg = (*it)->leg.id;
            h.on_leg = true;
        }
    return h;
}

// What every row is painted with, worked out once a paint.
struct RotationChart::Canvas {
    QPainter& p;
    const QPalette& pal;
    int width, height;
    Instant left, right;  // the times at the plot's edges
    QColor bar, selected, violation;
    QFontMetrics fm;
    int ground_label_width;
    bool filtering;
    const AxisLayout& axis;  // its weekends and day lines are drawn behind each row's bars
    // The minimum ground times a turn's number is held to (core/validation/rules.h).
    std::unordered_map<AirportCode, int, CodeHash<3>> airport_minimum;
    std::unordered_map<std::string, int> airplane_minimum;
    QColor warning;  // a ground time under its minimum
    int shortest_label;
};

void RotationChart::paintEvent(QPaintEvent*) {
    QPainter p(viewport());
    paint_chart(p, viewport()->width(), viewport()->height());
}

// The view's time window, its rows from first_lane() down, on any device.
void RotationChart::paint_chart(QPainter& p, int width, int height) const {
    const QPalette& pal = palette();
    const auto& view = session_.view();
    const auto& lanes = view.shown_lanes();
    p.fillRect(QRect(0, 0, width, height), pal.base());
    Instant left = time_at(kHeaderWidth), right = time_at(width);
    QFontMetrics fm(font());
    const AxisLayout axis = lay_out_axis(left, minutes_per_px_, kHeaderWidth, width,
                                         [&fm](const QString& text) { return double(fm.horizontalAdvance(text)); });
    Canvas c{p,  pal, width, height, left, right, pal.color(QPalette::Highlight).lighter(150), pal.color(QPalette::Highlight),
             warning_colour(pal), fm, fm.horizontalAdvance("000") + 4, !view.filter().empty(), axis, {}, {}, warning_colour(pal),
             fm.horizontalAdvance("XQ1")};
    for (const auto& a : view.airports()) c.airport_minimum[AirportCode::from(a.airport)] = a.min_ground_minutes;
    for (const auto& a : view.airplanes()) c.airplane_minimum[a.registration] = a.min_ground_minutes;
    paint_days(c, kAxisHeight, height);  // below the last row too
    const int first = first_lane();
    for (int lane = first; lane < int(lanes.size()); ++lane) {
        int top = kAxisHeight + (lane - first) * kRowHeight;
        if (top + kRowHeight > height && first_lane_override_ >= 0) break;  // a page holds whole rows
        if (top > height) break;
        paint_lane(c, *lanes[std::size_t(lane)], lane, top);
    }
    if (proposal_) paint_proposal(c, kAxisHeight + (int(lanes.size()) - first) * kRowHeight);
    paint_now(c);
    paint_time_axis(c);
    p.fillRect(QRect(0, 0, kHeaderWidth, kAxisHeight), pal.color(QPalette::Button));
    p.setPen(pal.color(QPalette::ButtonText));
    p.drawText(QRect(6, 0, kHeaderWidth, kAxisHeight), Qt::AlignVCenter,
               view.local_times() ? "UTC axis, local bars" : "Rotation (UTC)");
    paint_drop_target(c);
    paint_drag_ghost(c);
    paint_legend(c);
    paint_callout(c);
}

void RotationChart::set_proposal(std::shared_ptr<const storage::RotationProposal> proposal) {
    proposal_ = std::move(proposal);
    update_scrollbars();
    viewport()->update();
}

// The proposal below the schedule's rows: a row saying the fleet it needs,
// then each proposed rotation, its legs as outlines with a pale fill.
void RotationChart::paint_proposal(const Canvas& c, int top) const {
    QPainter& p = c.p;
    const auto& rp = *proposal_;
    QColor fill = c.pal.color(QPalette::Highlight);
    fill.setAlpha(60);
    QColor outline = c.pal.color(QPalette::Highlight);
    QPen dashed(outline, 1, Qt::DashLine);
    if (top + kRowHeight >= kAxisHeight && top < c.height) {
        p.fillRect(QRect(0, top, c.width, kRowHeight), fill);
        p.setPen(c.pal.color(QPalette::Text));
        p.drawText(QRect(6, top, c.width - 12, kRowHeight), Qt::AlignVCenter,
                   "Proposed, not made: " + BuildRotationsDialog::fleet_text(rp));
    }
    top += kRowHeight;
    for (std::size_t r = 0; r < rp.proposal.rotations.size(); ++r, top += kRowHeight) {
        if (top >= c.height) break;
        if (top + kRowHeight < kAxisHeight) continue;
        p.setPen(c.pal.color(QPalette::PlaceholderText));
        p.drawText(QRect(6, top, kHeaderWidth - 8, kRowHeight), Qt::AlignVCenter, QString::fromStdString(rp.names[r]));
        const auto& legs = rp.proposal.rotations[r];
        // Legs are by STD and never overlap: the first in view is found by its arrival.
        auto it = std::lower_bound(legs.begin(), legs.end(), c.left,
                                   [&](std::uint32_t i, Instant t) { return rp.legs[i].sta_utc < t; });
        p.setPen(dashed);
        for (; it != legs.end(); ++it) {
            const Leg& l = rp.legs[*it];
            if (l.std_utc > c.right) break;
            double x1 = std::max(x_of(l.std_utc), double(kHeaderWidth)), x2 = x_of(l.sta_utc);
            QRectF bar(x1, top + 4, std::max(1.0, x2 - x1), kRowHeight - 8);
            p.fillRect(bar, fill);
            if (x2 - x1 >= 3) p.drawRect(bar);
        }
    }
}

// Two rows of labels (time_axis.h): dates or months above, hours, days or weeks below.
void RotationChart::paint_time_axis(const Canvas& c) const {
    QPainter& p = c.p;
    const int row = kAxisHeight / 2;
    p.fillRect(QRect(kHeaderWidth, 0, c.width - kHeaderWidth, kAxisHeight), c.pal.color(QPalette::Window));
    p.setPen(c.pal.color(QPalette::Mid));
    p.drawLine(QPointF(kHeaderWidth, kAxisHeight - 0.5), QPointF(c.width, kAxisHeight - 0.5));
    for (double x : c.axis.ticks) p.drawLine(QPointF(x, kAxisHeight - 5), QPointF(x, kAxisHeight));
    for (double x : c.axis.day_lines) p.drawLine(QPointF(x, 0), QPointF(x, kAxisHeight));
    p.setPen(c.pal.color(QPalette::WindowText));
    for (const auto& l : c.axis.upper) p.drawText(QRectF(l.x, 0, l.width + 1, row), Qt::AlignVCenter | Qt::AlignLeft, l.text);
    for (const auto& l : c.axis.lower) p.drawText(QRectF(l.x, row, l.width + 1, row), Qt::AlignVCenter | Qt::AlignLeft, l.text);
}

// Weekends shaded and day boundaries drawn behind the rows from `top` down.
void RotationChart::paint_days(const Canvas& c, int top, int bottom) const {
    QPainter& p = c.p;
    QColor weekend = c.pal.color(QPalette::Text);
    weekend.setAlpha(14);
    for (const auto& [x1, x2] : c.axis.weekends) p.fillRect(QRectF(x1, top, x2 - x1, bottom - top), weekend);
    QColor line = c.pal.color(QPalette::Mid);
    line.setAlpha(110);
    p.setPen(line);
    for (double x : c.axis.day_lines) p.drawLine(QPointF(x, top), QPointF(x, bottom));
}

// The present, where it is in view: a thin line across every row.
void RotationChart::paint_now(const Canvas& c) const {
    Instant now{QDateTime::currentSecsSinceEpoch() / 60};
    if (now < c.left || now > c.right) return;
    double x = x_of(now);
    c.p.setPen(QPen(c.violation, 1.5));
    c.p.drawLine(QPointF(x, kAxisHeight), QPointF(x, c.height));
}

void RotationChart::paint_lane(const Canvas& c, const ScheduleView::Lane& l, int lane, int top) const {
    QPainter& p = c.p;
    if (lane % 2) {
        p.fillRect(QRect(0, top, c.width, kRowHeight), c.pal.color(QPalette::AlternateBase));
        paint_days(c, top, top + kRowHeight);
    }
    paint_legs(c, l, top);
    // The row's name, over the plot's left edge.
    p.fillRect(QRect(0, top, kHeaderWidth, kRowHeight), c.pal.color(QPalette::Button));
    p.setPen(c.pal.color(QPalette::ButtonText));
    QString name = QString::fromStdString(l.name + (l.airplane.empty() ? "" : "  " + l.airplane));
    p.drawText(QRect(6, top, kHeaderWidth - 8, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, name);
}

void RotationChart::paint_legs(const Canvas& c, const ScheduleView::Lane& l, int top) const {
    QPainter& p = c.p;
    const auto& view = session_.view();
    const storage::LegRow* previous = nullptr;
    // Legs narrower than a few pixels are merged into spans: at season
    // zoom a row is a handful of rectangles, not a thousand.
    double span_x1 = -1, span_x2 = -1;
    QColor span_colour;
    std::vector<std::pair<double, QColor>> ticks;  // thin legs to mark: violations, selection
    auto plane = c.airplane_minimum.find(l.airplane);
    const int plane_minimum = plane == c.airplane_minimum.end() ? 0 : plane->second;
    auto flush = [&] {
        if (span_x1 >= 0) p.fillRect(QRectF(span_x1, top + 4, std::max(1.0, span_x2 - span_x1), kRowHeight - 8), span_colour);
        span_x1 = span_x2 = -1;
    };
    for (auto it = first_visible(l.legs, c.left); it != l.legs.end(); ++it) {
        const storage::LegRow& r = **it;
        if (r.leg.std_utc > c.right) break;
        double x1 = std::max(x_of(r.leg.std_utc), double(kHeaderWidth)), x2 = x_of(r.leg.sta_utc);
        if (x2 < kHeaderWidth) {
            previous = &r;
            continue;
        }
        if (c.filtering && !view.filter().matches(r.leg)) continue;
        bool is_selected = std::find(selection_.begin(), selection_.end(), r.leg.id) != selection_.end();
        bool is_violating = view.in_violation(r.leg.id);
        const QColor fill = leg_colour(r);
        if (x2 - x1 < 3) {
            if (span_x1 >= 0 && x1 <= span_x2 + 1 && fill == span_colour) span_x2 = std::max(span_x2, x2);
            else {
                flush();
                span_colour = fill;
                span_x1 = x1;
                span_x2 = x2;
            }
            if (is_selected) ticks.emplace_back(x1, c.selected);
            else if (is_violating) ticks.emplace_back(x1, c.violation);
            previous = &r;
            continue;
        }
        flush();
        if (previous && l.rotation) paint_ground_time(c, *previous, r, x1, top, plane_minimum);
        previous = &r;
        paint_bar(c, r, QRectF(x1, top + 4, x2 - x1, kRowHeight - 8), fill, is_selected, is_violating);
    }
    flush();
    for (const auto& [x, colour] : ticks) p.fillRect(QRectF(x, top + 2, 2, kRowHeight - 4), colour);
}

// Ground time between bars, where it fits.
void RotationChart::paint_ground_time(const Canvas& c, const storage::LegRow& previous, const storage::LegRow& r, double x1,
                                      int top, int airplane_minimum) const {
    double gx = x_of(previous.leg.sta_utc);
    const auto ground = r.leg.std_utc - previous.leg.sta_utc;
    // The number where it fits whole (a tight turn, the one that matters most,
    // needs only its own digits' room).
    if (x1 - gx < (ground < 100 && ground > -10 ? c.ground_label_width * 2 / 3 : c.ground_label_width)) return;
    auto airport = c.airport_minimum.find(previous.leg.arrival);
    const int required =
        validation::required_ground_minutes(airport == c.airport_minimum.end() ? 0 : airport->second, airplane_minimum);
    const bool short_turn = ground < required;
    QFont f = c.p.font();
    f.setBold(short_turn);
    c.p.setFont(f);
    c.p.setPen(short_turn ? c.warning : c.pal.color(QPalette::PlaceholderText));
    c.p.drawText(QRectF(gx, top, x1 - gx, kRowHeight), Qt::AlignCenter, QString::number(ground));
    f.setBold(false);
    c.p.setFont(f);
}

void RotationChart::paint_bar(const Canvas& c, const storage::LegRow& r, const QRectF& rect, const QColor& fill,
                              bool is_selected, bool is_violating) const {
    QPainter& p = c.p;
    p.fillRect(rect, is_selected ? c.selected : fill);
    if (is_violating) {
        p.setPen(QPen(c.violation, 2));
        p.drawRect(rect.adjusted(1, 1, -1, -1));
    }
    // The longest label that fits whole; none rather than a cut one.
    // Bars too narrow for the shortest form ("XQ1", measured once a paint)
    // build no strings at all.
    const double room = rect.width() - 5;
    if (room >= c.shortest_label) {
        for (const QString& label : bar_labels(r))
            if (c.fm.horizontalAdvance(label) <= room) {
                // Text that reads on the bar's own colour: the palette's text or
                // base colour, whichever stands out from the fill.
                QColor a = c.pal.color(QPalette::Text), b = c.pal.color(QPalette::Base);
                QColor ink = fill.lightness() > 128 ? (a.lightness() < b.lightness() ? a : b) : (a.lightness() < b.lightness() ? b : a);
                p.setPen(is_selected ? c.pal.color(QPalette::HighlightedText) : ink);
                p.drawText(rect.adjusted(3, 0, -2, 0), Qt::AlignVCenter | Qt::AlignLeft, label);
                break;
            }
    }
}

// Where the selection or the airplane would go.
void RotationChart::paint_drop_target(const Canvas& c) const {
    int target = dragging_ && press_ ? lane_at(drag_now_.y()) : airplane_over_lane_;
    if (target >= 0) {
        c.p.setPen(QPen(c.selected, 1, Qt::DashLine));
        c.p.drawRect(QRect(airplane_over_lane_ >= 0 ? 0 : kHeaderWidth, row_y(target) - kRowHeight / 2,
                           c.width - (airplane_over_lane_ >= 0 ? 0 : kHeaderWidth) - 1, kRowHeight - 1));
    }
}

// The legs being dragged, where they would go: in their own row moved in
// time (Shift), or in the row under the pointer; faint, with the new times.
void RotationChart::paint_drag_ghost(const Canvas& c) const {
    if (!dragging_ || !press_ || selection_.empty()) return;
    const bool retime = drag_retime_;
    const int minutes = retime ? drag_minutes() : 0;
    const int target = retime ? -1 : lane_at(drag_now_.y());
    if (!retime && target < 0) return;
    QColor ghost = c.selected;
    ghost.setAlpha(110);
    c.p.setPen(c.pal.color(QPalette::Text));
    int shown = 0;
    for (LegId id : selection_) {
        if (++shown > 50) break;  // a big selection: its first legs say enough
        const auto* r = session_.view().leg(id);
        if (!r) continue;
        int lane = retime ? lane_of(id) : target;
        if (lane < first_lane()) continue;
        Instant std_utc = r->leg.std_utc + std::int64_t(minutes), sta_utc = r->leg.sta_utc + std::int64_t(minutes);
        double x1 = x_of(std_utc), x2 = x_of(sta_utc);
        if (x2 < kHeaderWidth || x1 > c.width) continue;
        QRectF rect(std::max(x1, double(kHeaderWidth)), row_y(lane) - kRowHeight / 2 + 4, std::max(2.0, x2 - std::max(x1, double(kHeaderWidth))), kRowHeight - 8);
        c.p.fillRect(rect, ghost);
        c.p.drawRect(rect);
        if (retime) {
            QString times = QString::fromStdString(format_instant(std_utc)).mid(11, 5) + "–" +
                            QString::fromStdString(format_instant(sta_utc)).mid(11, 5) + QString(" (%1%2)").arg(minutes >= 0 ? "+" : "").arg(minutes);
            c.p.drawText(QRectF(rect.right() + 4, rect.top() - 4, c.fm.horizontalAdvance(times) + 2, kRowHeight), Qt::AlignVCenter | Qt::AlignLeft, times);
        }
    }
}

// What the colours mean, in the lower right corner of the plot.
void RotationChart::paint_legend(const Canvas& c) const {
    const auto entries = legend();
    if (entries.empty()) return;
    const int line = c.fm.height() + 2, swatch = c.fm.height() - 4;
    int w = 0;
    for (const auto& e : entries) w = std::max(w, c.fm.horizontalAdvance(e.name));
    w += swatch + 16;
    const int h = int(entries.size()) * line + 8;
    QRect box(c.width - w - 8, c.height - h - 8, w, h);
    if (box.left() < kHeaderWidth || box.top() < kAxisHeight) return;  // a chart too small for one
    QColor back = c.pal.color(QPalette::Window);
    back.setAlpha(225);
    c.p.fillRect(box, back);
    c.p.setPen(c.pal.color(QPalette::Mid));
    c.p.drawRect(box.adjusted(0, 0, -1, -1));
    for (std::size_t i = 0; i < entries.size(); ++i) {
        int y = box.top() + 4 + int(i) * line;
        c.p.fillRect(QRect(box.left() + 6, y + (line - swatch) / 2, swatch, swatch), entries[i].colour);
        c.p.setPen(c.pal.color(QPalette::WindowText));
        c.p.drawText(QRect(box.left() + swatch + 12, y, w, line), Qt::AlignVCenter | Qt::AlignLeft, entries[i].name);
    }
}

// A refused drop's reason, beside the leg, until a click or Esc.
void RotationChart::paint_callout(const Canvas& c) const {
    if (!callout_) return;
    auto at = point_of(callout_->leg);
    if (!at || at->y() < kAxisHeight || at->y() > c.height) return;
    const QString text = callout_->text + "   (Esc)";
    QRect bounds = c.fm.boundingRect(QRect(0, 0, 320, 400), Qt::TextWordWrap, text);
    QRect box(std::clamp(at->x(), kHeaderWidth + 4, std::max(kHeaderWidth + 4, c.width - bounds.width() - 16)), at->y() + kRowHeight / 2,
              bounds.width() + 12, bounds.height() + 8);
    c.p.setBrush(c.pal.color(QPalette::ToolTipBase));
    c.p.setPen(QPen(c.warning, 1.5));
    c.p.drawRoundedRect(box, 4, 4);
    c.p.drawLine(QPoint(box.left() + 10, box.top()), QPoint(box.left() + 10, at->y()));
    c.p.setBrush(Qt::NoBrush);
    c.p.setPen(c.pal.color(QPalette::ToolTipText));
    c.p.drawText(box.adjusted(6, 4, -6, -4), Qt::TextWordWrap, text);
}

// The chart's time window as shown, one page per screenful of rotations,
// each with the axis: landscape A4 at screen resolution, scaled to the width.
bool RotationChart::export_pdf(const QString& file, QString* error) {
    QPdfWriter pdf(file);
    pdf.setResolution(96);
    pdf.setPageLayout(QPageLayout(QPageSize(QPageSize::A4), QPageLayout::Landscape, QMarginsF(10, 10, 10, 10)));
    pdf.setTitle("Rotation chart");
    if (print(pdf, error)) return true;
    if (error && error->isEmpty()) *error = "Cannot write " + file;
    return false;
}

bool RotationChart::print(QPagedPaintDevice& device, QString* error) {
    QPainter p;
    if (!p.begin(&device)) {
        if (error) *error = "Cannot print: the printer (or its file) is not available";
        return false;
    }
    const int width = viewport()->width();
    const double scale = double(device.width()) / width;
    const int height = int(device.height() / scale);
    const int rows = std::max(1, (height - kAxisHeight) / kRowHeight);
    const int lanes = int(session_.view().shown_lanes().size());
    p.scale(scale, scale);
    p.setFont(font());
    for (int first = 0; first < std::max(1, lanes); first += rows) {
        if (first && !device.newPage()) break;
        first_lane_override_ = first;
        paint_chart(p, width, height);
    }
    first_lane_override_ = -1;
    return p.end();
}

int RotationChart::lane_of(LegId id) const {
    const auto* row = session_.view().leg(id);
    if (!row) return -1;
    const auto& lanes = session_.view().shown_lanes();
    for (std::size_t i = 0; i < lanes.size(); ++i)
        if (lanes[i]->rotation == row->rotation) return int(i);
    return -1;
}

int RotationChart::drag_minutes() const {
    return press_ ? int(std::lround((drag_now_.x() - press_->x()) * minutes_per_px_ / 5.0)) * 5 : 0;
}

// Arrows, Home and End walk the legs: along the rotation, or to the leg of
// the row above or below that departs nearest in time.
bool RotationChart::move_selection(int key) {
    if (selection_.empty()) return false;
    const LegId current = selection_.back();
    const auto* row = session_.view().leg(current);
    int lane = lane_of(current);
    if (!row || lane < 0) return false;
    const auto& lanes = session_.view().shown_lanes();
    const auto& legs = lanes[std::size_t(lane)]->legs;
    auto at = std::find_if(legs.begin(), legs.end(), [&](const storage::LegRow* r) { return r->leg.id == current; });
    if (at == legs.end()) return false;
    const storage::LegRow* next = nullptr;
    switch (key) {
    case Qt::Key_Left: next = at == legs.begin() ? nullptr : *(at - 1); break;
    case Qt::Key_Right: next = at + 1 == legs.end() ? nullptr : *(at + 1); break;
    case Qt::Key_Home: next = legs.front(); break;
    case Qt::Key_End: next = legs.back(); break;
    case Qt::Key_Up:
    case Qt::Key_Down: {
        const int step = key == Qt::Key_Up ? -1 : 1;
        for (int l = lane + step; l >= 0 && l < int(lanes.size()) && !next; l += step) {
            const auto& other = lanes[std::size_t(l)]->legs;
            if (other.empty()) continue;
            auto it = std::lower_bound(other.begin(), other.end(), row->leg.std_utc,
                                       [](const storage::LegRow* r, Instant v) { return r->leg.std_utc < v; });
            if (it == other.end()) next = other.back();
            else if (it == other.begin()) next = *it;
            else next = (row->leg.std_utc - (*(it - 1))->leg.std_utc) <= ((*it)->leg.std_utc - row->leg.std_utc) ? *(it - 1) : *it;
        }
        break;
    }
    default: return false;
    }
    if (!next) return true;  // at the end of the rotation: stay
    select({next->leg.id});
    show_leg(next->leg.id);
    const double x1 = x_of(next->leg.std_utc), x2 = x_of(next->leg.sta_utc);
    if (x2 > viewport()->width() || x1 < kHeaderWidth) {  // its end out of view too: bring the whole bar in
        origin_ = next->leg.std_utc + std::int64_t(-(viewport()->width() - kHeaderWidth) * minutes_per_px_ / 3);
        update_scrollbars();
        viewport()->update();
    }
    return true;
}

void RotationChart::mouseDoubleClickEvent(QMouseEvent* e) {
    Hit h = hit(e->position().toPoint());
    if (e->button() == Qt::LeftButton && h.on_leg) emit legActivated(h.leg);
}

void RotationChart::mousePressEvent(QMouseEvent* e) {
    if (callout_) {  // a click dismisses the callout
        callout_.reset();
        viewport()->update();
    }
    if (e->button() != Qt::LeftButton) return QAbstractScrollArea::mousePressEvent(e);
    Hit h = hit(e->position().toPoint());
    if (h.on_leg) {
        bool has = std::find(selection_.begin(), selection_.end(), h.leg) != selection_.end();
        if (e->modifiers() & Qt::ControlModifier) {
            if (has) std::erase(selection_, h.leg);
            else selection_.push_back(h.leg);
        } else if (!has) {
            selection_ = {h.leg};
        }
        press_ = e->position().toPoint();
    } else if (!(e->modifiers() & Qt::ControlModifier)) {
        selection_.clear();
    }
    emit selectionChanged();
    viewport()->update();
}

void RotationChart::mouseMoveEvent(QMouseEvent* e) {
    if (!press_) return;
    drag_now_ = e->position().toPoint();
    drag_retime_ = e->modifiers() & Qt::ShiftModifier;
    if (!dragging_ && (drag_now_ - *press_).manhattanLength() > 4) dragging_ = true;
    if (dragging_) viewport()->update();
}

void RotationChart::mouseReleaseEvent(QMouseEvent* e) {
    if (dragging_ && press_ && !selection_.empty()) {
        QPoint end = e->position().toPoint();
        if (e->modifiers() & Qt::ShiftModifier) {
            drag_now_ = end;
            dropped_ = selection_.back();
            retime_legs(session_, selection_, drag_minutes());
        } else {
            int from = lane_at(press_->y()), to = lane_at(end.y());
            if (to >= 0 && to != from) {
                dropped_ = selection_.back();
                move_legs(session_, selection_, session_.view().shown_lanes()[std::size_t(to)]->rotation);
            }
        }
    }
    press_.reset();
    dragging_ = false;
    viewport()->update();
}

void RotationChart::wheelEvent(QWheelEvent* e) {
    int delta = e->angleDelta().y();
    if (e->modifiers() & Qt::ControlModifier) {
        zoom_at(delta > 0 ? 0.8 : 1.25, int(e->position().x()));
    } else if (e->modifiers() & Qt::ShiftModifier) {
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta / 4);
    } else {
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta / 40);
    }
    e->accept();
}

void RotationChart::keyPressEvent(QKeyEvent* e) {
    const bool alt = e->modifiers() & Qt::AltModifier;
    if (!alt && !(e->modifiers() & Qt::ControlModifier) && move_selection(e->key())) return;
    switch (e->key()) {
    case Qt::Key_Escape:
        if (callout_) {
            callout_.reset();
            viewport()->update();
            return;
        }
        break;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!selection_.empty()) {
            emit legActivated(selection_.back());
            return;
        }
        break;
    default: break;
    }
    switch (e->key()) {
    case Qt::Key_Left:
        if (alt) retime_legs(session_, selection_, -5);
        else horizontalScrollBar()->setValue(horizontalScrollBar()->value() - horizontalScrollBar()->pageStep() / 4);
        return;
    case Qt::Key_Right:
        if (alt) retime_legs(session_, selection_, 5);
        else horizontalScrollBar()->setValue(horizontalScrollBar()->value() + horizontalScrollBar()->pageStep() / 4);
        return;
    case Qt::Key_Up: verticalScrollBar()->setValue(verticalScrollBar()->value() - 1); return;
    case Qt::Key_Down: verticalScrollBar()->setValue(verticalScrollBar()->value() + 1); return;
    case Qt::Key_Plus: zoom_at(0.8, kHeaderWidth + (viewport()->width() - kHeaderWidth) / 2); return;
    case Qt::Key_Minus: zoom_at(1.25, kHeaderWidth + (viewport()->width() - kHeaderWidth) / 2); return;
    case Qt::Key_0:
        if (e->modifiers() & Qt::ControlModifier) fit_season();
        return;
    case Qt::Key_Delete: move_legs(session_, selection_, std::nullopt); return;
    default: QAbstractScrollArea::keyPressEvent(e);
    }
}

void RotationChart::contextMenuEvent(QContextMenuEvent* e) {
    Hit h = hit(e->pos());
    if (h.on_leg && std::find(selection_.begin(), selection_.end(), h.leg) == selection_.end()) select({h.leg});
    if (selection_.empty()) return;
    QMenu menu(this);
    menu.addAction("Remove from rotation", [this] { move_legs(session_, selection_, std::nullopt); });
    menu.addAction("5 minutes earlier", [this] { retime_legs(session_, selection_, -5); });
    menu.addAction("5 minutes later", [this] { retime_legs(session_, selection_, 5); });
    menu.exec(e->globalPos());
}

// A bar's label at three lengths, longest first: with times (local while
// local times are shown), with stations, the flight alone.
std::array<QString, 3> RotationChart::bar_labels(const storage::LegRow& r) const {
    const Leg& l = r.leg;
    QString flight = QString::fromStdString(format_flight_number(l.designator.flight));
    QString dep = QString::fromStdString(l.designator.departure.str()), arr = QString::fromStdString(l.arrival.str());
    const auto& view = session_.view();
    LegOffsets offsets = view.shown_offsets(l);
    return {flight + " " + dep + " " + shown_clock(l.std_utc, offsets.departure) + "–" + arr + " " + shown_clock(l.sta_utc, offsets.arrival),
            flight + " " + dep + "–" + arr, flight};
}

bool RotationChart::viewportEvent(QEvent* e) {
    if (e->type() != QEvent::ToolTip) return QAbstractScrollArea::viewportEvent(e);
    auto* help = static_cast<QHelpEvent*>(e);
    Hit h = hit(help->pos());
    const auto* row = h.on_leg ? session_.view().leg(h.leg) : nullptr;
    if (!row) {
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    const Leg& l = row->leg;
    const auto& view = session_.view();
    LegOffsets offsets = view.shown_offsets(l);  // known ones only with local times on
    auto local = [&](Instant t, std::optional<int> offset) {
        return offset ? "  (local " + shown_time(t, offset) + ")" : QString();
    };
    QString text = QString::fromStdString(format_designator(l.designator)) + "\n" +
                   QString::fromStdString(l.designator.departure.str() + " " + format_instant(l.std_utc)) +
                   local(l.std_utc, offsets.departure) + "\n" +
                   QString::fromStdString(l.arrival.str() + " " + format_instant(l.sta_utc)) + local(l.sta_utc, offsets.arrival);
    QToolTip::showText(help->globalPos(), text, viewport());
    return true;
}

std::optional<RotationId> RotationChart::drop_target(QPoint p) const {
    int lane = lane_at(p.y());
    if (lane < 0) return std::nullopt;
    return session_.view().shown_lanes()[std::size_t(lane)]->rotation;  // the lane outside any rotation takes none
}

void RotationChart::dragEnterEvent(QDragEnterEvent* e) {
    if (airplane_in(e->mimeData())) e->acceptProposedAction();
    else e->ignore();
}

void RotationChart::dragMoveEvent(QDragMoveEvent* e) {
    int lane = airplane_in(e->mimeData()) && drop_target(e->position().toPoint()) ? lane_at(e->position().toPoint().y()) : -1;
    if (lane != airplane_over_lane_) {
        airplane_over_lane_ = lane;
        viewport()->update();
    }
    if (lane >= 0) e->acceptProposedAction();
    else e->ignore();
}

void RotationChart::dragLeaveEvent(QDragLeaveEvent*) {
    airplane_over_lane_ = -1;
    viewport()->update();
}

void RotationChart::dropEvent(QDropEvent* e) {
    airplane_over_lane_ = -1;
    viewport()->update();
    auto airplane = airplane_in(e->mimeData());
    auto rotation = drop_target(e->position().toPoint());
    if (!airplane || !rotation) {
        e->ignore();
        return;
    }
    e->setDropAction(Qt::CopyAction);
    e->accept();
    if (const auto& legs = session_.view().shown_lanes()[std::size_t(lane_at(e->position().toPoint().y()))]->legs; !legs.empty())
        dropped_ = legs.front()->leg.id;  // a refusal's callout goes beside the rotation's first leg
    assign_airplane(session_, *airplane, *rotation);  // a refusal shows in the status bar, like any other
}

}  // namespace rotaplan::ui
