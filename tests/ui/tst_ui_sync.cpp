// Background sync in the desktop planner, against the real rotaplan-server:
// two windows on two schedule databases, as two planners' desktops.
//
//   window A (anna) ──Session──> StoreWorker ──SyncService──> rotaplan-server <──SyncService── window B (marc)
//
// (a) a change in A reaches B's view and leg table by itself; B is online, 0 pending
// (b) no server: offline, the change pending; the server starts: pushed by itself (backoff resume)
// (c) A changes a rotation offline that B deletes: a conflict, listed in A's dialog; Drop removes it
// (d) the first sync of a schedule made under the default name binds it to the token's planner, and
//     the window's planner name follows; two desktops at the same default name each bind to their own
// (e) changes made under a name the planner gave wait for their answer to "whose are these?"
// (f) a push the server refuses becomes a conflict; the planner's other changes and colleagues' keep flowing
// (g) both desktops and the CLI edit one scenario, each showing it: all three converge, main untouched
//     (on the SQLite log and on the Kafka log, librdkafka's mock cluster in this process)
//
// ROTAPLAN_SYNC_BACKOFF_MS=100 keeps the retries quick; every wait is a QTRY_ with room to spare.
#include <QMessageBox>
#include <QProcess>
#include <QPushButton>
#include <QTableWidget>

#include <nlohmann/json.hpp>
#include <QTcpServer>

#include "../sync/contract_proxy.h"
#include "../sync/kafka_mock.h"
#include "../sync/server_process.h"
#include "storage/open_store.h"
#include "storage/schedule_store.h"
#include "ui/commands/leg_changes.h"
#include "ui/commands/undo.h"
#include "ui/main_window.h"
#include "ui/sync/sync_service.h"
#include "ui/widgets/conflicts_dialog.h"
#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;
using State = ui::SyncStatus::State;

namespace {

constexpr int kWait = 20000;

// A port nothing listens on (for now): "the server is down", or where it will start.
quint16 free_port() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

QString server_url(quint16 port) { return QString("http://127.0.0.1:%1").arg(port); }

storage::CommandContext named(const char* planner) {
    auto context = storage::default_context();
    context.planner = planner;
    return context;
}

// One planner's desktop: a session and its window on a schedule database.
struct Desk {
    std::unique_ptr<ui::Session> session;
    std::unique_ptr<ui::MainWindow> window;

    Desk(const QString& path, const char* planner) : Desk(path, named(planner)) {}
    // With a context as the desktop's main() makes it (a guessed name is provisional).
    Desk(const QString& path, const storage::CommandContext& context) {
        session = std::make_unique<ui::Session>(path, context);
        window = std::make_unique<ui::MainWindow>(*session);
        window->resize(1000, 600);
        window->show();
    }
    ~Desk() {
        window.reset();
        session.reset();  // stops the sync thread, then the worker
    }
    const ui::SyncStatus& sync() const { return window->sync().status(); }
    QString status_text() const { return window->sync_label().text(); }
    std::optional<RotationId> rotation_of(LegId leg) const {
        auto* row = session->view().leg(leg);
        return row ? row->rotation : std::nullopt;
    }
};

// The fixture schedule, decided by anna (every event pushed must name the token's planner).
void make_annas_schedule(const QString& path) {
    QByteArray before = qgetenv("ROTAPLAN_PLANNER");
    qputenv("ROTAPLAN_PLANNER", "anna");
    make_small_schedule(path.toStdString());
    qputenv("ROTAPLAN_PLANNER", before);
}

// A newcomer's context: no ROTAPLAN_PLANNER, no login name, so the name is the default "planner", a guess.
storage::CommandContext default_named() {
    QByteArray planner = qgetenv("ROTAPLAN_PLANNER"), user = qgetenv("USER");
    qunsetenv("ROTAPLAN_PLANNER");
    qunsetenv("USER");
    auto context = storage::default_context();
    if (!planner.isNull()) qputenv("ROTAPLAN_PLANNER", planner);
    if (!user.isNull()) qputenv("USER", user);
    return context;
}

// The fixture schedule, made by a newcomer who left the planner's name at its default.
void make_default_named_schedule(const QString& path) {
    QByteArray planner = qgetenv("ROTAPLAN_PLANNER"), user = qgetenv("USER");
    qunsetenv("ROTAPLAN_PLANNER");
    qunsetenv("USER");
    make_small_schedule(path.toStdString());
    if (!planner.isNull()) qputenv("ROTAPLAN_PLANNER", planner);
    if (!user.isNull()) qputenv("USER", user);
}

// Each event's planner and the name it was made under ("alice/planner"), distinct, sorted.
QStringList planners_in(const QString& path) {
    auto db = storage::open_store(path.toStdString(), true);
    auto q = db.prepare("SELECT DISTINCT json_extract(metadata, '$.planner') || '/' || "
                        "coalesce(json_extract(metadata, '$.local_planner'), '') FROM events ORDER BY 1");
    QStringList out;
    while (q.step()) out << QString::fromStdString(q.str(0));
    return out;
}

ServerProcessOptions alice_and_bob() {
    ServerProcessOptions o;
    o.tokens = "tok-a alice Alice Martin\ntok-b bob Bob Kowalski\n";
    return o;
}

// Two planners' desktops on one server, fresh for each test function that uses them:
// Anna's on her schedule (through a ContractProxy in front of the server, when
// asked), Marc's a new desktop whose empty database catches up from the server.
//
//   TwoDesks desks;
//   QVERIFY2(desks.begin(db("x-a"), db("x-b")), qPrintable(desks.error()));
//   auto& a = *desks.a; auto& b = *desks.b;
struct TwoDesks {
    std::unique_ptr<MockKafka> kafka;  // on_kafka: the server's shared log, brokers in this process
    ServerProcess server;
    std::unique_ptr<ContractProxy> proxy;  // destroyed after the desks, as the server is
    std::optional<Desk> a, b;

    explicit TwoDesks(bool on_kafka = false)
        : kafka(on_kafka ? std::make_unique<MockKafka>(3) : nullptr), server(options_for(kafka.get())) {}
    static ServerProcessOptions options_for(MockKafka* kafka) {
        ServerProcessOptions o;
        if (!kafka) return o;
        kafka->create_topic("rotaplan", 1);
        o.extra_args << "--kafka" << QString::fromStdString(kafka->bootstraps()) << "--topic" << "rotaplan";
        return o;
    }

    // False when the server would not start (error() says why).
    bool begin(const QString& a_path, const QString& b_path, bool anna_through_proxy = false) {
        if (!server.start()) return false;
        if (anna_through_proxy) proxy = std::make_unique<ContractProxy>(server.port());
        make_annas_schedule(a_path);
        a.emplace(a_path, "anna");
        b.emplace(b_path, "marc");
        a->window->sync().configure({proxy ? proxy->url() : server_url(server.port()), kAnnaToken});
        b->window->sync().configure({server_url(server.port()), kMarcToken});
        return true;
    }
    QString error() const { return server.error(); }
};

}  // namespace

class TestUiSync : public QObject {
    Q_OBJECT
    StoreFolder dir_;
    QString db(const char* name) { return dir_.next_store(name); }

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        qputenv("ROTAPLAN_SYNC_BACKOFF_MS", "100");
        QCOMPARE(ui::SyncService::backoff(0, std::chrono::milliseconds(1000)).count(), 1000);
        QCOMPARE(ui::SyncService::backoff(3, std::chrono::milliseconds(1000)).count(), 8000);
        QCOMPARE(ui::SyncService::backoff(40, std::chrono::milliseconds(1000)).count(), 60000);
    }

    void notConfiguredIsNotSyncing() {
        QString path = db("alone");
        make_annas_schedule(path);
        Desk a(path, "anna");
        QVERIFY(wait_open(*a.session));
        QCOMPARE(a.sync().state, State::NotSyncing);
        QCOMPARE(a.status_text(), QString("not syncing"));
    }

    // A wrong token: refused, and not retried until the settings change; the right one then syncs.
    void refusedTokenWaitsForNewSettings() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QString path = db("refused");
        make_annas_schedule(path);
        Desk a(path, "anna");
        a.window->sync().configure({server_url(server.port()), "not-a-token"});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Refused, kWait);
        QVERIFY2(a.status_text().startsWith("refused"), qPrintable(a.status_text()));
        QVERIFY(a.sync().pending > 0);
        a.window->sync().configure({server_url(server.port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Online, kWait);
    }

    // Closing the window while a call to the server hangs: the sync thread is
    // interrupted and stopped, the window closes (a deadlock would hang here).
    void closingWhileACallHangs() {
        QTcpServer silent;  // accepts connections, never answers
        QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
        QString path = db("hang");
        make_annas_schedule(path);
        auto a = std::make_unique<Desk>(path, "anna");
        QVERIFY(wait_open(*a->session));
        a->window->sync().configure({server_url(silent.serverPort()), kAnnaToken});
        QTRY_VERIFY_WITH_TIMEOUT(silent.hasPendingConnections(), kWait);  // the session check is in flight
        QCOMPARE(a->sync().state, State::Connecting);
        a.reset();
    }

    // (a) A's change appears in B's window; B says online, 0 pending.
    void changeInOneWindowAppearsInTheOther() {
        TwoDesks desks;
        QVERIFY2(desks.begin(db("a"), db("b")), qPrintable(desks.error()));
        auto& a = *desks.a;
        auto& b = *desks.b;
        QVERIFY(wait_open(*a.session));

        // B caught up with the whole schedule A pushed.
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().leg(kXQ300) != nullptr, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QCOMPARE(b.session->view().rotations().size(), std::size_t(2));
        QCOMPARE(b.rotation_of(kXQ300), std::optional<RotationId>());

        // Anna moves XQ300 into R2 the way the chart's drag does.
        ui::move_legs(*a.session, {kXQ300}, kR2);
        QTRY_COMPARE_WITH_TIMEOUT(b.rotation_of(kXQ300), std::optional<RotationId>(kR2), kWait);
        // The leg table says so too, and the validation panel sees the short turn at MUC.
        auto& model = b.window->leg_model();
        int row = model.row_of(kXQ300);
        QVERIFY(row >= 0);
        QTRY_COMPARE_WITH_TIMEOUT(model.data(model.index(row, ui::LegTableModel::Rotation)).toString(), QString("R2"), kWait);
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().in_violation(kXQ300), kWait);

        QTRY_COMPARE_WITH_TIMEOUT(b.sync().state, State::Online, kWait);
        QTRY_VERIFY2_WITH_TIMEOUT(b.status_text().startsWith("online · 0 pending"), qPrintable(b.status_text()), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QVERIFY2(a.status_text().contains("synced"), qPrintable(a.status_text()));
        QCOMPARE(b.sync().planner, QString("marc"));

        // And back: Marc's change reaches Anna.
        ui::move_legs(*b.session, {kXQ300}, std::nullopt);
        QTRY_COMPARE_WITH_TIMEOUT(a.rotation_of(kXQ300), std::optional<RotationId>(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().pending, qint64(0), kWait);
    }

    // (g) Anna makes June; Marc's desktop sees it and opens it; a third
    // machine edits it from the CLI. Anna and Marc edit R1 in June at the same
    // time (the second push meets the first: a replay in June), the CLI
    // retimes XQ200. Every desktop ends showing the same June; main is untouched.
    void twoDesktopsAndTheCliEditOneScenarioAndConverge_data() {
        QTest::addColumn<bool>("on_kafka");
        QTest::newRow("SQLite log") << false;
        QTest::newRow("Kafka log") << true;
    }
    void twoDesktopsAndTheCliEditOneScenarioAndConverge() {
        QFETCH(bool, on_kafka);
        TwoDesks desks(on_kafka);
        const QString b_path = db(on_kafka ? "gkb" : "gb");
        QVERIFY2(desks.begin(db(on_kafka ? "gka" : "ga"), b_path), qPrintable(desks.error()));
        auto& a = *desks.a;
        auto& b = *desks.b;
        QVERIFY(wait_open(*a.session));
        bool made = false;
        a.session->create_scenario("June", "main", 0, {}, [&](bool ok, QString, QStringList) { made = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(made, kWait);
        auto knows_june = [](Desk& d) {
            d.session->load_scenarios();
            for (const auto& s : d.session->scenarios())
                if (s.name == "June") return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(knows_june(b), kWait);
        a.session->open_version("June");
        b.session->open_version("June");
        QTRY_COMPARE_WITH_TIMEOUT(a.session->version(), QString("June"), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.session->version(), QString("June"), kWait);
        auto std_of = [](Desk& d, LegId id) {
            auto* row = d.session->view().leg(id);
            return row ? format_instant(row->leg.std_utc) : std::string("none");
        };

        // The CLI's machine: a new store that catches up, then edits June.
        QString cli_db = db(on_kafka ? "gkc" : "gc");
        auto cli = [&](const QStringList& args) {
            QProcess p;
            p.start(ROTAPLAN_CLI, QStringList{"--db", cli_db} + args);
            p.waitForFinished(60000);
            return p.exitCode() == 0 ? QString() : QString::fromUtf8(p.readAllStandardError());
        };
        const QStringList sync{"sync", "--server", server_url(desks.server.port()), "--token", kMarcToken};
        QCOMPARE(cli(sync), QString());
        QCOMPARE(cli({"--scenario", "June", "retime-leg", "XQ200/FRA/2026-04-01", "--by", "15"}), QString());

        // Marc offline edits R1 in June while Anna's edit of R1 reaches the server.
        b.window->sync().configure({server_url(free_port()), kMarcToken});
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().state, State::Offline, kWait);
        ui::retime_legs(*b.session, {kXQ101}, 10);
        ui::retime_legs(*a.session, {kXQ100}, 30);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QCOMPARE(cli(sync), QString());
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().pending, qint64(1), kWait);
        b.window->sync().configure({server_url(desks.server.port()), kMarcToken});

        for (Desk* d : {&a, &b}) {
            QTRY_COMPARE_WITH_TIMEOUT(std_of(*d, kXQ100), std::string("2026-04-01T06:30Z"), kWait);
            QTRY_COMPARE_WITH_TIMEOUT(std_of(*d, kXQ101), std::string("2026-04-01T07:50Z"), kWait);
            QTRY_COMPARE_WITH_TIMEOUT(std_of(*d, kXQ200), std::string("2026-04-01T10:15Z"), kWait);
            QTRY_COMPARE_WITH_TIMEOUT(d->sync().pending, qint64(0), kWait);
            QCOMPARE(d->sync().conflicts, qint64(0));
        }
        // Marc's edit met Anna's: it was taken back and decided again in June.
        QVERIFY(storage::open_store(b_path.toStdString(), true)
                    .scalar("SELECT count(*) FROM sync_withdrawn_events WHERE stream LIKE 'scenario/%'") > 0);
        // The CLI catches up with both desktops' edits.
        QTRY_COMPARE_WITH_TIMEOUT(cli(sync), QString(), kWait);
        QProcess legs;
        legs.start(ROTAPLAN_CLI, {"--db", cli_db, "--scenario", "June", "legs", "--json"});
        legs.waitForFinished(60000);
        auto json = nlohmann::json::parse(legs.readAllStandardOutput().toStdString());
        std::map<std::string, std::string> june;
        for (const auto& l : json) june[l["designator"].get<std::string>()] = l["std"].get<std::string>();
        QCOMPARE(june["XQ100/FRA/2026-04-01"], std::string("2026-04-01T06:30Z"));
        QCOMPARE(june["XQ101/MUC/2026-04-01"], std::string("2026-04-01T07:50Z"));
        QCOMPARE(june["XQ200/FRA/2026-04-01"], std::string("2026-04-01T10:15Z"));
        // Main is as it was, in Marc's window.
        b.session->open_version("main");
        QTRY_COMPARE_WITH_TIMEOUT(b.session->version(), QString(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(std_of(b, kXQ100), std::string("2026-04-01T06:00Z"), kWait);
        QCOMPARE(std_of(b, kXQ200), std::string("2026-04-01T10:00Z"));
    }

    // (b) Offline, the edit stays pending; when the server comes up it is pushed without the planner asking.
    void offlineChangesArePushedWhenTheServerIsBack() {
        quint16 port = free_port();
        ServerProcessOptions options;
        options.extra_args = {"--listen", QString("127.0.0.1:%1").arg(port)};  // the last --listen wins
        ServerProcess server(options);
        QString path = db("offline");
        make_annas_schedule(path);
        Desk a(path, "anna");
        a.window->sync().configure({server_url(port), kAnnaToken});
        QVERIFY(wait_open(*a.session));

        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Offline, kWait);
        QTRY_VERIFY_WITH_TIMEOUT(a.sync().pending > 0, kWait);  // the fixture's commands, never pushed
        qint64 before = a.sync().pending;
        QVERIFY2(a.status_text().startsWith("offline"), qPrintable(a.status_text()));

        ui::move_legs(*a.session, {kXQ300}, kR2);
        QVERIFY(wait_idle(*a.session));
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, before + 1, kWait);
        QTRY_VERIFY2_WITH_TIMEOUT(a.status_text().contains(QString("%1 pending").arg(before + 1)),
                                  qPrintable(a.status_text()), kWait);
        QCOMPARE(a.sync().state, State::Offline);

        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(server.port(), port);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Online, kWait);
        QTRY_VERIFY2_WITH_TIMEOUT(a.status_text().startsWith("online · 0 pending"), qPrintable(a.status_text()), kWait);
    }

    // (c) Anna, offline, adds XQ300 to R2; Marc deletes R2 meanwhile. Anna's
    // change no longer applies: listed in her conflicts dialog, and dropped there.
    void conflictIsListedAndDropped() {
        TwoDesks desks;
        QVERIFY2(desks.begin(db("ca"), db("cb")), qPrintable(desks.error()));
        auto& a = *desks.a;
        auto& b = *desks.b;
        auto& server = desks.server;
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().leg(kXQ300) != nullptr, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);

        // Anna goes offline (a server that is not there) and moves XQ300 into R2.
        a.window->sync().configure({server_url(free_port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Offline, kWait);
        ui::move_legs(*a.session, {kXQ300}, kR2);
        QVERIFY(wait_idle(*a.session));
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(1), kWait);
        QCOMPARE(ui::undo_stack(*a.session).count(), 1);

        // Marc deletes R2; it reaches the server at once.
        bool deleted = false;
        b.session->submit({DeleteRotation{kR2}}, [&](bool ok, QString) { deleted = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(deleted, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().pending, qint64(0), kWait);

        // Anna is back: her move is decided again on Marc's deletion, and no longer applies.
        a.window->sync().configure({server_url(server.port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(1), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.rotation_of(kXQ300), std::optional<RotationId>(), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.session->view().rotations().size(), std::size_t(1), kWait);
        QCOMPARE(ui::undo_stack(*a.session).count(), 0);  // replayed: the undo history went (decisions.md)
        auto* badge = a.window->findChild<QToolButton*>("syncConflicts");
        QVERIFY(badge);
        QTRY_VERIFY_WITH_TIMEOUT(badge->isVisible(), kWait);
        QCOMPARE(badge->text(), QString("1 conflict"));

        auto& dialog = a.window->show_conflicts();
        auto* table = dialog.findChild<QTableWidget*>("conflictTable");
        QVERIFY(table);
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, kWait);
        QCOMPARE(table->item(0, 1)->text(), QString("MoveLegs"));
        QVERIFY2(!table->item(0, 2)->text().isEmpty(), "the reason is shown");
        QCOMPARE(table->item(0, 3)->text(), QString("anna"));

        // Retry while R2 is still gone: still a conflict, with the reason.
        dialog.select(0);
        auto* retry = dialog.findChild<QPushButton*>("retryConflict");
        QVERIFY(retry && retry->isEnabled());
        QTest::mouseClick(retry, Qt::LeftButton);
        auto* outcome = dialog.findChild<QLabel*>("conflictOutcome");
        QTRY_VERIFY_WITH_TIMEOUT(outcome->text().startsWith("Still a conflict"), kWait);
        QCOMPARE(table->rowCount(), 1);

        dialog.select(0);
        auto* drop = dialog.findChild<QPushButton*>("dropConflict");
        QVERIFY(drop && drop->isEnabled());
        QTest::mouseClick(drop, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 0, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(0), kWait);
        QVERIFY(!badge->isVisible());
        QVERIFY(!drop->isEnabled());
        QCOMPARE(a.sync().pending, qint64(0));
    }

    // (d) Made offline under the default name, synced with alice's token: pushed as alice, and the
    // window says so. A second desktop left at the same default name, with bob's token, is bob's.
    void firstSyncBindsADefaultNameToTheTokensPlanner() {
        ServerProcess server(alice_and_bob());
        QVERIFY2(server.start(), qPrintable(server.error()));
        QString a_path = db("first-a"), b_path = db("first-b");
        make_default_named_schedule(a_path);
        QCOMPARE(planners_in(a_path), QStringList{"planner/"});
        Desk a(a_path, default_named());
        Desk b(b_path, default_named());
        QVERIFY(wait_open(*a.session));
        QCOMPARE(a.session->planner(), QString("planner"));
        a.window->sync().configure({server_url(server.port()), "tok-a"});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Online, kWait);
        QCOMPARE(a.sync().conflicts, qint64(0));
        QTRY_COMPARE_WITH_TIMEOUT(a.session->planner(), QString("alice"), kWait);
        QVERIFY2(a.status_text().endsWith("as alice"), qPrintable(a.status_text()));
        QCOMPARE(planners_in(a_path), QStringList{"alice/planner"});

        b.window->sync().configure({server_url(server.port()), "tok-b"});
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().leg(kXQ300) != nullptr, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.session->planner(), QString("bob"), kWait);
        ui::move_legs(*b.session, {kXQ300}, kR2);
        QTRY_COMPARE_WITH_TIMEOUT(a.rotation_of(kXQ300), std::optional<RotationId>(kR2), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().pending, qint64(0), kWait);
        // bob's change is bob's; his desktop's name was "planner" too, and its history says so.
        QTRY_COMPARE_WITH_TIMEOUT(planners_in(a_path), (QStringList{"alice/planner", "bob/"}), kWait);
        // The Settings dialog and the next start know the binding: a new session on the same file is alice's.
        a.window.reset();
        a.session.reset();
        Desk again(a_path, default_named());
        QTRY_COMPARE_WITH_TIMEOUT(again.session->planner(), QString("alice"), kWait);
    }

    // (e) Changes made as "Anna L." (a name the planner gave), anna's token: they wait as conflicts
    // (the rest would be pushed) until the planner says they are anna's; then they are, and the
    // window's name follows.
    void changesUnderAGivenNameWaitForThePlannersAnswer() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QString path = db("given");
        make_annas_schedule(path);
        auto context = named("Anna L.");
        context.provisional = false;
        Desk a(path, context);
        QVERIFY(wait_open(*a.session));
        bool moved = false;
        a.session->submit({MoveLegs{{kXQ300}, kR2}}, [&](bool ok, QString) { moved = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(moved, kWait);
        a.window->sync().configure({server_url(server.port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().identity, ui::SyncStatus::Identity::NeedsConsent, kWait);
        QVERIFY(a.sync().conflicts > 0);
        QCOMPARE(a.sync().made_as, QStringList{"Anna L."});
        QMessageBox* question = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((question = a.window->findChild<QMessageBox*>("identityQuestion")) != nullptr, kWait);
        QVERIFY2(question->text().contains("Anna L.") && question->text().contains("anna"), qPrintable(question->text()));
        auto* adopt = question->findChild<QPushButton*>("adoptIdentity");
        QVERIFY(adopt);
        QTest::mouseClick(adopt, Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Online, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.session->planner(), QString("anna"), kWait);
        QCOMPARE(planners_in(path), (QStringList{"anna/", "anna/Anna L."}));
    }

    // (f) The server refuses one of anna's changes (403 naming its event, as documented): that change
    // is a conflict she can see and drop; her next change and marc's keep flowing both ways.
    void aRefusedPushIsAConflictAndTheRestFlows() {
        TwoDesks desks;
        QVERIFY2(desks.begin(db("wedge-a"), db("wedge-b"), true), qPrintable(desks.error()));
        auto& a = *desks.a;
        auto& b = *desks.b;
        auto& proxy = *desks.proxy;
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().leg(kXQ300) != nullptr, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);

        // Every push holding a LegsTaken event is refused from now on.
        proxy.on_push([](const QByteArray& body) -> std::optional<ProxyAnswer> {
            auto j = nlohmann::json::parse(body.toStdString());
            for (std::size_t i = 0; i < j["events"].size(); ++i)
                if (j["events"][i]["type"] == "LegsTaken" || j["events"][i]["type"] == "LegTaken")
                    return ProxyAnswer{403, QByteArray::fromStdString(
                                                nlohmann::json{{"error", "refused"},
                                                               {"rejected",
                                                                {{{"index", i},
                                                                  {"event_id", j["events"][i]["event_id"]},
                                                                  {"field", "metadata.planner"},
                                                                  {"reason", "claims planner \"root\""}}}},
                                                               {"planner", "anna"}}
                                                    .dump())};
            return std::nullopt;
        });
        ui::move_legs(*a.session, {kXQ300}, kR2);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(1), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QCOMPARE(a.rotation_of(kXQ300), std::optional<RotationId>());  // withdrawn with its push
        // Not wedged: anna's next change goes out, marc's comes in.
        bool renamed = false;
        a.session->submit({RenameRotation{kR1, "R1 early"}}, [&](bool ok, QString) { renamed = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(renamed, kWait);
        auto named_early = [](const Desk& d) {
            for (const auto& r : d.session->view().rotations())
                if (r.name == "R1 early") return true;
            return false;
        };
        QTRY_VERIFY_WITH_TIMEOUT(named_early(b), kWait);
        bool deleted = false;
        b.session->submit({DeleteRotation{kR2}}, [&](bool ok, QString) { deleted = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(deleted, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.session->view().rotations().size(), std::size_t(1), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Online, kWait);

        auto& dialog = a.window->show_conflicts();
        auto* table = dialog.findChild<QTableWidget*>("conflictTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, kWait);
        QCOMPARE(table->item(0, 1)->text(), QString("MoveLegs"));
        QVERIFY2(table->item(0, 2)->text().contains("403"), qPrintable(table->item(0, 2)->text()));
        dialog.select(0);
        QTest::mouseClick(dialog.findChild<QPushButton*>("dropConflict"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(0), kWait);
    }

    // (g) Offline, anna names a new rotation R9; marc gives the name to his first. anna's creation
    // becomes a conflict, retried in the dialog under another name.
    void aRotationNameTakenFirstIsRetriedUnderAnotherName() {
        TwoDesks desks;
        QVERIFY2(desks.begin(db("name-a"), db("name-b")), qPrintable(desks.error()));
        auto& a = *desks.a;
        auto& b = *desks.b;
        auto& server = desks.server;
        QTRY_VERIFY_WITH_TIMEOUT(b.session->view().leg(kXQ300) != nullptr, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);

        a.window->sync().configure({server_url(free_port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().state, State::Offline, kWait);
        bool created = false;
        a.session->submit({CreateRotation{RotationId{*Uuid::parse(storage::random_uuid())}, "R9"}},
                          [&](bool ok, QString) { created = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(created, kWait);
        created = false;
        b.session->submit({CreateRotation{RotationId{*Uuid::parse(storage::random_uuid())}, "R9"}},
                          [&](bool ok, QString) { created = ok; });
        QTRY_VERIFY_WITH_TIMEOUT(created, kWait);
        QTRY_COMPARE_WITH_TIMEOUT(b.sync().pending, qint64(0), kWait);

        a.window->sync().configure({server_url(server.port()), kAnnaToken});
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(1), kWait);
        auto& dialog = a.window->show_conflicts();
        auto* table = dialog.findChild<QTableWidget*>("conflictTable");
        QTRY_COMPARE_WITH_TIMEOUT(table->rowCount(), 1, kWait);
        QCOMPARE(table->item(0, 1)->text(), QString("CreateRotation"));
        QVERIFY2(table->item(0, 2)->text().contains("a rotation named R9 already exists"), qPrintable(table->item(0, 2)->text()));
        dialog.select(0);
        auto* retry_as = dialog.findChild<QPushButton*>("retryConflictAs");
        QVERIFY(retry_as && retry_as->isEnabled());
        dialog.retry_selected_as("R9 anna");
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().conflicts, qint64(0), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(a.sync().pending, qint64(0), kWait);
        auto names = [](const Desk& d) {
            QStringList out;
            for (const auto& r : d.session->view().rotations()) out << QString::fromStdString(r.name);
            out.sort();
            return out;
        };
        QTRY_COMPARE_WITH_TIMEOUT(names(b), (QStringList{"R1", "R2", "R9", "R9 anna"}), kWait);
        QTRY_COMPARE_WITH_TIMEOUT(names(a), names(b), kWait);
    }
};

QTEST_MAIN(TestUiSync)
#include "tst_ui_sync.moc"
