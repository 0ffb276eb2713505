// The SSIM files airlines actually send, through the real rotaplan-cli on real
// stores: messy files read as they are (and said), what strict mode refuses,
// shared flight designators, Latin-1 bytes, files cut short, re-imports that
// would cancel much, files too big for memory or for reason.
#include <QtTest>

#include <sys/resource.h>

#include "support/cli_runner.h"
#include "support/ssim_text.h"

using namespace rotaplan;
using namespace rotaplan::ssim;
using rotaplan::testing::LegText;
using rotaplan::testing::Mess;
using rotaplan::testing::SsimText;
using nlohmann::json;

class TestCliRealFiles : public QObject, rotaplan::testing::CliSuite {
    Q_OBJECT

    std::string read_back(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read");
        return f.readAll().toStdString();
    }
    // Events in the store; a refused first import may leave no store at all.
    int events() { return QFile::exists(db_) ? stats()["events"].get<int>() : 0; }
    json legs() { return cli({"legs", "--json"}).json(); }
    json leg(const std::string& designator, const std::string& std = {}) {
        for (const auto& l : legs())
            if (l["designator"] == designator && (std.empty() || l["std"] == std)) return l;
        return nullptr;
    }
    std::vector<std::string> leg_lines(bool with_rotations) {
        std::vector<std::string> out;
        for (auto l : legs()) {
            l.erase("leg_id");
            if (!with_rotations) {
                l.erase("rotation");
                l.erase("airplane");
            }
            out.push_back(l.dump());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    // Two carrier sections as an airline's systems write them: XQ in local
    // time, 4U in UTC with an open-ended period; segment data, overnight legs
    // without their date variation, a Latin-1 byte, and two itinerary
    // variations of XQ100 that overlap on 5-7 April.
    static std::vector<std::string> messy_season() {
        SsimText xq;
        xq.legs.push_back(LegText{}
                              .set(leg::period_to, "07APR26")
                              .set(leg::aircraft_configuration, "C12Y156 CAF\xC9")
                              .segment(testing::segment_record("010", "FRA", "MUC", "LH 1234"))
                              .segment(testing::segment_record("505", "FRA", "MUC", "ET")));
        xq.legs.push_back(LegText{}
                              .set(leg::itinerary_variation, "02")
                              .set(leg::period_from, "05APR26")
                              .set(leg::period_to, "07APR26")
                              .set(leg::passenger_std, "1800")
                              .set(leg::aircraft_std, "1800")
                              .set(leg::aircraft_sta, "1905")
                              .set(leg::passenger_sta, "1905"));
        xq.legs.push_back(LegText{}
                              .set(leg::flight_number, "0101")
                              .set(leg::period_to, "07APR26")
                              .set(leg::departure, "MUC")
                              .set(leg::passenger_std, "2330")
                              .set(leg::aircraft_std, "2330")
                              .set(leg::arrival, "FRA")
                              .set(leg::aircraft_sta, "0105")
                              .set(leg::passenger_sta, "0105")
                              .set(leg::date_variation, "  "));
        xq.legs.push_back(LegText{}
                              .set(leg::flight_number, "0103")
                              .set(leg::period_to, "07APR26")
                              .set(leg::passenger_std, "2310")
                              .set(leg::aircraft_std, "2310")
                              .set(leg::arrival, "BCN")
                              .set(leg::aircraft_sta, "0120")
                              .set(leg::passenger_sta, "0120")
                              .set(leg::date_variation, "  "));
        SsimText u4;
        u4.airline = "4U";
        u4.time_mode = 'U';
        u4.valid_from = "01APR26";
        u4.valid_to = "10APR26";
        u4.legs.push_back(LegText{}
                              .set(leg::airline, "4U")
                              .set(leg::flight_number, "0200")
                              .set(leg::period_to, "00XXX00")
                              .set(leg::departure, "CGN")
                              .set(leg::passenger_std, "1000")
                              .set(leg::aircraft_std, "1000")
                              .set(leg::arrival, "BER")
                              .set(leg::aircraft_sta, "1100")
                              .set(leg::passenger_sta, "1100"));
        return SsimText::records_of({xq, u4});
    }

private slots:
    void init() {
        next_store();
        // Each test starts without a store: the import creates it.
        QCOMPARE(cli({"stats"}).exit, 2);
    }

    void aMessySeasonImportsAndExportsRepaired() {
        auto path = write("messy.ssim", Mess{}.apply(messy_season()));
        auto rotations = write("rotations.csv",
                               "\xEF\xBB\xBF" "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\r\n"
                               "R1,,XQ,100,,FRA,2026-04-05,2026-04-05T04:00Z\r\n"
                               "R1,,XQ,101,,MUC,2026-04-05,\r\n"
                               "R2,,XQ,100,,FRA,2026-04-05,2026-04-05T16:00Z\r\n");
        auto r = cli({"import-ssim", path, "--rotations", rotations});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("2 records: arrival day inferred (date variation blank): lines 7 and 8"), qPrintable(r.err));
        QVERIFY2(r.err.contains("3 flight designators are used by more than one leg (lines 3 and 6): see validate"),
                 qPrintable(r.err));
        QVERIFY(r.out.contains("imported 5 flight leg records"));
        QCOMPARE(stats()["legs"].get<int>(), 7 + 3 + 7 + 7 + 10);
        // Overnight: 23:30 at MUC (+02:00) to 01:05 the next day.
        QCOMPARE(leg("XQ101/MUC/2026-04-01")["sta"].get<std::string>(), std::string("2026-04-01T23:05Z"));
        // Open-ended: to the end of its own carrier's period (4U: 10 April, UTC).
        QVERIFY(leg("4U200/CGN/2026-04-10") != nullptr);
        QVERIFY(leg("4U200/CGN/2026-04-11") == nullptr);
        QCOMPARE(leg("XQ100/FRA/2026-04-05", "2026-04-05T16:00Z")["rotation"].get<std::string>(), std::string("R2"));
        QCOMPARE(leg("XQ100/FRA/2026-04-05", "2026-04-05T04:00Z")["rotation"].get<std::string>(), std::string("R1"));
        // The import's record keeps every note.
        auto imports = cli({"imports", "--json"}).json();
        std::string notes = imports[0]["notes"].dump();
        QVERIFY2(notes.find("messy.ssim:7:194: date variation: blank; STA 0105 is before STD 2330") != std::string::npos,
                 notes.c_str());
        QVERIFY(notes.find("messy.ssim:8:194: date variation") != std::string::npos);
        // validate counts the shared designators of the one file.
        auto v = cli({"validate", "--json"});
        QCOMPARE(v.exit, 1);
        QCOMPARE(v.json()["violations"]["designator_uniqueness"].get<int>(), 3);
        QCOMPARE(v.json()["violations"]["continuity"].get<int>(), 0);

        // Export repairs the file: explicit date variations, segment data after
        // its leg, the Latin-1 byte as it was, serial numbers and trailers.
        auto out = dir_.filePath("out.ssim");
        r = cli({"export-ssim", out});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        std::string text = read_back(out);
        auto at = text.find("3 XQ 01010101J");
        QVERIFY(at != std::string::npos);
        QCOMPARE(text.substr(at + 192, 2), std::string("01"));
        QVERIFY(text.find("C12Y156 CAF\xC9") != std::string::npos);
        auto first = text.find("3 XQ 01000101J");
        QCOMPARE(text.substr(first + 201, 9), std::string("4 XQ 0100"));
        QCOMPARE(text.substr(first + 402, 9), std::string("4 XQ 0100"));
        // Imported again, it changes nothing: every shared designator pairs with its own record.
        r = cli({"import-ssim", out});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 added, 0 retimed, 0 changed, 0 cancelled, 34 unchanged"), qPrintable(r.out));
        QVERIFY2(!r.err.contains("date variation"), qPrintable(r.err));  // nothing left to infer
        auto original = leg_lines(false);
        db_ = dir_.filePath("fresh.db");
        QCOMPARE(cli({"import-ssim", out}).exit, 0);
        QVERIFY(leg_lines(false) == original);
    }

    void strictRefusesWhatTheDefaultInfers() {
        SsimText t = testing::three_flights();
        t.legs[1].set(leg::aircraft_std, "2330").set(leg::aircraft_sta, "0105").set(leg::date_variation, "  ");
        auto path = write("overnight.ssim", t.str());
        auto r = cli({"import-ssim", "--strict", path});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(path + ":8:58: aircraft STA: arrival 0105 (date variation blank) is not after departure 2330"),
                 qPrintable(r.err));
        QCOMPARE(events(), 0);
        QCOMPARE(cli({"import-ssim", "--strict", "--lenient", path}).exit, 2);
        r = cli({"import-ssim", path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains(path + ":8:194: date variation: blank; STA 0105 is before STD 2330, so the leg arrives on day +1"),
                 qPrintable(r.err));
        // A file as the manual has it is read by --strict without a word.
        r = cli({"import-ssim", "--strict", write("clean.ssim", testing::three_flights().str())});
        QVERIFY2(r.exit == 0 && r.err.isEmpty(), qPrintable(r.err));
    }

    // Two itinerary variations that share XQ100's designator: both imported,
    // validation counts them, a rotation file names each by its STD, and a
    // newer version retimes the one whose record changed.
    void sharedDesignatorsThroughReimports() {
        SsimText v1 = testing::three_flights();
        v1.legs.push_back(LegText{}
                              .set(leg::itinerary_variation, "02")
                              .set(leg::period_to, "07APR26")
                              .set(leg::aircraft_std, "1800")
                              .set(leg::aircraft_sta, "1905"));
        auto rotations = write("rot.csv",
                               "rotation,airplane,airline,flight_number,suffix,departure,day_of_origin,std\n"
                               "R1,,XQ,100,,FRA,2026-04-01,2026-04-01T16:00Z\n");
        auto r = cli({"import-ssim", write("v1.ssim", v1.str()), "--rotations", rotations});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("7 flight designators are used by more than one leg (lines 7 and 10): see validate"),
                 qPrintable(r.err));
        QCOMPARE(stats()["legs"].get<int>(), 22);
        QCOMPARE(leg("XQ100/FRA/2026-04-01", "2026-04-01T16:00Z")["rotation"].get<std::string>(), std::string("R1"));
        auto v = cli({"validate"});
        QCOMPARE(v.exit, 1);
        QVERIFY2(v.out.contains("Flight designator uniqueness (7)") && v.out.contains("XQ100/FRA/2026-04-03 names 2 legs"),
                 qPrintable(v.out));
        // On the command line the designator names both legs: refused with
        // each one's id and times, and either id names one.
        auto named = cli({"retime-leg", "XQ100/FRA/2026-04-02", "--by", "5"});
        QCOMPARE(named.exit, 1);
        QVERIFY2(named.err.contains("XQ100/FRA/2026-04-02 names 2 legs (a shared flight designator); give one leg id:") &&
                     named.err.contains("XQ100/FRA/2026-04-02 FRA-MUC 2026-04-02T16:00Z-2026-04-02T17:05Z"),
                 qPrintable(named.err));
        auto id = QString::fromStdString(leg("XQ100/FRA/2026-04-02", "2026-04-02T16:00Z")["leg_id"].get<std::string>());
        QCOMPARE(cli({"retime-leg", id, "--by", "0"}).exit, 0);
        // The second variation 30 minutes later: only its 7 legs are retimed,
        // and the one in R1 stays there.
        SsimText v2 = v1;
        v2.legs[3].set(leg::aircraft_std, "1830").set(leg::aircraft_sta, "1935");
        auto v2_path = write("v2.ssim", v2.str());
        auto dry = cli({"import-ssim", "--dry-run", v2_path});
        QVERIFY2(dry.out.contains("0 added, 7 retimed, 7 changed, 0 cancelled, 15 unchanged"), qPrintable(dry.out));
        r = cli({"import-ssim", v2_path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QCOMPARE(leg("XQ100/FRA/2026-04-01", "2026-04-01T16:30Z")["rotation"].get<std::string>(), std::string("R1"));
        QVERIFY(leg("XQ100/FRA/2026-04-01", "2026-04-01T04:00Z")["rotation"].is_null());
        QCOMPARE(stats()["legs"].get<int>(), 22);
        // The variations swap their times: each leg follows its own record
        // (itinerary variation and leg sequence first), not the nearest STD.
        SsimText v3 = v2;
        v3.legs[0].set(leg::aircraft_std, "1930").set(leg::aircraft_sta, "2035");
        v3.legs[3].set(leg::aircraft_std, "0530").set(leg::aircraft_sta, "0635");
        r = cli({"import-ssim", write("v3.ssim", v3.str())});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 added, 14 retimed"), qPrintable(r.out));
        QCOMPARE(leg("XQ100/FRA/2026-04-01", "2026-04-01T03:30Z")["rotation"].get<std::string>(), std::string("R1"));
    }

    // A Latin-1 byte in a free column crashed the import (JSON type_error.316)
    // while --dry-run counted the file's legs as changes.
    void aLatin1ByteInAFreeColumn() {
        SsimText t = testing::three_flights();
        t.legs[0].set(leg::aircraft_configuration, "C12Y156 CAF\xE9");
        auto path = write("latin1.ssim", t.str());
        for (const char* mode : {"--lenient", "--strict"}) {
            db_ = dir_.filePath(QString("latin1-%1.db").arg(mode + 2));
            auto r = cli({"import-ssim", mode, path});
            QVERIFY2(r.exit == 0, qPrintable(r.err));
            QCOMPARE(stats()["legs"].get<int>(), 15);
            auto dry = cli({"import-ssim", "--dry-run", path});
            QVERIFY2(dry.out.contains("0 added, 0 retimed, 0 changed, 0 cancelled, 15 unchanged"), qPrintable(dry.out));
        }
        auto out = dir_.filePath("latin1-out.ssim");
        QCOMPARE(cli({"export-ssim", out}).exit, 0);
        QVERIFY(read_back(out).find("C12Y156 CAF\xE9") != std::string::npos);
    }

    // The first lines of a file, without its trailer: strict refuses it; the
    // default imports what it has and cancels nothing unless told to.
    void aFileCutShort() {
        auto full = testing::three_flights();
        QCOMPARE(cli({"import-ssim", write("full.ssim", full.str())}).exit, 0);
        auto records = full.records();
        records.resize(8);  // header, padding, carrier, XQ100, XQ101: XQ200 and the trailer are gone
        auto cut = write("cut.ssim", SsimText::join(records));
        auto before = stats();
        auto r = cli({"import-ssim", "--strict", cut});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(cut + ":9:1: record type: the carrier section of line 6 has no trailer record (type 5): records may be missing"),
                 qPrintable(r.err));
        QCOMPARE(stats(), before);
        r = cli({"import-ssim", cut});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("0 cancelled, 14 unchanged, 1 not in the file but kept (the file may be incomplete: trailer record missing, line 9"),
                 qPrintable(r.out));
        QCOMPARE(stats()["legs"].get<int>(), 15);
        r = cli({"import-ssim", "--allow-cancel", cut});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY2(r.out.contains("1 cancelled, 14 unchanged"), qPrintable(r.out));
        // Nothing to import: refused, no import recorded.
        auto imports = cli({"imports", "--json"}).json().size();
        records.resize(6);  // header, padding, carrier
        r = cli({"import-ssim", "--allow-cancel", write("carrier-only.ssim", SsimText::join(records))});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("the file holds no flight leg record (type 3): nothing to import"), qPrintable(r.err));
        r = cli({"import-ssim", write("empty.ssim", "")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("empty.ssim:1:1: file: the file is empty"), qPrintable(r.err));
        QCOMPARE(cli({"imports", "--json"}).json().size(), imports);
    }

    void aReimportThatCancelsMuchAsksFirst() {
        QCOMPARE(cli({"import-ssim", write("v1.ssim", testing::three_flights().str())}).exit, 0);
        SsimText v2 = testing::three_flights();
        v2.legs.resize(1);  // only XQ100 is left: 8 of the 15 legs would go
        auto path = write("v2.ssim", v2.str());
        auto before = stats();
        auto dry = cli({"import-ssim", "--dry-run", path});
        QVERIFY2(dry.out.contains("importing it would be refused: it would cancel 8 of the 15 legs it covers (53 %"), qPrintable(dry.out));
        auto r = cli({"import-ssim", path});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains(path + ": it would cancel 8 of the 15 legs it covers (53 %; more than 20 % needs a "
                                       "confirmation): give --allow-cancel to cancel them (nothing was imported)"),
                 qPrintable(r.err));
        QCOMPARE(stats(), before);
        r = cli({"import-ssim", "--allow-cancel", path});
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(r.out.contains("0 added, 0 retimed, 0 changed, 8 cancelled, 7 unchanged"));
    }

    // 2000-2099 daily is 36,525 legs a record: a file of them is refused, saying why.
    void absurdPeriods() {
        SsimText t;
        t.valid_from = "01JAN00";
        t.valid_to = "31DEC99";
        for (int k = 0; k < 120; ++k)
            t.legs.push_back(LegText{}.set(leg::flight_number, std::to_string(1000 + k)).set(leg::period_from, "01JAN00").set(leg::period_to, "31DEC99"));
        auto r = cli({"import-ssim", write("century.ssim", t.str())});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("century.ssim:116:15: period of operation from: with this record (36525 dated legs from "
                                "01JAN00 to 31DEC99) the file schedules more than 4000000 dated legs"),
                 qPrintable(r.err));
        // A period outside its carrier's: noted, and refused by --strict.
        SsimText s = testing::three_flights();
        s.valid_to = "05APR26";
        auto path = write("outside.ssim", s.str());
        r = cli({"import-ssim", "--strict", path});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains(path + ":7:22: period of operation to: 01APR26-07APR26 runs outside the validity of its carrier record (line 6)"),
                 qPrintable(r.err));
        r = cli({"import-ssim", "--lenient", path});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.err.contains("3 records: period outside its carrier's validity: lines 7, 8 and 9"), qPrintable(r.err));
        QCOMPARE(stats()["legs"].get<int>(), 15);
    }

    // Out of memory, the import says so and writes nothing (it aborted with std::bad_alloc).
    void outOfMemory() {
        SsimText t;
        t.valid_from = "01JAN00";
        t.valid_to = "31DEC99";
        for (int k = 0; k < 100; ++k)  // 3.65 million legs: under the limit, over this process's memory
            t.legs.push_back(LegText{}.set(leg::flight_number, std::to_string(1000 + k)).set(leg::period_from, "01JAN00").set(leg::period_to, "31DEC99"));
        QProcess p;
        p.setChildProcessModifier([] {
            rlimit limit{400ul << 20, 400ul << 20};
            setrlimit(RLIMIT_AS, &limit);
        });
        p.start(ROTAPLAN_CLI, {"--db", db_, "import-ssim", write("big.ssim", t.str())});
        QVERIFY(p.waitForFinished(120000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 2);
        QString err = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(err.contains("not enough memory to import " + dir_.filePath("big.ssim") + " (nothing was imported)"), qPrintable(err));
        QCOMPARE(events(), 0);
    }

    // Lenient never loses a record silently: each one left out is listed
    // (a type 4 record with its leg), counted in the summary, and kept in the import's record.
    void lenientListsAndCountsWhatItLeavesOut() {
        SsimText t = testing::three_flights();
        t.legs[1].set(leg::departure, "M1C").segment(testing::segment_record("010", "MUC", "FRA", "X", "XQ", "0101"));
        auto r = cli({"import-ssim", "--lenient", write("lenient.ssim", t.str())});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.err.contains("skipped 2 records (left out of the import):"), qPrintable(r.err));
        QVERIFY(r.err.contains("lenient.ssim:8:37: departure station: \"M1C\""));
        QVERIFY(r.err.contains("lenient.ssim:9:1: record type: its flight leg record (line 8) was left out"));
        QVERIFY2(r.out.contains("imported 2 flight leg records from " + dir_.filePath("lenient.ssim") + " (2 skipped: listed above)"),
                 qPrintable(r.out));
        auto notes = cli({"imports", "--json"}).json()[0]["notes"].dump();
        QVERIFY2(notes.find("lenient.ssim:9:1: record type: its flight leg record (line 8) was left out (record left out)") !=
                     std::string::npos,
                 notes.c_str());
    }
};

QTEST_GUILESS_MAIN(TestCliRealFiles)
#include "tst_cli_real_files.moc"
