// Sync > Sync settings…: this schedule's server URL and the planner's token.
//
// The window saves the server for this schedule only and the token in the
// system keychain (ui/sync/sync_settings.h), and applies both at once. The
// token is shown masked; when there is no keychain the dialog says that the
// token lasts until Rotaplan closes. ROTAPLAN_SERVER / ROTAPLAN_TOKEN still
// win at the next start (the dialog says so when they are set). An empty URL
// stops syncing.
#pragma once

#include <QDialog>

#include "ui/sync/sync_settings.h"

class QLabel;
class QLineEdit;

namespace rotaplan::ui {

class SyncSettingsDialog : public QDialog {
    Q_OBJECT
public:
    SyncSettingsDialog(const SyncSettings& current, QWidget* parent = nullptr);
    SyncSettings settings() const;

    void accept() override;  // only usable settings (or none) are accepted

private:
    QLineEdit* server_;
    QLineEdit* token_;
    QLabel* keychain_note_;
    QLabel* problem_;
};

}  // namespace rotaplan::ui
