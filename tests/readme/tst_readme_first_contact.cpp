// The README, run as a newcomer runs it: its own commands, in its order, on
// two fresh machines (each a fresh HOME and XDG folders, no --db, the planner's
// name left at its default), with the real rotaplan-cli, rotaplan-server and
// desktop planner.
//
//   machine A: generate a season, cd into it, the three imports, validate, export, the export read back (dry run)
//   the server, started with the README's tokens file          desktop A: `rotaplan --server URL --token TOKEN`,
//   machine B: `rotaplan-cli sync` catches up                   left running, pushes the season by itself
//   B retimes a leg (the README's retime-leg), syncs   ──────▶  desktop A pulls it by itself; A's sync: in sync
//   `rotaplan --screenshot` of A's schedule: the size asked for, not blank; A and B hold the same events
//
// When a README command changes, this suite changes with it: `readme::` below
// lists every README command it runs, as README.md writes it, in README
// order; the first test checks each is there (a line of a code block, its
// comment aside, or a `code span`) and in that order, naming its README line,
// and every step runs a command of that list only, with the test's values put
// in the README's placeholders (each replacement written at the step). What
// the suite compares besides (both stores' events and projections) it reads
// through the sync suites' Desktop (tests/sync/sync_support.h).
#include <QDirIterator>
#include <QImage>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <map>
#include <set>

#include "../sync/sync_support.h"

using namespace rotaplan::testing;

namespace readme {

// The README's commands this suite runs, in README order: the mapping a reviewer reads.
// ## The desktop planner
const QString screenshot = "rotaplan --db FILE --screenshot OUT.png [--size WxH] [--show PANEL] [--palette dark]";
// ## Using rotaplan-cli
const QString retime_leg = "rotaplan-cli retime-leg XQ100/FRA/2026-04-01 --by -10";
const QString legs = "rotaplan-cli legs --rotation R1 --local";
const QString history = "rotaplan-cli history R1";
const QString stats = "rotaplan-cli stats --json --as-of 2026-11-22T09:00Z";
const QString generate = "rotaplan-cli generate-schedule season";
const QString cd_season = "cd season";
const QString import_airplanes = "rotaplan-cli import-airplanes airplanes.csv";
const QString import_airports = "rotaplan-cli import-airports airports.csv";
const QString import_ssim = "rotaplan-cli import-ssim season.ssim --rotations rotations.csv";
const QString validate = "rotaplan-cli validate --json";
const QString export_ssim = "rotaplan-cli export-ssim out.ssim";
const QString read_back = "rotaplan-cli import-ssim out.ssim --dry-run";
// ## Working with colleagues
const QString tokens = "printf 'tok-anna anna Anna Lindqvist\\ntok-marc marc Marc Dubois\\n' > tokens.txt";
const QString server = "rotaplan-server --listen 0.0.0.0:8443 --data server-data --tokens tokens.txt";
const QString desktop = "rotaplan --server URL --token TOKEN";
const QString sync = "rotaplan-cli sync --server http://localhost:8443 --token TOKEN";

const QStringList in_order{
    screenshot,                                                                  // ## The desktop planner
    retime_leg, legs, history, stats,                                            // ## Using rotaplan-cli
    generate, cd_season, import_airplanes, import_airports, import_ssim, validate, export_ssim, read_back,
    tokens, server, desktop, sync};                                              // ## Working with colleagues

}  // namespace readme

namespace {

constexpr int kWait = 30000;  // for what the desktop does by itself: far more than the second it takes

// Whether `done` comes true within kWait, asked every 100 ms (QTRY_ would wait
// three times as long before failing, each try a few processes).
template <class Done>
bool eventually(Done done) {
    QElapsedTimer clock;
    clock.start();
    while (!done()) {
        if (clock.elapsed() > kWait) return false;
        QTest::qWait(100);
    }
    return true;
}

// README.md as a newcomer reads its commands: the lines of its code blocks
// (a `# comment` aside) and its `code spans`, each with its line.
class Readme {
public:
    explicit Readme(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly | QIODevice::Text)) qFatal("cannot read %s", qPrintable(path));
        const QStringList lines = QString::fromUtf8(f.readAll()).split('\n');
        QStringList prose;  // the lines that are not code, code lines left blank (code spans may wrap)
        bool fenced = false;
        for (int i = 0; i < lines.size(); ++i) {
            const QString& line = lines[i];
            if (line.trimmed().startsWith("```")) {
                fenced = !fenced;
                prose << QString();
                continue;
            }
            if (fenced || line.startsWith("    ") || line.startsWith('\t')) {
                if (QString command = without_comment(line).simplified(); !command.isEmpty()) shown_.push_back({i + 1, command});
                prose << QString();
            } else {
                prose << line;
            }
        }
        const QString text = prose.join('\n');
        static const QRegularExpression span("`([^`]+)`");
        for (auto it = span.globalMatch(text); it.hasNext();) {
            auto m = it.next();
            shown_.push_back({int(text.left(m.capturedStart()).count('\n')) + 1, m.captured(1).simplified()});
        }
    }

    // Where README.md shows commands of the same program and subcommand as
    // `command` ("README.md:74 `rotaplan-cli import-ssim ...`"), for a message.
    QString like(const QString& command) const {
        QStringList found;
        const QString start = command.section(' ', 0, 1);
        for (const auto& s : shown_)
            if (s.command.section(' ', 0, 1) == start) found << QString("README.md:%1 `%2`").arg(s.line).arg(s.command);
        return found.isEmpty() ? QString("no README line starts with `%1`").arg(start) : "it shows " + found.join(", ");
    }

    // The line (from 1) where README.md shows `command`, whitespace aside; 0 if it does not.
    int line_of(const QString& command) const {
        int found = 0;
        for (const auto& s : shown_)
            if (s.command == command && (found == 0 || s.line < found)) found = s.line;
        return found;
    }

private:
    // A shell line without its comment: from a `#` that starts a word, outside quotes.
    static QString without_comment(const QString& line) {
        QChar quote;
        for (int i = 0; i < line.size(); ++i) {
            QChar c = line[i];
            if (!quote.isNull()) {
                if (c == quote) quote = QChar();
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || line[i - 1].isSpace())) {
                return line.left(i);
            }
        }
        return line;
    }

    struct Shown {
        int line;
        QString command;
    };
    std::vector<Shown> shown_;
};

// README words → the test's words: one or more consecutive words of the
// README's command, each replacement written where the step runs it ({} leaves them out).
using Values = std::vector<std::pair<QString, QStringList>>;

// A finished process, as a CliRun.
CliRun finished(QProcess& p, int timeout_ms = kWait) {
    if (!p.waitForFinished(timeout_ms)) {
        p.kill();
        p.waitForFinished();
        return {-1, {}, "did not finish within " + QString::number(timeout_ms / 1000) + " s"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

// Distinct colours of an image, and the share of its pixels the commonest one covers.
std::pair<std::size_t, double> colours(const QImage& image) {
    std::map<QRgb, qsizetype> count;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x) ++count[image.pixel(x, y)];
    qsizetype most = 0;
    for (const auto& [rgb, n] : count) most = std::max(most, n);
    return {count.size(), double(most) / double(image.width() * image.height())};
}

}  // namespace

class ReadmeFirstContact : public QObject {
    Q_OBJECT

    // The story goes on from a step only once the step before it ended well.
    enum Done { Nothing, Season, Server, DesktopSynced, CaughtUp, EditArrived, Screenshot };

private slots:
    void initTestCase();
    void theReadmeShowsEveryCommandRunHereInThisOrder();
    void eachCommandsOptionsAreInItsHelp();
    void aSeasonFromFilesInTheDefaultStore();
    void theServerStartsWithTheReadmesTokens();
    void theDesktopSyncsInTheBackground();
    void aSecondDesktopCatchesUp();
    void aColleaguesEditArrives();
    void theScreenshotShowsTheResult();
    void everyCommandListedWasRun();
    void cleanupTestCase();

private:
    // The words a README command runs as: `command` as README.md writes it
    // (checked here), `values` put in, `added` (what the README leaves to the
    // reader) after it. Empty, with `problem` saying why, when the README does
    // not show it or a replaced word is not in it.
    QStringList as_run(const QString& command, const Values& values, const QStringList& added, QString& problem);
    // A README command of rotaplan-cli, run on a machine; a README problem comes back as exit -1 and its reason.
    CliRun cli(const Desktop& machine, const QString& command, const Values& values = {}, const QStringList& added = {});
    nlohmann::json stats(const Desktop& machine);
    QString readme_url() const;
    nlohmann::json leg(const Desktop& machine, const QString& designator);
    CliRun sync(const Desktop& machine);

    Readme readme_{ROTAPLAN_README};
    std::set<QString> ran_;
    Done done_ = Nothing;
    QTemporaryDir machines_;
    std::unique_ptr<Desktop> a_, b_;
    QString season_;              // on machine A, where `cd season` went
    int dated_legs_ = 0;          // as generate-schedule counted them
    QString tokens_text_;         // what the README's printf writes
    QString planner_a_, planner_b_;  // the planners of its first two tokens, A's and B's
    std::unique_ptr<ServerProcess> server_;
    QProcess desktop_a_;          // the real desktop planner on machine A
    QString leg_rotation_;        // the rotation of the README's XQ100/FRA/2026-04-01
};

QStringList ReadmeFirstContact::as_run(const QString& command, const Values& values, const QStringList& added,
                                       QString& problem) {
    problem.clear();
    if (!readme::in_order.contains(command)) {
        problem = "`" + command + "` is not in this suite's list of README commands (readme::in_order)";
        return {};
    }
    if (readme_.line_of(command) == 0) {
        problem = "README.md does not show `" + command + "` (any more; " + readme_.like(command) +
                  "): change this suite with the README";
        return {};
    }
    ran_.insert(command);
    QStringList words = command.split(' ');
    for (const auto& [from, to] : values) {
        const QStringList from_words = from.split(' ');
        qsizetype at = -1;
        for (qsizetype i = 0; at < 0 && i + from_words.size() <= words.size(); ++i)
            if (words.mid(i, from_words.size()) == from_words) at = i;
        if (at < 0) {
            problem = "`" + from + "` is not in the README's `" + command + "` any more: change this step with it";
            return {};
        }
        words.remove(at, from_words.size());
        for (const QString& w : to) words.insert(at++, w);
    }
    return words + added;
}

CliRun ReadmeFirstContact::cli(const Desktop& machine, const QString& command, const Values& values,
                               const QStringList& added) {
    QString problem;
    QStringList words = as_run(command, values, added, problem);
    if (!problem.isEmpty()) return {-1, {}, problem};
    if (words.front() != "rotaplan-cli") return {-1, {}, "`" + command + "` is not a rotaplan-cli command"};
    CliRun r = machine.run(words.mid(1));
    // What a failure message shows: the command as run, and what it said.
    r.err = words.join(' ') + " (exit " + QString::number(r.exit) + ")\n" + r.err + r.out;
    return r;
}

nlohmann::json ReadmeFirstContact::stats(const Desktop& machine) {
    auto r = cli(machine, readme::stats, {{"--as-of 2026-11-22T09:00Z", {}}});
    return r.exit == 0 ? r.json() : nlohmann::json{{"error", r.err.toStdString()}};
}

// The README's `rotaplan-cli sync`, with this server's URL and `machine`'s token from the README's file.
CliRun ReadmeFirstContact::sync(const Desktop& machine) {
    return cli(machine, readme::sync, {{readme_url(), {base_url(*server_)}}, {"TOKEN", {machine.token()}}});
}

// A leg of `machine`'s schedule, from the README's `legs`, in its rotation.
nlohmann::json ReadmeFirstContact::leg(const Desktop& machine, const QString& designator) {
    auto r = cli(machine, readme::legs, {{"R1", {leg_rotation_}}}, {"--json"});
    if (r.exit != 0) return {};
    for (const auto& l : r.json())
        if (l["designator"] == designator.toStdString()) return l;
    return {};
}

void ReadmeFirstContact::initTestCase() {
    QVERIFY(machines_.isValid());
    // The README's tokens file: desktop A is the first planner's, desktop B the second's.
    static const QRegularExpression printf_line("^printf '(.*)' > tokens\\.txt$");
    auto m = printf_line.match(readme::tokens);
    QVERIFY2(m.hasMatch(), qPrintable(readme::tokens));
    tokens_text_ = m.captured(1).replace("\\n", "\n");
    QStringList lines = tokens_text_.split('\n', Qt::SkipEmptyParts);
    QVERIFY2(lines.size() >= 2, qPrintable(tokens_text_));
    a_ = std::make_unique<Desktop>(Desktop::newcomer(machines_.filePath("a"), "machine A", lines[0].section(' ', 0, 0)));
    b_ = std::make_unique<Desktop>(Desktop::newcomer(machines_.filePath("b"), "machine B", lines[1].section(' ', 0, 0)));
    planner_a_ = lines[0].section(' ', 1, 1);
    planner_b_ = lines[1].section(' ', 1, 1);
}

void ReadmeFirstContact::theReadmeShowsEveryCommandRunHereInThisOrder() {
    int previous = 0;
    QString previous_command;
    for (const QString& command : readme::in_order) {
        int line = readme_.line_of(command);
        QVERIFY2(line > 0, qPrintable("README.md does not show `" + command + "` (any more; " + readme_.like(command) +
                                      "): change this suite with it"));
        QVERIFY2(line > previous, qPrintable(QString("README.md shows `%1` (line %2) before `%3` (line %4): "
                                                     "readme::in_order follows the README's order")
                                                 .arg(command)
                                                 .arg(line)
                                                 .arg(previous_command)
                                                 .arg(previous)));
        qInfo().noquote() << QString("README.md:%1  %2").arg(line, 3).arg(command);
        previous = line;
        previous_command = command;
    }
}

void ReadmeFirstContact::eachCommandsOptionsAreInItsHelp() {
    const std::map<QString, QString> programs{
        {"rotaplan-cli", ROTAPLAN_CLI}, {"rotaplan", ROTAPLAN_GUI}, {"rotaplan-server", ROTAPLAN_SERVER}};
    for (const QString& command : readme::in_order) {
        QStringList words = command.split(' ');
        auto program = programs.find(words.front());
        if (program == programs.end()) continue;  // cd, printf
        QStringList help_args{"--help"};
        if (program->first == "rotaplan-cli") help_args.prepend(words[1]);
        QProcess p;
        auto env = a_->environment();
        env.insert("QT_QPA_PLATFORM", "offscreen");
        p.setProcessEnvironment(env);
        p.start(program->second, help_args);
        CliRun help = finished(p);
        QVERIFY2(help.exit == 0, qPrintable(command + ": " + help.err));
        if (program->first == "rotaplan-cli")
            QVERIFY2(help.out.startsWith("Usage: rotaplan-cli [--db PATH] " + words[1] + " "), qPrintable(help.out));
        for (QString word : words) {
            word.remove('[').remove(']');
            if (!word.startsWith("--")) continue;
            // The option as a word of the help's text ("  --rotations <CSV>", "[--json]").
            QRegularExpression here("(^|[\\s\\[])" + QRegularExpression::escape(word) + "($|[\\s\\]<=,])",
                                    QRegularExpression::MultilineOption);
            QVERIFY2(here.match(help.out).hasMatch(),
                     qPrintable(QString("README.md's `%1` gives %2, which `%3 --help` does not know:\n%4")
                                    .arg(command, word, words.mid(0, program->first == "rotaplan-cli" ? 2 : 1).join(' '),
                                         help.out)));
        }
    }
}

void ReadmeFirstContact::aSeasonFromFilesInTheDefaultStore() {
    // A small fleet keeps this suite quick (the README's default is 300 airplanes).
    auto generated = cli(*a_, readme::generate, {}, {"--airplanes", "8"});
    QVERIFY2(generated.exit == 0, qPrintable(generated.err));
    static const QRegularExpression counted("generated 8 airplanes, \\d+ flight leg records, (\\d+) dated legs in season ");
    auto m = counted.match(generated.out);
    QVERIFY2(m.hasMatch(), qPrintable(generated.out));
    dated_legs_ = m.captured(1).toInt();
    QVERIFY(dated_legs_ > 1000);

    QString problem;
    QStringList cd = as_run(readme::cd_season, {}, {}, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    a_->cd(cd[1]);
    season_ = a_->working_dir();
    for (const char* file : {"season.ssim", "rotations.csv", "airports.csv", "airplanes.csv"})
        QVERIFY2(QFile::exists(season_ + "/" + file), file);

    auto airplanes = cli(*a_, readme::import_airplanes);
    QVERIFY2(airplanes.exit == 0, qPrintable(airplanes.err));
    QVERIFY2(airplanes.out.startsWith("imported 8 records from airplanes.csv"), qPrintable(airplanes.out));
    auto airports = cli(*a_, readme::import_airports);
    QVERIFY2(airports.exit == 0, qPrintable(airports.err));
    QVERIFY2(airports.out.contains(" records from airports.csv"), qPrintable(airports.out));
    auto season = cli(*a_, readme::import_ssim);
    QVERIFY2(season.exit == 0, qPrintable(season.err));
    QVERIFY2(season.out.contains(QString(": %1 added, 0 retimed, 0 changed, 0 cancelled, 0 unchanged").arg(dated_legs_)),
             qPrintable(season.out));
    QVERIFY2(season.out.contains(QString("imported %1 rotation lines from rotations.csv").arg(dated_legs_)),
             qPrintable(season.out));

    // Without --db, the store is the one the README names, $XDG_DATA_HOME/rotaplan/schedule.db, and no other.
    QStringList stores;
    for (QDirIterator it(machines_.filePath("a"), {"*.db"}, QDir::Files, QDirIterator::Subdirectories); it.hasNext();)
        stores << it.next();
    QCOMPARE(stores, QStringList{a_->db()});
    QCOMPARE(a_->db(), a_->environment().value("XDG_DATA_HOME") + "/rotaplan/schedule.db");

    auto validated = cli(*a_, readme::validate);
    QVERIFY2(validated.exit == 0, qPrintable(validated.err));  // the generated season is valid
    auto report = validated.json();
    QCOMPARE(report["legs"].get<int>(), dated_legs_);
    QCOMPARE(report["rotations"].get<int>(), 8);
    QVERIFY2(report["items"].empty(), report.dump().c_str());

    auto exported = cli(*a_, readme::export_ssim);
    QVERIFY2(exported.exit == 0, qPrintable(exported.err));
    QVERIFY2(exported.out.startsWith(QString("exported %1 legs as ").arg(dated_legs_)), qPrintable(exported.out));
    QVERIFY(QFileInfo(season_ + "/out.ssim").size() > 0);

    // The export reads back as the schedule it came from: a dry run finds no difference, and writes nothing.
    auto before = stats(*a_);
    auto read_back = cli(*a_, readme::read_back);
    QVERIFY2(read_back.exit == 0, qPrintable(read_back.err));
    QVERIFY2(read_back.out.contains(
                 QString("dry run of out.ssim: 0 added, 0 retimed, 0 changed, 0 cancelled, %1 unchanged; nothing was written")
                     .arg(dated_legs_)),
             qPrintable(read_back.out));
    auto after = stats(*a_);
    QCOMPARE(after["events"], before["events"]);
    // Made under the default name, not yet bound to a planner, waiting to be pushed.
    QVERIFY2(after["planner"].is_null(), after.dump().c_str());
    QVERIFY(after["pending_sync"].get<int>() > 0);
    done_ = Season;
}

void ReadmeFirstContact::theServerStartsWithTheReadmesTokens() {
    if (done_ != Season) QSKIP("the README step before this one failed");
    QString problem;
    QVERIFY2(!as_run(readme::tokens, {}, {}, problem).isEmpty(), qPrintable(problem));
    ServerProcessOptions options;
    options.tokens = tokens_text_;
    server_ = std::make_unique<ServerProcess>(options);
    // Any free port on 127.0.0.1 (this machine runs other tests), the test's own folders.
    QStringList words = as_run(readme::server,
                               {{"0.0.0.0:8443", {"127.0.0.1:0"}},
                                {"server-data", {server_->data_dir()}},
                                {"tokens.txt", {server_->tokens_file()}}},
                               {}, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QCOMPARE(words, QStringList{"rotaplan-server"} + server_->arguments());  // the README's command, no other
    QVERIFY2(server_->start(), qPrintable(server_->error()));

    // The README's sync URL reaches the server the README starts: its port, and http:// without --tls-cert.
    QUrl url(readme_url());
    QCOMPARE(url.port(), readme::server.section("--listen ", 1).section(' ', 0, 0).section(':', 1).toInt());
    QCOMPARE(url.scheme(), readme::server.contains("--tls-cert") ? QString("https") : QString("http"));
    done_ = Server;
}

// The URL `rotaplan-cli sync --server URL` names in the README.
QString ReadmeFirstContact::readme_url() const { return readme::sync.section("--server ", 1).section(' ', 0, 0); }

void ReadmeFirstContact::theDesktopSyncsInTheBackground() {
    if (done_ != Server) QSKIP("the README step before this one failed");
    QString problem;
    QStringList words = as_run(readme::desktop, {{"URL", {base_url(*server_)}}, {"TOKEN", {a_->token()}}}, {}, problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto env = a_->environment();
    env.insert("QT_QPA_PLATFORM", "offscreen");  // a desktop without a display
    desktop_a_.setProcessEnvironment(env);
    desktop_a_.setWorkingDirectory(a_->working_dir());
    desktop_a_.start(ROTAPLAN_GUI, words.mid(1));
    QVERIFY2(desktop_a_.waitForStarted(kWait), qPrintable(desktop_a_.errorString()));

    // Nothing but the desktop syncs machine A: once its season is pushed, the store is bound to the token's planner.
    auto pushed = [&] {
        auto now = stats(*a_);
        return now["pending_sync"] == 0 && now["planner"] == planner_a_.toStdString();
    };
    QVERIFY2(eventually(pushed), qPrintable(QString::fromStdString(stats(*a_).dump())));
    QCOMPARE(desktop_a_.state(), QProcess::Running);
    done_ = DesktopSynced;
}

void ReadmeFirstContact::aSecondDesktopCatchesUp() {
    if (done_ != DesktopSynced) QSKIP("the README step before this one failed");
    auto synced = sync(*b_);
    QVERIFY2(synced.exit == 0, qPrintable(synced.err));
    QVERIFY2(synced.out.contains("in sync with " + base_url(*server_)), qPrintable(synced.out));
    auto b = stats(*b_);
    QCOMPARE(b["legs"].get<int>(), dated_legs_);
    QCOMPARE(b["planner"], nlohmann::json(planner_b_.toStdString()));
    QCOMPARE(b_->events_dump(), a_->events_dump());
    done_ = CaughtUp;
}

void ReadmeFirstContact::aColleaguesEditArrives() {
    if (done_ != CaughtUp) QSKIP("the README step before this one failed");
    const QString designator = "XQ100/FRA/2026-04-01";  // the README's retime-leg names it; the generated season flies it
    QVERIFY2(readme::retime_leg.contains(" " + designator + " "), qPrintable(readme::retime_leg));
    // Its rotation, for the README's `legs --rotation`: B's whole leg list names it.
    auto all = cli(*b_, readme::legs, {{"--rotation R1", {}}}, {"--json"});
    QVERIFY2(all.exit == 0, qPrintable(all.err));
    for (const auto& l : all.json())
        if (l["designator"] == designator.toStdString()) leg_rotation_ = QString::fromStdString(l["rotation"]);
    QVERIFY2(!leg_rotation_.isEmpty(), qPrintable(designator));
    auto was = leg(*a_, designator);
    QVERIFY2(!was.empty(), qPrintable(designator));

    auto retimed = cli(*b_, readme::retime_leg);
    QVERIFY2(retimed.exit == 0, qPrintable(retimed.err));
    auto now = leg(*b_, designator);
    QVERIFY2(now["std"] != was["std"], now.dump().c_str());
    auto pushed = sync(*b_);
    QVERIFY2(pushed.exit == 0, qPrintable(pushed.err));
    QVERIFY2(pushed.out.startsWith("pushed 1 event(s)"), qPrintable(pushed.out));

    // Desktop A, left running, pulls it by itself.
    QVERIFY2(eventually([&] { return leg(*a_, designator)["std"] == now["std"]; }),
             qPrintable(QString::fromStdString(leg(*a_, designator).dump())));
    QCOMPARE(leg(*a_, designator), now);
    auto history = cli(*a_, readme::history, {{"R1", {designator}}}, {"--json"});
    QVERIFY2(history.exit == 0, qPrintable(history.err));
    auto last = history.json().back();
    QCOMPARE(last["command"], nlohmann::json("RetimeLegs"));
    QCOMPARE(last["planner"], nlohmann::json(planner_b_.toStdString()));
    QCOMPARE(last["made_as"], nlohmann::json("planner"));  // the default name it was made under on machine B
    QCOMPARE(desktop_a_.state(), QProcess::Running);

    // The desktop ends (SIGTERM, as a logout ends it; it has nothing pending); A's own sync
    // from a terminal then finds nothing to push or pull.
    desktop_a_.terminate();
    QVERIFY(desktop_a_.waitForFinished(kWait));
    auto a_synced = sync(*a_);
    QVERIFY2(a_synced.exit == 0, qPrintable(a_synced.err));
    QVERIFY2(a_synced.out.startsWith("pushed 0 event(s), pulled 0,"), qPrintable(a_synced.out));
    QCOMPARE(a_->events_dump(), b_->events_dump());
    QCOMPARE(a_->views_dump(), b_->views_dump());
    done_ = EditArrived;
}

void ReadmeFirstContact::theScreenshotShowsTheResult() {
    if (done_ != EditArrived) QSKIP("the README step before this one failed");
    QString problem;
    // The default store (no --db), a size of the test's choosing.
    QStringList words = as_run(
        readme::screenshot, {{"--db FILE", {}}, {"OUT.png", {"schedule.png"}}, {"[--size WxH]", {"--size", "1000x700"}}}, {},
        problem);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QProcess p;
    auto env = a_->environment();
    env.insert("QT_QPA_PLATFORM", "offscreen");
    p.setProcessEnvironment(env);
    p.setWorkingDirectory(a_->working_dir());
    p.start(ROTAPLAN_GUI, words.mid(1));
    CliRun shot = finished(p);
    QVERIFY2(shot.exit == 0, qPrintable(words.join(' ') + ": " + shot.err));
    const QString png = a_->working_dir() + "/schedule.png";
    QImage image(png);
    QVERIFY2(!image.isNull(), qPrintable(png));
    QCOMPARE(image.size(), QSize(1000, 700));
    // Not blank: a window of widgets and leg bars has many colours, none covering nearly all of it.
    auto [distinct, commonest] = colours(image);
    QVERIFY2(distinct > 16, qPrintable(QString::number(distinct) + " colours"));
    QVERIFY2(commonest < 0.9, qPrintable(QString::number(commonest * 100) + " % of one colour"));
    done_ = Screenshot;
}

void ReadmeFirstContact::everyCommandListedWasRun() {
    if (done_ != Screenshot) QSKIP("a README step failed before the end");
    for (const QString& command : readme::in_order)
        QVERIFY2(ran_.count(command), qPrintable("readme::in_order lists `" + command + "`, which no step runs"));
}

void ReadmeFirstContact::cleanupTestCase() {
    if (desktop_a_.state() != QProcess::NotRunning) {
        desktop_a_.kill();
        desktop_a_.waitForFinished();
    }
}

QTEST_GUILESS_MAIN(ReadmeFirstContact)
#include "tst_readme_first_contact.moc"
