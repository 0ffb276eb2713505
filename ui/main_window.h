// The planner's window: the rotation chart in the centre, the leg table and
// the validation panel beside it, undo and redo, and a status bar with counts,
// the validation summary and (issue 6) the sync state.
#pragma once

#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QPointer>
#include <QTableView>
#include <QToolButton>
#include <QTreeView>

#include "qt-models/leg_table_model.h"
#include "qt-models/rotation_list_model.h"
#include "qt-models/violation_model.h"
#include "session/session.h"
#include "widgets/conflicts_dialog.h"
#include "widgets/rotation_chart.h"

namespace rotaplan::ui {

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session& session, QWidget* parent = nullptr);

    RotationChart& chart() { return *chart_; }
    QTableView& leg_table() { return *legs_; }
    QTreeView& violations() { return *violations_; }
    LegTableModel& leg_model() { return *leg_model_; }
    ViolationModel& violation_model() { return *violation_model_; }
    QListWidget& history() { return *history_; }
    QTableView& rotation_table() { return *rotations_; }

    // The File menu's flows without their file dialogs, for scripts and tests:
    // preview the difference, ask (when `ask`), import with a progress dialog.
    void import_ssim(const ImportRequest& request, bool ask);
    void export_ssim(const QString& path);
    void import_reference(const QString& kind, const QString& path);

    // Sync > Conflicts…: the window's one conflicts dialog, shown (not modal).
    ConflictsDialog& show_conflicts();
    // The status bar's sync state ("online · 0 pending · synced 12:03:44").
    QLabel& sync_label() { return *sync_; }

signals:
    // File > Open / New: another schedule database, in a window of its own.
    void openRequested(QString path);
    // Sync > Sync settings… accepted (already saved): every open schedule should use them.
    void syncSettingsChanged(rotaplan::ui::SyncSettings settings);

private:
    void build_menus();
    void update_status();
    void update_sync_status();
    void show_history(const History& entries);
    void reload_history();

    Session& session_;
    RotationChart* chart_;
    QTableView* legs_;
    QTreeView* violations_;
    LegTableModel* leg_model_;
    ViolationModel* violation_model_;
    QLabel* counts_;
    QLabel* validity_;
    QLabel* sync_;
    QToolButton* conflicts_;
    QPointer<ConflictsDialog> conflicts_dialog_;
    QListWidget* history_;
    QTableView* rotations_;
    RotationListModel* rotation_model_;
    QAction* undo_;
    QAction* redo_;
    QAction* now_;
    bool syncing_selection_ = false;
    bool history_pending_ = false;
    std::size_t now_legs_ = 0, now_violations_ = 0;
};

}  // namespace rotaplan::ui
