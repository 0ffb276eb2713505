// Events written in the v1 leg payload shape (tests/fixtures/store-v1.db,
// made by make-store-v1.sh) still read correctly, replay into the same
// projections, and live on beside v2 events.
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/projections.h"
#include "storage/queries.h"
#include "storage/schedule_store.h"
#include "storage/schema.h"

using namespace rotaplan;
using namespace rotaplan::storage;

class TestUpcasting : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::string path_;

private slots:
    void init() {
        static int n = 0;
        QString copy = dir_.filePath(QString("v1-%1.db").arg(++n));
        QVERIFY(QFile::copy(ROTAPLAN_FIXTURES "/store-v1.db", copy));  // never touch the checked-in file
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        path_ = copy.toStdString();
    }

    void v1LegPayloadsAreUpcast() {
        Database db = open_store(path_);
        EventStore events(db);
        auto rows = events.stored_events("schema_version = 1 AND type IN ('LegAddedToRotation', 'LegCreated')", {});
        QCOMPARE(rows.size(), 2u);
        QVERIFY(rows[0].payload.find("\"flight\":\"XQ100A\"") != std::string::npos);  // really the old shape

        auto added = std::get<LegAddedToRotation>(rows[0].decoded());
        QCOMPARE(QString::fromStdString(format_designator(added.leg.designator)), QString("XQ100A/FRA/2025-10-26"));
        QCOMPARE(added.leg.designator.flight.suffix, 'A');
        QCOMPARE(added.leg.service_type, 'J');
        QCOMPARE(QString::fromStdString(added.leg.aircraft_type.str()), QString("320"));

        auto created = std::get<LegCreated>(rows[1].decoded());
        QCOMPARE(QString::fromStdString(created.leg.designator.flight.airline.str()), QString("4U"));
        QCOMPARE(int(created.leg.designator.flight.number), 7);
        // v1 had no day of origin: it was the UTC date of STD, even for a late departure.
        QCOMPARE(QString::fromStdString(format_date(created.leg.designator.day_of_origin)), QString("2025-10-26"));
        QCOMPARE(QString::fromStdString(format_instant(created.leg.sta_utc)), QString("2025-10-27T01:10Z"));
    }

    void v1EventsReplayIntoTheProjections() {
        Database db = open_store(path_);
        QCOMPARE(rebuild_projections(db), 3);
        auto rows = legs(db);
        QCOMPARE(rows.size(), 2u);
        QCOMPARE(QString::fromStdString(rows[0].rotation_name), QString("OLD1"));
        QCOMPARE(QString::fromStdString(format_designator(rows[0].leg.designator)), QString("XQ100A/FRA/2025-10-26"));
        QVERIFY(rows[1].rotation_name.empty());
    }

    void newCommandsWriteV2BesideV1() {
        {
            Database db = open_store(path_);
            rebuild_projections(db);
        }
        ScheduleStore store(path_);
        auto old_rotation = find_rotation(store.database(), "OLD1");
        QVERIFY(old_rotation);
        auto unassigned = find_legs(store.database(), *parse_designator("4U7/MUC/2025-10-26"));
        QCOMPARE(unassigned.size(), 1u);
        auto outcome = store.execute(MoveLegs{unassigned, old_rotation}, CommandContext{"tester", "h", {}, {}});
        QVERIFY2(outcome.ok, outcome.error.message.c_str());
        auto rows = store.events().stored_events("position > 3", {});
        QCOMPARE(rows.size(), 2u);
        QCOMPARE(rows[1].type, std::string("LegAddedToRotation"));
        QCOMPARE(rows[1].schema_version, 2);
        QVERIFY(rows[1].payload.find("\"airline\":\"4U\"") != std::string::npos);
        QCOMPARE(legs(store.database(), old_rotation).size(), 2u);
    }
};

QTEST_GUILESS_MAIN(TestUpcasting)
#include "tst_upcasting.moc"
