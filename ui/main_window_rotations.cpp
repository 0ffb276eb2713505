// The Rotations dock: the rotations with their airplanes, and the airplanes
// with the rotation each flies. Airplanes are assigned by choosing (a
// rotation's context menu) or by drag:
//
//   airplanes table row ─┐
//   a rotation's Airplane cell ─┼─drag─▶ a rotations table row ─▶ assign_airplane (ui/commands)
//                               └─drag─▶ a chart row (RotationChart::dropEvent) ─▶ the same
//
// Either way the one assign command is issued; a refusal (the rotation is
// flown by another airplane) is shown in the status bar and changes nothing.
// Choosing a rotation or an airplane shows its trail in the History panel.
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include "commands/leg_changes.h"
#include "commands/rotation_changes.h"
#include "main_window.h"

namespace rotaplan::ui {

namespace {
QTableView* panel_table(const char* name, const char* accessible, QAbstractItemModel* model) {
    auto* t = new QTableView;
    t->setObjectName(name);
    t->setAccessibleName(accessible);
    t->setModel(model);
    t->setSelectionBehavior(QAbstractItemView::SelectRows);
    t->setSelectionMode(QAbstractItemView::SingleSelection);
    t->verticalHeader()->hide();
    t->horizontalHeader()->setDefaultSectionSize(66);  // the dock is narrow: codes and counts
    t->horizontalHeader()->setStretchLastSection(true);
    return t;
}
}  // namespace

void MainWindow::build_rotations_panel() {
    rotation_model_ = new RotationListModel(session_.view(), this);
    rotations_ = panel_table("rotationTable", "Rotations", rotation_model_);
    rotations_->setContextMenuPolicy(Qt::CustomContextMenu);
    // A drop target for airplanes, and the Airplane cell a drag source.
    rotations_->setDragDropMode(QAbstractItemView::DragDrop);
    rotations_->setDragDropOverwriteMode(true);  // onto a rotation, never between two
    rotations_->setDefaultDropAction(Qt::CopyAction);
    rotations_->setDropIndicatorShown(true);

    airplane_model_ = new AirplaneListModel(session_.view(), this);
    airplanes_ = panel_table("airplaneTable", "Airplanes", airplane_model_);
    airplanes_->setDragDropMode(QAbstractItemView::DragOnly);
    airplanes_->setDefaultDropAction(Qt::CopyAction);

    auto* panel = new QWidget;
    auto* layout = new QVBoxLayout(panel);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* new_rotation = new QPushButton("New rotation…");
    new_rotation->setObjectName("newRotation");
    layout->addWidget(new_rotation);
    auto* split = new QSplitter(Qt::Vertical);
    split->addWidget(rotations_);
    auto* planes = new QWidget;
    auto* planes_layout = new QVBoxLayout(planes);
    planes_layout->setContentsMargins(0, 4, 0, 0);
    auto* hint = new QLabel("Airplanes (drag one onto a rotation to assign it)");
    hint->setWordWrap(true);
    planes_layout->addWidget(hint);
    planes_layout->addWidget(airplanes_);
    split->addWidget(planes);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 2);
    layout->addWidget(split);
    auto* dock = new QDockWidget("Rotations and airplanes", this);
    dock->setObjectName("rotationsDock");
    dock->setWidget(panel);
    addDockWidget(Qt::LeftDockWidgetArea, dock);

    connect(new_rotation, &QPushButton::clicked, this, [this] {
        bool ok = false;
        QString name = QInputDialog::getText(this, "New rotation", "Name:", QLineEdit::Normal, {}, &ok);
        if (ok && !name.trimmed().isEmpty()) create_rotation(session_, name.trimmed());
    });
    connect(rotation_model_, &RotationListModel::airplaneDropped, this, [this](const QString& reg, int row) {
        if (auto rotation = rotation_model_->rotation_at(row)) assign_airplane(session_, Registration::from(reg.toStdString()), *rotation);
    });
    connect(rotations_, &QWidget::customContextMenuRequested, this, [this](QPoint at) {
        auto rotation = rotation_model_->rotation_at(rotations_->indexAt(at).row());
        if (!rotation) return;
        QMenu menu(this);
        menu.addAction("Assign airplane…", [this, rotation] {
            QStringList regs;
            for (const auto& a : session_.view().airplanes()) regs << QString::fromStdString(a.registration);
            bool ok = false;
            QString reg = QInputDialog::getItem(this, "Assign airplane", "Airplane:", regs, 0, false, &ok);
            if (ok) assign_airplane(session_, Registration::from(reg.toStdString()), *rotation);
        });
        menu.addAction("Unassign airplane", [this, rotation] { unassign_airplane(session_, *rotation); });
        menu.addAction("Move the chart's selection here", [this, rotation] { move_legs(session_, chart_->selection(), *rotation); });
        menu.exec(rotations_->viewport()->mapToGlobal(at));
    });

    // The History panel: the chosen rotation's trail (its stream: names and airplanes included) ...
    auto follow_rotation = [this](const QModelIndex& index) {
        if (auto rotation = rotation_model_->rotation_at(index.row()))
            follow_stream(QString::fromStdString(rotation_stream(*rotation)),
                          "rotation " + rotation_model_->data(rotation_model_->index(index.row(), RotationListModel::Name)).toString());
    };
    connect(rotations_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, follow_rotation);
    connect(rotations_, &QTableView::clicked, this, follow_rotation);
    // ... or the chosen airplane's (registered, updated, assigned, unassigned).
    auto follow_airplane = [this](const QModelIndex& index) {
        QString reg = airplane_model_->registration_at(index.row());
        if (!reg.isEmpty()) follow_stream(QString::fromStdString(airplane_stream(Registration::from(reg.toStdString()))), "airplane " + reg);
    };
    connect(airplanes_->selectionModel(), &QItemSelectionModel::currentRowChanged, this, follow_airplane);
    connect(airplanes_, &QTableView::clicked, this, follow_airplane);

    connect(rotations_, &QTableView::activated, this, [this](const QModelIndex& index) {
        auto rotation = rotation_model_->rotation_at(index.row());
        QString stream = history_stream_, subject = history_subject_->text();
        for (const auto& lane : session_.view().lanes())
            if (lane.rotation == rotation && !lane.legs.empty()) {
                chart_->select({lane.legs.front()->leg.id});
                chart_->show_leg(lane.legs.front()->leg.id);
            }
        // Showing the rotation in the chart keeps its trail in the History panel.
        if (!stream.isEmpty()) follow_stream(stream, subject);
    });
}

QString MainWindow::history_subject() const { return history_subject_->text(); }

void MainWindow::follow_stream(const QString& stream, const QString& what) {
    history_stream_ = stream;
    history_subject_->setText(what.left(1).toUpper() + what.mid(1));
    if (session_.view().as_of() == 0) reload_history();
}

}  // namespace rotaplan::ui
