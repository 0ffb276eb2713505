// Schedule change messages on the worker: where an export may start (the
// imports, the recent history) and the messages from there to now, shown or
// written. The comparison replays the schedule to the start here, like time
// travel; the GUI thread only receives the text.
#include <QSaveFile>

#include "core/ssm/message.h"
#include "storage/imports/ssm_export.h"
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
        auto result = storage::export_ssm_between(db, events, from, last, request.utc ? ssm::TimeMode::Utc : ssm::TimeMode::Local, today, group);
        if (result.error) {
            emit ssmChanges(ticket, false, QString::fromStdString(*result.error), nullptr);
            return;
        }
        auto preview = std::make_shared<SsmPreview>();
        preview->text = QString::fromStdString(result.text);
        preview->summary = QString::fromStdString(result.summary());
        preview->from = from;
        preview->to = last;
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
