// The SSIM import in one dialog: the files (the season and, optionally, its
// rotation file), the difference the import would make summed up per airline
// and day of origin with the legs behind each line, then the import itself
// with its step, its progress and Cancel.
//
//   files chosen --previewRequested--> (MainWindow, Session, worker) --> show_preview
//   Import       --importRequested---> (MainWindow, ui::import_ssim)  --> show_progress ... show_result
//   Cancel while importing --cancelRequested--> the worker stops; nothing is written
//
// The dialog only shows and asks: MainWindow carries its requests to the
// session, so an import started from here is the same undoable command as
// any other.
#pragma once

#include <QDialog>

#include "ui/session/store_worker.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace rotaplan::ui {

class ImportDialog : public QDialog {
    Q_OBJECT
public:
    explicit ImportDialog(const ImportRequest& files, QWidget* parent = nullptr);

    ImportRequest request() const;
    // Reads the chosen files again and asks for their preview (also when a field changes).
    void preview_files();
    // The preview of `asked`; ignored when the planner has since chosen other files.
    void show_preview(const ImportRequest& asked, bool ok, const QString& error, const ImportPreview& preview);
    void show_progress(int permille, const QString& step);
    // Succeeded: the dialog closes. Failed: the reason stays in the dialog, nothing was written.
    void show_result(bool ok, const QString& message);
    // Starts the import now, without waiting for a preview (files given on the command line).
    void start_import();
    bool importing() const { return importing_; }
    void reject() override;  // while importing, Cancel (and Esc) stop the import first

signals:
    void previewRequested(rotaplan::ui::ImportRequest request);
    void importRequested(rotaplan::ui::ImportRequest request);
    void cancelRequested();

private:
    void show_group_detail();
    void set_problem(const QString& text);

    QLineEdit *ssim_, *rotations_;
    QCheckBox *lenient_, *allow_cancel_, *from_onward_;
    QLabel *summary_, *problem_, *detail_heading_, *step_;
    QPlainTextEdit *notes_, *detail_;
    QTreeWidget* groups_;
    QProgressBar* progress_;
    QPushButton *import_, *cancel_;
    ImportPreview preview_;
    bool previewed_ = false, importing_ = false, cancelling_ = false;
};

}  // namespace rotaplan::ui
