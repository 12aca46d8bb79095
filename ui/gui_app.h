#pragma once

namespace cs::ui {

// The desktop application: `convexswitch [--scene FILE] [--steps N] [--screenshot OUT.png]`.
// Returns the process exit code.
int runGui(int argc, char** argv);

} // namespace cs::ui
