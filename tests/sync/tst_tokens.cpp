// The --tokens file: who may talk to rotaplan-server, and the errors that
// point at the line to fix.
#include <QtTest>

#include "sync/server/tokens.h"

using namespace rotaplan::sync;

namespace {

QString refusal(const std::string& text) {
    try {
        Tokens::parse(text, "team.tokens");
    } catch (const TokenFileError& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}

}  // namespace

class TestTokens : public QObject {
    Q_OBJECT
private slots:
    void linesCommentsAndBlanks() {
        auto tokens = Tokens::parse("# the team\n\n  \t\nt0k3n-anna   anna   Anna Lindqvist (days)\r\n"
                                    "  # indented comment\nt0k3n-marc\tmarc\tMarc\n",
                                    "team.tokens");
        QCOMPARE(tokens.size(), std::size_t(2));
        auto anna = tokens.find("t0k3n-anna");
        QVERIFY(anna);
        QCOMPARE(anna->planner, std::string("anna"));
        QCOMPARE(anna->name, std::string("Anna Lindqvist (days)"));
        QCOMPARE(tokens.find("t0k3n-marc")->name, std::string("Marc"));
        QCOMPARE(Tokens::parse("t0k3n-lena lena", "x").find("t0k3n-lena")->name, std::string("lena"));
        QVERIFY(!tokens.find("t0k3n-ann"));
        QVERIFY(!tokens.find(""));
        QVERIFY(!tokens.find("anna"));
    }

    void aBadLineIsNamedByFileAndLine() {
        QString e = refusal("# ok\nt0k3n-anna anna Anna\nt0k3n-marc\n");
        QVERIFY2(e.startsWith("team.tokens:3: "), qPrintable(e));
        QVERIFY2(e.contains("TOKEN PLANNER [NAME]"), qPrintable(e));
    }

    void aTokenGivenTwiceIsAnError() {
        QString e = refusal("same-token anna Anna\nsame-token marc Marc\n");
        QVERIFY2(e.startsWith("team.tokens:2: "), qPrintable(e));
        QVERIFY2(e.contains("anna"), qPrintable(e));
    }

    void aFileWithoutTokensIsAnError() {
        QVERIFY(refusal("# nobody yet\n\n").contains("no tokens"));
        QVERIFY(refusal("").contains("no tokens"));
    }

    void anUnreadableFileIsAnError() {
        try {
            Tokens::load("/no/such/dir/tokens");
            QFAIL("loaded a missing file");
        } catch (const TokenFileError& e) {
            QVERIFY2(std::string(e.what()).find("/no/such/dir/tokens") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTokens)
#include "tst_tokens.moc"
