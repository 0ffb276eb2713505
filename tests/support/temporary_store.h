// A suite's temporary folder, with a fresh schedule database for each test
// function: the set-up every suite that writes stores had its own copy of.
//
//   StoreFolder dir_{"c"};                 the suite's folder, removed with the suite
//   void init() { db_ = dir_.next_store(); }   ".../c1.db", ".../c2.db", ...: no store there yet
//   dir_.filePath("season.ssim")           any other file in it (QTemporaryDir's spelling)
//   dir_.write("season.ssim", text)        a fixture file, its path returned
//   dir_.next_copy_of(ROTAPLAN_FIXTURES "/store-v1.db")   a fresh copy of a checked-in store
//
// The path is new for every test function, so what one test leaves in its
// store (or its -wal and -shm files) never meets the next; the store itself is
// created by whatever the test runs first (rotaplan-cli, ScheduleStore,
// open_store), as a planner's would be.
#pragma once

#include <QFile>
#include <QString>
#include <QTemporaryDir>

#include <string>

namespace rotaplan::testing {

class StoreFolder {
public:
    explicit StoreFolder(QString prefix = "s") : prefix_(std::move(prefix)) {
        if (!dir_.isValid()) qFatal("cannot create a temporary folder: %s", qPrintable(dir_.errorString()));
    }

    // A path no store is at yet, for the next test function.
    QString next_store() { return dir_.filePath(QString("%1%2.db").arg(prefix_).arg(++stores_)); }
    // The same, named for whose it is: ".../anna-3.db".
    QString next_store(const QString& name) { return dir_.filePath(QString("%1-%2.db").arg(name).arg(++stores_)); }
    std::string next_store_path() { return next_store().toStdString(); }
    // The next store, a writable copy of `fixture` (a checked-in store: never opened itself).
    std::string next_copy_of(const QString& fixture) {
        QString copy = next_store();
        if (!QFile::copy(fixture, copy)) qFatal("cannot copy %s", qPrintable(fixture));
        QFile::setPermissions(copy, QFile::ReadOwner | QFile::WriteOwner);
        return copy.toStdString();
    }

    QString filePath(const QString& name) const { return dir_.filePath(name); }
    QString path() const { return dir_.path(); }
    bool isValid() const { return dir_.isValid(); }

    // A fixture file in the folder, its path returned.
    QString write(const QString& name, const std::string& content) const {
        QString path = dir_.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write fixture %s", qPrintable(path));
        f.write(content.data(), qint64(content.size()));
        return path;
    }

private:
    QTemporaryDir dir_;
    QString prefix_;
    int stores_ = 0;
};

}  // namespace rotaplan::testing
