// The main window's versions of the schedule: the toolbar's switcher between
// main and the scenarios, the Scenario menu, and the title and status bar
// that name the version shown (ui/session/store_worker_versions.cpp does the work).
//
//   Versions toolbar: [main ▾]  ──Session::open_version──▶ the view, whole, of that version
//   Scenario menu: New (from now, or in time travel from the point shown),
//                  Compare with…, Rebase, Promote (its dry run first), Rename,
//                  Delete, Open in a new window
#include <QComboBox>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSignalBlocker>
#include <QStatusBar>
#include <QToolBar>

#include "main_window.h"
#include "commands/undo.h"
#include "widgets/comparison_dialog.h"

namespace rotaplan::ui {

namespace {

QString shown(const QString& version) { return version.isEmpty() ? QString("main") : version; }

}  // namespace

QString MainWindow::window_title() const {
    QString title = QString("Rotaplan — %1").arg(session_.path());
    if (!session_.version().isEmpty()) title += QString(" — scenario %1").arg(session_.version());
    if (session_.view().as_of()) title += QString(" — as of event %1 (read-only)").arg(session_.view().as_of());
    return title;
}

void MainWindow::build_scenarios() {
    auto* bar = addToolBar("Versions");
    bar->setObjectName("versionsBar");
    bar->addWidget(new QLabel(" Version: "));
    versions_ = new QComboBox;
    versions_->setObjectName("versionSwitcher");
    versions_->setAccessibleName("Version of the schedule shown");
    versions_->setToolTip("main is the published schedule; a scenario is a what-if version of it");
    versions_->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    bar->addWidget(versions_);
    version_label_ = new QLabel;
    version_label_->setObjectName("versionLabel");
    statusBar()->addPermanentWidget(version_label_);

    auto fill = [this] {
        QSignalBlocker quiet(versions_);
        versions_->clear();
        versions_->addItem("main", QString());
        for (const auto& s : session_.scenarios()) {
            QString name = QString::fromStdString(s.name);
            versions_->addItem(name, name);
            versions_->setItemData(versions_->count() - 1,
                                   QString("from %1 at event %2, by %3%4")
                                       .arg(QString::fromStdString(s.base_name))
                                       .arg(s.fork_position)
                                       .arg(QString::fromStdString(s.created_by),
                                            s.note.empty() ? QString() : "\n" + QString::fromStdString(s.note)),
                                   Qt::ToolTipRole);
        }
        versions_->setCurrentIndex(std::max(0, versions_->findData(session_.version())));
    };
    connect(&session_, &Session::scenariosChanged, this, fill);
    connect(&session_, &Session::versionChanged, this, [this, fill] {
        fill();
        version_label_->setText(session_.version().isEmpty() ? QString() : "Scenario: " + session_.version());
        setWindowTitle(window_title());
        statusBar()->showMessage("Showing " + (session_.version().isEmpty() ? QString("main, the published schedule")
                                                                             : "scenario " + session_.version()),
                                 5000);
    });
    connect(versions_, &QComboBox::activated, this, [this](int index) {
        QString name = versions_->itemData(index).toString();
        if (name == session_.version()) return;
        session_.open_version(name.isEmpty() ? "main" : name, [this](bool ok, QString why) {
            if (!ok) {
                statusBar()->showMessage("Cannot show that version: " + why, 8000);
                versions_->setCurrentIndex(std::max(0, versions_->findData(session_.version())));
            }
        });
    });
    fill();
    session_.load_scenarios();

    auto* menu = menuBar()->addMenu("S&cenario");
    menu->setObjectName("scenarioMenu");
    auto* create = menu->addAction("&New scenario…", this, [this] { new_scenario(); });
    create->setObjectName("newScenarioAction");
    // In time travel the same action starts from the point shown.
    connect(&session_.view(), &ScheduleView::changed, this, [this, create] {
        create->setText(session_.view().as_of() ? "&Start a scenario from this point…" : "&New scenario…");
    });
    auto* compare = menu->addAction("&Compare with…", this, [this] {
        QStringList names{"main"};
        for (const auto& s : session_.scenarios()) names << QString::fromStdString(s.name);
        names.removeAll(shown(session_.version()));
        if (names.isEmpty()) {
            statusBar()->showMessage("There is no other version to compare with yet", 5000);
            return;
        }
        bool ok = false;
        QString other = QInputDialog::getItem(this, "Compare with", QString("Compare %1 with:").arg(shown(session_.version())),
                                              names, 0, false, &ok);
        if (!ok) return;
        session_.compare_with_version(other);
        show_comparison();
    });
    compare->setObjectName("compareVersionsAction");
    menu->addSeparator();
    auto current = [this]() -> QString {
        if (session_.version().isEmpty()) statusBar()->showMessage("main is shown: choose a scenario first (Version, in the toolbar)", 6000);
        return session_.version();
    };
    auto report = [this](const QString& title) {
        return [this, title](bool ok, QString message, QStringList lines) {
            if (ok && lines.isEmpty()) {
                statusBar()->showMessage(message, 8000);
                return;
            }
            QMessageBox box(ok ? QMessageBox::Information : QMessageBox::Warning, title, message, QMessageBox::Ok, this);
            if (!lines.isEmpty()) box.setDetailedText(lines.join("\n"));
            box.exec();
        };
    };
    auto* rebase = menu->addAction("&Rebase on its base as it is now", this, [this, current, report] {
        QString name = current();
        if (name.isEmpty()) return;
        session_.scenario_action("rebase", name, {}, report("Rebase " + name));
    });
    rebase->setObjectName("rebaseScenarioAction");
    auto* promote = menu->addAction("&Promote to main…", this, [this, current, report] {
        QString name = current();
        if (name.isEmpty()) return;
        // The dry run first: what it would do, or why it cannot.
        session_.scenario_action("promote-preview", name, {}, [this, name, report](bool ok, QString message, QStringList lines) {
            if (!ok) return report("Promote " + name)(ok, message, lines);
            auto answer = QMessageBox::question(this, "Promote " + name,
                                                message + ".\nMain becomes what the scenario is; colleagues see it at their next sync.",
                                                QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
            if (answer == QMessageBox::Yes) ui::promote_scenario(session_, name, report("Promote " + name));
        });
    });
    promote->setObjectName("promoteScenarioAction");
    menu->addSeparator();
    menu->addAction("Re&name…", this, [this, current, report] {
        QString name = current();
        if (name.isEmpty()) return;
        bool ok = false;
        QString to = QInputDialog::getText(this, "Rename scenario", "New name:", QLineEdit::Normal, name, &ok).trimmed();
        if (ok && !to.isEmpty() && to != name) session_.scenario_action("rename", name, to, report("Rename " + name));
    });
    menu->addAction("&Delete…", this, [this, current, report] {
        QString name = current();
        if (name.isEmpty()) return;
        if (QMessageBox::question(this, "Delete scenario",
                                  QString("Delete scenario %1? Its history stays, and its name can be used again.").arg(name)) !=
            QMessageBox::Yes)
            return;
        session_.scenario_action("delete", name, {}, report("Delete " + name));
    });
    menu->addSeparator();
    menu->addAction("Open a version in a &new window…", this, [this] {
        QStringList names{"main"};
        for (const auto& s : session_.scenarios()) names << QString::fromStdString(s.name);
        bool ok = false;
        QString name = QInputDialog::getItem(this, "Open in a new window", "Version:", names, 0, false, &ok);
        if (ok) emit openVersionRequested(session_.path(), name);
    });
}

void MainWindow::new_scenario() {
    bool ok = false;
    const qint64 at = session_.view().as_of();
    const QString base = session_.version();
    QString from = at ? QString("%1 as of event %2").arg(shown(base)).arg(at) : QString("%1 as it is now").arg(shown(base));
    QString name = QInputDialog::getText(this, "New scenario", "A scenario starts as " + from + ".\nName:", QLineEdit::Normal,
                                         {}, &ok)
                       .trimmed();
    if (!ok || name.isEmpty()) return;
    QString note = QInputDialog::getText(this, "New scenario", "What is it for? (optional)", QLineEdit::Normal, {}, &ok);
    if (!ok) return;
    session_.create_scenario(name, base.isEmpty() ? "main" : base, at, note, [this, name](bool done, QString message, QStringList) {
        if (!done) {
            QMessageBox::warning(this, "New scenario", message);
            return;
        }
        statusBar()->showMessage(message, 6000);
        session_.open_version(name);  // the planner made it to work in it
    });
}

}  // namespace rotaplan::ui
