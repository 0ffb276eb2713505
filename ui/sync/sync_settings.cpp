#include "ui/sync/sync_settings.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QProcessEnvironment>
#include <QSettings>
#include <QUrl>

#include "ui/sync/sync_tokens.h"

namespace rotaplan::ui {

QString SyncSettings::problem() const {
    if (server.isEmpty() && token.isEmpty()) return {};
    if (server.isEmpty()) return "no server URL";
    QUrl url(server);
    if (!url.isValid() || (url.scheme() != "http" && url.scheme() != "https") || url.host().isEmpty())
        return server + " is not an http:// or https:// URL";
    if (token.isEmpty()) return "no token";
    return {};
}

SyncOverride environment_sync_override() {
    SyncOverride o;
    auto env = QProcessEnvironment::systemEnvironment();
    if (env.contains("ROTAPLAN_SERVER")) o.server = env.value("ROTAPLAN_SERVER");
    if (env.contains("ROTAPLAN_TOKEN")) o.token = env.value("ROTAPLAN_TOKEN");
    return o;
}

SyncOverride operator|(const SyncOverride& stronger, const SyncOverride& weaker) {
    return {stronger.server ? stronger.server : weaker.server, stronger.token ? stronger.token : weaker.token};
}

QString schedule_identity(const QString& store_path) {
    QFileInfo file(store_path);
    if (file.exists()) return file.canonicalFilePath();
    // Not created yet (File > New, a first start): the folder's canonical
    // path, so that the name is the same once the file exists.
    QString folder = QFileInfo(file.absolutePath()).canonicalFilePath();
    if (folder.isEmpty()) return QDir::cleanPath(file.absoluteFilePath());
    return folder + "/" + file.fileName();
}

namespace {

QString group_of(const QString& store_path) {
    QByteArray hash = QCryptographicHash::hash(schedule_identity(store_path).toUtf8(), QCryptographicHash::Sha1);
    return "schedules/" + QString::fromLatin1(hash.toHex());
}

}  // namespace

QString saved_sync_server(const QString& store_path) {
    return QSettings().value(group_of(store_path) + "/server").toString();
}

void save_sync_server(const QString& store_path, const QString& server) {
    QSettings settings;
    settings.beginGroup(group_of(store_path));
    // The path beside its hash: someone reading the file knows which schedule it is.
    settings.setValue("path", schedule_identity(store_path));
    if (server.isEmpty()) settings.remove("server");
    else settings.setValue("server", server);
}

void migrate_user_sync_settings(const QString& store_path) {
    QSettings settings;
    if (!settings.contains("syncServer") && !settings.contains("syncToken")) return;
    QString server = settings.value("syncServer").toString().trimmed();
    QString token = settings.value("syncToken").toString().trimmed();
    if (!server.isEmpty() && saved_sync_server(store_path).isEmpty()) save_sync_server(store_path, server);
    settings.remove("syncServer");
    if (server.isEmpty() || token.isEmpty()) {
        settings.remove("syncToken");
        return;
    }
    // The plaintext copy goes once the keychain answered, saved or not: the
    // token is this run's meanwhile, and a run that ends before the answer
    // tries again at the next start.
    SyncTokens::instance().write(server, token, QCoreApplication::instance(),
                                 [](bool) { QSettings().remove("syncToken"); });
}

}  // namespace rotaplan::ui
