// Sync > Sync settings…: the server's URL and the planner's token.
//
// Saved in QSettings next to the planner's name and applied at once to every
// open schedule. ROTAPLAN_SERVER / ROTAPLAN_TOKEN still win at the next start
// (the dialog says so when they are set). An empty URL stops syncing.
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
    QLabel* problem_;
};

}  // namespace rotaplan::ui
