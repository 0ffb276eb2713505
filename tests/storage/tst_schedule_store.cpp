// Commands through the store: projections that always equal a replay of the
// events, time travel, group commit, snapshots and the cold cache.
#include <QtTest>

#include <random>
#include <set>
#include <thread>

#include "storage/command_queue.h"
#include "storage/projections/projections.h"
#include "storage/projections/queries.h"
#include "storage/schedule_store.h"
#include "storage/open_store.h"
#include "storage/eventstore/snapshots.h"
#include "storage/imports/ssim_files.h"
#include "storage/imports/ssim_import.h"
#include "storage/projections/checkpoints.h"
#include "storage/sqlite/schema.h"
#include "support/ssim_text.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using namespace rotaplan::testing;

namespace {

// A seeded walk through every kind of command, refusals included.
class RandomPlanner {
public:
    explicit RandomPlanner(unsigned seed) : rng_(seed) {}

    Command next() {
        auto pick = [&](auto& v) { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng_)]; };
        int kind = std::uniform_int_distribution<int>(0, 13)(rng_);
        if (rotations_.empty() || kind == 0) {
            auto id = new_rotation();
            rotations_.push_back(id);
            return CreateRotation{id, "R" + std::to_string(++names_)};
        }
        if (legs_.empty() || kind <= 3) {
            Instant t = at("2026-04-01T00:00Z") + std::uniform_int_distribution<int>(0, 3 * 1440)(rng_);
            int from = std::uniform_int_distribution<int>(0, 2)(rng_);
            int to = (from + 1 + std::uniform_int_distribution<int>(0, 1)(rng_)) % 3;
            Leg l = make_leg(flights_[std::uniform_int_distribution<int>(0, 3)(rng_)], airports_[from], airports_[to], t,
                             std::uniform_int_distribution<int>(40, 200)(rng_));
            legs_.push_back(l.id);
            std::optional<RotationId> into;
            if (rng_() % 2) into = pick(rotations_);
            return AddLegs{into, {l}};
        }
        switch (kind) {
            case 4: case 5: {
                std::optional<RotationId> to;
                if (rng_() % 3) to = pick(rotations_);
                return MoveLegs{{pick(legs_)}, to};
            }
            case 6: {
                Instant t = at("2026-04-01T00:00Z") + std::uniform_int_distribution<int>(0, 3 * 1440)(rng_);
                return RetimeLegs{{{pick(legs_), t, t + std::uniform_int_distribution<int>(40, 200)(rng_)}}};
            }
            case 7: return DeleteLegs{{pick(legs_)}};
            case 8: return RenameRotation{pick(rotations_), "R" + std::to_string(++names_)};
            case 9: return DeleteRotation{pick(rotations_)};
            case 10: return RegisterAirplane{Registration::from(planes_[rng_() % 3]), AircraftType::from("320"), int(rng_() % 400)};
            case 11: return AssignAirplane{Registration::from(planes_[rng_() % 3]), pick(rotations_)};
            case 12: return rng_() % 2 ? Command{UnassignAirplane{Registration::from(planes_[rng_() % 3])}}
                                       : Command{RemoveAirplane{Registration::from(planes_[rng_() % 3])}};
            default:
                return SetAirportMinimumGroundTime{AirportCode::from(airports_[rng_() % 3]), int(rng_() % 600)};
        }
    }

private:
    std::mt19937 rng_;
    std::vector<RotationId> rotations_;
    std::vector<LegId> legs_;
    int names_ = 0;
    const char* flights_[4] = {"XQ100", "XQ101", "XQ102", "XQ103"};
    const char* planes_[3] = {"D-AIAA", "D-AIAB", "D-AIAC"};
    const char* airports_[3] = {"FRA", "MUC", "VIE"};
};

// Every row of every read model table, every column (the templates, the
// registry and the position too), in one text: two databases with equal
// dumps answer every query alike.
QString dump_read_models(Database& db) {
    QStringList out;
    for (const char* table : {"legs", "ssim_templates", "rotations", "airplanes", "airports", "violations", "scenarios",
                              "projection_position"}) {
        auto columns = db.prepare("SELECT group_concat('quote(' || name || ')', ' || ''|'' || ') FROM pragma_table_info(?)");
        columns.bind(1, std::string_view(table));
        columns.step();
        auto q = db.prepare("SELECT " + columns.str(0) + " FROM " + table + " ORDER BY 1");
        out << table;
        while (q.step()) out << QString::fromStdString(q.str(0));
    }
    return out.join('\n');
}

std::string import_three_flights(ScheduleStore& store, const char* period_to) {
    auto t = three_flights();
    for (auto& l : t.legs) l.set(ssim::leg::period_to, period_to);
    auto prepared = prepare_ssim({t.str(), {"three.ssim", "x"}, std::nullopt, {}, false});
    if (prepared.error) return *prepared.error;
    auto result = import_ssim(store, prepared.file, std::move(prepared.legs), prepared.source, kCtx, {});
    return result.ok ? std::string() : result.error;
}

}  // namespace

class TestScheduleStore : public QObject {
    Q_OBJECT
    StoreFolder dir_{"s"};
    std::string path_;

private slots:
    void init() {
        path_ = dir_.next_store_path();
    }

    // The schedule as of any point is the same from a checkpoint (plus the
    // events after it) as from a replay of every event: before the first
    // checkpoint, exactly at each, between them and at the present, for a
    // history of imports, edits, moves, deletes and undone changes.
    void checkpointsGiveTheScheduleOfAReplay() {
        ScheduleStore store(path_);
        QCOMPARE(import_three_flights(store, "07APR26"), std::string());
        RandomPlanner planner(20261207);
        for (int i = 0; i < 150; ++i) store.execute(planner.next(), kCtx);
        // A second season file, and an undone retime (the desktop's undo is the inverse command).
        import_three_flights(store, "14APR26");
        auto rows = legs(store.database());
        QVERIFY(!rows.empty());
        const Leg first = rows.front().leg;
        store.execute(RetimeLegs{{{first.id, first.std_utc + 30, first.sta_utc + 30}}}, kCtx);
        store.execute(RetimeLegs{{{first.id, first.std_utc, first.sta_utc}}}, kCtx);
        for (int i = 0; i < 150; ++i) store.execute(planner.next(), kCtx);
        const auto last = store.events().last_position();
        QVERIFY(last > 150);

        // Expected: replays, with no checkpoint in the store.
        QVERIFY(checkpoint_list(store.database()).empty());
        std::vector<QString> replayed(std::size_t(last) + 1);
        for (std::int64_t p = 1; p <= last; ++p) {
            Database past = project_as_of(store.events(), p);
            replayed[std::size_t(p)] = dump_read_models(past);
        }
        QCOMPARE(replayed[std::size_t(last)], dump_read_models(store.database()));

        // Checkpoints every few kB of payload: several, the present among them.
        const std::int64_t total = store.database().scalar("SELECT sum(length(payload)) FROM events");
        QCOMPARE(take_checkpoints(store.database(), total / 5, 100), int(due_checkpoints(store.database(), total / 5, 100).size()));
        auto kept = checkpoint_list(store.database());
        QVERIFY2(kept.size() >= 4, qPrintable(QString::number(kept.size())));
        QCOMPARE(kept.back().position, last);
        QVERIFY(kept.front().position > 1);
        for (std::int64_t p = 1; p <= last; ++p) {
            Database past = project_as_of(store.events(), p);
            QVERIFY2(dump_read_models(past) == replayed[std::size_t(p)], qPrintable(QString("as of %1").arg(p)));
        }
        // Taking them again writes nothing; they are found where they were.
        QCOMPARE(take_checkpoints(store.database(), total / 5, 100), 0);

        // More events: the present's checkpoint moves on once enough follows, older ones stay.
        for (int i = 0; i < 200; ++i) store.execute(planner.next(), kCtx);
        const auto later = store.events().last_position();
        take_checkpoints(store.database(), total / 5, 100);
        auto moved = checkpoint_list(store.database());
        QCOMPARE(moved.front().position, kept.front().position);
        for (std::int64_t p : {kept.front().position - 1, kept.front().position, kept.back().position, kept.back().position + 1,
                               later - 1, later}) {
            Database past = project_as_of(store.events(), p);
            Database check("", Database::Mode::Memory);
            create_projection_schema(check);
            {
                Transaction tx(check);
                replay(store.events(), check, 0, p);
                ValidationModel(check).rebuild();
                tx.commit();
            }
            QVERIFY2(dump_read_models(past) == dump_read_models(check), qPrintable(QString("as of %1").arg(p)));
            if (p <= last) QVERIFY(dump_read_models(past) == replayed[std::size_t(p)]);
        }

        // A cap on how many are kept: the spacing widens.
        take_checkpoints(store.database(), total / 5, 2);
        QVERIFY(checkpoint_list(store.database()).size() <= 2);
        QVERIFY(!checkpoint_list(store.database()).empty());
    }

    // A checkpoint of another format, one whose event is not the one at its
    // position any more, or a damaged one: ignored, the schedule replayed.
    void unusableCheckpointsFallBackToReplay() {
        ScheduleStore store(path_);
        QCOMPARE(import_three_flights(store, "07APR26"), std::string());
        RandomPlanner planner(7);
        for (int i = 0; i < 120; ++i) store.execute(planner.next(), kCtx);
        const auto last = store.events().last_position();
        const std::int64_t total = store.database().scalar("SELECT sum(length(payload)) FROM events");
        std::vector<QString> replayed;
        for (std::int64_t p : {last / 2, last}) {
            Database past = project_as_of(store.events(), p);
            replayed.push_back(dump_read_models(past));
        }
        QVERIFY(take_checkpoints(store.database(), total / 4, 100) >= 2);
        // Each checkpoint's image made to lie: had it been read, the answers would differ.
        auto lie = [&] {
            for (const auto& c : checkpoint_list(store.database())) {
                auto loaded = load_checkpoint(store.database(), c.position);
                if (!loaded || loaded->position != c.position) continue;  // a damaged image, left by the damage before
                loaded->read_models.exec("DELETE FROM legs");
                save_checkpoint(store.database(), loaded->read_models, c.position);
            }
        };
        lie();
        {
            Database past = project_as_of(store.events(), last);
            QVERIFY(dump_read_models(past) != replayed[1]);  // the lie is read: the test can fail
        }
        for (const char* damage : {"UPDATE read_model_checkpoints SET format = format + 1",
                                   "UPDATE read_model_checkpoints SET event_id = 'elsewhere'",
                                   "UPDATE read_model_checkpoints SET image = x'00112233'",
                                   "UPDATE read_model_checkpoints SET image_size = image_size + 1",
                                   "UPDATE read_model_checkpoints SET image = substr(image, 1, length(image) - 1)",
                                   // one byte of the packed legs changed: zlib's checksum refuses it
                                   "UPDATE read_model_checkpoints SET image = substr(image, 1, length(image) - 40) || "
                                   "iif(substr(image, length(image) - 39, 1) = x'5a', x'a5', x'5a') || "
                                   "substr(image, length(image) - 38)",
                                   "DROP TABLE read_model_checkpoints"}) {
            lie();
            store.database().exec(damage);
            int i = 0;
            for (std::int64_t p : {last / 2, last}) {
                Database past = project_as_of(store.events(), p);
                QVERIFY2(dump_read_models(past) == replayed[std::size_t(i++)], damage);
            }
            // Taken again, they replace the unusable ones.
            take_checkpoints(store.database(), total / 4, 100);
            Database past = project_as_of(store.events(), last);
            QVERIFY2(dump_read_models(past) == replayed[1], damage);
        }
    }

    void rebuildAndTimeTravelEqualIncremental() {
        ScheduleStore store(path_);
        RandomPlanner planner(20261122);
        std::vector<std::pair<std::int64_t, QString>> checkpoints;  // live tables after some commands
        int accepted = 0, refused = 0;
        for (int i = 0; i < 400; ++i) {
            auto outcome = store.execute(planner.next(), kCtx);
            outcome.ok ? ++accepted : ++refused;
            if (outcome.ok && i % 37 == 0)
                checkpoints.emplace_back(store.events().last_position(), dump_projections(store.database()));
        }
        QVERIFY2(accepted > 200 && refused > 10, qPrintable(QString("%1 accepted, %2 refused").arg(accepted).arg(refused)));
        QString live = dump_projections(store.database());
        QVERIFY(live.count('\n') > 50);

        auto n = rebuild_projections(store.database());
        QCOMPARE(n, store.events().last_position());
        QCOMPARE(dump_projections(store.database()), live);

        for (auto& [position, tables] : checkpoints) {
            Database past = project_as_of(store.events(), position);
            QCOMPARE(dump_projections(past), tables);
        }
    }

    // The validation model after each command, against a full recomputation
    // of the same tables (done in a savepoint and rolled back).
    void validationIncrementalEqualsFull() {
        ScheduleStore store(path_);
        RandomPlanner planner(4711);
        int checked = 0, nonempty = 0;
        std::set<QString> kinds;
        std::mt19937 rng(99);
        int retimed_in_rotation = 0;
        for (int i = 0; i < 600; ++i) {
            Command command = planner.next();
            // Every third command nudges a leg that flies in a rotation: the
            // random planner's retimes rarely fit into one.
            auto rows = legs(store.database());
            std::erase_if(rows, [](const LegRow& r) { return !r.rotation; });
            bool nudge = i % 3 == 0 && !rows.empty();
            if (nudge) {
                const Leg& l = rows[rng() % rows.size()].leg;
                int shift = int(rng() % 181) - 90;
                command = RetimeLegs{{{l.id, l.std_utc + shift, l.sta_utc + shift}}};
            } else if (i % 3 == 1 && !rows.empty()) {
                // Airplanes whose minimum ground time spans days, onto rotations that have legs.
                auto plane = Registration::from(i % 2 ? "D-AIAA" : "D-AIAB");
                if (i % 2) command = UpdateAirplane{plane, AircraftType::from("320"), int(rng() % 3000)};
                if (!store.reader().airplane(plane)->state.exists)
                    command = RegisterAirplane{plane, AircraftType::from("320"), int(rng() % 3000)};
                else if (i % 2 == 0)
                    command = AssignAirplane{plane, *rows[rng() % rows.size()].rotation};
            }
            if (!store.execute(command, kCtx).ok) continue;
            if (nudge) ++retimed_in_rotation;
            QString incremental = dump_violations(store.database());
            store.database().exec("SAVEPOINT full");
            ValidationModel(store.database()).rebuild();
            QString full = dump_violations(store.database());
            store.database().exec("ROLLBACK TO full; RELEASE full");
            QCOMPARE(incremental, full);
            ++checked;
            if (!incremental.isEmpty()) ++nonempty;
            for (const auto& line : incremental.split('\n', Qt::SkipEmptyParts)) kinds.insert(line.section('|', 0, 0));
        }
        QVERIFY(checked > 300);
        QVERIFY(retimed_in_rotation > 50);
        QVERIFY(nonempty > 50);  // the sequence did produce violations to compare
        QVERIFY2((kinds == std::set<QString>{"continuity", "designator_uniqueness", "min_ground_time"}), qPrintable(QStringList(kinds.begin(), kinds.end()).join(",")));
    }

    // Both legs of a pair leave their rotation in one command: the pair's
    // violation leaves with them (no neighbour on either side).
    void aRotationEmptiedInOneCommandKeepsNoViolation() {
        ScheduleStore store(path_);
        auto r = new_rotation();
        Leg a = make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        Leg b = make_leg("XQ2", "VIE", "FRA", at("2026-04-01T08:00Z"), 60);  // continuity: MUC then VIE
        QVERIFY(store.execute(CreateRotation{r, "R1"}, kCtx).ok);
        QVERIFY(store.execute(AddLegs{r, {a, b}}, kCtx).ok);
        QCOMPARE(store.database().scalar("SELECT count(*) FROM violations"), 1);
        QVERIFY(store.execute(MoveLegs{{a.id, b.id}, std::nullopt}, kCtx).ok);
        QCOMPARE(store.database().scalar("SELECT count(*) FROM violations"), 0);
    }

    void aRefusedCommandLeavesNoTrace() {
        ScheduleStore store(path_);
        auto r = new_rotation();
        QVERIFY(store.execute(CreateRotation{r, "R1"}, kCtx).ok);
        QVERIFY(store.execute(AddLegs{r, {make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, kCtx).ok);
        auto before = store.events().last_position();
        auto outcome = store.execute(AddLegs{r, {make_leg("XQ2", "MUC", "FRA", at("2026-04-01T06:30Z"), 60)}}, kCtx);
        QVERIFY(!outcome.ok);
        QCOMPARE(outcome.error.kind, DomainError::Kind::Rejected);
        QCOMPARE(store.events().last_position(), before);
        QCOMPARE(legs(store.database()).size(), 1u);
    }

    void aGroupCommitsAroundARefusal() {
        ScheduleStore store(path_);
        auto r = new_rotation();
        auto outcomes = store.execute_batch({{CreateRotation{r, "R1"}, kCtx},
                                             {CreateRotation{new_rotation(), "R1"}, kCtx},
                                             {AddLegs{r, {make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, kCtx}});
        QVERIFY(outcomes[0].ok && !outcomes[1].ok && outcomes[2].ok);
        QCOMPARE(outcomes[2].positions, (std::vector<std::int64_t>{2}));
        QCOMPARE(rotations(store.database()).size(), 1u);
        QCOMPARE(rotations(store.database())[0].legs, 1);
    }

    // Inside a command the reader skips the lookup of a leg id above every
    // stored one. That highest id must not outlive another connection's
    // commit: a leg stored there since must still be found (here: so that
    // adding it again is refused, not a second copy made).
    void aLegStoredByAnotherProcessIsFoundNotDuplicated() {
        ScheduleStore mine(path_);
        auto r = new_rotation();
        Leg early = make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        QVERIFY(mine.execute(CreateRotation{r, "R1"}, kCtx).ok);
        QVERIFY(mine.execute(AddLegs{r, {early}}, kCtx).ok);
        // Refused (it overlaps), so nothing is written after the highest id is read.
        QVERIFY(!mine.execute(AddLegs{r, {make_leg("XQ3", "FRA", "MUC", at("2026-04-01T06:30Z"), 60)}}, kCtx).ok);
        Leg late = make_leg("XQ2", "MUC", "FRA", at("2026-04-01T08:00Z"), 60);
        late.id = LegId{Uuid::v7(~0ull >> 16, 1, 1)};  // above anything minted so far
        {
            ScheduleStore theirs(path_);
            QVERIFY(theirs.execute(AddLegs{std::nullopt, {late}}, kCtx).ok);
        }
        auto again = mine.execute(AddLegs{r, {late}}, kCtx);  // adding an existing leg is refused
        QVERIFY(!again.ok);
        QVERIFY2(again.error.message.find("already exists") != std::string::npos, again.error.message.c_str());
        QCOMPARE(mine.database().scalar("SELECT count(*) FROM legs"), 2);
        QVERIFY(mine.execute(MoveLegs{{late.id}, r}, kCtx).ok);  // moving it is how it joins
        QCOMPARE(rotations(mine.database())[0].legs, 2);
    }

    // Nor a rollback: inside a refused gesture the highest leg is deleted and
    // the highest id read again; once the gesture is rolled back that leg is
    // back, and must be found.
    void aLegBackFromARollbackIsFoundNotDuplicated() {
        ScheduleStore store(path_);
        auto r = new_rotation();
        Leg early = make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60);
        Leg high = make_leg("XQ2", "MUC", "FRA", at("2026-04-01T08:00Z"), 60);
        high.id = LegId{Uuid::v7(~0ull >> 16, 1, 1)};
        QVERIFY(store.execute(CreateRotation{r, "R1"}, kCtx).ok);
        QVERIFY(store.execute(AddLegs{std::nullopt, {early, high}}, kCtx).ok);
        bool applied = store.in_transaction([&] {
            if (!store.try_command({DeleteLegs{{high.id}}, kCtx}).ok) return true;  // would fail the test below
            store.try_command({AddLegs{std::nullopt, {early}}, kCtx});  // refused; reads the highest id, now early's
            return false;                                               // the gesture is refused as a whole
        });
        QVERIFY(!applied);
        QCOMPARE(store.database().scalar("SELECT count(*) FROM legs"), 2);
        auto again = store.execute(AddLegs{r, {high}}, kCtx);
        QVERIFY(!again.ok);
        QVERIFY2(again.error.message.find("already exists") != std::string::npos, again.error.message.c_str());
        QVERIFY(store.execute(MoveLegs{{high.id}, r}, kCtx).ok);
    }

    void concurrentPlannersThroughTheQueue() {
        constexpr int kPlanners = 6, kLegs = 40;
        {
            CommandQueue queue(path_);
            std::vector<std::thread> threads;
            std::atomic<int> failures{0};
            for (int p = 0; p < kPlanners; ++p)
                threads.emplace_back([&, p] {
                    auto r = new_rotation();
                    if (!queue.submit(CreateRotation{r, "P" + std::to_string(p)}, kCtx).get().ok) ++failures;
                    for (int i = 0; i < kLegs; ++i) {
                        Leg l = make_leg("XQ7", "FRA", "MUC", at("2026-04-01T00:00Z") + i * 90, 60);
                        if (!queue.submit(AddLegs{r, {l}}, kCtx).get().ok) ++failures;
                    }
                });
            for (auto& t : threads) t.join();
            QCOMPARE(failures.load(), 0);
        }
        Database db = open_store(path_);
        QCOMPARE(db.scalar("SELECT count(*) FROM events"), kPlanners * (kLegs + 1));
        QCOMPARE(db.scalar("SELECT count(DISTINCT event_id) FROM events"), kPlanners * (kLegs + 1));
        QCOMPARE(db.scalar("SELECT max(position) FROM events"), kPlanners * (kLegs + 1));
        for (const auto& row : rotations(db)) QCOMPARE(row.legs, kLegs);
    }

    void longRotationsAreSnapshotedAndReadColdFromTheSnapshot() {
        auto r = new_rotation();
        Leg first = make_leg("XQ1", "FRA", "MUC", at("2026-04-01T00:00Z"), 60);
        {
            ScheduleStore store(path_);
            QVERIFY(store.execute(CreateRotation{r, "LONG"}, kCtx).ok);
            QVERIFY(store.execute(AddLegs{r, {first}}, kCtx).ok);
            for (int i = 1; i < int(kSnapshotEvery) + 20; ++i)
                QVERIFY(store.execute(AddLegs{r, {make_leg("XQ1", "FRA", "MUC", first.std_utc + i * 90, 60)}}, kCtx).ok);
        }
        Database db = open_store(path_);
        QCOMPARE(db.scalar("SELECT count(*) FROM snapshots"), 1);
        auto snap = load_rotation_snapshot(db, rotation_stream(r));
        QVERIFY(snap);
        QCOMPARE(snap->version, kSnapshotEvery);
        QCOMPARE(snap->state.legs.size(), std::size_t(kSnapshotEvery - 1));
        QVERIFY(snap->state.legs.front() == first);

        ScheduleStore cold(path_);  // a new process: nothing cached
        auto overlap = cold.execute(AddLegs{r, {make_leg("XQ9", "MUC", "FRA", first.std_utc + 30, 60)}}, kCtx);
        QVERIFY(!overlap.ok);
        QVERIFY(overlap.error.message.find("XQ1/FRA/2026-04-01") != std::string::npos);
        QCOMPARE(cold.reader().rotation(r)->state.legs.size(), std::size_t(kSnapshotEvery + 20));
    }

    void aDamagedSnapshotIsIgnoredNotMisread() {
        auto r = new_rotation();
        {
            ScheduleStore store(path_);
            QVERIFY(store.execute(CreateRotation{r, "R"}, kCtx).ok);
            for (int i = 0; i < int(kSnapshotEvery) + 5; ++i)
                QVERIFY(store.execute(AddLegs{r, {make_leg("XQ1", "FRA", "MUC", at("2026-04-01T00:00Z") + i * 90, 60)}}, kCtx).ok);
        }
        {
            Database db = open_store(path_);
            db.exec("UPDATE snapshots SET state = zeroblob(40)");
        }
        ScheduleStore cold(path_);
        QCOMPARE(cold.reader().rotation(r)->state.legs.size(), std::size_t(kSnapshotEvery + 5));
        QCOMPARE(cold.reader().rotation(r)->state.name, std::string("R"));
    }

    void anotherProcessesChangesAreSeen() {
        ScheduleStore a(path_);
        ScheduleStore b(path_);
        auto r = new_rotation();
        QVERIFY(a.execute(CreateRotation{r, "R"}, kCtx).ok);
        QVERIFY(a.reader().rotation(r)->state.live());  // cached in a
        QVERIFY(b.execute(AddLegs{r, {make_leg("XQ1", "FRA", "MUC", at("2026-04-01T06:00Z"), 60)}}, kCtx).ok);
        auto refused = a.execute(AddLegs{r, {make_leg("XQ2", "FRA", "MUC", at("2026-04-01T06:30Z"), 60)}}, kCtx);
        QVERIFY(!refused.ok);  // a's cache learnt b's leg before deciding
    }
};

QTEST_GUILESS_MAIN(TestScheduleStore)
#include "tst_schedule_store.moc"
