// The one thread that touches the schedule database for the GUI.
//
//   GUI thread                         worker thread
//   Session::execute(cmd) --queued-->  StoreWorker::execute: decide, append, COMMIT
//                         <--queued--  finished(ticket, outcome) + delta(changed rows)
//
// Commands are decided and committed here, through the same ScheduleStore as
// the CLI; after each one the worker reads back what the command's events
// touched and sends it as a ScheduleDelta. The GUI thread never waits.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

#include "core/commands.h"
#include "schedule_view.h"
#include "storage/schedule_store.h"

namespace rotaplan::ui {

class StoreWorker : public QObject {
    Q_OBJECT
public:
    // demo_if_empty: a first start shows the demo schedule rather than nothing.
    StoreWorker(QString path, storage::CommandContext context, bool demo_if_empty = false);
    ~StoreWorker() override;

public slots:
    void open();
    void execute(quint64 ticket, std::shared_ptr<const std::vector<rotaplan::Command>> commands);

signals:
    void delta(std::shared_ptr<const rotaplan::ui::ScheduleDelta> delta);
    // ok: every command committed (all of them in one transaction)
    void finished(quint64 ticket, bool ok, QString message);
    void failed(QString message);  // the database could not be opened or read

private:
    std::shared_ptr<ScheduleDelta> read_back(const std::vector<std::int64_t>& positions);
    void read_lists(ScheduleDelta& d, bool whole_report);

    QString path_;
    storage::CommandContext context_;
    bool demo_if_empty_;
    std::unique_ptr<storage::ScheduleStore> store_;
    storage::ValidationChange rechecked_;  // what the commands since the last read-back rechecked
};

}  // namespace rotaplan::ui
