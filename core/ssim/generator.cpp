#include "generator.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <set>
#include <string_view>
#include <vector>

#include "layout.h"
#include "writer.h"

namespace rotaplan::ssim {

namespace {

struct Station {
    const char* code;
    int utc_offset;  // summer, minutes
    int block;       // minutes from the hub
    int min_ground;
};

constexpr Station hub{"FRA", 120, 0, 45};

// Short haul: block time from FRA.
constexpr Station europe[] = {
    {"MUC", 120, 55, 30}, {"BER", 120, 65, 30}, {"HAM", 120, 60, 30}, {"DUS", 120, 50, 30}, {"CDG", 120, 70, 35},
    {"AMS", 120, 65, 35}, {"BRU", 120, 55, 30}, {"ZRH", 120, 55, 30}, {"VIE", 120, 80, 30}, {"CPH", 120, 85, 30},
    {"ARN", 120, 125, 35}, {"OSL", 120, 120, 35}, {"MAD", 120, 150, 40}, {"BCN", 120, 120, 40}, {"FCO", 120, 115, 35},
    {"MXP", 120, 75, 30}, {"PRG", 120, 60, 30}, {"WAW", 120, 100, 30}, {"BUD", 120, 95, 30}, {"LHR", 60, 90, 45},
    {"DUB", 60, 125, 35}, {"LIS", 60, 180, 40}, {"MAN", 60, 105, 35}, {"EDI", 60, 120, 35}, {"ATH", 180, 170, 40},
    {"HEL", 180, 140, 35}, {"IST", 180, 175, 45}, {"OTP", 180, 145, 35}, {"SOF", 180, 130, 35}, {"RIX", 180, 125, 30},
    {"NCE", 120, 95, 30}, {"LYS", 120, 75, 30}, {"GVA", 120, 70, 30}, {"VCE", 120, 80, 30}, {"NAP", 120, 120, 35},
    {"KRK", 120, 85, 30}, {"GOT", 120, 100, 30}, {"BLL", 120, 75, 30}, {"TLS", 120, 115, 30}, {"OPO", 60, 170, 35},
};

struct LongHaul {
    Station station;
    int block_back;
};

constexpr LongHaul long_haul[] = {
    {{"JFK", -240, 530, 90}, 470}, {{"BOS", -240, 500, 90}, 450}, {{"YYZ", -240, 540, 90}, 490},
    {{"ORD", -300, 560, 90}, 520}, {{"DXB", 240, 370, 90}, 395}, {{"DEL", 330, 460, 90}, 495},
    {{"BOM", 330, 530, 90}, 560}, {{"DOH", 180, 355, 90}, 385},
};

constexpr Station leisure{"PMI", 120, 125, 40};  // the fortnightly Saturday flight

// One leg of an airplane's daily pattern, in minutes after 00:00Z of the day of origin.
struct PatternLeg {
    int number;
    const Station* from;
    const Station* to;
    int std;  // UTC minutes after the day's 00:00Z
    int sta;
    int next_number;  // onward flight of the same airplane, 0 if none
};

// Which days a pattern leg operates.
enum class Days { Daily, NotSunday, SaturdayOddWeeksOff, FortnightlySaturday };

struct Planned {
    PatternLeg leg;
    Days days;
};

std::string registration(int i) {
    std::string r = "D-A";
    r += char('A' + i / 676 % 26);
    r += char('A' + i / 26 % 26);
    r += char('A' + i % 26);
    return r;
}

bool operates(Days days, Date d, Date first_day) {
    int w = iso_weekday(d);
    int week = (d.days - (first_day.days - (iso_weekday(first_day) - 1))) / 7;
    switch (days) {
    case Days::Daily: return true;
    case Days::NotSunday: return w != 7;
    case Days::SaturdayOddWeeksOff: return !(w == 6 && week % 2 == 1);
    case Days::FortnightlySaturday: return w == 6 && week % 2 == 1;
    }
    return false;
}

}  // namespace

GeneratedSchedule generate(const GeneratorOptions& o) {
    GeneratedSchedule out;
    std::vector<std::vector<Planned>> patterns;  // per airplane
    std::vector<std::string> types;
    std::vector<AirlineCode> carriers;  // per airplane
    std::uint32_t lcg = 12345;
    auto next = [&] { return lcg = lcg * 1103515245u + 12345u, int((lcg >> 16) & 0x7fff); };

    for (int i = 0; i < o.airplanes; ++i) {
        std::vector<Planned> p;
        const int numbers = flight_numbers_per_airplane(o.legs_per_day);
        const int per_carrier = airplanes_per_carrier(o.legs_per_day);
        const char carrier[3] = {'X', char('Q' + i / per_carrier), 0};
        carriers.push_back(AirlineCode::from(carrier));
        int base = 100 + i % per_carrier * numbers;
        if (i % 5 == 0) {  // long haul: one round trip, back over midnight
            const LongHaul& lh = long_haul[(i / 5) % std::size(long_haul)];
            int dep = 600 + (i / 5 % 4) * 15;
            int arr = dep + lh.station.block;
            int back = std::min(arr + 360, dep + 1440 - 100 - lh.block_back);  // 100 min at the hub: above its airplane's 90
            p.push_back({{base, &hub, &lh.station, dep, arr, base + 1}, Days::Daily});
            p.push_back({{base + 1, &lh.station, &hub, back, back + lh.block_back, 0}, Days::Daily});
            types.push_back("359");
        } else {  // short haul: 3 or 4 round trips, the last one late
            int trips = o.legs_per_day > 0 ? o.legs_per_day / 2 : i % 2 == 0 ? 4 : 3;
            int t = 240 + (i % 12) * 10;  // 04:00Z (06:00 at the hub) onwards
            int number = base;
            // Block limits keep a day's pattern inside 24 hours with time to turn at the hub.
            auto pick = [&](int max_block) {
                const Station* s = &europe[next() % std::size(europe)];
                while (s->block > max_block) s = &europe[next() % std::size(europe)];
                return s;
            };
            // The longest block that still fits the day's trips: a trip is two
            // blocks, the turn at the spoke and the hub's (about an hour).
            const int max_block = trips <= 3 ? 150 : trips == 4 ? 100 : trips == 5 ? 80 : 60;
            for (int k = 0; k < trips; ++k) {
                bool triangle = i % 10 == 3 && k == 1;
                const Station* a = pick(triangle ? std::min(90, max_block) : max_block);
                if (triangle) {  // FRA-A-B as one flight of two legs, then B-FRA
                    const Station* b = pick(std::min(90, max_block));
                    while (b == a) b = pick(std::min(90, max_block));
                    int ab = std::abs(a->block - b->block) + 45;
                    int leg2 = t + a->block + a->min_ground + 5;
                    p.push_back({{number, &hub, a, t, t + a->block, number}, Days::Daily});
                    p.push_back({{number, a, b, leg2, leg2 + ab, number + 1}, Days::Daily});
                    t = leg2 + ab + b->min_ground + 5;
                    p.push_back({{number + 1, b, &hub, t, t + b->block, 0}, Days::Daily});
                    t += b->block + hub.min_ground + 10;
                    number += 2;
                    continue;
                }
                Days days = (i % 11 == 4 && k == 0) ? Days::NotSunday : Days::Daily;
                bool fortnightly = i % 7 == 1 && k == trips - 1;
                if (fortnightly) {
                    days = Days::SaturdayOddWeeksOff;
                    int r = t + leisure.block + leisure.min_ground + 5;
                    const int flight = base + numbers - 2;
                    p.push_back({{flight, &hub, &leisure, t, t + leisure.block, flight + 1}, Days::FortnightlySaturday});
                    p.push_back({{flight + 1, &leisure, &hub, r, r + leisure.block, 0}, Days::FortnightlySaturday});
                }
                int back = t + a->block + a->min_ground + 5;
                p.push_back({{number, &hub, a, t, t + a->block, number + 1}, days});
                p.push_back({{number + 1, a, &hub, back, back + a->block, 0}, days});
                t = back + a->block + hub.min_ground + 10;
                number += 2;
            }
            // The onward flight of each round trip's return is the next trip's outbound.
            for (std::size_t k = 0; k + 1 < p.size(); ++k)
                if (p[k].leg.next_number == 0 && p[k].days == Days::Daily && p[k + 1].days == Days::Daily &&
                    p[k + 1].leg.from == &hub)
                    p[k].leg.next_number = p[k + 1].leg.number;
            types.push_back(i % 3 == 0 ? "320" : i % 3 == 1 ? "321" : "32N");
        }
        patterns.push_back(std::move(p));
    }

    WriteInput in;
    in.created = o.first_day;
    auto fixed = [&](const char* code, int offset) { in.airport_clocks.set(AirportCode::from(code), {nullptr, offset}); };
    fixed(hub.code, hub.utc_offset);
    for (const auto& s : europe) fixed(s.code, s.utc_offset);
    for (const auto& l : long_haul) fixed(l.station.code, l.station.utc_offset);
    fixed(leisure.code, leisure.utc_offset);

    // Flights flown twice a day under one designator: the first round trip of
    // an airplane's pattern again, 8 hours later (the same local day at the
    // hub), in a rotation of its own; spread over the fleet.
    const int duplicates = std::min(o.duplicate_designators, o.airplanes);
    for (int k = 0; k < duplicates; ++k) {
        std::vector<Planned> again(patterns[std::size_t(k * o.airplanes / duplicates)].begin(),
                                   patterns[std::size_t(k * o.airplanes / duplicates)].begin() + 2);
        for (Planned& p : again) {
            p.leg.std += 480;
            p.leg.sta += 480;
        }
        again.back().leg.next_number = 0;
        patterns.push_back(std::move(again));
        carriers.push_back(carriers[std::size_t(k * o.airplanes / duplicates)]);
    }

    const bool with_std = duplicates > 0;
    std::string& rot = out.rotations;
    rot = with_std ? "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\n"
                   : "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin\n";
    std::map<std::string, std::set<int>> onward;  // "XQ100FRA" -> next numbers
    auto flight_key = [](std::string_view airline, int number, std::string_view departure) {
        return std::string(airline) + std::to_string(number) + std::string(departure);
    };
    for (int i = 0; i < o.airplanes + duplicates; ++i) {
        char name[16];
        if (i < o.airplanes) std::snprintf(name, sizeof name, "R%03d", i + 1);
        else std::snprintf(name, sizeof name, "RD%03d", i - o.airplanes + 1);
        std::string reg = i < o.airplanes ? registration(i) : std::string();
        const std::string& type = types[std::size_t(i < o.airplanes ? i : (i - o.airplanes) * o.airplanes / duplicates)];
        for (Date d = o.first_day; d <= o.last_day; d.days++)
            for (const Planned& pl : patterns[std::size_t(i)]) {
                if (!operates(pl.days, d, o.first_day)) continue;
                Leg l;
                const AirlineCode airline = carriers[std::size_t(i)];
                l.designator.flight = {airline, std::uint16_t(pl.leg.number), 0};
                l.designator.departure = AirportCode::from(pl.leg.from->code);
                l.arrival = AirportCode::from(pl.leg.to->code);
                l.std_utc = instant_at(d, pl.leg.std);
                l.sta_utc = l.std_utc + (pl.leg.sta - pl.leg.std);
                // The day of origin is the local date its flight's first leg departs.
                const PatternLeg* first = &pl.leg;
                for (const Planned& other : patterns[std::size_t(i)])
                    if (other.leg.number == pl.leg.number && other.leg.std < first->std) first = &other.leg;
                l.designator.day_of_origin = date_of(instant_at(d, first->std), first->from->utc_offset);
                l.aircraft_type = AircraftType::from(type);
                l.service_type = 'J';
                in.legs.push_back(l);
                rot += name;
                rot += ',' + reg + ',' + std::string(airline.view()) + ',' + std::to_string(pl.leg.number) + ",," +
                       pl.leg.from->code + ',' + format_date(l.designator.day_of_origin);
                if (with_std) rot += ',' + format_instant(l.std_utc);
                rot += '\n';
                onward[flight_key(airline.view(), pl.leg.number, pl.leg.from->code)].insert(pl.leg.next_number);
            }
    }
    out.dated_legs = long(in.legs.size());
    WriteResult written = write(in);
    out.leg_records = written.leg_records;

    // SSIM attributes the schedule does not model, written into the records
    // so that imports must carry them: terminals, configuration, onward flight.
    std::string& text = written.text;
    for (std::size_t pos = 0; pos + record_size <= text.size(); pos += record_size + 1) {
        if (text[pos] != '3') continue;
        auto set = [&](const Field& f, std::string v) {
            v.resize(std::size_t(f.width()), ' ');
            text.replace(pos + std::size_t(f.first - 1), v.size(), v);
        };
        std::string_view r(text.data() + pos, record_size);
        int number = std::stoi(std::string(leg::flight_number.in(r)));
        std::string dep(leg::departure.in(r)), arr(leg::arrival.in(r));
        if (dep == hub.code) set(leg::departure_terminal, "1");
        if (arr == hub.code) set(leg::arrival_terminal, "1");
        set(leg::aircraft_configuration, leg::aircraft_type.in(r) == "359" ? "C30W21Y242" : "C12Y156");
        std::string airline(leg::airline.in(r));
        airline.erase(airline.find_last_not_of(' ') + 1);
        auto& nexts = onward[flight_key(airline, number, dep)];
        if (nexts.size() == 1 && *nexts.begin() != 0) {
            set(leg::onward_airline, airline);
            char n[16];
            std::snprintf(n, sizeof n, "%04d", *nexts.begin());
            set(leg::onward_flight_number, n);
        }
    }
    out.ssim = std::move(text);

    out.airports = "airport,min_ground_minutes\n" + std::string(hub.code) + "," + std::to_string(hub.min_ground) + "\n";
    for (const auto& s : europe) out.airports += std::string(s.code) + "," + std::to_string(s.min_ground) + "\n";
    for (const auto& l : long_haul)
        out.airports += std::string(l.station.code) + "," + std::to_string(l.station.min_ground) + "\n";
    out.airports += std::string(leisure.code) + "," + std::to_string(leisure.min_ground) + "\n";
    out.airplanes = "registration,aircraft_type,min_ground_minutes\n";
    for (int i = 0; i < o.airplanes; ++i)
        out.airplanes += registration(i) + "," + types[std::size_t(i)] + "," + (i % 5 == 0 ? "90" : "30") + "\n";
    return out;
}

}  // namespace rotaplan::ssim
