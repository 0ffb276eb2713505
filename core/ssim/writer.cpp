#include "writer.h"

#include <algorithm>
#include <cstring>
#include <tuple>

#include "core/files/encoding.h"
#include "expand.h"
#include "layout.h"
#include "periods.h"
#include "reader.h"

namespace rotaplan::ssim {

namespace {

using Record = std::string;  // 200 characters

Record blank_record(char type) {
    Record r(record_size, ' ');
    r[0] = type;
    return r;
}

void put(Record& r, const Field& f, std::string_view value) {
    std::string v(value.substr(0, std::size_t(f.width())));
    v.resize(std::size_t(f.width()), ' ');  // left-justified, blank filled
    r.replace(std::size_t(f.first - 1), v.size(), v);
}

void put_number(Record& r, const Field& f, long value) {
    std::string digits = std::to_string(value);
    digits.insert(0, std::size_t(f.width()) - std::min(digits.size(), std::size_t(f.width())), '0');
    put(r, f, digits);
}

// minute of the day (0..1439) -> "HHMM"
std::string hhmm(int minute_of_day) {
    int h = minute_of_day / 60, m = minute_of_day % 60;
    return {char('0' + h / 10), char('0' + h % 10), char('0' + m / 10), char('0' + m % 10)};
}

// minutes ahead of UTC (|v| < 15 h) -> "+HHMM"
std::string utc_variation(int minutes) {
    std::string v = hhmm(std::abs(minutes));
    v.insert(v.begin(), minutes < 0 ? '-' : '+');
    return v;
}

char date_variation(int days) { return days == -1 ? 'A' : char('0' + days); }

// A template keeps passenger times as minutes from the aircraft time (expand.h).
std::string passenger_time(std::string_view in_template, int aircraft_now) {
    if (in_template.size() == 4 && (in_template[0] == '+' || in_template[0] == '-')) {
        int delta = (in_template[1] - '0') * 100 + (in_template[2] - '0') * 10 + (in_template[3] - '0');
        if (in_template[0] == '-') delta = -delta;
        return hhmm(((aircraft_now + delta) % 1440 + 1440) % 1440);
    }
    return std::string(in_template);  // blank, or whatever the file had
}

}  // namespace

WriteResult write(const WriteInput& in) {
    WriteResult result;
    // Legs without SSIM attributes, per flight and day of origin, are numbered
    // by departure; a leg from a station its flight already left that day
    // starts another itinerary variation (a designator shared by two legs
    // becomes two variations, not one flight calling twice at one airport).
    std::map<std::tuple<FlightNumber, Date>, std::vector<const Leg*>> flights;
    // Templates as the Latin-1 records they were read from (expand.h keeps them as UTF-8).
    std::unordered_map<std::uint64_t, std::string> records_of;
    for (const auto& [key, text] : in.templates) {
        auto bytes = files::utf8_to_latin1(text);
        if (bytes && !bytes->empty() && bytes->size() % record_size == 0) records_of.emplace(key, std::move(*bytes));
    }
    for (const Leg& l : in.legs)
        if (!l.attributes || !records_of.count(l.attributes))
            flights[{l.designator.flight, l.designator.day_of_origin}].push_back(&l);
    std::unordered_map<const Leg*, std::pair<int, int>> numbering;  // itinerary variation, leg sequence
    for (auto& [k, legs] : flights) {
        std::sort(legs.begin(), legs.end(), [](const Leg* a, const Leg* b) { return a->std_utc < b->std_utc; });
        int variation = 1, sequence = 0;
        std::vector<AirportCode> left;
        for (const Leg* l : legs) {
            if (std::find(left.begin(), left.end(), l->designator.departure) != left.end()) {
                ++variation;
                sequence = 0;
                left.clear();
            }
            left.push_back(l->designator.departure);
            numbering[l] = {variation, ++sequence};
        }
    }

    // airline -> rendered records (the leg's, then its type 4 records; dates blank) -> days of origin
    std::map<AirlineCode, std::unordered_map<Record, std::vector<Date>>> groups;
    for (const Leg& l : in.legs) {
        auto t = l.attributes ? records_of.find(l.attributes) : records_of.end();
        const bool from_template = t != records_of.end();
        Record r = from_template ? t->second.substr(0, record_size) : blank_record('3');
        std::string segments = from_template ? t->second.substr(record_size) : std::string();
        LegOffsets offsets = leg_offsets(l, in.airport_clocks, from_template ? utc_variations(r) : LegOffsets{});
        int dep_offset = offsets.departure.value_or(0), arr_offset = offsets.arrival.value_or(0);
        Date origin = l.designator.day_of_origin;
        Instant dep_local = l.std_utc + dep_offset, arr_local = l.sta_utc + arr_offset;
        int dep_var = date_of(dep_local).days - origin.days, arr_var = date_of(arr_local).days - origin.days;
        if (dep_var < -1 || dep_var > 9 || arr_var < -1 || arr_var > 9) {
            result.error = "leg " + describe(l) + " departs or arrives more than 9 days after its day of origin; SSIM cannot say so";
            return result;
        }
        int std_min = int(dep_local - instant_at(date_of(dep_local), 0));
        int sta_min = int(arr_local - instant_at(date_of(arr_local), 0));

        std::string pax_std = from_template ? passenger_time(leg::passenger_std.in(r), std_min) : hhmm(std_min);
        std::string pax_sta = from_template ? passenger_time(leg::passenger_sta.in(r), sta_min) : hhmm(sta_min);
        const auto& d = l.designator;
        put(r, leg::suffix, d.flight.suffix ? std::string(1, d.flight.suffix) : " ");
        put(r, leg::airline, d.flight.airline.view());
        put_number(r, leg::flight_number, d.flight.number);
        if (!from_template) {
            auto [variation, sequence] = numbering[&l];
            put_number(r, leg::itinerary_variation, variation);
            put_number(r, leg::leg_sequence, sequence);
        }
        put(r, leg::service_type, std::string(1, l.service_type));
        put(r, leg::departure, d.departure.view());
        put(r, leg::passenger_std, pax_std);
        put(r, leg::aircraft_std, hhmm(std_min));
        put(r, leg::departure_offset, utc_variation(dep_offset));
        put(r, leg::arrival, l.arrival.view());
        put(r, leg::aircraft_sta, hhmm(sta_min));
        put(r, leg::passenger_sta, pax_sta);
        put(r, leg::arrival_offset, utc_variation(arr_offset));
        put(r, leg::aircraft_type, l.aircraft_type.view());
        // Always explicit, also where the file read had it blank and inferred.
        put(r, leg::date_variation, std::string{date_variation(dep_var), date_variation(arr_var)});
        for (const Field* f : {&leg::period_from, &leg::period_to, &leg::days, &leg::frequency, &serial_number})
            put(r, *f, "");
        for (std::size_t at = 0; at < segments.size(); at += record_size) {
            Record s = segments.substr(at, record_size);
            put(s, segment::suffix, d.flight.suffix ? std::string(1, d.flight.suffix) : " ");
            put(s, segment::airline, d.flight.airline.view());
            put_number(s, segment::flight_number, d.flight.number);
            r += s;
        }
        groups[d.flight.airline][std::move(r)].push_back(origin);
    }

    std::string& out = result.text;
    int serial = 0;
    auto emit = [&](Record r) {
        put_number(r, serial_number, ++serial);
        out += r;
        out += '\n';
    };
    auto pad_block = [&] {  // zero records fill the block of five after header and carrier
        for (int i = 0; i < 4; ++i) out += std::string(record_size, '0') + "\n";
    };
    Record header = blank_record('1');
    put(header, header::title, "AIRLINE STANDARD SCHEDULE DATA SET");
    put(header, header::number_of_seasons, "1");
    put(header, header::data_set_serial, "001");
    emit(header);
    pad_block();
    for (auto& [airline, records] : groups) {
        struct Out {
            Record record;
            FoldedPeriod period;
        };
        std::vector<Out> rows;
        Date first{INT32_MAX}, last{INT32_MIN};
        for (auto& [record, dates] : records)
            for (const FoldedPeriod& p : fold_periods(dates)) {
                rows.push_back({record, p});
                first = std::min(first, p.from);
                last = std::max(last, p.to);
            }
        // Flight, itinerary variation, leg sequence, then period: the order of the manual's examples.
        std::sort(rows.begin(), rows.end(), [](const Out& a, const Out& b) {
            auto key = [](const Out& o) { return std::make_tuple(o.record.substr(2, 3), o.record.substr(5, 4), o.record.substr(1, 1),
                                                                 o.record.substr(9, 4), o.period.from, o.period.to); };
            return key(a) < key(b);
        });
        Record carrier = blank_record('2');
        put(carrier, carrier::time_mode, "L");
        put(carrier, carrier::airline, airline.view());
        put(carrier, carrier::valid_from, format_ssim_date(first));
        put(carrier, carrier::valid_to, format_ssim_date(last));
        put(carrier, carrier::creation_date, format_ssim_date(in.created));
        put(carrier, carrier::title, "ROTAPLAN EXPORT");
        put(carrier, carrier::schedule_status, "P");
        emit(carrier);
        pad_block();
        for (auto& row : rows) {
            Record r = row.record.substr(0, record_size);
            put(r, leg::period_from, format_ssim_date(row.period.from));
            put(r, leg::period_to, format_ssim_date(row.period.to));
            std::string days(7, ' ');
            for (int w = 0; w < 7; ++w)
                if (row.period.days & (1u << w)) days[std::size_t(w)] = char('1' + w);
            put(r, leg::days, days);
            put(r, leg::frequency, row.period.frequency == 2 ? "2" : " ");
            emit(std::move(r));
            ++result.leg_records;
            for (std::size_t at = record_size; at < row.record.size(); at += record_size)  // its type 4 records
                emit(row.record.substr(at, record_size));
        }
        Record trailer = blank_record('5');
        put(trailer, trailer::airline, airline.view());
        put(trailer, trailer::release_date, format_ssim_date(in.created));
        put_number(trailer, trailer::serial_check, serial);
        // E ends the data set; C says another carrier section follows.
        put(trailer, trailer::end_code, &airline == &groups.rbegin()->first ? "E" : "C");
        emit(trailer);
    }
    return result;
}

}  // namespace rotaplan::ssim
