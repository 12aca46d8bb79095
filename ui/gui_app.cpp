#include "ui/gui_app.h"

#include "ui/main_window.h"

#include <QApplication>

namespace cs::ui {

int runGui(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName("ConvexSwitch");
    QApplication::setOrganizationName("ConvexSwitch");
    MainWindow window;
    window.show();
    return QApplication::exec();
}

} // namespace cs::ui
