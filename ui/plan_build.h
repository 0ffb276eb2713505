// Plan → Build rotations…: the proposal computed on the worker, shown in its
// dialog, and on Create one undoable entry (its undo deletes the rotations,
// whose legs return to the unassigned legs).
#pragma once

class QWidget;

namespace rotaplan::ui {

class Session;

void build_rotations(Session& session, QWidget* parent);

}  // namespace rotaplan::ui
