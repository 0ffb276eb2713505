// The desktop's store worker meets the unexpected: whatever a job throws, the
// planner is told (the job's answer says what went wrong) and the worker
// goes on; an exception that reached the worker thread's event loop would
// end the whole program, unsaved work in other windows with it.
//
// The unexpected here is real: a file far larger than the memory the process
// may have (its address space limited for the test's duration), so reading
// it throws std::bad_alloc inside the job.
#include <sys/resource.h>

#include <QFile>

#include "ui_support.h"

using namespace rotaplan;
using namespace rotaplan::testing;

namespace {

long vm_size_bytes() {
    QFile status("/proc/self/status");
    if (!status.open(QIODevice::ReadOnly)) return -1;
    for (const QByteArray& line : status.readAll().split('\n'))
        if (line.startsWith("VmSize:")) return line.mid(7).trimmed().split(' ').first().toLong() * 1024;
    return -1;
}

// While it lives, the process may map only `headroom` more bytes than it has.
class AddressSpaceLimit {
public:
    explicit AddressSpaceLimit(long headroom) {
        getrlimit(RLIMIT_AS, &saved_);
        struct rlimit limit = saved_;
        limit.rlim_cur = rlim_t(vm_size_bytes() + headroom);
        setrlimit(RLIMIT_AS, &limit);
    }
    ~AddressSpaceLimit() { setrlimit(RLIMIT_AS, &saved_); }

private:
    struct rlimit saved_ {};
};

}  // namespace

class TestUiWorkerFailures : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    QString huge_;

private slots:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        huge_ = dir_.filePath("huge.ssim");
        QFile f(huge_);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QVERIFY(f.resize(qint64(3) << 30));  // sparse: takes no disk
    }

    void aJobThatThrowsIsAnsweredAndTheWorkerGoesOn() {
        const QString db = dir_.filePath("schedule.db");
        make_small_schedule(db.toStdString());
        ui::Session session(db, storage::default_context());
        QVERIFY(wait_open(session));

        QStringList answers;
        auto answered = [&](bool ok, const QString& message) { answers << QString(ok ? "ok: " : "failed: ") + message; };
        {
            AddressSpaceLimit limit(long(256) << 20);
            session.preview_ssim({huge_, {}, false}, [&](bool ok, QString error, ui::ImportPreview) { answered(ok, error); });
            session.import_ssim({huge_, {}, false}, answered);
            session.import_reference("airports", huge_, answered);
            // Reading up to the limit takes a while on a loaded machine.
            QTRY_VERIFY_WITH_TIMEOUT(!session.busy(), 120000);
        }
        QCOMPARE(answers.size(), 3);
        // Memory running out is named as such, with the file where the job knows it.
        for (const auto& a : answers)
            QVERIFY2(a == "failed: out of memory" || (a.startsWith("failed: not enough memory to read " + huge_)), qPrintable(a));

        // The worker is still there and still writes.
        bool done = false;
        session.submit({CreateRotation{RotationId{Uuid{7, 7}}, "R3"}}, [&](bool ok, QString) { done = ok; });
        QVERIFY(wait_idle(session));
        QVERIFY(done);
        QTRY_COMPARE(session.view().rotations().size(), std::size_t(3));
    }
};

QTEST_MAIN(TestUiWorkerFailures)
#include "tst_ui_worker_failures.moc"
