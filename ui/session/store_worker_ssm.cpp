// Schedule change messages on the worker: where an export may start (the
// imports, the recent history) and end (now, or another version: main or a
// scenario, as it is), and the messages between, shown or written. The comparison replays the schedule to the start here, like time
// travel; the GUI thread only receives the text.
#include <QSaveFile>

#include "core/ssm/message.h"
#include "storage/imports/ssm_export.h"
#include "storage/open_store.h"
#include "storage/projections/scenarios.h"
#include "storage/projections/queries.h"
#include "store_worker.h"

namespace rotaplan::ui {

void StoreWorker::ssm_points(quint64 ticket) {
    auto points = std::make_shared<std::vector<SsmPoint>>();
    try {
        if (store_) {
            auto& events = store_->events();
            for (const auto& e : events.stored_events("type = 'FileImported'", {})) {
                auto imported = std::get<FileImported>(e.decoded());
                points->push_back({QString("import of %1 (%2 records), %3")
                                       .arg(QString::fromStdString(imported.file))
                                       .arg(imported.records)
                                       .arg(QString::fromStdString(e.recorded_at.substr(0, 16)).replace('T', ' ')),
                                   e.position, true});
            }
            for (const auto& h : storage::recent_history(events, 200))
                points->push_back({QString("event %1, %2: %3")
                                       .arg(h.position)
                                       .arg(QString::fromStdString(h.recorded_at.substr(0, 16)).replace('T', ' '))
                                       .arg(QString::fromStdString(h.description)),
                                   h.position, false});
            // The versions an export may end at, besides the one shown now.
            if (!version_.isEmpty()) points->push_back({"main", 0, false, true});
            for (const auto& row : storage::scenario_list(main_store().database()))
                if (QString::fromStdString(row.name) != version_) points->push_back({QString::fromStdString(row.name), 0, false, true});
        }
    } catch (...) {
        points->clear();
    }
    emit ssmPoints(ticket, points);
}

void StoreWorker::ssm_changes(quint64 ticket, SsmRequest request) {
    try {
        if (!store_) {
            emit ssmChanges(ticket, false, "no schedule is open", nullptr);
            return;
        }
        auto& events = store_->events();
        auto& db = store_->database();
        const std::int64_t last = events.last_position();
        std::int64_t from = request.since;
        if (!request.since_time.isEmpty()) {
            from = events.position_at(request.since_time.toStdString());
        }
        from = std::clamp<std::int64_t>(from, 0, last);
        const Date today = date_of(*parse_instant(storage::now_iso_millis().substr(0, 16) + "Z"));
        const std::int64_t group = storage::next_message_group(db);
        const auto mode = request.utc ? ssm::TimeMode::Utc : ssm::TimeMode::Local;
        const QString shown = version_.isEmpty() ? QString("main") : "scenario " + version_;
        storage::SsmExport result;
        QString span;
        if (request.until.isEmpty() || request.until == version_ || (request.until == "main" && version_.isEmpty())) {
            result = storage::export_ssm_between(db, events, from, last, mode, today, group);
            span = QString("events %1 to %2").arg(from).arg(last);
        } else {
            // Another version as it is now: its read models on a connection of their own (TEMP tables, scenarios.h).
            storage::Database other = storage::open_store(path_.toStdString(), true);
            const std::string name = request.until == "main" ? std::string() : request.until.toStdString();
            const storage::Lineage until = storage::prepare_version(other, name);
            std::optional<storage::Database> past;
            if (from < last) past.emplace(storage::project_as_of(events, from));
            storage::EventStore other_events(other, until);
            result = storage::export_ssm_versions(events, past ? *past : db, events.lineage().as_of(from), other, until, mode, today, group);
            span = QString("%1 (event %2) to %3 (event %4)")
                       .arg(shown)
                       .arg(from)
                       .arg(name.empty() ? QString("main") : "scenario " + request.until)
                       .arg(other_events.last_position());
        }
        if (result.error) {
            emit ssmChanges(ticket, false, QString::fromStdString(*result.error), nullptr);
            return;
        }
        auto preview = std::make_shared<SsmPreview>();
        preview->text = QString::fromStdString(result.text);
        preview->summary = QString::fromStdString(result.summary());
        preview->from = from;
        preview->to = last;
        preview->span = span;
        preview->messages = int(result.messages.size());
        if (!request.path.isEmpty()) {
            QSaveFile out(request.path);
            if (!out.open(QIODevice::WriteOnly) || out.write(result.text.data(), qint64(result.text.size())) != qint64(result.text.size()) ||
                !out.commit()) {
                emit ssmChanges(ticket, false, QString("cannot write %1: %2").arg(request.path, out.errorString()), nullptr);
                return;
            }
            storage::take_message_groups(db, result.group, result.groups);
        }
        emit ssmChanges(ticket, true, {}, preview);
    } catch (...) {
        emit ssmChanges(ticket, false, current_failure(), nullptr);
    }
}

}  // namespace rotaplan::ui
