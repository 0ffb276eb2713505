#include "ui/sync/sync_settings.h"

#include <QProcessEnvironment>
#include <QSettings>
#include <QUrl>

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

SyncSettings saved_sync_settings() {
    QSettings settings;
    SyncSettings s{settings.value("syncServer").toString(), settings.value("syncToken").toString()};
    auto env = QProcessEnvironment::systemEnvironment();
    if (env.contains("ROTAPLAN_SERVER")) s.server = env.value("ROTAPLAN_SERVER");
    if (env.contains("ROTAPLAN_TOKEN")) s.token = env.value("ROTAPLAN_TOKEN");
    return s;
}

void save_sync_settings(const SyncSettings& s) {
    QSettings settings;
    settings.setValue("syncServer", s.server);
    settings.setValue("syncToken", s.token);
}

}  // namespace rotaplan::ui
