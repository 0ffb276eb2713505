// rebuild-projections gives back, row for row and column for column, every
// read model the commands and imports built as they went: on a messy
// schedule (a generated season with duplicated designators and SSIM
// attributes, imported with its rotation file, then retimed, moved, amended,
// deleted, renamed, reassigned, re-minimumed, and a scenario registered).
#include <QtTest>

#include <random>

#include "core/files/reference_files.h"
#include "core/ssim/generator.h"
#include "storage/imports/importer.h"
#include "storage/imports/ssim_files.h"
#include "storage/imports/ssim_import.h"
#include "storage/projections/checkpoints.h"
#include "storage/projections/projections.h"
#include "storage/projections/queries.h"
#include "storage/schedule_store.h"
#include "storage_support.h"
#include "support/temporary_store.h"

using namespace rotaplan;
using namespace rotaplan::storage;
using namespace rotaplan::testing;

namespace {

// Not read models: what a rebuild must leave alone (and does not compare here).
bool kept_by_rebuild(std::string_view table) {
    return table == "events" || table == "snapshots" || table == "sqlite_sequence" || table.starts_with("sync_") ||
           table.starts_with("ssm_") || table == "scenario_conflicts" || table == "read_model_checkpoints";
}

// Every read-model table there is (whatever tables the schema has by then),
// every row, every column, in a fixed order; and the read models' indexes.
QString dump_every_read_model(Database& db) {
    QStringList out;
    std::vector<std::string> tables;
    {
        auto q = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name");
        while (q.step())
            if (!kept_by_rebuild(q.text(0))) tables.push_back(q.str(0));
    }
    for (const auto& table : tables) {
        auto columns = db.prepare("SELECT group_concat('quote(' || name || ')', ' || ''|'' || ') FROM pragma_table_info(?)");
        columns.bind(1, std::string_view(table));
        columns.step();
        auto q = db.prepare("SELECT " + columns.str(0) + " FROM " + table + " ORDER BY 1");
        out << QString::fromStdString(table);
        while (q.step()) out << QString::fromStdString(q.str(0));
    }
    auto indexes = db.prepare("SELECT tbl_name, name, sql FROM sqlite_master WHERE type IN ('index', 'view') ORDER BY name");
    while (indexes.step())
        if (!kept_by_rebuild(indexes.text(0)))
            out << QString::fromStdString(indexes.str(1) + ": " + (indexes.is_null(2) ? "" : indexes.str(2)));
    return out.join('\n');
}

ImportSource source_of(const char* name) { return {name, "0", {}}; }

// A generated season with duplicated designators, imported with its rotation
// file after its airplanes and airports; its airplanes, as the file has them.
std::vector<files::AirplaneRecord> import_season(ScheduleStore& store) {
    ssim::GeneratorOptions options;
    options.airplanes = 8;
    options.duplicate_designators = 2;
    options.last_day = *make_date(2026, 5, 10);
    const auto season = ssim::generate(options);
    files::ParseError error;
    auto airplanes = files::parse_airplanes_csv("airplanes.csv", season.airplanes, error);
    auto airports = files::parse_airports_csv("airports.csv", season.airports, error);
    if (!airplanes || !airports) qFatal("the generated reference files do not parse");
    if (!import_airplanes(store, *airplanes, source_of("airplanes.csv"), kCtx).ok ||
        !import_airports(store, *airports, source_of("airports.csv"), kCtx).ok)
        qFatal("the generated reference files do not import");
    auto prepared = prepare_ssim({season.ssim, source_of("season.ssim"), season.rotations, source_of("rotations.csv"), false});
    if (prepared.error || !prepared.rotations) qFatal("the generated season does not prepare");
    SsimImportOptions import;
    import.rotations = &*prepared.rotations;
    import.rotations_source = prepared.rotations_source;
    import.difference = difference_options(prepared, false);
    auto imported = import_ssim(store, prepared.file, std::move(prepared.legs), prepared.source, kCtx, import);
    if (!imported.ok) qFatal("the generated season does not import: %s", imported.error.c_str());
    return *airplanes;
}

}  // namespace

class TestRebuild : public QObject {
    Q_OBJECT
    StoreFolder dir_{"rebuild"};

private slots:
    void rebuildGivesBackTheReadModelsCommandsBuilt() {
        ScheduleStore store(dir_.next_store_path());
        const auto airplanes = import_season(store);

        // The mess: every kind of leg, rotation, airplane and airport change, by the hundred.
        std::mt19937 rng(20261207);
        auto all = legs(store.database());
        QVERIFY2(all.size() > 1000, qPrintable(QString::number(all.size())));
        auto rotations = rotation_list(store.database());
        QVERIFY(rotations.size() >= 8);
        auto pick = [&](auto& v) -> auto& { return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)]; };
        int accepted = 0;
        for (int i = 0; i < 400; ++i) {
            const Leg& l = pick(all).leg;
            const RotationId r = pick(rotations).id;
            Command c;
            switch (i % 10) {
                case 0: case 1: {
                    int shift = int(rng() % 121) - 60;
                    c = RetimeLegs{{{l.id, l.std_utc + shift, l.sta_utc + shift}}};
                    break;
                }
                case 2: c = MoveLegs{{l.id}, std::nullopt}; break;
                case 3: c = MoveLegs{{l.id}, r}; break;
                case 4: {
                    Leg amended = l;
                    amended.aircraft_type = AircraftType::from("321");
                    amended.attributes = 0;
                    c = AmendLegs{{amended}};
                    break;
                }
                case 5: c = DeleteLegs{{l.id}}; break;
                case 6: c = RenameRotation{r, "renamed " + std::to_string(i)}; break;
                case 7: c = SetAirportMinimumGroundTime{l.arrival, int(rng() % 90)}; break;
                case 8: {
                    Leg added = make_leg("XQ900", "FRA", "MUC", l.std_utc + 7, 60);
                    c = AddLegs{i % 20 == 8 ? std::optional<RotationId>(r) : std::nullopt, {added}};
                    break;
                }
                default: {
                    const auto& plane = pick(airplanes);
                    c = rng() % 2 ? Command{UnassignAirplane{plane.registration}}
                                  : Command{UpdateAirplane{plane.registration, plane.aircraft_type, int(rng() % 120)}};
                }
            }
            if (store.execute(c, kCtx).ok) ++accepted;
            if (i % 25 == 0) all = legs(store.database());  // deleted legs drop out of the picks now and then
        }
        QVERIFY2(accepted > 250, qPrintable(QString::number(accepted)));
        QVERIFY(store.execute(DeleteRotation{rotations.back().id}, kCtx).ok);
        QVERIFY(store.execute(CreateScenario{Uuid{1, 2}, "what if", std::nullopt, "", ""}, kCtx).ok);

        const QString built = dump_every_read_model(store.database());
        QVERIFY(built.contains("\nviolations\n'"));     // the mess broke some turns
        QVERIFY(built.contains("\nssim_templates\n"));  // and carries SSIM attributes
        const auto events = store.events().last_position();
        QCOMPARE(rebuild_projections(store.database()), events);
        const QString rebuilt = dump_every_read_model(store.database());
        QCOMPARE(rebuilt.count('\n'), built.count('\n'));
        QVERIFY(rebuilt == built);

        // The dump sees a difference when there is one: the test can fail.
        store.database().exec(
            "UPDATE legs SET attributes = NULL WHERE leg_id = (SELECT leg_id FROM legs WHERE attributes IS NOT NULL LIMIT 1)");
        QVERIFY(dump_every_read_model(store.database()) != built);
    }

    // A season's checkpoint spans several packed chunks (unpacked on every
    // core): the schedule from it, at it and after it, is the replay's.
    void aSeasonFromItsCheckpointsIsTheReplaysSchedule() {
        ScheduleStore store(dir_.next_store_path());
        import_season(store);
        for (int i = 0; i < 40; ++i) store.execute(RenameRotation{rotation_list(store.database()).front().id, "r" + std::to_string(i)}, kCtx);
        const std::int64_t payload = store.database().scalar("SELECT sum(length(payload)) FROM events");
        const auto due = due_checkpoints(store.database(), payload / 3, 100);
        QVERIFY(due.size() >= 3);
        std::vector<std::int64_t> points;  // at each checkpoint, after it, and before the next
        for (std::size_t i = 0; i < due.size(); ++i) {
            points.push_back(due[i]);
            if (i + 1 < due.size()) points.insert(points.end(), {due[i] + 1, due[i + 1] - 1});
        }
        std::vector<QString> replayed;
        for (auto p : points) {
            Database past = project_as_of(store.events(), p);
            replayed.push_back(dump_every_read_model(past));
        }
        QCOMPARE(take_checkpoints(store.database(), payload / 3, 100), int(due.size()));
        QVERIFY(store.database().scalar("SELECT max(image_size) FROM read_model_checkpoints") >
                std::int64_t(2 * kCheckpointChunkBytes));
        for (std::size_t i = 0; i < points.size(); ++i) {
            auto checkpoint = load_checkpoint(store.database(), points[i]);
            QVERIFY(checkpoint);
            Database past = project_as_of(store.events(), points[i]);
            QVERIFY2(dump_every_read_model(past) == replayed[i], qPrintable(QString::number(points[i])));
        }
    }
};

QTEST_GUILESS_MAIN(TestRebuild)
#include "tst_rebuild.moc"
