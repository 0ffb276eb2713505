// File > Export changes as SSM/ASM…: the changes from a start the planner
// chooses to now, or to a scenario as it is, as IATA schedule change
// messages, previewed before they are written.
//
//   Start:  (•) an import   [import of season.ssim (1966 records), 2026-11-22 09:00 ▾]
//           ( ) a time      [2026-11-22 09:00 UTC]
//           ( ) a history entry [event 41, 2026-11-22 10:12: XQ100 retimed ▾]
//           ( ) now (the version shown as it is: to publish a scenario)
//   Until:  [now ▾ | scenario summer | main (while a scenario is shown)]
//   Times:  [local (LT) ▾]
//   [Preview]   3 messages (2 SSM, 1 ASM): 2 TIM, 1 CNL
//   ┌ SSM / LT / 07DEC00012E001 / TIM / ... ┐
//   [Export…] [Close]
//
// Everything is computed on the worker (Session::ssm_changes): the dialog
// only sends the choice and shows the text. Export writes what the preview
// showed, computed again at that moment, and moves the message sequence on.
#pragma once

#include <QDialog>

#include <memory>
#include <vector>

#include "ui/session/store_worker.h"

class QButtonGroup;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QRadioButton;

namespace rotaplan::ui {

class Session;

class SsmExportDialog : public QDialog {
    Q_OBJECT
public:
    explicit SsmExportDialog(Session& session, QWidget* parent = nullptr);

    enum class Start { Import, Time, HistoryEntry, Now };
    void choose_start(Start start);
    QComboBox& imports() { return *imports_; }
    QComboBox& entries() { return *entries_; }
    QDateTimeEdit& time() { return *time_; }
    QComboBox& time_mode() { return *mode_; }
    // "now" (data ""), then the other versions by name (data: "main" or the scenario's name).
    QComboBox& until() { return *until_; }
    QPushButton& preview_button() { return *preview_; }
    QPushButton& export_button() { return *export_; }
    QPlainTextEdit& messages() { return *text_; }
    QLabel& summary() { return *summary_; }
    // Writes the messages to `path` (what Export… does after asking where).
    void export_to(const QString& path);

signals:
    void pointsLoaded();
    void previewed();      // the preview (or its failure) is shown
    void exported(bool ok, QString message);

private:
    SsmRequest request() const;
    void preview();

    Session& session_;
    QRadioButton *from_import_, *from_time_, *from_entry_, *from_now_;
    QComboBox *imports_, *entries_, *mode_, *until_;
    QDateTimeEdit* time_;
    QPushButton *preview_, *export_;
    QPlainTextEdit* text_;
    QLabel* summary_;
    std::shared_ptr<const std::vector<SsmPoint>> points_;
};

}  // namespace rotaplan::ui
