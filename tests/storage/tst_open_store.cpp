// Opening files that are not (or no longer) good Rotaplan stores: a clear
// error, and the file left exactly as it was.
#include <QCryptographicHash>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include "storage/schedule_store.h"
#include "storage/open_store.h"
#include "storage/sqlite/schema.h"

using namespace rotaplan;
using namespace rotaplan::storage;

class TestOpenStore : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;

    static QByteArray hash(const QString& path) {
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) return {};
        return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
    }
    static QString refusal(const QString& path) {
        try {
            open_store(path.toStdString());
        } catch (const StorageError& e) {
            return QString::fromStdString(e.what());
        }
        return {};
    }

private slots:
    void aNewFileBecomesAStore() {
        QString p = dir_.filePath("new.db");
        Database db = open_store(p.toStdString());
        QCOMPARE(db.scalar("PRAGMA application_id"), std::int64_t(kApplicationId));
        QCOMPARE(db.scalar("PRAGMA user_version"), std::int64_t(kSchemaVersion));
        QCOMPARE(db.scalar("SELECT count(*) FROM events"), 0);
    }
    void notSQLiteAtAll() {
        QString p = dir_.filePath("notes.db");
        QFile f(p);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(8192, 'x'));
        f.close();
        auto before = hash(p);
        QVERIFY2(refusal(p).contains("is not a Rotaplan schedule database"), qPrintable(refusal(p)));
        QCOMPARE(hash(p), before);
    }
    void anotherApplicationsDatabase() {
        QString p = dir_.filePath("other.db");
        {
            Database db(p.toStdString());
            db.exec("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5)");
        }
        auto before = hash(p);
        QVERIFY(refusal(p).contains("is not a Rotaplan schedule database; it was left untouched"));
        QCOMPARE(hash(p), before);
        Database db(p.toStdString());
        QCOMPARE(db.scalar("SELECT count(*) FROM sqlite_master WHERE name = 'events'"), 0);
    }
    // Schema 5 (sync, before the planner's binding and the quarantine): migrated in place,
    // its pending work kept, the store provisional.
    void aSchema5StoreGainsItsPlannerAndItsQuarantine() {
        QString p = dir_.filePath("five.db");
        {
            {
                ScheduleStore store(p.toStdString());
                QVERIFY(store.execute(CreateRotation{RotationId{*Uuid::parse(random_uuid())}, "R1"}, default_context()).ok);
            }
            Database db(p.toStdString());
            db.exec("DROP TABLE sync_quarantine; ALTER TABLE sync_state DROP COLUMN planner; "
                    "ALTER TABLE sync_state DROP COLUMN bound_at; ALTER TABLE sync_state DROP COLUMN bound_server; "
                    "PRAGMA user_version=5");
        }
        ScheduleStore store(p.toStdString());
        auto& db = store.database();
        QCOMPARE(db.scalar("PRAGMA user_version"), std::int64_t(kSchemaVersion));
        QCOMPARE(db.scalar("SELECT count(*) FROM sync_quarantine"), 0);
        QCOMPARE(db.scalar("SELECT count(*) FROM sync_state WHERE planner IS NULL AND bound_at IS NULL"), 1);
        QCOMPARE(db.scalar("SELECT count(*) FROM sync_outbox WHERE state = 'pending'"), 1);
        QVERIFY(store.execute(CreateRotation{RotationId{*Uuid::parse(random_uuid())}, "R2"}, default_context()).ok);
    }
    void aStoreFromANewerRotaplan() {
        QString p = dir_.filePath("future.db");
        { open_store(p.toStdString()).exec("PRAGMA user_version=99"); }
        QVERIFY(refusal(p).contains("written by a newer Rotaplan"));
    }
    void aCorruptedStore() {
        QString p = dir_.filePath("broken.db");
        {
            ScheduleStore store(p.toStdString());
            store.database().exec("PRAGMA journal_mode=DELETE");
        }
        QFile f(p);
        QVERIFY(f.open(QIODevice::ReadWrite));
        f.seek(0);
        f.write(QByteArray(100, '\xff'));  // the header is gone
        f.close();
        auto before = hash(p);
        QString why = refusal(p);
        QVERIFY2(why.contains("not a Rotaplan schedule database") || why.contains("corrupted"), qPrintable(why));
        QCOMPARE(hash(p), before);
    }
};

QTEST_GUILESS_MAIN(TestOpenStore)
#include "tst_open_store.moc"
