#include "ui/main_window.h"

#include <QLabel>

namespace cs::ui {

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("ConvexSwitch"));
    setCentralWidget(new QLabel(tr("ConvexSwitch"), this));
    resize(1280, 800);
}

} // namespace cs::ui
