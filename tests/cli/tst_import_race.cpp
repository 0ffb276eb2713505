// A planner's change racing a season import, two real rotaplan-cli processes
// on one store: an add-leg of a leg the file also schedules must end as one
// leg when it was written before the import's transaction (the import then
// matches it), and may end as two only when it came after (a second leg the
// planner asked for). The import used to plan its commands before taking the
// write lock, so an add-leg in between left two legs.
#include <QtTest>

#include "support/cli_runner.h"
#include "core/ssim/generator.h"
#include "storage/sqlite/database.h"
#include "storage/open_store.h"

using namespace rotaplan;

class TestImportRace : public QObject {
    Q_OBJECT

    testing::StoreFolder dir_;
    QString ssim_, rotations_, airplanes_;

    QString write(const QString& name, const std::string& content) { return dir_.write(name, content); }

private slots:
    void initTestCase() {
        ssim::GeneratorOptions o;
        o.airplanes = 60;
        auto season = ssim::generate(o);
        ssim_ = write("season.ssim", season.ssim);
        rotations_ = write("rotations.csv", season.rotations);
        airplanes_ = write("airplanes.csv", season.airplanes);
    }

    void anAddLegDuringASeasonImport() {
        // XQ100 (the first airplane's long-haul flight) leaves FRA at 10:00Z on 29 March in the file.
        const QStringList add_leg{"add-leg", "-", "--flight", "XQ100", "--dep", "FRA", "--arr", "JFK",
                                  "--std", "2026-03-29T10:00Z", "--sta", "2026-03-29T18:30Z"};
        // Later and later into the import until the add-leg comes after it,
        // then finely across that moment, where the import decides what it
        // will write and begins writing it.
        int before_import = 0, after_import = 0;
        int coarse = 60, first_after = -1;
        std::vector<int> delays;
        for (int d = 0; d <= 3000; d += coarse) delays.push_back(d);
        for (std::size_t attempt = 0; attempt < delays.size(); ++attempt) {
            const int delay = delays[attempt];
            // A loaded machine imports more slowly: until an add-leg has come
            // after the import, go on later and later (doubling), up to a minute.
            if (first_after < 0 && attempt + 1 == delays.size() && delay < 60000) delays.push_back(delay * 2);
            QString db = dir_.filePath(QString("race%1.db").arg(attempt));
            QCOMPARE(testing::run_cli({"--db", db, "import-airplanes", airplanes_}).exit, 0);
            QProcess import;
            import.start(ROTAPLAN_CLI, {"--db", db, "import-ssim", ssim_, "--rotations", rotations_});
            QVERIFY(import.waitForStarted());
            QTest::qWait(delay);
            auto added = testing::run_cli(QStringList{"--db", db} + add_leg);
            QVERIFY(import.waitForFinished(120000));
            QVERIFY2(import.exitCode() == 0, import.readAllStandardError().constData());
            QVERIFY2(added.exit == 0, qPrintable(added.err));
            QString id = added.out.section('(', 1).section(')', 0, 0);

            auto store = storage::open_store(db.toStdString(), true);
            auto legs_named = store.scalar(
                "SELECT count(*) FROM legs WHERE airline = 'XQ' AND flight_number = 100 AND suffix = '' AND departure = 'FRA' "
                "AND day_of_origin = " + std::to_string(parse_date("2026-03-29")->days));
            auto add_position = store.scalar("SELECT position FROM events WHERE leg_id = '" + id.toStdString() + "'");
            auto import_position = store.scalar(
                "SELECT position FROM events WHERE type = 'FileImported' AND json_extract(payload, '$.kind') = 'ssim'");
            qInfo("add-leg %d ms into the import: at event %lld, the import's at %lld; %lld legs XQ100/FRA/2026-03-29", delay,
                  (long long)add_position, (long long)import_position, (long long)legs_named);
            if (add_position < import_position) {
                ++before_import;
                // The import found the planner's leg and made it the file's.
                QVERIFY2(legs_named == 1, qPrintable(QString("%1 legs XQ100/FRA/2026-03-29 after an add-leg %2 ms into the "
                                                             "import, committed before it")
                                                         .arg(legs_named)
                                                         .arg(delay)));
                std::string hex = id.remove('-').toUpper().toStdString();
                QCOMPARE(store.scalar("SELECT count(*) FROM legs WHERE hex(leg_id) = '" + hex + "'"), 1);  // the planner's leg, kept
            } else {
                ++after_import;
                QCOMPARE(legs_named, 2);  // asked for after the season was in: a second leg
                if (first_after < 0) {
                    first_after = delay;
                    delays.resize(attempt + 1);
                    for (int d = std::max(0, first_after - coarse); d < first_after + coarse / 2; d += 10) delays.push_back(d);
                    delays.push_back(first_after * 2);  // surely after it, however the machine's load moved the import
                }
            }
        }
        qInfo("add-leg before the import's transaction: %d attempts, after it: %d", before_import, after_import);
        QVERIFY(before_import >= 3);
        QVERIFY(after_import >= 2);
    }
};

QTEST_GUILESS_MAIN(TestImportRace)
#include "tst_import_race.moc"
