// Running the real rotaplan-cli binary against a store in a temporary folder,
// or as a newcomer runs it, on a fresh machine (newcomer_environment).
#pragma once

#include <QDir>
#include <QProcess>
#include <QtTest>

#include <algorithm>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "support/temporary_store.h"

namespace rotaplan::testing {

struct CliRun {
    int exit = -1;
    QString out, err;
    nlohmann::json json() const { return nlohmann::json::parse(out.toStdString()); }
};

// `working_dir` empty: the test's own.
inline CliRun run_cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                      const QString& working_dir = {}) {
    QProcess p;
    p.setProcessEnvironment(env);
    if (!working_dir.isEmpty()) p.setWorkingDirectory(working_dir);
    p.start(ROTAPLAN_CLI, args);
    if (!p.waitForFinished(120000)) qFatal("rotaplan-cli did not finish: %s", qPrintable(args.join(' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

// The base of a suite that runs rotaplan-cli on a fresh store for each test
// function (after QObject: `class TestX : public QObject, CliSuite`); its
// init() calls next_store(). A suite that needs another `cli` or `ok` (a
// planner's name, a fatal refusal) declares its own, which hides these.
class CliSuite {
protected:
    explicit CliSuite(QString prefix = "s") : dir_(std::move(prefix)) {}

    void next_store() { db_ = dir_.next_store(); }
    CliRun cli(const QStringList& args) const { return run_cli(QStringList{"--db", db_} + args); }
    void ok(const QStringList& args) const {
        auto r = cli(args);
        QVERIFY2(r.exit == 0, qPrintable(args.join(' ') + " -> " + r.err));
    }
    nlohmann::json stats() const { return cli({"stats", "--json"}).json(); }
    QString write(const QString& name, const std::string& content) const { return dir_.write(name, content); }
    // Every leg, ids aside, sorted: what two stores must agree on.
    std::vector<std::string> leg_lines() const {
        auto legs = cli({"legs", "--json"}).json();
        std::vector<std::string> out;
        for (auto& l : legs) {
            l.erase("leg_id");
            out.push_back(l.dump());
        }
        std::sort(out.begin(), out.end());
        return out;
    }

    StoreFolder dir_;
    QString db_;  // the store of the running test function
};

// A newcomer's machine under `root`: HOME and each XDG folder fresh and empty
// (root/home, root/data, root/config, root/cache, and root/runtime with the
// 0700 a login gives it; made here when missing), and nothing of ours set: no
// ROTAPLAN_* variable, no login name (USER, LOGNAME), so a planner's name is
// the default one ("planner") and no sync server is known.
inline QProcessEnvironment newcomer_environment(const QString& root) {
    auto env = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys())
        if (key.startsWith("ROTAPLAN_") || key.startsWith("XDG_")) env.remove(key);
    env.remove("USER");
    env.remove("LOGNAME");
    const QDir dir(root);
    for (const auto& [variable, folder] : {std::pair{"HOME", "home"}, {"XDG_DATA_HOME", "data"},
                                           {"XDG_CONFIG_HOME", "config"}, {"XDG_CACHE_HOME", "cache"},
                                           {"XDG_RUNTIME_DIR", "runtime"}}) {
        QString path = dir.absoluteFilePath(folder);
        if (!QDir().mkpath(path)) qFatal("cannot create %s", qPrintable(path));
        env.insert(variable, path);
    }
    QFile::setPermissions(dir.absoluteFilePath("runtime"), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    return env;
}

// The commands `rotaplan-cli --help` lists, in its order.
inline QStringList listed_commands() {
    QStringList listed;
    bool in_list = false;
    for (const QString& line : run_cli({"--help"}).out.split('\n')) {
        if (line == "Commands:") in_list = true;
        else if (in_list && line.startsWith("  ")) listed << line.trimmed().section(' ', 0, 0);
        else if (in_list) break;
    }
    return listed;
}

}  // namespace rotaplan::testing
