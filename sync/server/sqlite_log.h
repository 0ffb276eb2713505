// SqliteLog: the embedded shared log (DIR/shared-log.sqlite) for teams without Kafka.
//
// Pushes arriving in the same turn of the event loop are judged one after the
// other and committed in one transaction (group commit); each is answered only
// after that COMMIT (synchronous=FULL) returned.
#pragma once

#include <memory>
#include <string>

#include "shared_log.h"

namespace rotaplan::sync {

std::unique_ptr<SharedLog> make_sqlite_log(const std::string& path, QObject* parent = nullptr);

}  // namespace rotaplan::sync
