// Sync > Conflicts…: the planner's changes that no longer apply after
// colleagues' changes, and what to do with each.
//
//   Drop   the change is given up (it was never in the shared schedule)
//   Retry  decide it again on the schedule as it is now: after the planner
//          changed what stood in its way it applies and is pushed, or it
//          stays a conflict with the new reason
//   Retry as…  a rotation's creation or renaming under another name (a
//          colleague gave the name to another rotation first)
//
// Both run on the store worker (Session::drop_conflict / retry_conflict); the
// list is Session::conflicts(), reloaded whenever their number changes. The
// dialog is not modal: the planner fixes the schedule beside it, then retries.
#pragma once

#include <QDialog>

class QLabel;
class QPushButton;
class QTableWidget;

namespace rotaplan::ui {

class Session;

class ConflictsDialog : public QDialog {
    Q_OBJECT
public:
    explicit ConflictsDialog(Session& session, QWidget* parent = nullptr);

    QTableWidget& table() { return *table_; }
    // The selected conflict's command id, or empty.
    QString selected() const;
    void select(int row);
    void drop_selected();
    void retry_selected();
    // Retry as… with the name given (the button asks for it).
    void retry_selected_as(const QString& name);

private:
    void fill();
    void follow_selection();

    Session& session_;
    QTableWidget* table_;
    QPushButton* drop_;
    QPushButton* retry_;
    QPushButton* retry_as_;
    QLabel* outcome_;
};

}  // namespace rotaplan::ui
