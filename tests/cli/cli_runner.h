// Running the real rotaplan-cli binary against a store in a temporary folder.
#pragma once

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

namespace rotaplan::testing {

struct CliRun {
    int exit = -1;
    QString out, err;
    nlohmann::json json() const { return nlohmann::json::parse(out.toStdString()); }
};

// A fixture file in `dir`, its path returned.
inline QString write_file(const QTemporaryDir& dir, const QString& name, const std::string& content) {
    QString path = dir.filePath(name);
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write fixture %s", qPrintable(path));
    f.write(content.data(), qint64(content.size()));
    return path;
}

inline CliRun run_cli(const QStringList& args, const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment()) {
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(ROTAPLAN_CLI, args);
    if (!p.waitForFinished(120000)) qFatal("rotaplan-cli did not finish: %s", qPrintable(args.join(' ')));
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
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
