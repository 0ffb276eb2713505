// The desktop program's own arguments, judged before a window or a store
// exists: bytes that are not UTF-8 text (Qt would make them U+FFFD and a
// planner's name would be stored with it) and planner names the colleagues'
// desktops and the server would refuse. Each is exit 2, a message naming the
// argument, and no database created.
#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QFileInfo>
#include <QtTest>

class TestDesktopArguments : public QObject {
    Q_OBJECT

    struct Run {
        int exit = -1;
        QString err;
    };
    // The desktop through sh, so an argument can hold any byte printf makes.
    Run desktop(const QString& script, const QString& db) {
        QProcess p;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("HOME", home_.path());
        env.insert("XDG_CONFIG_HOME", home_.filePath("config"));
        env.insert("XDG_DATA_HOME", home_.filePath("data"));
        p.setProcessEnvironment(env);
        p.start("sh", {"-c", script, ROTAPLAN_GUI, db, home_.filePath("shot.png")});
        if (!p.waitForFinished(60000)) p.kill();
        return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardError())};
    }

    QTemporaryDir home_;

private slots:
    void anArgumentThatIsNotUtf8IsRefusedBeforeAnythingOpens() {
        const QString db = home_.filePath("latin1.db");
        auto r = desktop("exec \"$0\" --db \"$1\" --planner \"$(printf 'M\\374ller')\" --screenshot \"$2\"", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("argument 4 (\"M\\xFCller\") is not valid UTF-8 text"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(db));
        r = desktop("exec \"$0\" --db \"$1$(printf '\\351')\" --screenshot \"$2\"", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("argument 2"), qPrintable(r.err));
    }

    void aPlannerNameTheServerWouldRefuseIsRefusedHere() {
        const QString db = home_.filePath("long.db");
        auto r = desktop("exec \"$0\" --db \"$1\" --planner \"$(printf '%0129d' 0)\" --screenshot \"$2\"", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--planner has 129 bytes, more than 128"), qPrintable(r.err));
        QVERIFY(!QFileInfo::exists(db));
    }

    // The same program with good arguments opens the store and renders: the
    // refusals above are the arguments', not a desktop that cannot start.
    void goodArgumentsOpenTheSchedule() {
        const QString db = home_.filePath("good.db");
        auto r = desktop("exec \"$0\" --db \"$1\" --planner \"$(printf 'M\\303\\274ller')\" --screenshot \"$2\"", db);
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(QFileInfo::exists(db));
        QVERIFY(QFileInfo(home_.filePath("shot.png")).size() > 0);
    }

    // --scenario opens the window on a scenario (ROTAPLAN_SCENARIO too); an
    // unknown name is refused naming the known ones, like rotaplan-cli's.
    void aScenarioNamedOpensOrIsRefusedByName() {
        const QString db = home_.filePath("scenario.db");
        auto r = desktop("exec \"$0\" --db \"$1\" --scenario June --screenshot \"$2\"", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--scenario June: ") && r.err.contains("no scenario named \"June\""), qPrintable(r.err));
        QProcess cli;
        cli.start(ROTAPLAN_CLI, {"--db", db, "scenario", "create", "June"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        QFile::remove(home_.filePath("shot.png"));
        r = desktop("exec \"$0\" --db \"$1\" --scenario June --screenshot \"$2\"", db);
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QVERIFY(QFileInfo(home_.filePath("shot.png")).size() > 0);
        r = desktop("ROTAPLAN_SCENARIO=Nope exec \"$0\" --db \"$1\" --screenshot \"$2\"", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("the scenarios are main, June"), qPrintable(r.err));
    }

    // --show brings a panel to the front of the picture and --palette dark
    // darkens it; a panel or palette that does not exist is refused by name.
    void aScreenshotShowsThePanelAsked() {
        const QString db = home_.filePath("panels.db");
        auto r = desktop("exec \"$0\" --db \"$1\" --screenshot \"$2\" --show station --palette dark", db);
        QVERIFY2(r.exit == 0, qPrintable(r.err));
        QImage shot(home_.filePath("shot.png"));
        QVERIFY(!shot.isNull());
        // The dark palette: the window's corner (the status bar) is dark.
        QVERIFY2(shot.pixelColor(shot.width() - 3, shot.height() - 3).lightness() < 100,
                 qPrintable(shot.pixelColor(shot.width() - 3, shot.height() - 3).name()));
        r = desktop("exec \"$0\" --db \"$1\" --screenshot \"$2\" --show gantt", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--show gantt: no such panel"), qPrintable(r.err));
        r = desktop("exec \"$0\" --db \"$1\" --screenshot \"$2\" --palette night", db);
        QCOMPARE(r.exit, 2);
        QVERIFY2(r.err.contains("--palette is light or dark"), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(TestDesktopArguments)
#include "tst_desktop_arguments.moc"
