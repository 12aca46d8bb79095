#pragma once

#include <string>
#include <vector>

namespace cs::cli {

// Exit codes of the command-line front.
enum ExitCode : int {
    Ok = 0,
    RunDidNotConverge = 1, // the run ended, but not converged (max steps, diverged, ...)
    BadInput = 2,          // bad arguments, scene file, name or value
    IoError = 3,           // an output file could not be written
    InternalError = 4,
};

// True when argv[1] is a bare word (a subcommand such as list, eval, run) or --help/--version;
// otherwise the arguments belong to the GUI.
bool isCliInvocation(int argc, char** argv);
// Runs the subcommand; returns the exit code.
int runCli(const std::vector<std::string>& args);

} // namespace cs::cli
