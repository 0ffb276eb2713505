// Help: the keyboard shortcuts (read from the window's own actions, so the
// list cannot go stale), the user guide built into the program
// (docs/user-guide.md with its pictures), and About.
#include <QApplication>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTableWidget>
#include <QTextBrowser>
#include <QVBoxLayout>

#include <map>

#include "main_window.h"

namespace rotaplan::ui {

void MainWindow::build_help_menu() {
    auto* help = menuBar()->addMenu("&Help");
    help->addAction("&User guide", QKeySequence::HelpContents, this, [this] { show_user_guide(); });
    help->addAction("&Keyboard shortcuts", this, [this] { show_shortcuts(); });
    help->addSeparator();
    help->addAction("&About Rotaplan", this, [this] {
        QMessageBox::about(this, "About Rotaplan",
                           QString("<h3>Rotaplan %1</h3><p>A planner for airline flight schedules: rotations, airplanes, "
                                   "SSIM seasons, validation, and colleagues' work shared through rotaplan-server.</p>"
                                   "<p>Every change is an event in the schedule's history; nothing you were told is done "
                                   "is lost.</p>")
                               .arg(QApplication::applicationVersion()));
    });
}

QDialog& MainWindow::show_shortcuts() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName("shortcutsDialog");
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle("Keyboard shortcuts");
    // Every action with a key, by the menu it is in (or the chart's own).
    std::map<QString, QStringList> rows;
    for (QAction* a : findChildren<QAction*>()) {
        if (a->shortcuts().isEmpty() || a->text().isEmpty()) continue;
        QStringList keys;
        for (const auto& k : a->shortcuts()) keys << k.toString(QKeySequence::NativeText);
        rows[a->text().remove('&').remove("…")] = keys;
    }
    auto* table = new QTableWidget(int(rows.size()), 2);
    table->setObjectName("shortcutsTable");
    table->setHorizontalHeaderLabels({"Action", "Keys"});
    table->verticalHeader()->hide();
    table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    int r = 0;
    for (const auto& [action, keys] : rows) {
        table->setItem(r, 0, new QTableWidgetItem(action));
        table->setItem(r++, 1, new QTableWidgetItem(keys.join(", ")));
    }
    table->resizeColumnsToContents();
    table->horizontalHeader()->setStretchLastSection(true);
    auto* note = new QLabel("In the chart: arrows scroll, Ctrl+wheel zooms, Shift+drag retimes, Alt+Left/Right retime by 5 "
                            "minutes, Delete takes the chosen legs out of their rotation.");
    note->setWordWrap(true);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(table);
    layout->addWidget(note);
    layout->addWidget(buttons);
    dialog->resize(520, 560);
    dialog->show();
    return *dialog;
}

QDialog& MainWindow::show_user_guide() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName("userGuide");
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle("Rotaplan user guide");
    auto* browser = new QTextBrowser;
    browser->setObjectName("userGuideText");
    browser->setOpenExternalLinks(true);
    browser->setSource(QUrl("qrc:/docs/user-guide.md"), QTextDocument::MarkdownResource);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(browser);
    dialog->resize(900, 760);
    dialog->show();
    return *dialog;
}

// The window's arrangement, per user: kept by the app between runs.
void MainWindow::restore_layout() {
    QSettings s;
    if (s.contains("window/geometry")) restoreGeometry(s.value("window/geometry").toByteArray());
    if (s.contains("window/state")) restoreState(s.value("window/state").toByteArray());
    find_bar_->hide();  // Ctrl+F opens it when wanted; a new run starts without a stale search
}

void MainWindow::save_layout() const {
    QSettings s;
    s.setValue("window/geometry", saveGeometry());
    s.setValue("window/state", saveState());
}

}  // namespace rotaplan::ui
