// The one id mint (core/id_mint.h): unique ids, ascending in the order they
// are minted (whatever the clock does), and the same ids from the same clock
// and seed.
#include <QtTest>

#include <random>
#include <set>

#include "core/id_mint.h"

using namespace rotaplan;

namespace {
struct FixedSources {
    std::uint64_t millis;
    std::mt19937_64 rng;
    IdMint mint() {
        return IdMint([this] { return millis; }, [this] { return rng(); });
    }
};
std::uint64_t millis_of(const Uuid& u) { return u.hi >> 16; }
}  // namespace

class TestIdMint : public QObject {
    Q_OBJECT
private slots:
    void idsAreUniqueAndAscendWithinAMillisecond() {
        FixedSources s{1'775'000'000'000ull, std::mt19937_64(42)};
        IdMint mint = s.mint();
        std::set<Uuid> seen;
        Uuid last = mint.next();
        seen.insert(last);
        for (int i = 0; i < 20000; ++i) {
            Uuid u = mint.next();
            QVERIFY2(last < u, qPrintable(QString::fromStdString(last.str() + " then " + u.str())));
            QVERIFY(seen.insert(u).second);
            last = u;
        }
        QCOMPARE(millis_of(last), s.millis);  // the clock stood still: one millisecond, counted on
    }
    void idsFollowTheClockAndNeverGoBack() {
        FixedSources s{1'775'000'000'000ull, std::mt19937_64(7)};
        IdMint mint = s.mint();
        Uuid a = mint.next();
        s.millis += 5;
        Uuid b = mint.next();
        QVERIFY(a < b);
        QCOMPARE(millis_of(b), s.millis);
        s.millis -= 1000;  // the clock stepped back (NTP): still after b
        Uuid c = mint.next();
        QVERIFY(b < c);
        QCOMPARE(millis_of(c), millis_of(b));
    }
    void theyAreVersionSevenUuids() {
        FixedSources s{1'775'000'000'000ull, std::mt19937_64(1)};
        IdMint mint = s.mint();
        for (int i = 0; i < 100; ++i) {
            Uuid u = mint.next();
            QCOMPARE((u.hi >> 12) & 0xF, std::uint64_t(7));
            QCOMPARE(u.lo >> 62, std::uint64_t(2));  // RFC variant
            QVERIFY(Uuid::parse(u.str()) == u);
        }
    }
    void theSameClockAndSeedMintTheSameIds() {
        FixedSources s1{1'775'000'000'000ull, std::mt19937_64(99)}, s2{1'775'000'000'000ull, std::mt19937_64(99)};
        IdMint m1 = s1.mint(), m2 = s2.mint();
        for (int i = 0; i < 100; ++i) QCOMPARE(m1.leg(), m2.leg());
        QCOMPARE(m1.rotation(), m2.rotation());
        // Another seed, the same clock: other ids (two planners offline).
        FixedSources s3{1'775'000'000'000ull, std::mt19937_64(100)};
        IdMint m3 = s3.mint();
        QVERIFY(m3.next() != m1.next());
    }
};

QTEST_APPLESS_MAIN(TestIdMint)
#include "tst_id_mint.moc"
