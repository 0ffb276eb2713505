// The colours the desktop draws with beyond the palette's own roles, chosen
// from the palette so that they read on a light and on a dark theme alike.
#pragma once

#include <QColor>
#include <QPalette>

class QWidget;

namespace rotaplan::ui {

// A dark palette for --palette dark and the dark screenshots, whatever the
// desktop's theme is: Fusion's roles with dark bases and light text.
QPalette dark_palette();

// The red of a broken rule (a ground time under its minimum): darker on a
// light base, lighter on a dark one, so it keeps its contrast on both.
QColor warning_colour(const QPalette& palette);
// A label's (or check box's) text in the warning colour of its palette: a reason, a refusal.
void show_as_warning(QWidget* widget);

}  // namespace rotaplan::ui
