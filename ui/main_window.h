// The planner's window: the rotation chart in the centre, the leg table and
// the validation panel beside it, undo and redo, and a status bar with counts,
// the validation summary and the sync state (its SyncLink, ui/sync).
//
//   ┌ Rotations ──────┐┌ rotation chart ───────────────────┐┌ Validation | History ┐
//   │ rotations table ││ R1 D-AIAA [XQ100] [XQ101]         ││ the selected leg's,  │
//   │ airplanes table ││ R2        [XQ200]                 ││ rotation's or        │
//   │  (drag one onto ││ (no rotation) [XQ300]             ││ airplane's trail     │
//   │   a rotation)   │└───────────────────────────────────┘└──────────────────────┘
//   └─────────────────┘┌ Legs (sortable, UTC or local) ───────────────────────────┐
//
// The History panel follows the last thing chosen: a leg (chart or table), a
// rotation or an airplane (rotations panel); nothing chosen, the last changes.
#pragma once

#include <QDockWidget>
#include <QLabel>
#include <QListWidget>
#include <QMainWindow>
#include <QMessageBox>
#include <QPointer>
#include <QTableView>
#include <QToolButton>
#include <QStackedWidget>
#include <QStringListModel>
#include <QToolBar>
#include <QTreeView>

#include "qt-models/airplane_list_model.h"
#include "qt-models/airport_list_model.h"
#include "qt-models/leg_table_model.h"
#include "qt-models/rotation_list_model.h"
#include "qt-models/violation_model.h"
#include "session/session.h"
#include "sync/sync_link.h"
#include "widgets/comparison_dialog.h"
#include "widgets/conflicts_dialog.h"
#include "widgets/rotation_chart.h"
#include "widgets/station_view.h"

class QComboBox;
class QMenu;

class QPrinter;

namespace rotaplan::ui {

class SsmExportDialog;

// Edit > Redo's keys on a platform whose Redo binding is `platform_redo`.
QList<QKeySequence> redo_keys(const QList<QKeySequence>& platform_redo);

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    explicit MainWindow(Session& session, QWidget* parent = nullptr);

    // The planner's own arrangement of panels and window, kept between runs
    // (QSettings, per user); the app calls these, tests start from the default.
    void restore_layout();
    void save_layout() const;

    RotationChart& chart() { return *chart_; }
    QTableView& leg_table() { return *legs_; }
    QTreeView& violations() { return *violations_; }
    LegTableModel& leg_model() { return *leg_model_; }
    ViolationModel& violation_model() { return *violation_model_; }
    QListWidget& history() { return *history_; }
    QTableView& rotation_table() { return *rotations_; }
    RotationListModel& rotation_model() { return *rotation_model_; }
    QTableView& airplane_table() { return *airplanes_; }
    AirplaneListModel& airplane_model() { return *airplane_model_; }
    QDockWidget& history_dock() { return *history_dock_; }
    QString history_subject() const;  // what the History panel follows, as it says above its list
    StationView& station() { return *station_; }
    QDockWidget& station_dock() { return *station_dock_; }
    QTableView& airport_table() { return *airports_; }
    AirportListModel& airport_model() { return *airport_model_; }
    QDockWidget& airports_dock() { return *airports_dock_; }
    // Brings a panel to the front by name (legs, station, airports,
    // validation, history), as --screenshot --show does; false if none is so named.
    bool show_panel(const QString& name);
    // Edit > Find…'s search (the find bar's Enter), then F3 / Shift+F3.
    void find(const QString& query);
    void step_found(int by);
    QToolBar& find_bar() { return *find_bar_; }
    // Help > Keyboard shortcuts and Help > User guide (F1), shown (not modal).
    QDialog& show_shortcuts();
    QDialog& show_user_guide();
    // View > Local times (checkable; also on the View toolbar, Ctrl+Shift+L).
    QAction& local_times_action() { return *local_; }
    // View > Compare with now…: the window's one comparison dialog, shown (not modal).
    ComparisonDialog& show_comparison();

    // The File menu's flows without their file dialogs, for scripts and tests.
    // Import: the import dialog with these files, showing the difference
    // first when `ask`, else importing at once with its progress.
    void import_ssim(const ImportRequest& request, bool ask);
    void export_ssim(const QString& path);
    // File > Export changes as SSM/ASM…: its dialog, shown (not modal).
    SsmExportDialog& show_ssm_export();
    // File > Print chart… once the printer is chosen: every rotation, the axis on every page.
    bool print_chart(QPrinter& printer);
    void import_reference(const QString& kind, const QString& path);
    // The validation panel's Export CSV… without its file dialog: what the
    // panel shows, written off the GUI thread; violationsExported follows.
    void export_violations(const QString& path);

    // Sync > Conflicts…: the window's one conflicts dialog, shown (not modal).
    ConflictsDialog& show_conflicts();
    // The status bar's sync state ("online · 0 pending · synced 12:03:44").
    QLabel& sync_label() { return *sync_; }
    // This schedule's link to rotaplan-server (not configured: not syncing).
    SyncLink& sync() { return *sync_link_; }

signals:
    void violationsExported(QString path, bool ok);
    // File > Open / New: another schedule database, in a window of its own.
    void openRequested(QString path);
    // Scenario > Open a version in a new window: this schedule, that version, beside this window.
    void openVersionRequested(QString path, QString version);
    // Sync > Sync settings… accepted: saved for this schedule and applied to its
    // link; another window open on the same store file should use them too.
    void syncSettingsChanged(rotaplan::ui::SyncSettings settings);

private:
    // The constructor's steps, in the order they run (each panel's builder
    // makes its widgets, docks them and connects them).
    void build_leg_table();
    QDockWidget* build_validation_panel();  // returns its dock, for the History panel's tab
    void build_history_panel(QDockWidget* validation);
    void build_rotations_panel();  // main_window_rotations.cpp
    void build_station_panels();   // main_window_stations.cpp
    void build_filter_bar();
    void build_status_bar();
    void build_colour_menu(QMenu& view);
    void build_first_steps();  // what an empty schedule shows instead of the chart
    void build_find();         // main_window_find.cpp (after the menus: it adds to Edit)
    void build_help_menu();    // main_window_help.cpp
    void build_scenarios();    // main_window_scenarios.cpp: the Versions toolbar, the Scenario menu
    void new_scenario();
    QString window_title() const;  // the schedule, the version shown, the point in time
    void build_menus();  // File, Edit, Sync, View, in that order:
    void build_file_menu();
    void build_edit_menu();
    void build_sync_menu();
    void build_view_menu();
    void follow_schedule();
    void follow_selection();
    void update_status();
    void show_violations(bool measure);
    void update_sync_status();
    void show_history(const History& entries);
    void reload_history();
    // The History panel shows this stream's trail ("rotation-…", "airplane-…"), titled `what`.
    void follow_stream(const QString& stream, const QString& what);

    Session& session_;
    // Destroyed with the window, before its session: the sync thread stops while the worker still runs.
    std::unique_ptr<SyncLink> sync_link_;
    RotationChart* chart_;
    QStackedWidget* central_;
    QToolBar* find_bar_;
    QLineEdit* find_field_;
    QLabel* find_found_;
    QStringListModel* find_completions_;
    std::vector<LegId> found_;
    std::size_t found_at_ = 0;
    QString found_what_;
    void go_to_found();
    QWidget* first_steps_;
    QAction* import_ssim_action_;
    QAction* sync_settings_action_;
    QTableView* legs_;
    QTreeView* violations_;
    LegTableModel* leg_model_;
    ViolationModel* violation_model_;
    QLabel* counts_;
    QLabel* validity_;
    QLabel* sync_;
    QToolButton* conflicts_;
    QPointer<ConflictsDialog> conflicts_dialog_;
    // A Refused sync asking whether changes made under another name are the
    // token's planner's (SyncStatus::identity); asked once per question.
    QPointer<QMessageBox> identity_question_;
    QString identity_asked_;
    void ask_identity(const SyncStatus& s);
    QListWidget* history_;
    QLabel* history_subject_ = nullptr;  // what the History panel follows: a leg, a rotation, or all
    QDockWidget* history_dock_;
    QString history_stream_;  // empty: the chart's selection, or the last changes
    QDockWidget* legs_dock_;
    StationView* station_;
    QDockWidget* station_dock_;
    QTableView* airports_;
    AirportListModel* airport_model_;
    QDockWidget* airports_dock_;
    QTableView* rotations_;
    RotationListModel* rotation_model_;
    QTableView* airplanes_;
    AirplaneListModel* airplane_model_;
    QComboBox* versions_ = nullptr;
    QLabel* version_label_ = nullptr;
    QAction* undo_;
    QAction* redo_;
    QAction* now_;
    QAction* local_;
    QLabel* times_shown_;  // the filter bar says in words which times the table and chart show
    QAction* compare_action_;
    QToolButton* compare_;
    QPointer<ComparisonDialog> comparison_dialog_;
    bool syncing_selection_ = false;
    bool history_pending_ = false;
    std::size_t now_legs_ = 0, now_violations_ = 0;
};

}  // namespace rotaplan::ui
