// The rotation chart: one row per rotation, legs as bars on a UTC time axis.
//
//   R001 D-AAAA | [XQ100 FRA-MUC]  35  [XQ101 MUC-FRA] ...
//   R002 D-AAAB |     [XQ110 FRA-SOF]  40 [XQ111 SOF-FRA]
//   (no rotation)  [XQ900 ...]
//               | Wed 1 Apr 2026            | Thu 2 Apr 2026     dates (months, zoomed out)
//               | 06:00  09:00  12:00  ...  | 00:00  03:00       hours (days, weeks)   (time_axis.h)
//
// Painting is virtualized: only the rows in view are visited, and in each
// only the legs in the visible time window (binary search by STD); at season
// zoom several legs share a pixel and are drawn once. Everything comes from
// ScheduleView; changes go out as undoable commands (ui/commands).
//
// Mouse: click selects (Ctrl adds), drag to another row moves, Shift+drag
// retimes (5-minute steps). Ctrl+wheel zooms, wheel scrolls rows, Shift+wheel
// scrolls time. Keys: arrows scroll (with a leg selected: see below), +/-
// zoom, Ctrl+0 whole season,
// Alt+Left/Right retime the selection by 5 minutes, Delete takes it out of its
// rotation. An airplane dragged from the rotations panel (airplane_drag.h) and
// dropped on a rotation's row is assigned to it.
//
// Keys with a leg selected: Left/Right the previous/next leg of its rotation,
// Up/Down the leg nearest in time in the row above/below, Home/End the
// rotation's first/last leg, Enter opens the leg (as a double-click does).
// Colour (View > Colour legs by): by status (broken rule, unassigned, normal),
// aircraft type or service type; a legend in the plot's lower right corner.
// While dragging, a ghost bar shows where the legs go (with its new STD-STA
// when retiming); a refused drop leaves its reason in a callout beside the
// leg until a click or Esc.
//
// Local times (View > Local times): bars stay where UTC puts them, on the one
// UTC axis, so ground times and overlaps read the same on every row; each bar
// then carries its departure and arrival clock times in the local time of its
// airports ("XQ100 FRA 08:00-MUC 09:00", "…Z" where an airport's offset is
// not known). A bar's tooltip gives both.
#pragma once

#include <QAbstractScrollArea>
#include <QPagedPaintDevice>
#include <QPainter>
#include <QRectF>

#include <array>
#include <memory>
#include <optional>
#include <vector>

#include "ui/session/session.h"
#include "ui/widgets/time_axis.h"

namespace rotaplan::storage {
struct RotationProposal;
}

namespace rotaplan::ui {

// What a bar's colour says.
enum class LegColouring { Status, AircraftType, ServiceType };

class RotationChart : public QAbstractScrollArea {
    Q_OBJECT
public:
    struct LegendEntry {
        QString name;
        QColor colour;
    };
    explicit RotationChart(Session& session, QWidget* parent = nullptr);

    const std::vector<LegId>& selection() const { return selection_; }
    void select(const std::vector<LegId>& legs);
    void show_leg(LegId leg);                 // scrolls so that the leg is in view
    std::optional<QPoint> point_of(LegId leg) const;  // its bar's centre, in viewport coordinates
    int row_y(int lane) const;                // a lane's centre, in viewport coordinates
    void set_minutes_per_pixel(double m);
    double minutes_per_pixel() const { return minutes_per_px_; }
    void fit_season();
    // Zooms and scrolls so that [from, to) fills the plot's width.
    void show_range(Instant from, Instant to);
    Instant shown_from() const { return origin_; }  // the time at the plot's left edge
    void set_colouring(LegColouring c);
    // Rotations proposed but not made (Plan → Build rotations…), ghosted in
    // rows below the schedule's with the fleet they need; null takes them away.
    void set_proposal(std::shared_ptr<const storage::RotationProposal> proposal);
    bool showing_proposal() const { return proposal_ != nullptr; }
    LegColouring colouring() const { return colouring_; }
    std::vector<LegendEntry> legend() const;  // what the corner legend lists, for the colouring
    QColor leg_colour(const storage::LegRow& r) const;  // a bar's fill, unselected
    // The chart as shown (its time window and zoom), every rotation, paginated
    // by rows with the axis on every page: into a PDF file, or onto any paged
    // device (a printer, which is a PDF file again when printing to file).
    bool export_pdf(const QString& file, QString* error = nullptr);
    bool print(QPagedPaintDevice& device, QString* error = nullptr);
    std::optional<QString> callout() const { return callout_ ? std::optional(callout_->text) : std::nullopt; }

signals:
    void selectionChanged();
    void legActivated(rotaplan::LegId leg);  // Enter or a double-click on a leg

protected:
    void paintEvent(QPaintEvent* e) override;
    void resizeEvent(QResizeEvent* e) override;
    void mousePressEvent(QMouseEvent* e) override;
    void mouseMoveEvent(QMouseEvent* e) override;
    void mouseReleaseEvent(QMouseEvent* e) override;
    void mouseDoubleClickEvent(QMouseEvent* e) override;
    void wheelEvent(QWheelEvent* e) override;
    void keyPressEvent(QKeyEvent* e) override;
    void contextMenuEvent(QContextMenuEvent* e) override;
    void dragEnterEvent(QDragEnterEvent* e) override;
    void dragMoveEvent(QDragMoveEvent* e) override;
    void dragLeaveEvent(QDragLeaveEvent* e) override;
    void dropEvent(QDropEvent* e) override;
    bool viewportEvent(QEvent* e) override;  // tooltips
    void scrollContentsBy(int dx, int dy) override;

private:
    struct Hit {
        int lane = -1;
        LegId leg;
        bool on_leg = false;
    };
    Hit hit(QPoint p) const;
    int lane_at(int y) const;
    double x_of(Instant t) const;
    Instant time_at(double x) const;
    void update_scrollbars();
    void zoom_at(double factor, int x);
    // The rotation of the row at `p` that would take a dropped airplane, if any.
    std::optional<RotationId> drop_target(QPoint p) const;
    std::array<QString, 3> bar_labels(const storage::LegRow& r) const;
    // paintEvent's steps: the axis, each row (its legs, its name), the drop target.
    struct Canvas;
    void paint_chart(QPainter& p, int width, int height) const;
    int first_lane() const;  // the top row in view (or on the page being exported)
    void paint_time_axis(const Canvas& c) const;
    void paint_days(const Canvas& c, int top, int bottom) const;
    void paint_now(const Canvas& c) const;
    void paint_lane(const Canvas& c, const ScheduleView::Lane& l, int lane, int top) const;
    void paint_legs(const Canvas& c, const ScheduleView::Lane& l, int top) const;
    void paint_ground_time(const Canvas& c, const storage::LegRow& previous, const storage::LegRow& r, double x1,
                           int top, int airplane_minimum) const;
    void paint_bar(const Canvas& c, const storage::LegRow& r, const QRectF& rect, const QColor& fill, bool is_selected, bool is_violating) const;
    void paint_drop_target(const Canvas& c) const;
    void paint_drag_ghost(const Canvas& c) const;
    void paint_legend(const Canvas& c) const;
    void paint_callout(const Canvas& c) const;
    void paint_proposal(const Canvas& c, int top) const;
    // Keyboard: the selection to the next leg in the rotation, a row up or down, ...
    bool move_selection(int key);
    int lane_of(LegId leg) const;
    int drag_minutes() const;  // a Shift+drag's retime, in 5-minute steps

    LegColouring colouring_ = LegColouring::Status;
    int first_lane_override_ = -1;  // the page's first row while exporting
    std::shared_ptr<const storage::RotationProposal> proposal_;
    std::vector<AircraftType> types_;  // aircraft types seen, sorted: a type's colour is its index's
    struct Callout {
        LegId leg;
        QString text;
    };
    std::optional<Callout> callout_;
    std::optional<LegId> dropped_;  // the leg of a drop whose answer is awaited

    Session& session_;
    double minutes_per_px_ = 2.0;
    Instant origin_;  // the time at the left edge of the plot
    std::vector<LegId> selection_;
    std::optional<QPoint> press_;
    bool dragging_ = false;
    QPoint drag_now_;
    bool drag_retime_ = false;  // Shift held: the drag retimes
    int airplane_over_lane_ = -1;  // the row an airplane is dragged over, marked
    static constexpr int kRowHeight = 26, kHeaderWidth = 150, kAxisHeight = 36;  // the axis: two rows of labels
};

}  // namespace rotaplan::ui
