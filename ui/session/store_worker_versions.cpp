// The worker's side of scenarios: which version of the schedule the window
// shows, the registry, and the scenario actions (storage/sync/scenarios.h).
//
//   GUI ──open_version(name)──▶ a ScheduleStore on that version (its read
//                               models built here), a full delta, versionOpened
//       ──scenario_action──────▶ create, rename, delete, rebase, promote (or
//                               its preview) ─▶ scenarioDone, scenariosLoaded,
//                               and the view again when it changed underneath
//
// While a scenario is shown, main's own store stays open beside it for sync:
// the shared log and the outbox are the file's, whatever version is shown.
#include "store_worker.h"

#include "storage/imports/restore.h"
#include "storage/open_store.h"
#include "storage/sync/scenarios.h"

namespace rotaplan::ui {

void StoreWorker::attach(std::unique_ptr<storage::ScheduleStore> store) {
    store_ = std::move(store);
    rechecked_ = {};
    store_->validation().on_change = [this](const storage::ValidationChange& c) {
        rechecked_.rotations.insert(rechecked_.rotations.end(), c.rotations.begin(), c.rotations.end());
        rechecked_.designators.insert(rechecked_.designators.end(), c.designators.begin(), c.designators.end());
    };
}

void StoreWorker::load_scenarios() {
    if (!store_) return;
    try {
        emit scenariosLoaded(
            std::make_shared<const std::vector<storage::ScenarioRow>>(storage::scenario_list(main_store().database())));
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::open_version(quint64 ticket, QString name) {
    try {
        const std::string version = name == "main" ? std::string() : name.toStdString();
        auto next = std::make_unique<storage::ScheduleStore>(path_.toStdString(), version);
        // Sync keeps main's connection; replica_ is over it and stays.
        if (version.empty()) {
            replica_.reset();  // over main's store, which the new one replaces
            main_store_.reset();
        } else if (!main_store_) {
            main_store_ = std::move(store_);
        }
        show_version(std::move(next), version);
        emit finished(ticket, true, {});
    } catch (...) {
        emit finished(ticket, false, current_failure());
    }
}

void StoreWorker::show_version(std::unique_ptr<storage::ScheduleStore> store, const std::string& version) {
    attach(std::move(store));
    version_ = QString::fromStdString(version);
    as_of_ = 0;
    unshown_from_.reset();
    known_position_ = store_->events().last_position();
    emit delta(indexed(read_all(store_->database(), 0)));
    emit versionOpened(version_);
}

void StoreWorker::compare_with_version(QString other) {
    if (!store_) return;
    try {
        storage::Database db = storage::open_store(path_.toStdString(), true);
        const std::string name = other == "main" ? std::string() : other.toStdString();
        storage::Lineage lineage = storage::prepare_version(db, name);
        auto c = std::make_shared<storage::Comparison>(
            storage::compare_versions(store_->database(), store_->lineage(), db, lineage));
        c->first_version = version_.isEmpty() ? "main" : "scenario " + version_.toStdString();
        c->second_version = name.empty() ? "main" : "scenario " + name;
        emit compared(std::move(c));
    } catch (...) {
        emit failed(current_failure());
    }
}

void StoreWorker::scenario_action(quint64 ticket, QString action, QString name, QString arg, qint64 as_of, QString note) {
    if (!store_) {
        emit scenarioDone(ticket, false, "no schedule is open", {});
        return;
    }
    const std::string path = path_.toStdString(), scenario = name.toStdString();
    auto lines_of = [](const std::vector<storage::ScenarioConflict>& conflicts) {
        QStringList out;
        for (const auto& c : conflicts)
            out << QString::fromStdString(c.command + " by " + c.planner + ": " + c.reason);
        return out;
    };
    try {
        QString message;
        QStringList lines;
        bool ok = true;
        bool shown_changed = false;  // the version shown is not what it was
        if (action == "create") {
            std::optional<std::int64_t> at;
            if (as_of > 0) at = as_of;
            auto row = storage::create_scenario(main_store(), scenario, arg.toStdString(), at, note.toStdString(), context_);
            message = QString("Scenario %1 created from %2 at event %3")
                          .arg(name, QString::fromStdString(row.base_name))
                          .arg(row.fork_position);
        } else if (action == "rename") {
            storage::rename_scenario(main_store(), scenario, arg.toStdString(), context_);
            if (version_ == name) version_ = arg;
            message = QString("Scenario %1 renamed %2").arg(name, arg);
        } else if (action == "delete") {
            storage::delete_scenario(main_store(), scenario, context_);
            message = QString("Scenario %1 deleted; its history stays").arg(name);
        } else if (action == "rebase") {
            auto out = storage::rebase_scenario(path, scenario, context_);
            lines = lines_of(out.conflicts);
            ok = out.conflicts.empty();
            message = QString("Scenario %1 rebased: %2 change(s) applied again, %3 conflict(s)")
                          .arg(name)
                          .arg(out.applied)
                          .arg(out.conflicts.size());
            shown_changed = version_ == name;
        } else if (action == "promote" || action == "promote-preview") {
            const bool dry = action == "promote-preview";
            // Undoable while main is shown (the undo history is the shown version's), like an import.
            const bool undoable = !dry && version_.isEmpty();
            std::optional<storage::ScheduleState> before;
            if (undoable) before = storage::read_state(main_store().database());
            auto out = storage::promote_scenario(path, scenario, dry, context_);
            if (undoable && out.promoted) {
                auto after = storage::read_state(main_store().database());
                emit importUndo(ticket, std::make_shared<const std::vector<Command>>(storage::restore(*before, after)),
                                std::make_shared<const std::vector<Command>>(storage::restore(after, *before)));
            }
            lines = lines_of(out.conflicts);
            ok = out.conflicts.empty();
            if (!ok)
                message = QString("Scenario %1 cannot be promoted: %2 of its changes no longer apply to main; rebase it first")
                              .arg(name)
                              .arg(out.conflicts.size());
            else if (dry)
                message = QString("Promoting %1 makes %2 change(s) in main").arg(name).arg(out.commands);
            else
                message = QString("Scenario %1 promoted: %2 change(s) made in main").arg(name).arg(out.commands);
            shown_changed = out.promoted && version_.isEmpty();
        } else {
            throw std::runtime_error("unknown scenario action " + action.toStdString());
        }
        emit scenarioDone(ticket, ok, message, lines);
        load_scenarios();
        if (action == "delete" && version_ == name) {
            open_version(0, "main");
        } else if (shown_changed) {
            // Reopened: a rebase's new generation, or main after a promotion, read whole.
            open_version(0, version_);
        }
        if (action != "promote-preview") after_local_change();
    } catch (const storage::ScenarioRefused& e) {
        emit scenarioDone(ticket, false, QString::fromStdString(e.what()), {});
    } catch (...) {
        emit scenarioDone(ticket, false, current_failure(), {});
    }
}

}  // namespace rotaplan::ui
