#include "ui/sync/sync_tokens.h"

#include <QCoreApplication>
#include <QPointer>
#include <QUrl>

#include <qt6keychain/keychain.h>

namespace rotaplan::ui {

namespace {

const QString kService = "Rotaplan";

// One entry per server, however its URL was typed (a trailing slash, case of the host).
QString entry_of(const QString& server) {
    QUrl url(server.trimmed());
    return "sync token for " + url.adjusted(QUrl::StripTrailingSlash | QUrl::NormalizePathSegments).toString();
}

// Answers that prove a keychain is there: it found the entry, or said it has none.
bool keychain_answered(QKeychain::Error error) {
    return error == QKeychain::NoError || error == QKeychain::EntryNotFound;
}

}  // namespace

SyncTokens& SyncTokens::instance() {
    static QPointer<SyncTokens> tokens;
    if (!tokens) tokens = new SyncTokens(QCoreApplication::instance());
    return *tokens;
}

QString SyncTokens::missing_note() {
    return "No system keychain is available: the token is kept until you close Rotaplan; set ROTAPLAN_TOKEN to "
           "keep it";
}

void SyncTokens::learn(Keychain keychain) {
    if (keychain == keychain_) return;
    keychain_ = keychain;
    emit keychainKnown(keychain);
}

void SyncTokens::read(const QString& server, QObject* context, std::function<void(QString)> done) {
    QString entry = entry_of(server);
    if (auto it = this_run_.find(entry); it != this_run_.end()) {
        // Asynchronous like the keychain's answer, so that callers have one order of events.
        QMetaObject::invokeMethod(context, [done, token = it->second] { done(token); }, Qt::QueuedConnection);
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setKey(entry);
    connect(job, &QKeychain::Job::finished, this, [this, job, entry] {
        learn(keychain_answered(job->error()) ? Keychain::Available : Keychain::Missing);
        // A token written meanwhile (the planner was quicker than the keychain) is the newer one.
        if (job->error() == QKeychain::NoError && !this_run_.count(entry)) this_run_[entry] = job->textData();
    });
    connect(job, &QKeychain::Job::finished, context, [this, entry, done] {
        auto it = this_run_.find(entry);
        done(it == this_run_.end() ? QString() : it->second);
    });
    job->start();
}

void SyncTokens::write(const QString& server, const QString& token, QObject* context, std::function<void(bool)> done) {
    QString entry = entry_of(server);
    this_run_[entry] = token;
    auto* job = new QKeychain::WritePasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setKey(entry);
    job->setTextData(token);
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        learn(job->error() == QKeychain::NoError ? Keychain::Available : Keychain::Missing);
    });
    if (done)
        connect(job, &QKeychain::Job::finished, context,
                [job, done] { done(job->error() == QKeychain::NoError); });
    job->start();
}

void SyncTokens::probe() {
    if (probing_ || keychain_ != Keychain::Unknown) return;
    probing_ = true;
    auto* job = new QKeychain::ReadPasswordJob(kService, this);
    job->setInsecureFallback(false);
    job->setKey("keychain probe");
    connect(job, &QKeychain::Job::finished, this, [this, job] {
        probing_ = false;
        learn(keychain_answered(job->error()) ? Keychain::Available : Keychain::Missing);
    });
    job->start();
}

}  // namespace rotaplan::ui
