// Time zones from the system's tzdata (storage/projections/time_zones.h): every zone Qt
// knows gives the same offsets through our data as through QTimeZone itself,
// from 1970 to 2100; names that are not zones are refused, with close names.
#include <QDateTime>
#include <QTimeZone>
#include <QtTest>

#include <cmath>

#include "storage/projections/time_zones.h"

using namespace rotaplan;
using namespace rotaplan::storage;

namespace {
Instant at(const char* t) { return *parse_instant(t); }
int qt_minutes(const QTimeZone& z, Instant t) {
    return int(std::lround(z.offsetFromUtc(QDateTime::fromSecsSinceEpoch(t.minutes * 60, Qt::UTC)) / 60.0));
}
}  // namespace

class TestTimeZones : public QObject {
    Q_OBJECT

private slots:
    void berlinChangesOnTheLastSundaysOfMarchAndOctober() {
        auto z = time_zone("Europe/Berlin");
        QVERIFY(z);
        QCOMPARE(z->name(), std::string("Europe/Berlin"));
        QCOMPARE(z->offset_at(at("2026-03-29T00:59Z")), 60);
        QCOMPARE(z->offset_at(at("2026-03-29T01:00Z")), 120);
        QCOMPARE(z->offset_at(at("2026-10-25T00:59Z")), 120);
        QCOMPARE(z->offset_at(at("2026-10-25T01:00Z")), 60);
        // Past the last change its tzfile lists (2037), the zone's rule goes on.
        QCOMPARE(z->offset_at(at("2050-03-27T00:59Z")), 60);
        QCOMPARE(z->offset_at(at("2050-03-27T01:00Z")), 120);
        QCOMPARE(z->offset_at(at("2099-07-01T00:00Z")), 120);
        QCOMPARE(z->offset_at(at("1975-07-01T00:00Z")), 60);  // no summer time in West Germany before 1980
        QCOMPARE(time_zone("Europe/Berlin").get(), z.get());  // built once
    }

    void everyZoneAgreesWithQTimeZone() {
        int zones = 0;
        for (const QByteArray& id : QTimeZone::availableTimeZoneIds()) {
            if (!check_time_zone_name(id.toStdString()).empty()) continue;  // Qt's own "UTC+01:00" ids
            QTimeZone qt(id);
            auto ours = time_zone(id.toStdString());
            QVERIFY2(ours, id.constData());
            ++zones;
            for (const auto& c : ours->changes()) {  // both sides of every change
                QCOMPARE(ours->offset_at(c.at + -1), qt_minutes(qt, c.at + -1));
                QCOMPARE(ours->offset_at(c.at), qt_minutes(qt, c.at));
            }
            for (int month = 0; month < 130 * 12; month += 7) {  // and in between
                auto t = instant_at(*make_date(1970 + month / 12, unsigned(month % 12 + 1), 15), 12 * 60);
                if (ours->offset_at(t) != qt_minutes(qt, t))
                    QFAIL(qPrintable(QString("%1 at %2").arg(id.constData(), QString::fromStdString(format_instant(t)))));
            }
        }
        QVERIFY(zones > 300);
    }

    void namesThatAreNoZoneAreRefused() {
        // Qt would read a slash-less unknown name as a POSIX rule: "Berlin" as
        // UTC, "ABC5" as five hours behind. None of them is a zone here.
        for (const char* bad : {"Europe/Berlinn", "Berlin", "ABC5", "UTC+01:00", "Europe/Atlantis", "", "../../etc/passwd"}) {
            QVERIFY2(!time_zone(bad), bad);
            QVERIFY2(!check_time_zone(bad).empty(), bad);
        }
        // Links to a zone are zones too, as are names tzdata lists without an area.
        for (const char* ok : {"Asia/Kolkata", "Asia/Calcutta", "Europe/Kiev", "US/Eastern", "UTC", "Etc/GMT-14"})
            QVERIFY2(check_time_zone(ok).empty(), ok);
        QCOMPARE(time_zone("Asia/Calcutta")->offset_at(at("2026-01-01T00:00Z")), 330);
    }

    void aRefusalNamesCloseZones() {
        auto why = QString::fromStdString(check_time_zone("Europe/Berlinn"));
        QVERIFY2(why.contains("did you mean Europe/Berlin"), qPrintable(why));
        why = QString::fromStdString(check_time_zone("europe/berlin"));
        QVERIFY2(why.contains("did you mean Europe/Berlin"), qPrintable(why));
        why = QString::fromStdString(check_time_zone("Berlin"));
        QVERIFY2(why.contains("Europe/Berlin"), qPrintable(why));
        why = QString::fromStdString(check_time_zone("Xx/Qqqqqqqq"));
        QVERIFY2(!why.contains("did you mean"), qPrintable(why));
        why = QString::fromStdString(check_time_zone("Europe/Zürich"));  // the grammar speaks first
        QVERIFY2(why.contains("letters, digits"), qPrintable(why));
    }

    void airportsGetTheirClocks() {
        std::vector<AirportRow> rows{{"FRA", "Frankfurt", 45, 60, "Europe/Berlin"},
                                     {"JFK", "", 60, -300, ""},
                                     {"XXX", "", 30, 180, "Mars/Olympus_Mons"},  // a zone unknown here: the fixed offset
                                     {"MUC", "", 40, std::nullopt, ""}};
        auto clocks = airport_clocks(rows);
        auto t = at("2026-07-01T22:30Z");
        QCOMPARE(clocks.offset_at(AirportCode::from("FRA"), t), std::optional<int>(120));
        QCOMPARE(clocks.offset_at(AirportCode::from("JFK"), t), std::optional<int>(-300));
        QCOMPARE(clocks.offset_at(AirportCode::from("XXX"), t), std::optional<int>(180));
        QCOMPARE(clocks.offset_at(AirportCode::from("MUC"), t), std::nullopt);
        QCOMPARE(clocks.offset_at(AirportCode::from("LHR"), t), std::nullopt);
    }
};

QTEST_GUILESS_MAIN(TestTimeZones)
#include "tst_time_zones.moc"
