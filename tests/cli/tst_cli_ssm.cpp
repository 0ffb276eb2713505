// export-ssm and import-ssm as planners run them, on real stores: the changes
// since a point as messages, applied to a copy of the store as it was; the
// manual's examples of each action identifier with their effect; what is
// refused (and that nothing is then written); duplicates; the sequence
// number an export leaves for the next.
#include <QFile>
#include <QtTest>

#include "support/cli_runner.h"

using rotaplan::testing::CliRun;
using rotaplan::testing::CliSuite;

namespace {

// A version's dated legs as `legs --json` lists them, without their leg ids
// (a NEW applied elsewhere mints new ones), sorted: equal when the schedules are.
std::vector<std::string> dated_legs(const QStringList& where) {
    auto legs = rotaplan::testing::run_cli(where + QStringList{"legs", "--json"}).json();
    std::vector<std::string> lines;
    for (auto& l : legs) {
        l.erase("leg_id");
        lines.push_back(l.dump());
    }
    std::sort(lines.begin(), lines.end());
    return lines;
}

}  // namespace

class TestCliSsm : public QObject, CliSuite {
    Q_OBJECT

    // FRA and MUC on Europe/Berlin; rotation R1 with XQ100 FRA-MUC and XQ101
    // MUC-FRA on 1 to 7 April 2026 (summer time: UTC+2), XQ300 outside any rotation.
    void season() {
        ok({"set-airport", "FRA", "--mgt", "45", "--time-zone", "Europe/Berlin"});
        ok({"set-airport", "MUC", "--mgt", "40", "--time-zone", "Europe/Berlin"});
        ok({"set-airport", "HAM", "--mgt", "30", "--time-zone", "Europe/Berlin"});
        ok({"create-rotation", "R1"});
        for (int d = 1; d <= 7; ++d) {
            const QString day = QString("2026-04-0%1").arg(d);
            ok({"add-leg", "R1", "--flight", "XQ100", "--dep", "FRA", "--arr", "MUC", "--std", day + "T06:00Z", "--sta", day + "T07:05Z"});
            ok({"add-leg", "R1", "--flight", "XQ101", "--dep", "MUC", "--arr", "FRA", "--std", day + "T08:00Z", "--sta", day + "T09:05Z"});
            ok({"add-leg", "-", "--flight", "XQ300", "--dep", "FRA", "--arr", "HAM", "--std", day + "T12:00Z", "--sta", day + "T13:00Z"});
        }
    }
    nlohmann::json leg(const QString& designator) const {
        for (auto& l : cli({"legs", "--json"}).json())
            if (l["designator"] == designator.toStdString()) return l;
        return nullptr;
    }
    long count_flight(const char* flight) const {
        long n = 0;
        for (auto& l : cli({"legs", "--json"}).json()) n += l["flight"] == flight;
        return n;
    }
    std::int64_t position() const { return stats()["position"].get<std::int64_t>(); }
    CliRun apply(const std::string& text) const { return cli({"import-ssm", write("m.ssm", text), "--json"}); }
    QString copy_of_store(const QString& name) const {
        const QString copy = dir_.filePath(name);
        QFile::remove(copy);
        if (!QFile::copy(db_, copy)) qFatal("cannot copy the store");
        return copy;
    }

public:
    TestCliSsm() : CliSuite("ssm") {}

private slots:
    void init() {
        next_store();
        season();
    }

    void changes_since_a_point_turn_a_copy_into_the_store() {
        const QString before = copy_of_store("before.db");
        const auto p = QString::number(position());
        ok({"retime-leg", "XQ100/FRA/2026-04-02", "--by", "-10"});
        for (int d = 3; d <= 7; ++d) ok({"retime-leg", QString("XQ300/FRA/2026-04-0%1").arg(d), "--by", "15"});
        ok({"remove-leg", "XQ101/MUC/2026-04-05"});
        ok({"delete-leg", "XQ101/MUC/2026-04-05"});
        ok({"add-leg", "-", "--flight", "XQ900", "--dep", "HAM", "--arr", "FRA", "--std", "2026-04-04T15:00Z", "--sta", "2026-04-04T16:00Z", "--type", "E90"});
        for (const char* mode : {"LT", "UTC"}) {
            const QString out = dir_.filePath(QString("changes-%1.ssm").arg(mode));
            auto r = cli({"export-ssm", "--since", p, "--time-mode", mode, out});
            QVERIFY2(r.exit == 0, qPrintable(r.err));
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            // One TIM over the period for XQ300 (five days: a period, not five messages), the rest single dates.
            QVERIFY2(text.contains(mode == QString("LT") ? "SSM\nLT\n" : "SSM\nUTC\n"), qPrintable(text));
            QVERIFY2(text.contains("TIM\nXQ300\n03APR26 07APR26 12567\n"), qPrintable(text));  // Friday 3 to Tuesday 7 April
            QVERIFY2(text.contains("CNL\nXQ101/05APR26\n"), qPrintable(text));
            QVERIFY2(text.contains("NEW\nXQ900/04APR26\nJ E90\n"), qPrintable(text));
            const QString copy = copy_of_store(QString("copy-%1.db").arg(mode));
            QFile::remove(copy);
            QFile::copy(before, copy);
            auto applied = rotaplan::testing::run_cli({"--db", copy, "import-ssm", out, "--json"});
            QVERIFY2(applied.exit == 0, qPrintable(applied.out + applied.err));
            for (auto& m : applied.json()["messages"]) QCOMPARE(m["status"].get<std::string>(), std::string("applied"));
            QCOMPARE(dated_legs({"--db", copy}), dated_legs({"--db", db_}));
        }
    }

    void the_sequence_number_continues_in_the_next_export() {
        const auto p = QString::number(position());
        ok({"retime-leg", "XQ100/FRA/2026-04-02", "--by", "5"});
        const QString a = dir_.filePath("a.ssm"), b = dir_.filePath("b.ssm");
        ok({"export-ssm", "--since", p, a});
        ok({"export-ssm", "--since", p, b});
        QFile fa(a), fb(b);
        QVERIFY(fa.open(QIODevice::ReadOnly) && fb.open(QIODevice::ReadOnly));
        const QString ta = QString::fromUtf8(fa.readAll()), tb = QString::fromUtf8(fb.readAll());
        QVERIFY2(ta.contains(QRegularExpression("\\n\\d\\d[A-Z]{3}00001E001\\n")), qPrintable(ta));
        QVERIFY2(tb.contains(QRegularExpression("\\n\\d\\d[A-Z]{3}00002E001\\n")), qPrintable(tb));
        // On the terminal: shown, not sent; the number stays.
        auto shown = cli({"export-ssm", "--since", p});
        QCOMPARE(shown.exit, 0);
        QVERIFY2(shown.out.contains(QRegularExpression("\\n\\d\\d[A-Z]{3}00003E001\\n")), qPrintable(shown.out));
        ok({"export-ssm", "--since", p, a});
        QVERIFY(fa.seek(0) || true);
        QFile again(a);
        QVERIFY(again.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(again.readAll()).contains("00003E001"));
    }

    // Main as it is to a scenario as it is: the messages, applied to a copy of
    // main, make its dated legs the scenario's.
    void main_to_a_scenario_turns_a_copy_of_main_into_the_scenario() {
        const QString main_before = copy_of_store("main.db");
        ok({"scenario", "create", "summer"});
        const auto forked = QString::number(position());
        auto in_summer = [&](QStringList args) { ok(QStringList{"--scenario", "summer"} + args); };
        in_summer({"retime-leg", "XQ100/FRA/2026-04-02", "--by", "-10"});
        for (int d = 3; d <= 7; ++d) in_summer({"retime-leg", QString("XQ300/FRA/2026-04-0%1").arg(d), "--by", "15"});
        in_summer({"remove-leg", "XQ101/MUC/2026-04-05"});
        in_summer({"delete-leg", "XQ101/MUC/2026-04-05"});
        in_summer({"add-leg", "-", "--flight", "XQ900", "--dep", "HAM", "--arr", "FRA", "--std", "2026-04-04T15:00Z", "--sta",
                   "2026-04-04T16:00Z", "--type", "E90"});
        const auto summer = dated_legs({"--db", db_, "--scenario", "summer"});
        QVERIFY(summer != dated_legs({"--db", db_}));  // main is left as it was
        for (const char* mode : {"LT", "UTC"}) {
            const QString out = dir_.filePath(QString("summer-%1.ssm").arg(mode));
            auto r = cli({"export-ssm", "--since", "main", "--until", "scenario:summer", "--time-mode", mode, out});
            QVERIFY2(r.exit == 0, qPrintable(r.err));
            QVERIFY2(r.out.contains("main (event " + forked + ") to scenario summer"), qPrintable(r.out));
            QFile f(out);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QString text = QString::fromUtf8(f.readAll());
            QVERIFY2(text.contains("TIM\nXQ300\n03APR26 07APR26 12567\n"), qPrintable(text));
            QVERIFY2(text.contains("CNL\nXQ101/05APR26\n"), qPrintable(text));
            QVERIFY2(text.contains("NEW\nXQ900/04APR26\nJ E90\n"), qPrintable(text));
            const QString copy = dir_.filePath(QString("main-copy-%1.db").arg(mode));
            QFile::remove(copy);
            QVERIFY(QFile::copy(main_before, copy));
            auto applied = rotaplan::testing::run_cli({"--db", copy, "import-ssm", out, "--json"});
            QVERIFY2(applied.exit == 0, qPrintable(applied.out + applied.err));
            QCOMPARE(dated_legs({"--db", copy}), summer);
        }
        // The sequence continues across versions: two files written above, the third export is group 3.
        auto shown = cli({"export-ssm", "--since", "main", "--until", "scenario:summer"});
        QVERIFY2(shown.out.contains(QRegularExpression("\\n\\d\\d[A-Z]{3}00003[CE]001\\n")), qPrintable(shown.out));
        // The other way: what turns the scenario back into main (the cancelled date reinstated).
        auto back = cli({"export-ssm", "--since", "scenario:summer", "--until", "main", "--time-mode", "UTC"});
        QVERIFY2(back.exit == 0, qPrintable(back.err));
        QVERIFY2(back.out.contains("RIN\nXQ101/05APR26\n"), qPrintable(back.out));
        QVERIFY2(back.out.contains("CNL\nXQ900/04APR26\n"), qPrintable(back.out));
        // The scenario as of its fork is main: nothing to send.
        auto at_fork = cli({"export-ssm", "--since", "main", "--until", "scenario:summer@" + forked});
        QCOMPARE(at_fork.exit, 0);
        QVERIFY2(at_fork.err.contains("no change to send"), qPrintable(at_fork.err));
        // Two points of the scenario (the global --scenario): only its edits since the fork.
        auto own = cli({"--scenario", "summer", "export-ssm", "--since", forked});
        QVERIFY2(own.exit == 0 && own.out.contains("NEW\nXQ900/04APR26\n"), qPrintable(own.err));
        QCOMPARE(own.out.count("\nTIM\n") + own.out.count("\nCNL\n"), shown.out.count("\nTIM\n") + shown.out.count("\nCNL\n"));
    }

    void points_and_a_scenario_that_is_not_there() {
        auto r = cli({"export-ssm", "--since", "main", "--until", "scenario:winter"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("no scenario named \"winter\"") && r.err.contains("--until"), qPrintable(r.err));
        ok({"scenario", "create", "summer"});
        r = cli({"export-ssm", "--since", "scenario:winter@3"});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("the scenarios are main, summer"), qPrintable(r.err));
        r = cli({"export-ssm", "--since", "scenario:summer@"});
        QCOMPARE(r.exit, 2);
        r = cli({"export-ssm", "--since", "scenario:summer@yesterday"});
        QCOMPARE(r.exit, 2);
        r = cli({"export-ssm"});
        QCOMPARE(r.exit, 2);
        r = cli({"export-ssm", "--since", "0", "--time-mode", "XX"});
        QCOMPARE(r.exit, 2);
        // From the empty schedule: every flight as NEW, a period each.
        r = cli({"export-ssm", "--since", "0", "--time-mode", "UTC"});
        QCOMPARE(r.exit, 0);
        QVERIFY2(r.out.contains("NEW\nXQ100\n01APR26 07APR26 1234567\nJ 320\nFRA0600 MUC0705\n"), qPrintable(r.out));
        QVERIFY2(r.out.contains("NEW\nXQ300\n01APR26 07APR26 1234567\nJ 320\nFRA1200 HAM1300\n"), qPrintable(r.out));
        // In local time: the times on Berlin's summer clock, with their UTC variation.
        r = cli({"export-ssm", "--since", "0"});
        QVERIFY2(r.out.contains("FRA0800+0200 MUC0905+0200"), qPrintable(r.out));
    }

    // The manual's examples, one per action identifier, and what each does to the store.
    void new_over_a_period() {
        auto r = apply("SSM\nLT\n07DEC00001E001\nNEW\nXQ700\n01APR26 07APR26 135\nJ 321\nFRA1000+0200 HAM1110+0200\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QCOMPARE(count_flight("XQ700"), 3L);  // Wednesday 1, Friday 3, Monday 6 April
        auto l = leg("XQ700/FRA/2026-04-03");
        QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-03T08:00Z"));
        QCOMPARE(l["aircraft_type"].get<std::string>(), std::string("321"));
        QVERIFY(l["rotation"].is_null());
    }
    void cnl_takes_a_leg_out_of_its_rotation() {
        auto r = apply("ASM\nUTC\nCNL\nXQ100/03APR26\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QVERIFY(leg("XQ100/FRA/2026-04-03").is_null());
        QCOMPARE(count_flight("XQ100"), 6L);
        QCOMPARE(cli({"legs", "--rotation", "R1", "--json"}).json().size(), std::size_t(13));
    }
    void tim_over_a_period() {
        auto r = apply("SSM\nUTC\nTIM\nXQ300\n01APR26 07APR26 67\nFRA1230 HAM1330\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QCOMPARE(leg("XQ300/FRA/2026-04-04")["std"].get<std::string>(), std::string("2026-04-04T12:30Z"));
        QCOMPARE(leg("XQ300/FRA/2026-04-05")["std"].get<std::string>(), std::string("2026-04-05T12:30Z"));
        QCOMPARE(leg("XQ300/FRA/2026-04-03")["std"].get<std::string>(), std::string("2026-04-03T12:00Z"));
        QCOMPARE(r.json()["legs"]["retimed"].get<int>(), 2);
    }
    void tim_that_overlaps_in_a_rotation_is_refused_naming_both_legs() {
        auto r = apply("ASM\nUTC\n07DEC00001E001\nTIM\nXQ100/02APR26\nFRA0700 MUC0815\n");
        QCOMPARE(r.exit, 1);
        auto j = r.json();
        QCOMPARE(j["ok"].get<bool>(), false);
        const std::string reason = j["messages"][0]["reason"];
        QCOMPARE(j["messages"][0]["status"].get<std::string>(), std::string("refused"));
        QVERIFY2(reason.find("XQ100/FRA/2026-04-02") != std::string::npos && reason.find("XQ101/MUC/2026-04-02") != std::string::npos,
                 reason.c_str());
        QVERIFY2(reason.find("m.ssm:4:1: TIM: leg ") != std::string::npos, reason.c_str());
        QCOMPARE(leg("XQ100/FRA/2026-04-02")["std"].get<std::string>(), std::string("2026-04-02T06:00Z"));
    }
    void eqt_changes_the_type() {
        auto r = apply("ASM\nUTC\nEQT\nXQ300/02APR26\nY 32N\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QCOMPARE(leg("XQ300/FRA/2026-04-02")["aircraft_type"].get<std::string>(), std::string("32N"));
        QCOMPARE(leg("XQ300/FRA/2026-04-02")["service_type"].get<std::string>(), std::string("Y"));
        QCOMPARE(leg("XQ300/FRA/2026-04-03")["aircraft_type"].get<std::string>(), std::string("320"));
    }
    void rpl_replaces_the_routing() {
        auto r = apply("SSM\nUTC\nRPL\nXQ300\n06APR26 07APR26 12\nJ 320\nFRA1200 MUC1300\nMUC1400 HAM1500\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QCOMPARE(leg("XQ300/FRA/2026-04-06")["arrival"].get<std::string>(), std::string("MUC"));
        QCOMPARE(leg("XQ300/MUC/2026-04-07")["arrival"].get<std::string>(), std::string("HAM"));
        QCOMPARE(count_flight("XQ300"), 9L);
    }
    void flt_renames_and_keeps_the_rotation() {
        auto r = apply("ASM\nUTC\nFLT\nXQ100/04APR26 XQ110/04APR26\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QVERIFY(leg("XQ100/FRA/2026-04-04").is_null());
        auto l = leg("XQ110/FRA/2026-04-04");
        QCOMPARE(l["rotation"].get<std::string>(), std::string("R1"));
        QCOMPARE(l["std"].get<std::string>(), std::string("2026-04-04T06:00Z"));
    }
    void rin_reinstates_a_cancelled_date() {
        QCOMPARE(apply("ASM\nUTC\nCNL\nXQ300/05APR26\n").exit, 0);
        QVERIFY(leg("XQ300/FRA/2026-04-05").is_null());
        auto r = apply("ASM\nUTC\nRIN\nXQ300/05APR26\n");
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QCOMPARE(leg("XQ300/FRA/2026-04-05")["std"].get<std::string>(), std::string("2026-04-05T12:00Z"));
    }

    void a_message_applied_before_is_not_applied_again() {
        const std::string text = "ASM\nUTC\n07DEC00042E001\nTIM\nXQ300/02APR26\nFRA1210 HAM1310\n";
        QCOMPARE(apply(text).exit, 0);
        ok({"retime-leg", "XQ300/FRA/2026-04-02", "--by", "20"});
        auto r = apply(text);
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.json()["messages"][0]["status"].get<std::string>(), std::string("duplicate"));
        QCOMPARE(leg("XQ300/FRA/2026-04-02")["std"].get<std::string>(), std::string("2026-04-02T12:30Z"));
        // Twice in one file: the second is the duplicate.
        r = apply("ASM\nUTC\n07DEC00043E001\nCNL\nXQ300/03APR26\n\nASM\nUTC\n07DEC00043E001\nCNL\nXQ300/03APR26\n");
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.json()["messages"][1]["status"].get<std::string>(), std::string("duplicate"));
    }

    void unsupported_identifiers_are_refused_and_nothing_is_applied() {
        auto r = apply("ASM\nUTC\nCNL\nXQ300/02APR26\n\nSSM\nUTC\nADM\nXQ300\n01APR26 07APR26 1234567\n7/M\n");
        QCOMPARE(r.exit, 1);
        auto j = r.json();
        QCOMPARE(j["messages"][0]["status"].get<std::string>(), std::string("not applied"));
        QCOMPARE(j["messages"][1]["status"].get<std::string>(), std::string("refused"));
        QVERIFY2(j["messages"][1]["reason"].get<std::string>().find("ADM changes data elements only") != std::string::npos,
                 j.dump().c_str());
        QVERIFY(!leg("XQ300/FRA/2026-04-02").is_null());  // the CNL before it was rolled back with the file
        r = cli({"import-ssm", write("skd.ssm", "SSM\nUTC\nSKD\nXQ300\n01APR26 07APR26 1234567\n")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("SKD"), qPrintable(r.err));
    }
    void a_bad_message_names_file_line_column_element_and_value() {
        const auto before = leg_lines();
        auto r = cli({"import-ssm", write("bad.ssm", "ASM\nUTC\nCNL\nXQ300/02APR26\n\nSSM\nLT\nTIM\nXQ100\n01APR26 07APR26 1234567\nFRA0600 MUC2405\n")});
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("bad.ssm:11:12: aircraft STA: \"2405\": a time is 0000 to 2359"), qPrintable(r.err));
        QCOMPARE(leg_lines(), before);
        r = cli({"import-ssm", write("none.ssm", "ASM\nUTC\nTIM\nXQ999/02APR26\nFRA0600 MUC0700\n")});
        QCOMPARE(r.exit, 1);
        QVERIFY2(r.err.contains("none.ssm:3:1: TIM: flight XQ999 does not operate on 02APR26"), qPrintable(r.err));
    }
    void dry_run_writes_nothing() {
        const auto before = leg_lines();
        auto r = cli({"import-ssm", write("d.ssm", "ASM\nUTC\n07DEC00050E001\nCNL\nXQ300/02APR26\n"), "--dry-run", "--json"});
        QCOMPARE(r.exit, 0);
        QCOMPARE(r.json()["messages"][0]["status"].get<std::string>(), std::string("would apply"));
        QCOMPARE(leg_lines(), before);
        // ... and did not remember the reference either.
        QCOMPARE(apply("ASM\nUTC\n07DEC00050E001\nCNL\nXQ300/02APR26\n").json()["messages"][0]["status"].get<std::string>(), std::string("applied"));
    }
};

QTEST_GUILESS_MAIN(TestCliSsm)
#include "tst_cli_ssm.moc"
