// The server's index of accepted events, in SQLite, and the one rule that
// decides whether a pushed batch is accepted.
//
//   log(position PK, event_id UNIQUE, stream, version, ..., UNIQUE(stream, version))
//
// For SqliteLog this table *is* the shared log (DIR/shared-log.sqlite). For
// KafkaLog it is a copy of the topic's valid batches (DIR/kafka-index.sqlite),
// wiped and rebuilt from offset 0 at every start; positions number the
// events in the order their batches became valid, which is the same on every
// server sharing the topic, so they all give an event the same position.
//
// judge() is the rule (docs/sync-protocol.md, "Push"): events whose id is
// already in the log with the same bytes in every field are duplicates (a
// retry) and keep their positions; an id the log holds for an event that
// differs in anything (stream, version, type, schema, payload, metadata,
// time) is reused and refuses the batch; for every stream the first new event
// must follow the stream's current version, else the whole batch is a conflict;
// and (`names`) a RotationCreated or RotationRenamed whose name another
// rotation stream holds refuses the batch (taken).
//
//   rotation_names(stream PK, name)   the live rotations' names, kept by store()
//                                     from RotationCreated/Renamed/Deleted and
//                                     rebuilt from the log at every start
//
// The names index is not UNIQUE: a log written by an older server may hold a
// name twice; from now on no new holder is added.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "sync/protocol/wire.h"

struct sqlite3;

namespace rotaplan::sync {

struct Verdict {
    bool conflict = false;
    std::vector<StreamConflict> conflicts;     // when conflict
    std::vector<std::int64_t> positions;       // per batch event: its position if a duplicate, else 0
    std::vector<std::size_t> fresh;            // indexes of the batch's events that are new
    std::vector<ReusedEvent> reused;           // not empty: the batch is refused, nothing else was judged
    std::vector<TakenName> taken;              // not empty: the batch is refused (judged after reused and conflict)
};

class LogIndex {
public:
    // Opens (creating) the SQLite file; `fresh` empties it first (KafkaLog's rebuild).
    LogIndex(const std::string& path, bool fresh);
    ~LogIndex();
    LogIndex(const LogIndex&) = delete;
    LogIndex& operator=(const LogIndex&) = delete;

    // `names`: also refuse a batch taking a rotation name another rotation
    // holds. KafkaLog's judgement in topic order leaves it out (kafka_log.cpp).
    Verdict judge(const PushBatch& batch, bool names = true);
    // Inside begin()/commit(): stores the events with the given positions
    // (0: the next free position, SqliteLog) and returns the positions used.
    std::vector<std::int64_t> store(const std::vector<const WireEvent*>& events,
                                    const std::vector<std::int64_t>& positions);
    void begin();
    void commit();    // durable (synchronous=FULL) when it returns
    void rollback();

    std::vector<WireEvent> read(std::int64_t after, int limit, std::size_t max_bytes);
    std::int64_t head();
    std::int64_t count();
    std::int64_t stream_version(const std::string& stream);

    // KafkaLog: where the index has consumed the topic up to (offset of the next message).
    std::int64_t consumed_offset();
    void set_consumed_offset(std::int64_t offset);  // inside begin()/commit()

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace rotaplan::sync
