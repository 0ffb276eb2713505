// parse_request_head: the first thing the server judges of every request,
// from bytes, before any byte of a body.
#include <QtTest>

#include "sync/server/http/request_head.h"

using namespace rotaplan::sync::http;
using State = HeadParse::State;

namespace {

HeadParse parse(const std::string& bytes, HeadLimits limits = {}) { return parse_request_head(bytes, limits); }

}  // namespace

class TestRequestHead : public QObject {
    Q_OBJECT

    void refused(const std::string& bytes, int status, const char* part) {
        auto p = parse(bytes);
        QCOMPARE(int(p.state), int(State::Refused));
        QCOMPARE(p.status, status);
        QVERIFY2(p.error.find(part) != std::string::npos, p.error.c_str());
    }

private slots:
    void aPushHeadIsReadWithItsFieldsAndWhereItsBodyStarts() {
        std::string bytes =
            "POST /v1/events?after=0&wait=25 HTTP/1.1\r\nHost: sync.example\r\nAuthorization:  Bearer abc \r\n"
            "Content-Type: application/json\r\nContent-Length: 12\r\n\r\n{\"events\":1}";
        auto p = parse(bytes);
        QCOMPARE(int(p.state), int(State::Complete));
        QCOMPARE(p.head.method, std::string("POST"));
        QCOMPARE(p.head.path, std::string("/v1/events"));
        QCOMPARE(p.head.query, std::string("after=0&wait=25"));
        QCOMPARE(p.head.minor_version, 1);
        QCOMPARE(std::string(*p.head.field("authorization")), std::string("Bearer abc"));
        QCOMPARE(*p.head.content_length, std::uint64_t(12));
        QVERIFY(p.head.keep_alive);
        QCOMPARE(bytes.substr(p.size), std::string("{\"events\":1}"));
        QVERIFY(!p.head.field("cookie"));
    }

    void aHeadIsIncompleteUntilItsBlankLine() {
        const std::string head = "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n";
        for (std::size_t n = 0; n < head.size(); ++n)
            QCOMPARE(int(parse(head.substr(0, n)).state), int(State::Incomplete));
        QCOMPARE(int(parse(head).state), int(State::Complete));
        // Bare line feeds, and empty lines before the request line (after a previous body).
        auto lf = parse("\r\n\nGET /healthz HTTP/1.1\nHost: x\n\n");
        QCOMPARE(int(lf.state), int(State::Complete));
        QCOMPARE(lf.head.path, std::string("/healthz"));
    }

    void findHeadEndFromWhereItStoppedFindsWhatAWholeSearchFinds() {
        const std::string bytes = "GET / HTTP/1.1\r\nHost: x\r\nA: b\n\r\nrest";
        const auto whole = find_head_end(bytes);
        QCOMPARE(whole, bytes.find("rest"));
        for (std::size_t cut = 1; cut < bytes.size(); ++cut) {
            std::size_t from = cut >= 3 ? cut - 3 : 0;
            auto first = find_head_end(std::string_view(bytes).substr(0, cut));
            if (first != std::string_view::npos) {
                QCOMPARE(first, whole);
                continue;
            }
            QCOMPARE(find_head_end(bytes, from), whole);
        }
    }

    void aHeadOverTheLimitIsTooLargeEvenBeforeItEnds() {
        HeadLimits small{256, 100};
        std::string endless = "GET / HTTP/1.1\r\nHost: x\r\nX-Pad: " + std::string(300, 'p');
        auto p = parse(endless, small);
        QCOMPARE(int(p.state), int(State::Refused));
        QCOMPARE(p.status, 431);
        auto complete = parse(endless + "\r\n\r\n", small);
        QCOMPARE(complete.status, 431);
        std::string many = "GET / HTTP/1.1\r\nHost: x\r\n";
        for (int i = 0; i < 101; ++i) many += "X-" + std::to_string(i) + ": y\r\n";
        auto fields = parse(many + "\r\n");
        QCOMPARE(fields.status, 431);
        QVERIFY2(fields.error.find("100 header fields") != std::string::npos, fields.error.c_str());
    }

    void bothContentLengthAndTransferEncodingIsSmugglingAndRefused() {
        refused("POST /v1/events HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n", 400,
                "both Content-Length and Transfer-Encoding");
        refused("POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 4\r\n\r\n", 400,
                "both");
        refused("POST /v1/events HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n", 501, "Content-Length");
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nContent-Length: 5\r\n\r\n", 400, "two different");
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: -4\r\n\r\n", 400, "number of bytes");
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4, 4\r\n\r\n", 400, "number of bytes");
        refused("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 99999999999999999999\r\n\r\n", 400, "number of bytes");
        // The same length twice is one length.
        auto same = parse("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\ncontent-length: 4\r\n\r\n");
        QCOMPARE(int(same.state), int(State::Complete));
        QCOMPARE(*same.head.content_length, std::uint64_t(4));
    }

    void malformedHeadsAreRefused() {
        refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\r\n  folded\r\n\r\n", 400, "folded");
        refused("GET / HTTP/1.1\r\nHost: x\r\nX-A : b\r\n\r\n", 400, "NAME: VALUE");
        refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\x01\r\n\r\n", 400, "control character");
        refused("GET / HTTP/1.1\r\nHost: x\r\nX-A: b\rc\r\n\r\n", 400, "carriage return");
        refused("GET / HTTP/1.1\r\n\r\n", 400, "Host");
        refused("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, "Host");
        refused("GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, "HTTP/1.1");
        refused("GET  / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "request line");
        refused("GET http://evil/ HTTP/1.1\r\nHost: x\r\n\r\n", 400, "path");
        refused("GET /a b HTTP/1.1\r\nHost: x\r\n\r\n", 400, "request line");
        refused("G(T / HTTP/1.1\r\nHost: x\r\n\r\n", 400, "method");
        refused("GET / HTTP/1.1\r\nHost: x\r\nExpect: 200-ok\r\n\r\n", 417, "100-continue");
        // Garbage is refused as soon as its first line is there, not at the limit.
        auto early = parse("\x16\x03\x01\x02\x05\x01\xfc\x03\x03\r\n more of a TLS hello");
        QCOMPARE(int(early.state), int(State::Refused));
        QCOMPARE(early.status, 400);
    }

    void keepAliveAndExpectationsFollowTheVersionAndFields() {
        QVERIFY(!parse("GET / HTTP/1.1\r\nHost: x\r\nConnection: Keep-Alive, close\r\n\r\n").head.keep_alive);
        QVERIFY(!parse("GET / HTTP/1.0\r\n\r\n").head.keep_alive);
        QVERIFY(parse("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n").head.keep_alive);
        QVERIFY(parse("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\n").head.expects_continue);
    }
};

QTEST_GUILESS_MAIN(TestRequestHead)
#include "tst_request_head.moc"
