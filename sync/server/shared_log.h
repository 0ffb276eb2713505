// The server's shared log: every accepted event of every planner, in one order.
//
//   push --append()--> [ judge against LogIndex ] --accepted--> durable --> done(Accepted, positions)
//                                                 --conflict--> done(Conflict, streams' versions)
//   pull --read()----> events after a position, from the index
//
// Two implementations: SqliteLog (the embedded default: the index *is* the
// log) and KafkaLog (the topic is the source of truth, the index a local copy
// rebuilt from it at start). Both judge a batch by the same rule (LogIndex::judge),
// so a client cannot tell them apart except by `kind()`.
//
// Threading: a SharedLog lives on the server's thread. append() never blocks
// that thread on disk or brokers for long; `done` is called later on it.
// `appended` fires there whenever the head moved, which wakes long-polls.
#pragma once

#include <QObject>

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "sync/protocol/wire.h"

namespace rotaplan::sync {

struct PushResult {
    enum class Kind { Accepted, Conflict, Reused, Taken, Unavailable, Invalid } kind = Kind::Unavailable;
    std::vector<std::int64_t> positions;   // Accepted: one per event of the batch, in batch order
    std::vector<StreamConflict> conflicts; // Conflict
    std::vector<ReusedEvent> reused;       // Reused: ids the log holds for other events
    std::vector<TakenName> taken;          // Taken: rotation names other rotations hold
    std::string error;                     // Unavailable / Invalid: for the client
    std::int64_t head = 0;
};

class SharedLog : public QObject {
    Q_OBJECT
public:
    using QObject::QObject;
    ~SharedLog() override = default;

    virtual const char* kind() const = 0;  // "sqlite" or "kafka"
    virtual void append(PushBatch batch, std::function<void(PushResult)> done) = 0;
    virtual std::vector<WireEvent> read(std::int64_t after, int limit, std::size_t max_bytes) = 0;
    virtual std::int64_t head() = 0;
    virtual std::int64_t events_stored() = 0;
    virtual bool writable() = 0;

signals:
    void appended(qint64 head);
};

}  // namespace rotaplan::sync
