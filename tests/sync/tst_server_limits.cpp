// rotaplan-server under abusive clients: the real binary on 127.0.0.1, raw
// sockets saying what no desktop says, the server's memory read from
// /proc/PID/status. Limits and deadlines are made small on the command line
// so that each test takes seconds.
#include <QProcess>
#include <QtTest>

#include "http_calls.h"
#include "raw_http.h"
#include "server_process.h"
#include "wire_events.h"

using namespace rotaplan::sync;
using namespace rotaplan::testing;

namespace {

const QByteArray kToken = QByteArray("Authorization: Bearer ") + kAnnaToken + "\r\n";

qint64 pid_of(ServerProcess& server) { return server.process()->processId(); }

// Growth of the server's peak memory (VmHWM) while `abuse` runs, in MB.
template <class F>
double peak_growth_mb(ServerProcess& server, F&& abuse) {
    const qint64 before = proc_status_kb(pid_of(server), "VmHWM");
    abuse();
    const qint64 after = proc_status_kb(pid_of(server), "VmHWM");
    return double(after - before) / 1024.0;
}

QByteArray push_head(qint64 length, bool token) {
    return "POST /v1/events HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" +
           (token ? kToken : QByteArray()) + "Content-Length: " + QByteArray::number(length) + "\r\n\r\n";
}

}  // namespace

class TestServerLimits : public QObject {
    Q_OBJECT
    HttpCalls http_;

    // Still serving everyone else after the abuse.
    void still_serves(ServerProcess& server) {
        auto r = http_.get(server.url("/v1/session"), kAnnaToken);
        QCOMPARE(r.status, 200);
    }

private slots:
    // The probe: 86 -> 282 MB for one POST without a token declaring 200 MB.
    void aBodyWithoutATokenIsRefusedFromItsHeadAndNeverRead() {
        ServerProcess server({.extra_args = {"--max-body", "1000000"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        RawClient c;
        double growth = peak_growth_mb(server, [&] {
            QVERIFY(c.connect(server.port()));
            QVERIFY(c.send(push_head(200'000'000, false)));
            // Answered with the head alone: not a byte of the body was sent.
            QVERIFY2(c.answered_within(3000), "no answer to the head");
            QByteArray answer = c.read_available();
            QCOMPARE(status_of(answer), 401);
            QVERIFY2(answer.contains("Connection: close"), answer.constData());
            QVERIFY(answer.contains("\"error\""));
            // A client that sends its body anyway is cut off, and none of it is kept.
            const QByteArray chunk(1 << 20, 'x');
            for (int i = 0; i < 200 && c.send(chunk); ++i) {
            }
            QVERIFY(c.closed_within(5000));
        });
        QVERIFY2(growth < 24, qPrintable(QString("the server's peak memory grew by %1 MB").arg(growth)));

        // With a token the declared length is judged as early: 413, closed.
        RawClient t;
        QVERIFY(t.connect(server.port()));
        QVERIFY(t.send(push_head(200'000'000, true)));
        QVERIFY(t.answered_within(3000));
        QCOMPARE(status_of(t.read_available()), 413);
        QVERIFY(t.closed_within(5000));
        // And a push must say how long it is.
        RawClient u;
        QVERIFY(u.connect(server.port()));
        QVERIFY(u.send("POST /v1/events HTTP/1.1\r\nHost: x\r\n" + kToken + "\r\n"));
        QCOMPARE(status_of(u.read_until_closed(5000)), 411);
        still_serves(server);
    }

    // The probe: 20 connections sending a 20 MB header that never ends took it to 797 MB.
    void headsThatNeverEndAreCutOffAt431AndCostNoMemory() {
        ServerProcess server({.extra_args = {"--max-body", "1000000"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        std::vector<RawClient> clients(20);
        std::vector<qint64> sent(clients.size(), 0);
        double growth = peak_growth_mb(server, [&] {
            for (auto& c : clients) {
                QVERIFY(c.connect(server.port()));
                QVERIFY(c.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Padding: "));
            }
            const QByteArray chunk(256 << 10, 'p');
            for (bool writing = true; writing;) {
                writing = false;
                for (std::size_t i = 0; i < clients.size(); ++i) {
                    auto& c = clients[i];
                    if (sent[i] >= (20 << 20) || !c.connected() || c.socket().bytesAvailable() > 0) continue;
                    if (c.send(chunk)) sent[i] += chunk.size();
                    writing = true;
                }
            }
            for (auto& c : clients) QCOMPARE(status_of(c.read_until_closed(5000)), 431);
        });
        QVERIFY2(growth < 32, qPrintable(QString("the server's peak memory grew by %1 MB").arg(growth)));
        for (qint64 n : sent) QVERIFY2(n < (20 << 20), "a never-ending head was read to its 20 MB");
        still_serves(server);
    }

    // The probe: 0 of 200 idle connections closed after 13 s.
    void idleAndHalfSentConnectionsAreClosedAtTheirDeadline() {
        ServerProcess server({.extra_args = {"--head-timeout", "1", "--idle-timeout", "1"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        std::vector<RawClient> idle(50), half(10);
        for (auto& c : idle) QVERIFY(c.connect(server.port()));
        for (auto& c : half) {
            QVERIFY(c.connect(server.port()));
            QVERIFY(c.send("GET /healthz HTTP/1.1\r\nHost: 12"));
        }
        QElapsedTimer clock;
        clock.start();
        for (auto& c : idle) QVERIFY(c.closed_within(5000));
        for (auto& c : half) {
            QVERIFY(c.closed_within(5000));
            QCOMPARE(status_of(c.read_available()), 408);  // it had begun: it is told why
        }
        QVERIFY2(clock.elapsed() < 5000, "idle connections outlived their deadline");
        // A kept-alive connection that waits too long for its next request is closed too.
        RawClient kept;
        QVERIFY(kept.connect(server.port()));
        QVERIFY(kept.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"));
        QVERIFY(kept.answered_within(3000));
        QCOMPARE(status_of(kept.read_available()), 200);
        QVERIFY(kept.connected());
        QVERIFY(kept.closed_within(5000));
        auto m = http_.get(server.url("/metrics")).body;
        QVERIFY(metric(m, "rotaplan_connection_timeouts_total{phase=\"head\"}") >= 60);
        QVERIFY(metric(m, "rotaplan_connection_timeouts_total{phase=\"idle\"}") >= 1);
    }

    // Slowloris: every byte on time, the head never done. The head's deadline
    // is for the whole head, not renewed by each byte.
    void aHeadTrickledByteByByteIsCutOffByItsDeadline() {
        ServerProcess server({.extra_args = {"--head-timeout", "2", "--idle-timeout", "60"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        RawClient c;
        QVERIFY(c.connect(server.port()));
        const QByteArray head = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + QByteArray(400, 's') + "\r\n\r\n";
        QElapsedTimer clock;
        clock.start();
        int i = 0;
        for (; i < head.size() && c.send(head.mid(i, 1)); ++i) {
            if (c.answered_within(50)) break;  // also waits between bytes
        }
        QVERIFY2(c.closed_within(3000), "the trickling client was never cut off");
        QVERIFY2(clock.elapsed() < 5000, qPrintable(QString("cut off after %1 ms").arg(clock.elapsed())));
        QVERIFY2(i < head.size(), "the whole head was taken");
        QCOMPARE(status_of(c.read_available()), 408);
    }

    void aBodyThatStopsComingIsCutOffByItsDeadline() {
        ServerProcess server({.extra_args = {"--body-timeout", "1"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        RawClient c;
        QVERIFY(c.connect(server.port()));
        QVERIFY(c.send(push_head(1000, true) + "{\"expected\":"));
        QElapsedTimer clock;
        clock.start();
        QVERIFY(c.closed_within(5000));
        QVERIFY(clock.elapsed() < 4000);
        QCOMPARE(status_of(c.read_available()), 408);
        QCOMPARE(metric(http_.get(server.url("/metrics")).body, "rotaplan_connection_timeouts_total{phase=\"body\"}"), 1.0);
    }

    // The probe: 5,000 idle connections accepted.
    void connectionsAreLimitedPerAddressAndInTotal() {
        ServerProcess server({.extra_args = {"--max-connections-per-address", "4", "--max-connections", "6"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        std::vector<RawClient> first(4);
        for (auto& c : first) QVERIFY(c.connect(server.port()));
        RawClient fifth;
        QVERIFY(fifth.connect(server.port()));
        QVERIFY2(fifth.closed_within(3000), "a fifth connection from one address was kept");
        std::vector<RawClient> other(2);
        for (auto& c : other) QVERIFY(c.connect(server.port(), QHostAddress("127.0.0.2")));
        QTest::qWait(200);
        for (auto& c : other) QVERIFY2(c.connected(), "another address was refused below the limits");
        RawClient seventh;
        QVERIFY(seventh.connect(server.port(), QHostAddress("127.0.0.3")));
        QVERIFY2(seventh.closed_within(3000), "a seventh connection in all was kept");
        for (auto& c : first) QVERIFY(c.connected());
        // One gone, one more may come.
        first.pop_back();
        QTest::qWait(300);
        RawClient again;
        QVERIFY(again.connect(server.port()));
        QVERIFY(again.send("GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        QByteArray m = again.read_until_closed(5000);
        QCOMPARE(status_of(m), 200);
        QCOMPARE(metric(m, "rotaplan_connections_refused_total{reason=\"per_address\"}"), 1.0);
        QCOMPARE(metric(m, "rotaplan_connections_refused_total{reason=\"total\"}"), 1.0);
        QCOMPARE(metric(m, "rotaplan_max_connections"), 6.0);
        QCOMPARE(metric(m, "rotaplan_max_connections_per_address"), 4.0);
        QCOMPARE(metric(m, "rotaplan_clients"), 6.0);
    }

    void theLimitsAreInHelpAndMetrics() {
        QProcess help;
        help.start(ROTAPLAN_SERVER, {"--help"});
        QVERIFY(help.waitForFinished(10000));
        const QString text = QString::fromUtf8(help.readAllStandardOutput()).simplified();  // unwrapped
        for (const char* option : {"--max-body", "--max-head", "--max-connections", "--max-connections-per-address",
                                   "--head-timeout", "--idle-timeout", "--body-timeout"})
            QVERIFY2(text.contains(option), option);
        QVERIFY(text.contains("(default 1024)"));
        QVERIFY(text.contains("(default 16384)"));

        ServerProcess server({.extra_args = {"--max-head", "4096", "--head-timeout", "7", "--idle-timeout", "9",
                                             "--body-timeout", "11", "--max-body", "5000"}});
        QVERIFY2(server.start(), qPrintable(server.error()));
        auto m = http_.get(server.url("/metrics")).body;
        QCOMPARE(metric(m, "rotaplan_max_head_bytes"), 4096.0);
        QCOMPARE(metric(m, "rotaplan_max_body_bytes"), 5000.0);
        QCOMPARE(metric(m, "rotaplan_head_timeout_seconds"), 7.0);
        QCOMPARE(metric(m, "rotaplan_idle_timeout_seconds"), 9.0);
        QCOMPARE(metric(m, "rotaplan_body_timeout_seconds"), 11.0);
        QCOMPARE(metric(m, "rotaplan_max_connections"), 1024.0);
        auto bad = run_server_to_end({"--listen", "127.0.0.1:0", "--data", server.data_dir() + "2", "--tokens",
                                      server.tokens_file(), "--head-timeout", "soon"});
        QCOMPARE(bad.code, 2);
        QVERIFY2(bad.err.contains("--head-timeout"), qPrintable(bad.err));
    }

    // Request smuggling: a body that both Content-Length and Transfer-Encoding
    // describe, differently; today the rest was read as a second request.
    void aRequestWithBothLengthsIsRefusedAndNothingIsSmuggled() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const QByteArray smuggled = "GET /v1/session HTTP/1.1\r\nHost: x\r\n" + kToken + "\r\n";
        const QByteArray chunked = "0\r\n\r\n" + smuggled;
        RawClient c;
        QVERIFY(c.connect(server.port()));
        QVERIFY(c.send("POST /v1/events HTTP/1.1\r\nHost: x\r\n" + kToken + "Content-Type: application/json\r\n"
                       "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked));
        QByteArray answer = c.read_until_closed(5000);
        QCOMPARE(status_of(answer), 400);
        QCOMPARE(answers_in(answer), 1);
        QVERIFY2(answer.contains("Transfer-Encoding"), answer.constData());
        QVERIFY(!c.connected());
        still_serves(server);
    }

    // Pipelined requests are answered in order, one at a time, on one connection.
    void pipelinedRequestsAreAnsweredInOrder() {
        ServerProcess server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RawClient c;
        QVERIFY(c.connect(server.port()));
        QVERIFY(c.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /v1/session HTTP/1.1\r\nHost: x\r\n" + kToken +
                       "\r\nGET /nowhere HTTP/1.1\r\nHost: x\r\n\r\n"));
        QByteArray answers = c.read_until_closed(5000);
        QCOMPARE(answers_in(answers), 3);
        const int ok = answers.indexOf("HTTP/1.1 200"), session = answers.indexOf("\"planner\":\"anna\""),
                  missing = answers.indexOf("HTTP/1.1 404");
        QVERIFY2(ok >= 0 && ok < session && session < missing, answers.constData());
    }

    void theLimitsHoldOverTls() {
        QTemporaryDir dir;
        QString cert, key;
        ROTAPLAN_TEST_CERTIFICATE(dir, cert, key);
        ServerProcess server({.extra_args = {"--tls-cert", cert, "--tls-key", key, "--head-timeout", "2",
                                             "--max-connections-per-address", "3", "--max-head", "4096"},
                              .scheme = "https"});
        QVERIFY2(server.start(), qPrintable(server.error()));
        // Connected, never a TLS hello: closed at the head's deadline all the same.
        RawClient silent;
        QVERIFY(silent.connect(server.port()));
        QElapsedTimer clock;
        clock.start();
        QVERIFY2(silent.closed_within(5000), "a connection that never said hello was kept");
        QVERIFY(clock.elapsed() < 4500);
        // A head that never ends, over TLS: 431.
        RawClient endless;
        QVERIFY(endless.connect_tls(server.port()));
        QVERIFY(endless.send("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Pad: " + QByteArray(8192, 'p')));
        QCOMPARE(status_of(endless.read_until_closed(5000)), 431);
        // Counted per address before any handshake.
        std::vector<RawClient> three(3);
        for (auto& c : three) QVERIFY(c.connect(server.port()));
        RawClient fourth;
        QVERIFY(fourth.connect(server.port()));
        QVERIFY2(fourth.closed_within(1500), "a fourth connection from one address was kept");
        for (auto& c : three) QVERIFY(c.connected());
        three.clear();
        QTest::qWait(300);
        RawClient ok;
        QVERIFY(ok.connect_tls(server.port()));
        QVERIFY(ok.send("GET /v1/session HTTP/1.1\r\nHost: x\r\n" + kToken + "Connection: close\r\n\r\n"));
        QCOMPARE(status_of(ok.read_until_closed(5000)), 200);
    }
};

QTEST_GUILESS_MAIN(TestServerLimits)
#include "tst_server_limits.moc"
