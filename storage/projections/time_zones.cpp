#include "storage/projections/time_zones.h"

#include <QDateTime>
#include <QTimeZone>

#include <algorithm>
#include <cmath>
#include <map>
#include <mutex>

#include "core/ssim/expand.h"

namespace rotaplan::storage {

namespace {

// Schedules, their history and any plausible future lie well inside.
constexpr std::int64_t kSpanFrom = 0;                       // 1970-01-01T00:00Z, seconds
constexpr std::int64_t kSpanTo = 4102444800;                 // 2100-01-01T00:00Z

int minutes_of(int seconds) { return int(std::lround(seconds / 60.0)); }  // a few 1970s zones kept seconds

std::shared_ptr<const ZoneOffsets> build(const std::string& name) {
    if (!check_time_zone_name(name).empty()) return nullptr;  // also keeps out Qt's own "UTC+01:00" ids
    const QByteArray id = QByteArray::fromStdString(name);
    // Qt reads a name it finds no tzfile for as a POSIX TZ rule: "Berlin" would
    // be UTC, "ABC5" five hours behind. A name without an area must therefore
    // be one tzdata lists ("UTC"); Area/City names are files or invalid.
    if (name.find('/') == std::string::npos && !QTimeZone::availableTimeZoneIds().contains(id)) return nullptr;
    QTimeZone zone(id);
    if (!zone.isValid()) return nullptr;
    QDateTime at = QDateTime::fromSecsSinceEpoch(kSpanFrom, Qt::UTC);
    const QDateTime end = QDateTime::fromSecsSinceEpoch(kSpanTo, Qt::UTC);
    int initial = minutes_of(zone.offsetFromUtc(at));
    std::vector<UtcOffsetChange> changes;
    int current = initial;
    for (;;) {
        // One second on: Qt 6.4 answers nothing when asked exactly at the
        // last transition its tzfile lists (the rule takes over from there).
        auto next = zone.nextTransition(at.addSecs(1));
        if (!next.atUtc.isValid() || next.atUtc <= at || next.atUtc >= end) break;
        at = next.atUtc;
        int offset = minutes_of(next.offsetFromUtc);
        if (offset == current) continue;  // only the abbreviation or the DST flag changed
        // The first whole minute on the new offset (Monrovia changed at 00:44:30).
        changes.push_back({Instant{(at.toSecsSinceEpoch() + 59) / 60}, offset});
        current = offset;
    }
    return std::make_shared<const ZoneOffsets>(name, initial, std::move(changes));
}

std::string lower(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return char(std::tolower(c)); });
    return out;
}

std::string_view last_part(std::string_view s) {
    auto slash = s.rfind('/');
    return slash == std::string_view::npos ? s : s.substr(slash + 1);
}

std::size_t edit_distance(const std::string& a, const std::string& b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t up = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
            diagonal = up;
        }
    }
    return row[b.size()];
}

// Known zones a planner probably meant: the same name in other letter case, the
// same city under another region, or a name a typo or two away.
std::vector<std::string> close_names(std::string_view name) {
    const std::string wanted = lower(name), wanted_city = lower(last_part(name));
    std::multimap<std::size_t, std::string> ranked;
    for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
        std::string known = id.toStdString();
        if (!check_time_zone_name(known).empty()) continue;
        std::string k = lower(known);
        if (k == wanted) ranked.emplace(0, known);
        else if (lower(last_part(known)) == wanted_city) ranked.emplace(1, known);
        else if (std::size_t d = edit_distance(k, wanted); d <= 2) ranked.emplace(1 + d, known);
    }
    std::vector<std::string> out;
    for (const auto& [rank, known] : ranked)
        if (out.size() < 3) out.push_back(known);
    return out;
}

}  // namespace

std::shared_ptr<const ZoneOffsets> time_zone(std::string_view iana_name) {
    static std::mutex mutex;
    static std::map<std::string, std::shared_ptr<const ZoneOffsets>, std::less<>> built;  // unknown names too
    std::lock_guard lock(mutex);
    auto it = built.find(iana_name);
    if (it == built.end()) it = built.emplace(std::string(iana_name), build(std::string(iana_name))).first;
    return it->second;
}

std::string check_time_zone(std::string_view name) {
    if (auto why = check_time_zone_name(name); !why.empty()) return why;
    if (time_zone(name)) return {};
    std::string why = "is not a time zone this system's tzdata knows by that name (IANA Area/City, like Europe/Berlin)";
    auto close = close_names(name);
    for (std::size_t i = 0; i < close.size(); ++i) why += (i == 0 ? "; did you mean " : " or ") + close[i];
    return close.empty() ? why : why + "?";
}

std::unordered_map<std::uint64_t, LegOffsets> file_utc_variations(Database& db) {
    std::unordered_map<std::uint64_t, LegOffsets> out;
    for (const auto& [key, text] : ssim_templates(db)) out.emplace(key, ssim::utc_variations(text));
    return out;
}

AirportClocks airport_clocks(const std::vector<AirportRow>& airports) {
    AirportClocks out;
    for (const auto& a : airports)
        out.set(AirportCode::from(a.airport), {a.time_zone.empty() ? nullptr : time_zone(a.time_zone), a.utc_offset_minutes});
    return out;
}

AirportClocks airport_clocks(Database& db) { return airport_clocks(airports(db)); }

}  // namespace rotaplan::storage
