#pragma once

namespace cs::ui {

// The desktop application:
//   convexswitch [--scene FILE] [--steps N] [--screenshot OUT.png] [--help-gui]
// --scene opens a scene file; --steps sets max_steps and starts the run at once; --screenshot
// runs the scene (N steps, unlimited speed), waits for the contour field, saves a picture of
// the whole window and exits (offscreen when there is no display). Returns the exit code:
// 0 on success, 2 on bad arguments or a bad scene, 3 when the screenshot cannot be written,
// 4 when the run or the field did not finish in time.
int runGui(int argc, char** argv);

} // namespace cs::ui
