// View > Station activity: see station_view.h.
#include "station_view.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTimer>
#include <QVBoxLayout>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "session/schedule_view.h"
#include "session/shown_time.h"
#include "widgets/palette.h"

namespace rotaplan::ui {

namespace {

QString flight(const Leg& l) { return QString::fromStdString(format_flight_number(l.designator.flight)); }

enum Column { Time, Direction, Flight, Station, Rotation, Airplane, Ground, Type, Columns };

}  // namespace

void HourHistogram::set_counts(const std::array<int, 24>& arrivals, const std::array<int, 24>& departures) {
    arrivals_ = arrivals;
    departures_ = departures;
    update();
}

void HourHistogram::paintEvent(QPaintEvent*) {
    QPainter p(this);
    const QPalette& pal = palette();
    p.fillRect(rect(), pal.color(QPalette::Base));
    int most = 1;
    for (int h = 0; h < 24; ++h) most = std::max({most, arrivals_[std::size_t(h)], departures_[std::size_t(h)]});
    const int label = fontMetrics().height();
    const int mid = (height() - label) / 2;
    const double slot = double(width()) / 24.0;
    const double scale = double(mid - 2) / double(most);
    p.setPen(Qt::NoPen);
    for (int h = 0; h < 24; ++h) {
        const int x = int(h * slot) + 1, w = std::max(1, int(slot) - 2);
        const int up = int(arrivals_[std::size_t(h)] * scale), down = int(departures_[std::size_t(h)] * scale);
        p.setBrush(pal.color(QPalette::Highlight));
        p.drawRect(x, mid - up, w, up);
        p.setBrush(pal.color(QPalette::Mid));
        p.drawRect(x, mid, w, down);
    }
    p.setPen(pal.color(QPalette::Text));
    p.drawLine(0, mid, width(), mid);
    for (int h = 0; h < 24; h += 3)
        p.drawText(QRectF(h * slot, height() - label, slot * 3, label), Qt::AlignLeft | Qt::AlignVCenter,
                   QString("%1").arg(h, 2, 10, QChar('0')));
    p.drawText(rect().adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignTop, QString("peak %1 an hour").arg(most));
    p.drawText(QRect(4, 0, width() / 3, mid), Qt::AlignLeft | Qt::AlignTop, "arrivals");
    p.drawText(QRect(4, mid, width() / 3, mid), Qt::AlignLeft | Qt::AlignBottom, "departures");
}

StationView::StationView(const ScheduleView& view, QWidget* parent) : QWidget(parent), view_(view) {
    setObjectName("stationView");
    airport_ = new QComboBox;
    airport_->setObjectName("stationAirport");
    airport_->setEditable(true);
    airport_->setInsertPolicy(QComboBox::NoInsert);
    airport_->setMinimumContentsLength(5);
    day_ = new QDateEdit;
    day_->setObjectName("stationDay");
    day_->setCalendarPopup(true);
    day_->setDisplayFormat("ddd yyyy-MM-dd");
    window_ = new QSpinBox;
    window_->setObjectName("stationWindow");
    window_->setRange(0, 24 * 60);
    window_->setSingleStep(15);
    window_->setValue(180);
    window_->setSuffix(" min");
    clock_ = new QLabel;
    clock_->setObjectName("stationClock");
    auto* controls = new QHBoxLayout;
    controls->addWidget(airport_);
    controls->addWidget(day_);
    controls->addWidget(new QLabel("connections within"));
    controls->addWidget(window_);
    controls->addStretch();
    controls->addWidget(clock_);

    histogram_ = new HourHistogram;
    histogram_->setObjectName("stationHistogram");
    histogram_->setToolTip("Movements per hour: arrivals above the line, departures below");
    histogram_->setMinimumHeight(64);
    table_ = new QTableWidget(0, Columns);
    table_->setObjectName("stationMovements");
    table_->setHorizontalHeaderLabels({"Time", "", "Flight", "From / to", "Rotation", "Airplane", "Ground", "Type"});
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    table_->setSelectionMode(QAbstractItemView::SingleSelection);
    table_->verticalHeader()->hide();
    table_->verticalHeader()->setDefaultSectionSize(20);
    table_->horizontalHeader()->setStretchLastSection(true);
    table_->setMinimumHeight(140);  // a few movements in view even in a short dock area
    connections_ = new QListWidget;
    connections_->setMinimumHeight(48);
    connections_->setObjectName("stationConnections");
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(table_);
    split->addWidget(connections_);
    split->setStretchFactor(0, 4);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(controls);
    layout->addWidget(histogram_);
    layout->addWidget(split, 1);

    connect(airport_, &QComboBox::currentTextChanged, this, [this] { refresh(); });
    connect(day_, &QDateEdit::dateChanged, this, [this] { refresh(); });
    connect(window_, &QSpinBox::valueChanged, this, [this] { show_connections(table_->currentRow()); });
    connect(table_, &QTableWidget::currentCellChanged, this, [this](int row) {
        show_connections(row);
        if (row >= 0 && std::size_t(row) < shown_.movements.size()) emit legChosen(legs_[shown_.movements[std::size_t(row)].leg].leg->id);
    });
    connect(connections_, &QListWidget::itemActivated, this, [this](QListWidgetItem* item) {
        if (auto id = Uuid::parse(item->data(Qt::UserRole).toString().toStdString())) emit legChosen(LegId{*id});
    });
    // Only while it is on screen, and once per burst of changes (a colleague's
    // sync, an undo of many steps): a hidden station view costs nothing, and a
    // shown one is re-read after the delta, not inside it.
    refresh_soon_ = new QTimer(this);
    refresh_soon_->setSingleShot(true);
    refresh_soon_->setInterval(150);
    connect(refresh_soon_, &QTimer::timeout, this, [this] {
        if (!on_screen()) return;  // shown again later: showEvent re-reads
        if (stations_stale_) fill_airports();
        stations_stale_ = false;
        refresh();
        stale_ = false;
    });
    connect(&view_, &ScheduleView::changed, this, [this] {
        stale_ = true;
        // A planner's edit moves legs, not stations: the list is re-read after a load.
        stations_stale_ = stations_stale_ || !view_.last_change().legs_only;
        if (on_screen()) refresh_soon_->start();
    });
    connect(&view_, &ScheduleView::displayChanged, this, [this] {
        stale_ = true;
        if (on_screen()) refresh_soon_->start();
    });
}

bool StationView::on_screen() const { return isVisible() && !visibleRegion().isEmpty(); }

void StationView::showEvent(QShowEvent* e) {
    QWidget::showEvent(e);
    if (stale_) refresh_soon_->start();
}

void StationView::show_station(const QString& airport, const QDate& day) {
    fill_airports();
    stations_stale_ = stale_ = false;
    QSignalBlocker quiet(day_);
    if (day.isValid()) day_->setDate(day);
    if (airport.isEmpty() || airport_->currentText() == airport) refresh();
    else airport_->setCurrentText(airport);  // refreshes
}

// The airports the store knows, and every station a leg touches.
void StationView::fill_airports() {
    std::map<std::string, int> departures;
    for (const auto& a : view_.airports()) departures[a.airport];
    for (const auto& [code, n] : view_.stations()) departures[code.str()] = n;
    QStringList list;
    QString busiest;
    int most = -1;
    for (const auto& [c, n] : departures) {
        list << QString::fromStdString(c);
        if (n > most) {
            most = n;
            busiest = list.back();
        }
    }
    QStringList had;
    for (int i = 0; i < airport_->count(); ++i) had << airport_->itemText(i);
    if (had == list) return;
    QSignalBlocker quiet(airport_);
    const QString current = airport_->currentText();
    airport_->clear();
    airport_->addItems(list);
    // At first the busiest station: the hub a planner looks at first.
    airport_->setCurrentText(current.isEmpty() ? busiest : current);
    if (day_->date() == QDate(2000, 1, 1) && !view_.legs_in_order().empty())
        day_->setDate(to_qdate(date_of(view_.first_departure())));
}

void StationView::refresh() {
    const std::string code = airport_->currentText().trimmed().toUpper().toStdString();
    legs_.clear();
    const auto airport = check_airport(code).empty() ? std::optional(AirportCode::from(code)) : std::nullopt;
    const Date day = to_date(day_->date());
    // Only the legs near the day (a lane's legs are sorted by STD): a hub's
    // season is a hundred thousand legs, its day a few hundred. Two days
    // either side hold any clock's day, the legs landing in it, and the
    // turns of its last arrivals.
    const Instant near_from = instant_at(day, 0) + (-2 * 24 * 60), near_to = instant_at(day, 0) + 3 * 24 * 60;
    if (airport)
        for (const auto& lane : view_.lanes()) {
            auto it = std::lower_bound(lane.legs.begin(), lane.legs.end(), near_from,
                                       [](const storage::LegRow* r, Instant t) { return r->leg.std_utc < t; });
            for (; it != lane.legs.end() && (*it)->leg.std_utc < near_to; ++it) {
                const Leg& l = (*it)->leg;
                if (l.designator.departure != *airport && l.arrival != *airport) continue;
                const Leg* next = lane.rotation && std::next(it) != lane.legs.end() ? &(*std::next(it))->leg : nullptr;
                legs_.push_back({&l, next});
            }
        }
    // The day's clock: the station's own offset as its legs show it, so that
    // "the 12th" is the station's 12th; else UTC.
    offset_.reset();
    min_ground_ = 0;
    for (const auto& a : view_.airports())
        if (a.airport == code) {
            min_ground_ = a.min_ground_minutes;
            if (view_.local_times()) offset_ = a.utc_offset_minutes;
        }
    if (view_.local_times())
        for (const auto& s : legs_) {
            auto o = view_.shown_offsets(*s.leg);
            auto here = s.leg->designator.departure == *airport ? o.departure : o.arrival;
            if (here && std::abs(std::int64_t(date_of(s.leg->std_utc).days) - day.days) <= 1) {
                offset_ = here;
                break;
            }
        }
    clock_->setText(offset_ ? "Day in local time (UTC" + QString::fromStdString(format_utc_offset(*offset_)) + ")" : "Day in UTC");
    const Instant from = instant_at(day, 0) + (-offset_.value_or(0));
    shown_ = airport ? station_day(*airport, from, from + 24 * 60, legs_) : StationDay{};
    histogram_->set_counts(shown_.arrivals_per_hour, shown_.departures_per_hour);

    QSignalBlocker quiet(table_);
    table_->clearContents();
    table_->setRowCount(int(shown_.movements.size()));
    const QColor warning = warning_colour(table_->palette());
    for (std::size_t r = 0; r < shown_.movements.size(); ++r) {
        const Movement& m = shown_.movements[r];
        const Leg& l = *legs_[m.leg].leg;
        const storage::LegRow* row = view_.leg(l.id);
        const bool arrives = m.kind == Movement::Kind::arrival;
        auto offsets = view_.shown_offsets(l);
        auto cell = [&](int column, const QString& text) {
            auto* item = new QTableWidgetItem(text);
            table_->setItem(int(r), column, item);
            return item;
        };
        cell(Time, shown_clock(m.at, arrives ? offsets.arrival : offsets.departure));
        cell(Direction, arrives ? "arr" : "dep")->setToolTip(arrives ? "arrives here" : "departs from here");
        cell(Flight, flight(l))->setData(Qt::UserRole, QString::fromStdString(l.id.value.str()));
        cell(Station, QString::fromStdString(arrives ? l.designator.departure.str() : l.arrival.str()));
        cell(Rotation, row ? QString::fromStdString(row->rotation_name) : QString());
        cell(Airplane, row ? QString::fromStdString(row->airplane) : QString());
        if (m.ground_minutes) {
            auto* g = cell(Ground, QString::number(*m.ground_minutes));
            g->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (*m.ground_minutes < min_ground_) {
                g->setForeground(warning);
                g->setToolTip(QString("under the minimum ground time here (%1 min)").arg(min_ground_));
            }
        }
        cell(Type, QString::fromStdString(l.aircraft_type.str()));
    }
    table_->resizeColumnsToContents();
    show_connections(-1);
}

void StationView::show_connections(int row) {
    connections_->clear();
    if (row < 0 || std::size_t(row) >= shown_.movements.size()) {
        connections_->addItem(shown_.movements.empty() ? "No movements on this day."
                                                       : "Choose an arrival to see the departures it connects to.");
        return;
    }
    const Movement& m = shown_.movements[std::size_t(row)];
    const Leg& in = *legs_[m.leg].leg;
    if (m.kind != Movement::Kind::arrival) {
        connections_->addItem("Choose an arrival to see the departures it connects to.");
        return;
    }
    auto found = connections_from(m.leg, 0, window_->value(), legs_);
    connections_->addItem(QString("%1 lands %2: %3 departure%4 within %5 min")
                              .arg(flight(in), shown_clock(in.sta_utc, view_.shown_offsets(in).arrival))
                              .arg(found.size())
                              .arg(found.size() == 1 ? "" : "s")
                              .arg(window_->value()));
    for (const auto& c : found) {
        const Leg& out = *legs_[c.departure].leg;
        auto* item = new QListWidgetItem(QString("%1 to %2 at %3 (%4 min)")
                                             .arg(flight(out), QString::fromStdString(out.arrival.str()),
                                                  shown_clock(out.std_utc, view_.shown_offsets(out).departure))
                                             .arg(c.minutes));
        item->setData(Qt::UserRole, QString::fromStdString(out.id.value.str()));
        connections_->addItem(item);
    }
}

}  // namespace rotaplan::ui
