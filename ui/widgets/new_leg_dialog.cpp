#include "new_leg_dialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLineEdit>

namespace rotaplan::ui {

NewLegDialog::NewLegDialog(const ScheduleView& view, QWidget* parent) : QDialog(parent), view_(view) {
    setWindowTitle("New leg");
    setObjectName("newLegDialog");
    auto* form = new QFormLayout(this);
    auto field = [&](const char* label, const char* placeholder) {
        auto* e = new QLineEdit;
        e->setPlaceholderText(placeholder);
        e->setAccessibleName(label);
        form->addRow(label, e);
        return e;
    };
    flight = field("Flight", "XQ100 or XQ100A");
    departure = field("Departure", "FRA");
    arrival = field("Arrival", "MUC");
    std_time = field("STD (UTC)", "2026-04-01T06:00Z");
    sta_time = field("STA (UTC)", "2026-04-01T07:05Z");
    aircraft_type = field("Aircraft type", "320");
    aircraft_type->setText("320");
    rotations = new QComboBox;
    rotations->addItem("(no rotation)");
    for (const auto& r : view.rotations()) rotations->addItem(QString::fromStdString(r.name), QString::fromStdString(r.id.value.str()));
    form->addRow("Rotation", rotations);
    problem_ = new QLabel;
    problem_->setWordWrap(true);
    form->addRow(problem_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        if (leg()) accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    form->addRow(buttons);
}

std::optional<RotationId> NewLegDialog::rotation() const {
    auto id = Uuid::parse(rotations->currentData().toString().toStdString());
    return id ? std::optional<RotationId>(RotationId{*id}) : std::nullopt;
}

std::optional<Leg> NewLegDialog::leg() {
    auto fail = [this](const QString& why) {
        problem_->setText(why);
        return std::nullopt;
    };
    std::string error;
    Leg l;
    auto f = parse_flight_number(flight->text().trimmed().toUpper().toStdString(), &error);
    if (!f) return fail("Flight: " + QString::fromStdString(error));
    l.designator.flight = *f;
    for (auto [edit, code, name] : {std::tuple{departure, &l.designator.departure, "Departure"}, std::tuple{arrival, &l.arrival, "Arrival"}}) {
        auto text = edit->text().trimmed().toUpper().toStdString();
        if (auto why = check_airport(text); !why.empty()) return fail(QString(name) + ": " + QString::fromStdString(why));
        *code = AirportCode::from(text);
    }
    auto std_utc = parse_instant(std_time->text().trimmed().toStdString());
    auto sta_utc = parse_instant(sta_time->text().trimmed().toStdString());
    if (!std_utc) return fail("STD: not a UTC time like 2026-04-01T06:00Z");
    if (!sta_utc) return fail("STA: not a UTC time like 2026-04-01T07:05Z");
    if (auto why = check_leg_times(*std_utc, *sta_utc); !why.empty()) return fail(QString::fromStdString(why));
    l.std_utc = *std_utc;
    l.sta_utc = *sta_utc;
    auto type = aircraft_type->text().trimmed().toUpper().toStdString();
    if (auto why = check_aircraft_type(type); !why.empty()) return fail("Aircraft type: " + QString::fromStdString(why));
    l.aircraft_type = AircraftType::from(type);
    // Day of origin: the UTC date of departure (the CLI's rule without an airport offset; decisions.md).
    l.designator.day_of_origin = date_of(l.std_utc);
    problem_->clear();
    return l;
}

}  // namespace rotaplan::ui
