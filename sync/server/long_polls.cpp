#include "long_polls.h"

#include <QTimerEvent>

#include "http/connection.h"

#include <vector>

namespace rotaplan::sync {

LongPolls::LongPolls(Answer answer, QObject* parent) : QObject(parent), answer_(std::move(answer)) {}

void LongPolls::park(std::shared_ptr<http::Responder> responder, std::int64_t after, int limit,
                     std::chrono::milliseconds wait) {
    if (!responder->alive()) return;
    http::Connection* connection = responder->connection();
    int timer = startTimer(wait, Qt::CoarseTimer);
    if (timer == 0) {  // no timer left: answer now rather than never
        answer_(*responder, after, limit);
        return;
    }
    Waiting& w = waiting_[timer];
    w.responder = std::move(responder);
    w.after = after;
    w.limit = limit;
    w.hangup = connect(connection, &http::Connection::closed, this, [this, timer] { drop(timer); });
}

void LongPolls::wake(std::int64_t head) {
    std::vector<int> due;
    for (const auto& [timer, w] : waiting_)
        if (w.after < head) due.push_back(timer);
    for (int timer : due) finish(timer);
}

void LongPolls::answer_all() {
    std::vector<int> all;
    for (const auto& [timer, w] : waiting_) all.push_back(timer);
    for (int timer : all) finish(timer);
}

void LongPolls::timerEvent(QTimerEvent* event) { finish(event->timerId()); }

void LongPolls::finish(int timer) {
    auto it = waiting_.find(timer);
    if (it == waiting_.end()) return;
    Waiting w = std::move(it->second);
    waiting_.erase(it);
    killTimer(timer);
    QObject::disconnect(w.hangup);
    answer_(*w.responder, w.after, w.limit);
}

void LongPolls::drop(int timer) {
    auto it = waiting_.find(timer);
    if (it == waiting_.end()) return;
    killTimer(timer);
    QObject::disconnect(it->second.hangup);
    waiting_.erase(it);
}

}  // namespace rotaplan::sync
