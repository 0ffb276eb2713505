// Pulls held open until an event arrives or their wait runs out (long-poll).
//
//   GET /v1/events?after=P&wait=S, nothing after P
//     -> park(responder, P, limit, S)       one entry, one coarse timer
//   SharedLog::appended(head), head > P     -> answered with the new events
//   the timer runs out                      -> answered (no events: next = P)
//   the client hangs up                     -> dropped, nothing written
//
// The answer itself (read the log, build the body) is the service's: LongPolls
// only decides *when*.
#pragma once

#include <QObject>

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>

#include "http/exchange.h"

namespace rotaplan::sync {

class LongPolls : public QObject {
public:
    using Answer = std::function<void(http::Responder& responder, std::int64_t after, int limit)>;

    explicit LongPolls(Answer answer, QObject* parent = nullptr);

    void park(std::shared_ptr<http::Responder> responder, std::int64_t after, int limit, std::chrono::milliseconds wait);
    // The log's head moved: answers every pull waiting for a position before it.
    void wake(std::int64_t head);
    // Answers every waiting pull now, with what there is (a stopping server).
    void answer_all();
    std::size_t size() const { return waiting_.size(); }

protected:
    void timerEvent(QTimerEvent* event) override;

private:
    struct Waiting {
        std::shared_ptr<http::Responder> responder;
        std::int64_t after = 0;
        int limit = 0;
        QMetaObject::Connection hangup;
    };
    void finish(int timer);  // answers and forgets
    void drop(int timer);    // forgets

    Answer answer_;
    std::map<int, Waiting> waiting_;  // by the id of its timer
};

}  // namespace rotaplan::sync
