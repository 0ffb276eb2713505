// The schedule as the GUI sees it: a copy of the projections in memory,
// owned by the GUI thread, changed only by deltas the store worker sends.
//
//   StoreWorker (worker thread) --ScheduleDelta--> ScheduleView (GUI thread) --changed--> models, chart
//                                     set_filter, set_local_times (display) --displayChanged--> models, chart
//
// Widgets read from here and never from SQLite, so painting and scrolling
// never wait on the disk. Legs are kept by id and indexed per rotation
// (sorted by STD) and for the unassigned lane, which is what the chart paints.
#pragma once

#include <QHash>
#include <QObject>

#include <deque>
#include <memory>
#include <unordered_map>
#include <vector>

#include "core/local_time.h"
#include "storage/projections/queries.h"
#include "storage/projections/validation_model.h"
#include "storage/projections/validation_report.h"

namespace rotaplan {
// For QHash (found by argument-dependent lookup): the hash the rest of the code uses.
inline std::size_t qHash(const LegId& id, std::size_t seed = 0) noexcept { return UuidHash{}(id) ^ seed; }
}  // namespace rotaplan

namespace rotaplan::ui {

class ScheduleView;

// What changed in the store, read on the worker thread after a command.
struct ScheduleDelta {
    bool full = false;                         // replace everything (open, import, rebuild)
    std::vector<storage::LegRow> legs;         // new or changed rows
    std::vector<LegId> removed;                // legs gone from the schedule
    std::vector<storage::RotationRow> rotations;  // always the whole list (a few hundred rows)
    std::vector<storage::AirplaneRow> airplanes;  // the whole list
    std::vector<storage::AirportRow> airports;    // the whole list (a few dozen)
    AirportClocks clocks;                         // theirs, built here on the worker (tzdata is read from disk)
    // The UTC variations SSIM files gave, by attribute template: sent when the
    // templates may have changed (a full delta, an import), else absent.
    std::optional<std::unordered_map<std::uint64_t, LegOffsets>> file_offsets;
    storage::ValidationReport validation;      // the whole report, unless `validation_part`
    // Set when only part of the report was read: the rotations and designators
    // the command rechecked, whose items in `validation` replace the old ones.
    std::optional<storage::ValidationChange> validation_part;
    std::int64_t position = 0;                 // the store's last event
    std::int64_t as_of = 0;                    // time travel: the position shown (0: now, editable)
    // Time travel by the legs that differ: applied even to a past schedule
    // (which otherwise does not change), and moves it to `as_of`.
    bool moves_in_time = false;
    // The rows of `legs` by id, built on another thread while they were read
    // (a full delta's; empty when it could not be: prepare builds it then).
    QHash<LegId, storage::LegRow*> ids;
    // A full delta comes with its view already indexed on the worker: the GUI
    // thread only swaps it in (indexing a season takes ~350 ms).
    // Mutable: the GUI takes it out to hand the replaced view back to the worker.
    mutable std::shared_ptr<ScheduleView> prepared;
};

// What the planner narrowed the view to; empty fields match everything.
struct LegFilter {
    std::string airline;        // "XQ"
    std::string airport;        // departure or arrival
    std::string aircraft_type;  // "320"
    // "XQ1974" (that airline's) or "1974" (any airline's): the airline is empty then.
    std::optional<FlightNumber> flight;
    std::optional<Date> from, to;  // days of origin, inclusive
    bool empty() const { return airline.empty() && airport.empty() && aircraft_type.empty() && !flight && !from && !to; }
    bool matches(const Leg& leg) const;
};

// The same rotations (names and airplanes may differ): the view's lanes stay,
// and a delta of legs moves in place.
bool same_rotation_ids(const std::vector<storage::RotationRow>& a, const std::vector<storage::RotationRow>& b);

// More legs than this in a delta: the view is sent whole, indexed on the worker.
inline constexpr std::size_t kLegsMovedInPlace = 2000;

class ScheduleView : public QObject {
    Q_OBJECT
public:
    struct Lane {
        std::optional<RotationId> rotation;  // nullopt: legs outside any rotation
        std::string name;
        std::string airplane;
        std::vector<const storage::LegRow*> legs;  // sorted by STD
    };

    // What the last `changed` did, for a model that keeps an order of its own
    // (the sorted leg table) and would rather patch it than sort again.
    struct Change {
        bool legs_only = false;  // false: anything may differ (a load, a filter, lanes renamed or reassigned)
        // Rows that left their place: gone from the schedule or changed. Identities
        // only: a gone row is freed, so these are compared, never read.
        std::vector<const storage::LegRow*> left;
        std::vector<const storage::LegRow*> placed;  // rows changed or new, live
    };

    void apply(const ScheduleDelta& delta);
    // Builds a full view from a full delta; any thread (no signal is involved).
    static std::shared_ptr<ScheduleView> prepare(ScheduleDelta& full);  // takes full.legs

    const std::vector<Lane>& lanes() const { return lanes_; }  // rotations by name, then the unassigned lane
    // The lanes with a leg the filter lets through (all of them without a filter).
    const std::vector<const Lane*>& shown_lanes() const { return shown_; }
    // The legs of the leg table: every leg by STD, or those the filter lets through.
    const std::vector<const storage::LegRow*>& table_rows() const { return filter_.empty() ? ordered_ : filtered_; }
    void set_filter(LegFilter f);
    const LegFilter& filter() const { return filter_; }
    const storage::LegRow* leg(LegId id) const;
    const std::vector<const storage::LegRow*>& legs_in_order() const { return ordered_; }  // by STD
    const storage::ValidationReport& validation() const { return validation_; }
    const std::vector<storage::RotationRow>& rotations() const { return rotations_; }
    const std::vector<storage::AirplaneRow>& airplanes() const { return airplanes_; }
    const std::vector<storage::AirportRow>& airports() const { return airports_; }
    // Every station a leg touches, by code, with its departures: counted when
    // the view is indexed (on the worker for a load), so that panels listing
    // stations never walk a season's legs on the GUI thread.
    const std::vector<std::pair<AirportCode, int>>& stations() const { return stations_; }
    // Local times: a display setting, like the filter. Times stay UTC in the
    // schedule and in every command; only what the table and chart print changes.
    bool local_times() const { return local_times_; }
    void set_local_times(bool on);
    // The offsets a leg's STD and STA are shown in (core/local_time.h): nullopt
    // is UTC (local times are off, or nothing is known of the airport's clock).
    LegOffsets shown_offsets(const Leg& leg) const;
    // Every airport's clock (zone or fixed offset), for reading times typed as local.
    const AirportClocks& clocks() const { return clocks_; }
    const Change& last_change() const { return last_change_; }
    std::uint64_t revision() const { return revision_; }  // one more with every `changed`
    std::int64_t position() const { return position_; }
    // Non-zero while the planner looks at the past: the view is read-only.
    std::int64_t as_of() const { return as_of_; }
    // Legs named by a violation, for marking them in the chart.
    bool in_violation(LegId id) const { return violating_.count(id) > 0; }
    Instant first_departure() const { return first_; }
    Instant last_arrival() const { return last_; }

signals:
    void changed();
    void displayChanged();  // the same schedule, shown otherwise (local times)

private:
    void reindex();
    // A delta of a few legs, when the rotation list is unchanged: those legs
    // leave their old place in their lane and in STD order and take their new
    // one; nothing else is touched (a drag's result must show within 50 ms).
    bool apply_in_place(const ScheduleDelta& delta, Change& change);
    void take_out(const storage::LegRow* row);
    // True when a lane's name or airplane changed.
    bool rename_lanes(const std::vector<storage::RotationRow>& rotations);
    void put_in(const storage::LegRow* row);
    Lane& lane_of(const storage::LegRow& row);
    void index_violations();
    void take_validation(const ScheduleDelta& d);
    void take_airports(const ScheduleDelta& d);
    void announce(Change change);

    // A leg's row by its id. The rows live in `loaded_` (a load's, moved in
    // whole and never resized) and in `added_` (legs that came since; a deque
    // keeps their addresses), with the rows of removed legs kept for the next
    // new ones: a season costs no allocation a leg. An allocation a row and a
    // node a leg were two thirds of indexing a 1.3-million-leg season.
    QHash<LegId, storage::LegRow*> legs_;
    std::vector<storage::LegRow> loaded_;
    std::deque<storage::LegRow> added_;
    std::vector<storage::LegRow*> free_rows_;
    storage::LegRow* new_row();
    void remove_row(QHash<LegId, storage::LegRow*>::iterator it);
    void clear_rows();
    std::vector<const storage::LegRow*> ordered_;
    std::vector<Lane> lanes_;
    std::vector<const Lane*> shown_;
    std::vector<const storage::LegRow*> filtered_;
    LegFilter filter_;
    void refilter();
    std::unordered_map<RotationId, std::size_t, UuidHash> lane_index_;
    std::vector<storage::RotationRow> rotations_;
    std::vector<storage::AirplaneRow> airplanes_;
    std::vector<std::pair<AirportCode, int>> stations_;
    std::vector<storage::AirportRow> airports_;
    AirportClocks clocks_;
    std::unordered_map<std::uint64_t, LegOffsets> file_offsets_;
    bool local_times_ = false;
    Change last_change_;
    std::uint64_t revision_ = 0;
    storage::ValidationReport validation_;
    std::unordered_map<LegId, int, UuidHash> violating_;
    std::int64_t position_ = 0;
    std::int64_t as_of_ = 0;
    Instant first_, last_;
};

}  // namespace rotaplan::ui
