// One QApplication for the whole GUI test binary, offscreen (after Mixxx's mixxxtest.h).
#include <QApplication>
#include <QSettings>
#include <QTemporaryDir>

#include <gtest/gtest.h>

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen"
                                                                    : qgetenv("QT_QPA_PLATFORM"));
    ::testing::InitGoogleTest(&argc, argv);
    QApplication app(argc, argv);
    // Whatever a test does, QSettings go to a temporary directory under a test organisation:
    // the user's own settings are never read or written.
    QTemporaryDir settingsDir;
    QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, settingsDir.path());
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, settingsDir.path());
    QApplication::setOrganizationName(QStringLiteral("ConvexSwitchTest"));
    QApplication::setApplicationName(QStringLiteral("gui_test"));
    return RUN_ALL_TESTS();
}
