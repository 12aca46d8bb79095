// convexswitch: with a subcommand it runs headless (no display needed); without one it opens
// the desktop application.
#include "app/cli.h"

#ifdef CS_WITH_GUI
#include "ui/gui_app.h"
#endif

#include <cstdio>

int main(int argc, char** argv) {
    if (cs::cli::isCliInvocation(argc, argv))
        return cs::cli::runCli(std::vector<std::string>(argv + 1, argv + argc));
#ifdef CS_WITH_GUI
    return cs::ui::runGui(argc, argv);
#else
    std::fprintf(stderr, "convexswitch: built without the GUI; see convexswitch --help\n");
    return cs::cli::BadInput;
#endif
}
