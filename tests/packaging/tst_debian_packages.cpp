// The two .debs as Debian's own tools judge them: what each holds (dpkg-deb),
// its control data, the desktop entry (desktop-file-validate), the AppStream
// metainfo (appstreamcli), the systemd unit (systemd-analyze verify and
// security), and lintian, which must report no error. The package_build
// fixture makes the .debs (CPack) before this suite runs.
//
// systemd-analyze runs offline here: no systemd is running in a build
// container, so the unit is verified inside the extracted package, with the
// host's own units beside it (the targets it names) as --root; and the
// service's command line is run as the unit would run it (as an unprivileged
// user, without new privileges, its tokens a credential copy), since the
// sandbox itself needs a running systemd to apply.
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <QDir>
#include <QDirIterator>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QtTest>

namespace {

struct Run {
    int exit = -1;
    QString out, err;
};

Run run(const QString& program, const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(program, args);
    if (!p.waitForFinished(300000)) qFatal("%s did not finish", qPrintable(program));
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1, QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString deb(const QString& package) {
    QStringList found = QDir(ROTAPLAN_PACKAGES).entryList({package + "_*_*.deb"}, QDir::Files);
    if (found.size() != 1) qFatal("expected one %s .deb in %s, found %lld", qPrintable(package), ROTAPLAN_PACKAGES, qlonglong(found.size()));
    return QString(ROTAPLAN_PACKAGES) + "/" + found.front();
}

// dpkg-deb -c, as "MODE OWNER PATH" for files and links (directories aside).
QStringList contents(const QString& package) {
    QStringList files;
    for (const QString& line : run("dpkg-deb", {"-c", deb(package)}).out.split('\n', Qt::SkipEmptyParts)) {
        auto f = line.split(' ', Qt::SkipEmptyParts);
        if (f.size() < 6 || f[0].startsWith('d')) continue;
        files << f[0] + " " + f[1] + " " + f[5].mid(1);  // "./usr/bin/x" -> "/usr/bin/x"
    }
    files.sort();
    return files;
}

}  // namespace

class TestDebianPackages : public QObject {
    Q_OBJECT
    QTemporaryDir tree_;  // both packages, extracted as dpkg would install them

    QString at(const QString& path) const { return tree_.path() + path; }

private slots:
    void initTestCase() {
        QVERIFY(tree_.isValid());
        QVERIFY(QFile::setPermissions(tree_.path(), QFile::permissions(tree_.path()) | QFile::ExeOther | QFile::ReadOther));
        for (const char* p : {"rotaplan", "rotaplan-server"}) QCOMPARE(run("dpkg-deb", {"-x", deb(p), tree_.path()}).exit, 0);
    }

    void theDesktopPackageHoldsWhatItShould() {
        QStringList expected{
            "-rwxr-xr-x root/root /usr/bin/rotaplan",
            "-rwxr-xr-x root/root /usr/bin/rotaplan-cli",
            "-rw-r--r-- root/root /usr/share/applications/rotaplan.desktop",
            "-rw-r--r-- root/root /usr/share/doc/rotaplan/changelog.gz",
            "-rw-r--r-- root/root /usr/share/doc/rotaplan/copyright",
            "-rw-r--r-- root/root /usr/share/icons/hicolor/scalable/apps/rotaplan.svg",
            "-rw-r--r-- root/root /usr/share/man/man1/rotaplan-cli.1.gz",
            "-rw-r--r-- root/root /usr/share/man/man1/rotaplan.1.gz",
            "-rw-r--r-- root/root /usr/share/metainfo/org.rotaplan.Rotaplan.metainfo.xml",
        };
        expected.sort();
        QCOMPARE(contents("rotaplan"), expected);
    }

    void theServerPackageHoldsWhatItShould() {
        QStringList expected{
            "-rw------- root/root /etc/rotaplan/tokens",  // root only: the service gets a credential copy
            "-rw-r--r-- root/root /etc/default/rotaplan-server",
            "-rw-r--r-- root/root /usr/lib/systemd/system/rotaplan-server.service",
            "-rw-r--r-- root/root /usr/share/doc/rotaplan-server/changelog.gz",
            "-rw-r--r-- root/root /usr/share/doc/rotaplan-server/copyright",
            "-rw-r--r-- root/root /usr/share/lintian/overrides/rotaplan-server",
            "-rw-r--r-- root/root /usr/share/man/man1/rotaplan-server.1.gz",
            "-rwxr-xr-x root/root /usr/bin/rotaplan-server",
        };
        expected.sort();
        QCOMPARE(contents("rotaplan-server"), expected);
    }

    void controlData() {
        auto field = [](const char* package, const char* name) {
            return run("dpkg-deb", {"-f", deb(package), name}).out.trimmed();
        };
        QCOMPARE(field("rotaplan", "Section"), QString("misc"));
        QCOMPARE(field("rotaplan-server", "Section"), QString("net"));
        for (const char* p : {"rotaplan", "rotaplan-server"}) {
            QCOMPARE(field(p, "Source"), QString("rotaplan"));
            QCOMPARE(field(p, "Priority"), QString("optional"));
            // Depends found by dpkg-shlibdeps from what the programs link.
            QVERIFY2(field(p, "Depends").contains(QRegularExpression(R"(libqt6core6 \(>= 6\.\d)")), qPrintable(field(p, "Depends")));
            QVERIFY2(field(p, "Depends").contains("libsqlite3-0"), qPrintable(field(p, "Depends")));
            QString description = field(p, "Description");
            QVERIFY2(!description.startsWith("Rotaplan") && description.split('\n').size() > 5, qPrintable(description));
        }
        QVERIFY(field("rotaplan", "Depends").contains("libqt6widgets6"));
        QVERIFY(field("rotaplan-server", "Depends").contains("libqt6network6"));
        QVERIFY(field("rotaplan-server", "Depends").contains("adduser"));  // its postinst creates the user
        QTemporaryDir control;
        QCOMPARE(run("dpkg-deb", {"-e", deb("rotaplan-server"), control.path()}).exit, 0);
        QFile conffiles(control.filePath("conffiles"));
        QVERIFY(conffiles.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(conffiles.readAll()), QString("/etc/default/rotaplan-server\n/etc/rotaplan/tokens\n"));
        for (const char* script : {"postinst", "prerm", "postrm"}) {
            QVERIFY2(QFileInfo(control.filePath(script)).isExecutable(), script);
            Run syntax = run("sh", {"-n", control.filePath(script)});
            QVERIFY2(syntax.exit == 0, qPrintable(syntax.err));
        }
    }

    // dpkg's calls of the maintainer scripts (Debian Policy 6.5-6.7), with the
    // system's tools replaced by stubs that note how they were called: each
    // ends well, the first configure makes the system user as Policy 9.2 says
    // and enables the service (was-enabled answers yes for a unit never seen).
    void theMaintainerScriptsRunAsDpkgCallsThem() {
        QTemporaryDir control, stubs;
        QCOMPARE(run("dpkg-deb", {"-e", deb("rotaplan-server"), control.path()}).exit, 0);
        const QString calls = stubs.filePath("calls");
        for (const char* tool : {"adduser", "deb-systemd-helper", "deb-systemd-invoke", "systemctl", "getent"}) {
            QFile f(stubs.filePath(tool));
            QVERIFY(f.open(QIODevice::WriteOnly));
            // getent: the user does not exist yet.
            f.write(QString("#!/bin/sh\necho \"%1 $*\" >> \"%2\"\n%3").arg(tool, calls, strcmp(tool, "getent") ? "" : "exit 2\n").toUtf8());
            f.close();
            QVERIFY(f.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner));
        }
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("PATH", stubs.path() + ":/usr/bin:/bin");
        const QList<QStringList> invocations{
            {"postinst", "configure"},          {"postinst", "configure", "0.0.9"}, {"postinst", "abort-upgrade", "0.1.0"},
            {"prerm", "remove"},                {"prerm", "upgrade", "0.1.1"},      {"postrm", "remove"},
            {"postrm", "purge"},                {"postrm", "upgrade", "0.1.1"},
        };
        for (const auto& call : invocations) {
            Run r = run("sh", QStringList{control.filePath(call[0])} + call.mid(1), env);
            QVERIFY2(r.exit == 0, qPrintable(call.join(' ') + ": " + r.out + r.err));
        }
        QFile log(calls);
        QVERIFY(log.open(QIODevice::ReadOnly));
        QString noted = QString::fromUtf8(log.readAll());
        QVERIFY2(noted.contains("adduser --system --group --quiet --home /var/lib/rotaplan --no-create-home"), qPrintable(noted));
        QVERIFY2(noted.contains("deb-systemd-helper enable rotaplan-server.service"), qPrintable(noted));
        QVERIFY2(noted.contains("deb-systemd-helper purge rotaplan-server.service"), qPrintable(noted));
        QVERIFY2(!noted.contains("userdel") && !noted.contains("deluser"), qPrintable(noted));  // purge keeps the user
    }

    void theProgramsInThePackageRun() {
        QCOMPARE(run(at("/usr/bin/rotaplan-cli"), {"--version"}).out, QString("rotaplan-cli 0.1.0\n"));
        QVERIFY(run(at("/usr/bin/rotaplan-server"), {"--help"}).out.contains("--tokens"));
    }

    void theDesktopEntryIsValid() {
        Run r = run("desktop-file-validate", {at("/usr/share/applications/rotaplan.desktop")});
        QVERIFY2(r.exit == 0 && r.out.isEmpty() && r.err.isEmpty(), qPrintable(r.out + r.err));
    }

    void theMetainfoIsValid() {
        Run r = run("appstreamcli", {"validate", "--no-net", at("/usr/share/metainfo/org.rotaplan.Rotaplan.metainfo.xml")});
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        // Nothing but the summary line: no error, warning or remark.
        QVERIFY2(!r.out.contains(QRegularExpression("^[EWI]:", QRegularExpression::MultilineOption)), qPrintable(r.out));
        // What it launches is in the package.
        QFile xml(at("/usr/share/metainfo/org.rotaplan.Rotaplan.metainfo.xml"));
        QVERIFY(xml.open(QIODevice::ReadOnly));
        auto m = QRegularExpression(R"(<launchable type="desktop-id">([^<]+)</launchable>)").match(QString::fromUtf8(xml.readAll()));
        QVERIFY(m.hasMatch());
        QVERIFY(QFileInfo::exists(at("/usr/share/applications/" + m.captured(1))));
    }

    void theUnitIsVerifiedAndConfined() {
        // The targets and units the unit names come from the host's systemd.
        QTemporaryDir root;
        QVERIFY(run("cp", {"-a", tree_.path() + "/.", root.path()}).exit == 0);
        QVERIFY(run("cp", {"-rn", "/usr/lib/systemd/system/.", root.path() + "/usr/lib/systemd/system/"}).exit == 0);
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("MANPATH", root.path() + "/usr/share/man");  // Documentation=man:rotaplan-server(1) is checked
        const QString unit = "/usr/lib/systemd/system/rotaplan-server.service";
        // verify warns of unknown keys and bad values without failing: its output must be empty too.
        Run verify = run("systemd-analyze", {"verify", "--root=" + root.path(), unit}, env);
        QVERIFY2(verify.exit == 0 && verify.out.isEmpty() && verify.err.isEmpty(), qPrintable(verify.out + verify.err));
        // Exposure 2.0 or less ("OK" on systemd's scale, where 10 is none of the sandbox).
        Run security = run("systemd-analyze",
                           {"security", "--offline=yes", "--threshold=20", "--root=" + root.path(), root.path() + unit}, env);
        QVERIFY2(security.exit == 0, qPrintable(security.out.right(600) + security.err));
    }

    // ExecStart as systemd runs it: %S/rotaplan the state folder, %d/tokens a
    // copy of the tokens file, $ROTAPLAN_SERVER_OPTS from the packaged
    // /etc/default file (on a free port), as an unprivileged user.
    void theServiceCommandLineRuns() {
        QFile unit(at("/usr/lib/systemd/system/rotaplan-server.service"));
        QVERIFY(unit.open(QIODevice::ReadOnly));
        QString exec;
        for (const QString& line : QString::fromUtf8(unit.readAll()).split('\n'))
            if (line.startsWith("ExecStart=")) exec = line.mid(10);
        QVERIFY2(exec.startsWith("/usr/bin/rotaplan-server "), qPrintable(exec));
        QFile defaults(at("/etc/default/rotaplan-server"));
        QVERIFY(defaults.open(QIODevice::ReadOnly));
        auto m = QRegularExpression("^ROTAPLAN_SERVER_OPTS=\"([^\"]*)\"", QRegularExpression::MultilineOption)
                     .match(QString::fromUtf8(defaults.readAll()));
        QVERIFY(m.hasMatch());
        QString options = m.captured(1);
        QVERIFY2(options.contains("--listen 127.0.0.1:8443"), qPrintable(options));
        options.replace("127.0.0.1:8443", "127.0.0.1:0");

        QTemporaryDir work;
        QDir(work.path()).mkpath("state/rotaplan");
        QDir(work.path()).mkpath("credentials");
        QFile tokens(work.filePath("credentials/tokens"));
        QVERIFY(QFile::copy(at("/etc/rotaplan/tokens"), tokens.fileName()));
        QVERIFY(tokens.open(QIODevice::Append));
        tokens.write("packaged-token anna Anna Lindqvist\n");
        tokens.close();
        exec.replace("%S", work.filePath("state")).replace("%d", work.filePath("credentials"));
        exec.replace("$ROTAPLAN_SERVER_OPTS", options);
        QStringList args = exec.split(' ', Qt::SkipEmptyParts);
        args[0] = at(args[0]);

        QStringList command{"--no-new-privs"};
        if (geteuid() == 0) {
            // The unit's User=: nobody here, the one account sure to exist. It
            // owns its state folder, as StateDirectory= makes it own /var/lib/rotaplan.
            QVERIFY(QFile::setPermissions(work.path(), QFile::permissions(work.path()) | QFile::ExeOther | QFile::ReadOther));
            QCOMPARE(run("chown", {"-R", "nobody", work.filePath("state"), work.filePath("credentials")}).exit, 0);
            command << "--reuid=nobody" << "--regid=nogroup" << "--clear-groups";
        }
        QProcess server;
        server.start("setpriv", command + args);
        QVERIFY(server.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine() || server.state() != QProcess::Running, 20000);
        QString listening = QString::fromUtf8(server.readLine()).trimmed();
        QVERIFY2(listening.startsWith("listening on 127.0.0.1:"), qPrintable(listening + server.readAllStandardError()));
        quint16 port = quint16(listening.section(':', -1).toUInt());

        QTcpSocket http;
        http.connectToHost("127.0.0.1", port);
        QVERIFY(http.waitForConnected(5000));
        http.write("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        QTRY_VERIFY_WITH_TIMEOUT(http.bytesAvailable() > 0 || http.state() != QAbstractSocket::ConnectedState, 10000);
        QVERIFY2(http.readLine().startsWith("HTTP/1.1 200"), "GET /healthz");
        QVERIFY(QFileInfo::exists(work.filePath("state/rotaplan/shared-log.sqlite")));

        ::kill(pid_t(server.processId()), SIGTERM);  // systemd's stop
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }

    void lintianFindsNoError_data() {
        QTest::addColumn<QString>("package");
        QTest::newRow("rotaplan") << "rotaplan";
        QTest::newRow("rotaplan-server") << "rotaplan-server";
    }
    void lintianFindsNoError() {
        QFETCH(QString, package);
        Run r = run("lintian", {"--fail-on", "error", "--tag-display-limit", "0", "--display-info", deb(package)});
        qInfo().noquote() << package << "lintian:\n" << r.out;  // what is left, for the reader (docs/decisions.md)
        QVERIFY2(r.exit == 0, qPrintable(r.out + r.err));
        QVERIFY2(!r.out.contains(QRegularExpression("^E:", QRegularExpression::MultilineOption)), qPrintable(r.out));
    }
};

QTEST_GUILESS_MAIN(TestDebianPackages)
#include "tst_debian_packages.moc"
