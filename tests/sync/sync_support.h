// Desktops for sync tests: each a real store file driven by the real
// rotaplan-cli, syncing with a real rotaplan-server (server_process.h).
//
//   Desktop anna(dir, "anna", token), marc(...);
//   anna.ok({"create-rotation", "R1"});  anna.sync() == 0;  marc.sync();
//   QCOMPARE(marc.events_dump(), anna.events_dump());     same events, byte for byte
//   QCOMPARE(marc.views_dump(), anna.views_dump());       same projections
//   Desktop::newcomer(root, "A", token)                   a fresh machine: default store and planner name
#pragma once

#include <QProcessEnvironment>
#include <QStringList>
#include <QtTest>

#include <sqlite3.h>

#include "support/cli_runner.h"
#include "server_process.h"

namespace rotaplan::testing {

// Tokens of the sync suites: the planner's name is the same word, so that a
// desktop's ROTAPLAN_PLANNER matches what the server knows of its token.
inline QString planner_tokens() { return "t-anna anna\nt-marc marc\nt-lena lena\n"; }

class Desktop {
public:
    Desktop(const QString& dir, QString planner)
        : planner_(std::move(planner)), db_(dir + "/" + planner_ + ".db"), token_("t-" + planner_) {}

    // A newcomer's desktop: the planner's name left at its default (no
    // ROTAPLAN_PLANNER, no login name: every change is made as "planner"),
    // syncing with `token`. `file` names its store.
    static Desktop with_default_name(const QString& dir, const QString& file, QString token) {
        Desktop d(dir, file);
        d.default_name_ = true;
        d.token_ = std::move(token);
        return d;
    }

    // A newcomer's machine under `root` (newcomer_environment: fresh HOME and
    // XDG folders, the default planner name): no --db, so its store is the
    // default one the README names, $XDG_DATA_HOME/rotaplan/schedule.db.
    // Commands run in its HOME until cd() moves them. `label` names it in messages.
    static Desktop newcomer(const QString& root, QString label, QString token) {
        Desktop d(root, std::move(label));
        d.root_ = root;
        auto env = d.environment();  // makes the folders
        d.db_ = env.value("XDG_DATA_HOME") + "/rotaplan/schedule.db";
        d.working_dir_ = env.value("HOME");
        d.token_ = std::move(token);
        return d;
    }

    // What each of this desktop's processes runs with (rotaplan-cli, and the desktop planner).
    QProcessEnvironment environment() const {
        if (!root_.isEmpty()) return newcomer_environment(root_);
        auto env = QProcessEnvironment::systemEnvironment();
        if (default_name_) {
            env.remove("ROTAPLAN_PLANNER");
            env.remove("USER");
        } else {
            env.insert("ROTAPLAN_PLANNER", planner_);
        }
        return env;
    }
    QString working_dir() const { return working_dir_; }
    void cd(const QString& dir) { working_dir_ = QDir(working_dir_).absoluteFilePath(dir); }

    QString planner() const { return planner_; }
    QString db() const { return db_; }
    QString token() const { return token_; }

    CliRun run(QStringList args, const QString& server = {}) const {
        auto env = environment();
        env.remove("ROTAPLAN_SERVER");
        env.remove("ROTAPLAN_TOKEN");
        if (!server.isEmpty()) {
            env.insert("ROTAPLAN_SERVER", server);
            env.insert("ROTAPLAN_TOKEN", token_);
        }
        return run_cli(root_.isEmpty() ? QStringList{"--db", db_} + args : args, env, working_dir_);
    }
    void ok(const QStringList& args) const {
        auto r = run(args);
        if (r.exit != 0) QFAIL(qPrintable(planner_ + ": " + args.join(' ') + " failed: " + r.err + r.out));
    }
    // rotaplan-cli sync against `server` (base URL); returns the exit status.
    int sync(const QString& server, QString* output = nullptr) const {
        auto r = run({"sync"}, server);
        if (output) *output = r.out + r.err;
        return r.exit;
    }
    nlohmann::json stats() const { return run({"stats", "--json"}).json(); }

    // Every event as its identity and bytes, in stream order: equal on two
    // desktops means they hold the same events whatever their local order.
    QStringList events_dump() const {
        return query("SELECT event_id || '|' || stream || '|' || version || '|' || type || '|' || payload || '|' || "
                     "metadata FROM events ORDER BY stream, version");
    }
    // What planners see: legs with their rotations and airplanes, rotations, airplanes, airports, violations.
    QStringList views_dump() const {
        QStringList out;
        for (const char* what : {"legs", "rotations", "airplanes", "airports"})
            out << QString::fromStdString(run({what, "--json"}).json().dump());
        out << query("SELECT constraint_kind || '|' || coalesce(hex(rotation_id), '') || '|' || coalesce(hex(first_leg), '') "
                     "|| '|' || coalesce(hex(second_leg), '') || '|' || coalesce(designator, '') FROM violations ORDER BY 1");
        return out;
    }

    QStringList query(const char* sql) const {
        QStringList out;
        sqlite3* db = nullptr;
        if (sqlite3_open_v2(db_.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
            sqlite3_close(db);
            return {"cannot open " + db_};
        }
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, sql, -1, &st, nullptr) != SQLITE_OK) {
            out << QString("bad query: ") + sqlite3_errmsg(db);
        } else {
            while (sqlite3_step(st) == SQLITE_ROW)
                out << QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)));
        }
        sqlite3_finalize(st);
        sqlite3_close(db);
        return out;
    }

private:
    QString planner_;
    QString db_;
    QString token_;
    bool default_name_ = false;
    QString root_, working_dir_;  // a newcomer's machine, and where its commands run
};

inline QString base_url(const ServerProcess& s) { return s.url("").toString(); }

}  // namespace rotaplan::testing
