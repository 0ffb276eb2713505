#include "storage/imports/demo_schedule.h"

#include <stdexcept>

#include "storage/eventstore/system_mint.h"

namespace rotaplan::storage {

namespace {

Leg demo_leg(const char* flight, const char* dep, const char* arr, Date day, int std_minute, int block, int dep_offset) {
    Leg l;
    l.id = system_mint().leg();
    l.designator.flight = *parse_flight_number(flight);
    l.designator.departure = AirportCode::from(dep);
    l.arrival = AirportCode::from(arr);
    l.std_utc = instant_at(day, std_minute);
    l.sta_utc = l.std_utc + block;
    l.designator.day_of_origin = date_of(l.std_utc, dep_offset);
    l.aircraft_type = AircraftType::from("320");
    return l;
}

}  // namespace

bool load_demo_schedule(ScheduleStore& store, const CommandContext& context) {
    if (store.events().last_position() > 0) return false;
    CommandContext ctx = context;
    ctx.correlation_id = random_uuid();  // the whole demo is one piece of work
    std::vector<IssuedCommand> commands;
    auto add = [&](Command c) { commands.push_back({std::move(c), ctx}); };

    struct Airport { const char* code; const char* name; int mgt; int offset; };
    const Airport airports[] = {{"FRA", "Frankfurt", 45, 60}, {"MUC", "Munich", 40, 60}, {"LHR", "London Heathrow", 50, 0},
                                {"CDG", "Paris Charles de Gaulle", 45, 60}, {"JFK", "New York JFK", 60, -300}};
    for (const auto& a : airports) add(DefineAirport{AirportCode::from(a.code), a.mgt, a.name, a.offset});

    Date day = *make_date(2026, 4, 1);
    // Each round trip of a day has its own flight numbers (XQ100/101, then
    // XQ102/103): a designator names one leg, or validation says otherwise.
    struct Trip { int number; const char* hub; const char* spoke; int block; };
    const Trip trips[] = {{100, "FRA", "LHR", 95}, {200, "FRA", "CDG", 75}, {300, "MUC", "LHR", 120}, {400, "MUC", "CDG", 100}};
    auto flight = [](int number) { return "XQ" + std::to_string(number); };
    int n = 0;
    for (const auto& t : trips) {
        RotationId id = system_mint().rotation();
        std::string name = std::string("R") + std::to_string(++n);
        add(CreateRotation{id, name});
        std::vector<Leg> legs;
        // Two round trips a day for three days, 50 minutes on the ground.
        for (int d = 0; d < 3; ++d) {
            int start = 5 * 60 + 30;
            for (int trip = 0; trip < 2; ++trip) {
                legs.push_back(demo_leg(flight(t.number + 2 * trip).c_str(), t.hub, t.spoke, Date{day.days + d}, start, t.block, 60));
                start += t.block + 50;
                legs.push_back(demo_leg(flight(t.number + 2 * trip + 1).c_str(), t.spoke, t.hub, Date{day.days + d}, start, t.block, 0));
                start += t.block + 50;
            }
        }
        add(AddLegs{id, legs});
        auto reg = Registration::from("D-AIX" + std::string(1, char('A' + n - 1)));
        add(RegisterAirplane{reg, AircraftType::from("320"), 35});
        add(AssignAirplane{reg, id});
    }
    add(RegisterAirplane{Registration::from("D-AIXZ"), AircraftType::from("321"), 40});
    add(AddLegs{std::nullopt, {demo_leg("XQ900", "FRA", "JFK", day, 10 * 60, 8 * 60 + 30, 60)}});

    for (const auto& outcome : store.execute_batch(commands))
        if (!outcome.ok) throw std::logic_error("the demo schedule is inconsistent: " + outcome.error.message);
    return true;
}

}  // namespace rotaplan::storage
