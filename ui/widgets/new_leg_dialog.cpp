#include "new_leg_dialog.h"

#include <QComboBox>
#include <QDateEdit>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>

#include "core/local_time.h"
#include "ui/session/shown_time.h"
#include "ui/widgets/palette.h"

namespace rotaplan::ui {

NewLegDialog::NewLegDialog(const ScheduleView& view, QDate start_day, QWidget* parent) : QDialog(parent), view_(view) {
    setWindowTitle("New leg");
    setObjectName("newLegDialog");
    auto* form = new QFormLayout(this);
    auto field = [&](const char* label, const char* name, const char* placeholder) {
        auto* e = new QLineEdit;
        e->setObjectName(name);
        e->setPlaceholderText(placeholder);
        e->setAccessibleName(QString(label).remove('&'));
        form->addRow(label, e);
        return e;
    };
    flight = field("&Flight", "newLegFlight", "XQ100 or XQ100A");
    departure = field("&Departure", "newLegDeparture", "FRA");
    arrival = field("&Arrival", "newLegArrival", "MUC");
    day = new QDateEdit(start_day.isValid() ? start_day : QDate::currentDate());
    day->setObjectName("newLegDay");
    day->setCalendarPopup(true);
    day->setDisplayFormat("yyyy-MM-dd ddd");
    day->setAccessibleName("Day");
    form->addRow("Da&y", day);
    std_time = field("&STD", "newLegStd", "10:00, 1000 or 2026-03-29 10:00");
    sta_time = field("ST&A", "newLegSta", "11:05; a time before the STD is the day after");
    times_in = new QComboBox;
    times_in->setObjectName("newLegTimesIn");
    times_in->addItem("UTC");
    times_in->addItem("Local at the airports");
    times_in->setCurrentIndex(view.local_times() ? 1 : 0);
    times_in->setAccessibleName("Times are");
    form->addRow("&Times are", times_in);
    aircraft_type = field("Aircraft t&ype", "newLegType", "320");
    aircraft_type->setText("320");
    rotations = new QComboBox;
    rotations->setObjectName("newLegRotation");
    rotations->addItem("(no rotation)");
    for (const auto& r : view.rotations()) rotations->addItem(QString::fromStdString(r.name), QString::fromStdString(r.id.value.str()));
    form->addRow("&Rotation", rotations);
    reads_as = new QLabel;
    reads_as->setObjectName("newLegReadsAs");
    reads_as->setWordWrap(true);
    reads_as->setTextInteractionFlags(Qt::TextSelectableByMouse);
    form->addRow("Reads as", reads_as);
    problem_ = new QLabel;
    problem_->setObjectName("newLegProblem");
    problem_->setWordWrap(true);
    problem_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    problem_->hide();
    show_as_warning(problem_);
    form->addRow(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (leg()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
    // What the fields say, as the planner types: the leg in UTC, or the first thing wrong.
    auto update = [this] {
        QString why;
        auto l = read(&why);
        if (!l) {
            reads_as->setText(why);
            problem_->hide();
            return;
        }
        const LegOffsets local = leg_offsets(*l, view_.clocks());
        QString text = QString::fromStdString(format_designator(l->designator)) + "  " +
                       QString::fromStdString(format_instant(l->std_utc)) + " – " +
                       QString::fromStdString(format_instant(l->sta_utc)) +
                       QString(", %1 min").arg(l->sta_utc - l->std_utc);
        if (local.departure || local.arrival)
            text += "\nlocal: " + shown_clock(l->std_utc, local.departure) + " " + QString::fromStdString(l->designator.departure.str()) +
                    " – " + shown_clock(l->sta_utc, local.arrival) + " " + QString::fromStdString(l->arrival.str());
        reads_as->setText(text);
        problem_->hide();
    };
    for (QLineEdit* e : {flight, departure, arrival, std_time, sta_time, aircraft_type}) connect(e, &QLineEdit::textChanged, this, update);
    connect(day, &QDateEdit::dateChanged, this, update);
    connect(times_in, &QComboBox::currentIndexChanged, this, update);
    update();
    // Wide enough that a reason reads on two lines, not ten.
    setMinimumWidth(480);
}

std::optional<RotationId> NewLegDialog::rotation() const {
    auto id = Uuid::parse(rotations->currentData().toString().toStdString());
    return id ? std::optional<RotationId>(RotationId{*id}) : std::nullopt;
}

std::optional<Leg> NewLegDialog::read(QString* why) const {
    auto fail = [why](const QString& text) {
        if (why) *why = text;
        return std::nullopt;
    };
    std::string error;
    Leg l;
    auto f = parse_flight_number(flight->text().trimmed().toUpper().toStdString(), &error);
    if (!f) return fail("Flight: " + QString::fromStdString(error));
    l.designator.flight = *f;
    for (auto [edit, code, name] : {std::tuple{departure, &l.designator.departure, "Departure"}, std::tuple{arrival, &l.arrival, "Arrival"}}) {
        auto text = edit->text().trimmed().toUpper().toStdString();
        if (auto problem = check_airport(text); !problem.empty()) return fail(QString(name) + ": " + QString::fromStdString(problem));
        *code = AirportCode::from(text);
    }
    const bool local = times_in->currentIndex() == 1;
    // A typed time to UTC: as typed when UTC (or it says Z), else through the airport's clock.
    auto to_utc = [&](const TypedTime& t, AirportCode airport, const char* name, QString* problem) -> std::optional<Instant> {
        if (!local || t.utc) return t.wall;
        if (auto utc = utc_of_local(view_.clocks(), airport, t.wall)) return utc;
        *problem = QString("%1: the local time at %2 is not known (no time zone or UTC offset): give the time in UTC, "
                           "or set %2's clock in the Airports view")
                       .arg(name, QString::fromStdString(airport.str()));
        return std::nullopt;
    };
    const Date picked = to_date(day->date());
    auto std_typed = parse_typed_time(std_time->text().toStdString(), picked, &error);
    if (!std_typed) return fail("STD: " + QString::fromStdString(error));
    QString problem;
    auto std_utc = to_utc(*std_typed, l.designator.departure, "STD", &problem);
    if (!std_utc) return fail(problem);
    // The arrival's clock time on the departure's day: what a planner writes for an evening leg arriving after midnight.
    const Date std_day = rotaplan::date_of(std_typed->wall);
    auto sta_typed = parse_typed_time(sta_time->text().toStdString(), std_day, &error);
    if (!sta_typed) return fail("STA: " + QString::fromStdString(error));
    auto sta_utc = to_utc(*sta_typed, l.arrival, "STA", &problem);
    if (!sta_utc) return fail(problem);
    // An undated arrival before the departure is the day after (a night leg).
    if (!sta_typed->dated && *sta_utc <= *std_utc) {
        sta_typed->wall = sta_typed->wall + 24 * 60;
        sta_utc = to_utc(*sta_typed, l.arrival, "STA", &problem);
        if (!sta_utc) return fail(problem);
    }
    if (auto leg_problem = check_leg_times(*std_utc, *sta_utc); !leg_problem.empty()) return fail(QString::fromStdString(leg_problem));
    l.std_utc = *std_utc;
    l.sta_utc = *sta_utc;
    auto type = aircraft_type->text().trimmed().toUpper().toStdString();
    if (auto type_problem = check_aircraft_type(type); !type_problem.empty())
        return fail("Aircraft type: " + QString::fromStdString(type_problem));
    l.aircraft_type = AircraftType::from(type);
    // Day of origin: the local date of departure, by the airport's clock when known (as the CLI decides it).
    l.designator.day_of_origin = local_date(view_.clocks(), l.designator.departure, l.std_utc);
    return l;
}

std::optional<Leg> NewLegDialog::leg() {
    QString why;
    auto l = read(&why);
    if (!l) show_problem(why);
    return l;
}

void NewLegDialog::show_problem(const QString& why) {
    reads_as->setText("–");  // the reason is said once, below, in the warning colour
    problem_->setText(why);
    problem_->show();
    // The whole reason, however long: the dialog grows to hold it.
    layout()->activate();
    resize(width(), std::max(height(), sizeHint().height()));
}

}  // namespace rotaplan::ui
