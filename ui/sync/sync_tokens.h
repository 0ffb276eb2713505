// The planner's sync tokens, one per server URL, in the system keychain
// (QtKeychain: the secret service, KWallet, …), and in memory for this run.
//
//   read(server)  this run's copy if there is one; else a keychain job, its answer
//                 delivered by the job's finished signal (the GUI thread never waits)
//   write(server, token)  this run's copy at once, then a keychain job
//
// Without a keychain (no secret service, no D-Bus session: a bare machine, the
// tests) every job fails; the token is then kept in memory until Rotaplan
// closes, and missing_note() says so to the planner. QtKeychain's insecure
// fallback (the token in a plaintext settings file) is never enabled.
#pragma once

#include <QObject>
#include <QString>

#include <functional>
#include <map>

namespace rotaplan::ui {

class SyncTokens : public QObject {
    Q_OBJECT
public:
    enum class Keychain { Unknown, Available, Missing };

    // The application's one store of tokens (a child of the application object).
    static SyncTokens& instance();

    // done(token) on this thread, after the keychain answered, unless `context`
    // is gone by then; an empty token: none saved for this server.
    void read(const QString& server, QObject* context, std::function<void(QString)> done);
    // done(saved): false when there is no keychain (kept for this run only).
    void write(const QString& server, const QString& token, QObject* context,
               std::function<void(bool)> done = {});
    // Whether the last keychain job found one; Unknown until a job answered.
    Keychain keychain() const { return keychain_; }
    // Ask the keychain something harmless, to learn whether there is one.
    void probe();

    static QString missing_note();

signals:
    void keychainKnown(rotaplan::ui::SyncTokens::Keychain keychain);

private:
    using QObject::QObject;
    void learn(Keychain keychain);

    std::map<QString, QString> this_run_;  // server URL -> token
    Keychain keychain_ = Keychain::Unknown;
    bool probing_ = false;
};

}  // namespace rotaplan::ui
