// Edit > Find… (Ctrl+F): a bar above the chart that finds a flight, a dated
// leg, a registration, a rotation or a station (ui/session/leg_search.h), with
// completion; Enter goes to the first match in the chart and the table, F3 and
// Shift+F3 step through the matches, Esc closes the bar.
#include <QCompleter>
#include <QLabel>
#include <QLineEdit>
#include <QMenuBar>
#include <QStatusBar>
#include <QStringListModel>
#include <QToolBar>

#include "main_window.h"
#include "session/leg_search.h"
#include "session/wording.h"

namespace rotaplan::ui {

void MainWindow::build_find() {
    find_bar_ = new QToolBar("Find", this);
    find_bar_->setObjectName("findBar");
    addToolBarBreak();
    addToolBar(Qt::TopToolBarArea, find_bar_);
    find_bar_->addWidget(new QLabel(" Find: "));
    find_field_ = new QLineEdit;
    find_field_->setObjectName("findField");
    find_field_->setPlaceholderText("XQ1974, XQ1974/FRA/2026-06-12, D-AIAB, a rotation or a station");
    find_field_->setMinimumWidth(340);
    find_field_->setClearButtonEnabled(true);
    find_completions_ = new QStringListModel(this);
    auto* completer = new QCompleter(find_completions_, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchStartsWith);
    find_field_->setCompleter(completer);
    find_bar_->addWidget(find_field_);
    find_found_ = new QLabel;
    find_found_->setObjectName("findFound");
    find_bar_->addWidget(find_found_);
    auto* close = find_bar_->addAction("✕", this, [this] { find_bar_->hide(); });
    close->setToolTip("Close the find bar (Esc)");
    find_bar_->hide();
    connect(find_field_, &QLineEdit::returnPressed, this, [this] { find(find_field_->text()); });

    QMenu* edit = nullptr;
    for (QAction* a : menuBar()->actions())
        if (a->menu() && a->text() == "&Edit") edit = a->menu();
    edit->addSeparator();
    auto* open = edit->addAction("&Find…", QKeySequence::Find, this, [this] {
        // The completions follow the schedule as it is when the planner asks.
        find_completions_->setStringList(search_completions(session_.view()));
        find_bar_->show();
        find_field_->setFocus();
        find_field_->selectAll();
    });
    open->setObjectName("findAction");
    edit->addAction("Find &next", QKeySequence::FindNext, this, [this] { step_found(+1); });
    edit->addAction("Find &previous", QKeySequence::FindPrevious, this, [this] { step_found(-1); });
    auto* escape = new QAction(this);
    escape->setShortcut(Qt::Key_Escape);
    escape->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    find_bar_->addAction(escape);
    connect(escape, &QAction::triggered, find_bar_, &QToolBar::hide);
}

void MainWindow::find(const QString& query) {
    LegSearch s = search_legs(session_.view(), query);
    found_ = std::move(s.legs);
    found_what_ = s.what;
    found_at_ = 0;
    if (found_.empty()) {
        find_found_->setText(" nothing found");
        statusBar()->showMessage("Find \"" + query.trimmed() + "\": no flight, leg, airplane, rotation or station so named", 8000);
        return;
    }
    go_to_found();
}

void MainWindow::step_found(int by) {
    if (found_.empty()) {
        if (!find_field_->text().trimmed().isEmpty()) find(find_field_->text());
        return;
    }
    found_at_ = (found_at_ + by + found_.size()) % found_.size();
    go_to_found();
}

// The match in the chart and the table (the table follows the chart's selection).
void MainWindow::go_to_found() {
    const LegId id = found_[found_at_];
    find_found_->setText(QString(" %1 of %2 · %3").arg(found_at_ + 1).arg(count_of(long(found_.size()), "leg", "legs"), found_what_));
    if (!session_.view().leg(id)) return;  // gone since the search
    chart_->select({id});
    chart_->show_leg(id);
}

}  // namespace rotaplan::ui
