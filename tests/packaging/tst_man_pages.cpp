// The man pages say what the programs do: every option each program's --help
// prints is documented in its page, every rotaplan-cli command has its own
// section there with each of its options, and man(1) renders each page
// without a warning. A program that gains an option fails here until its
// page has it.
#include <QFile>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include "support/cli_runner.h"

namespace {

QString help_of(const QString& program, const QStringList& args) {
    QProcess p;
    auto env = QProcessEnvironment::systemEnvironment();
    env.insert("QT_QPA_PLATFORM", "offscreen");  // the desktop planner prints its help without a display
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(30000)) qFatal("%s did not finish", qPrintable(program));
    return QString::fromUtf8(p.readAllStandardOutput());
}

// The long options a --help lists in its option column ("  -h, --help", "  --db <FILE>").
QStringList options_of(const QString& help) {
    QStringList found;
    static const QRegularExpression option(R"(^\s+(?:-\w, )?(--[a-z][a-z-]*))");
    for (const QString& line : help.split('\n'))
        if (auto m = option.match(line); m.hasMatch()) found << m.captured(1);
    return found;
}

// A page's source as a reader sees its words: "\-" is "-", fonts are gone.
QString page_text(const QString& page) {
    QFile f(QString(ROTAPLAN_MAN_DIR) + "/" + page);
    if (!f.open(QIODevice::ReadOnly)) qFatal("no man page %s", qPrintable(page));
    QString s = QString::fromUtf8(f.readAll());
    s.replace("\\-", "-");
    s.remove(QRegularExpression(R"(\\f[BIRP])"));
    return s;
}

// Whether `option` stands in `text` as a word of its own.
bool documents(const QString& text, const QString& option) {
    return QRegularExpression("(^|[\\s\"\\[(])" + QRegularExpression::escape(option) + "($|[\\s\"\\]),|=])",
                              QRegularExpression::MultilineOption)
        .match(text)
        .hasMatch();
}

}  // namespace

class TestManPages : public QObject {
    Q_OBJECT

private slots:
    void everyOptionOfEachProgramIsDocumented_data() {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QString>("page");
        QTest::newRow("rotaplan") << QString(ROTAPLAN_GUI) << "rotaplan.1";
        QTest::newRow("rotaplan-cli") << QString(ROTAPLAN_CLI) << "rotaplan-cli.1";
        QTest::newRow("rotaplan-server") << QString(ROTAPLAN_SERVER) << "rotaplan-server.1";
    }
    void everyOptionOfEachProgramIsDocumented() {
        QFETCH(QString, program);
        QFETCH(QString, page);
        QString help = help_of(program, {"--help"});
        QString text = page_text(page);
        QStringList options = options_of(help);
        if (page == "rotaplan-cli.1") options << "--db" << "--planner" << "--help" << "--version";  // its help is prose
        QVERIFY2(options.size() >= 4, qPrintable(help));
        for (const QString& o : options) QVERIFY2(documents(text, o), qPrintable(page + " does not document " + o));
    }

    void everyCommandHasItsSectionWithItsOptions() {
        QStringList commands = rotaplan::testing::listed_commands();
        QVERIFY(commands.size() >= 25);
        // Sections: ".SS "NAME ARGS"" up to the next section.
        QString text = page_text("rotaplan-cli.1");
        QMap<QString, QString> sections;
        static const QRegularExpression heading("^\\.SS \"([a-z-]+)[^\n]*$", QRegularExpression::MultilineOption);
        auto it = heading.globalMatch(text);
        QList<QRegularExpressionMatch> found;
        while (it.hasNext()) found << it.next();
        for (int i = 0; i < found.size(); ++i) {
            qsizetype end = i + 1 < found.size() ? found[i + 1].capturedStart() : text.indexOf("\n.SH", found[i].capturedEnd());
            sections[found[i].captured(1)] = text.mid(found[i].capturedStart(), end - found[i].capturedStart());
        }
        for (const QString& c : commands) {
            QVERIFY2(sections.contains(c), qPrintable("rotaplan-cli.1 has no section for " + c));
            for (const QString& o : options_of(help_of(ROTAPLAN_CLI, {c, "--help"}))) {
                if (o == "--help") continue;
                QVERIFY2(documents(sections[c], o), qPrintable("rotaplan-cli.1, " + c + ": " + o + " is not documented"));
            }
        }
    }

    void manRendersEachPageWithoutAWarning_data() {
        QTest::addColumn<QString>("page");
        for (const char* p : {"rotaplan.1", "rotaplan-cli.1", "rotaplan-server.1"}) QTest::newRow(p) << QString(p);
    }
    void manRendersEachPageWithoutAWarning() {
        QFETCH(QString, page);
        QProcess man;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("MANWIDTH", "80");
        env.insert("LC_ALL", "C.UTF-8");
        man.setProcessEnvironment(env);
        man.start("man", {"--warnings", "-E", "UTF-8", "-l", QString(ROTAPLAN_MAN_DIR) + "/" + page});
        QVERIFY(man.waitForFinished(30000));
        QString warnings = QString::fromUtf8(man.readAllStandardError());
        QVERIFY2(man.exitCode() == 0 && warnings.isEmpty(), qPrintable(warnings));
        QVERIFY(man.readAllStandardOutput().size() > 1000);
    }
};

QTEST_GUILESS_MAIN(TestManPages)
#include "tst_man_pages.moc"
