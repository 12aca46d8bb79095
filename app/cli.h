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

// True when argv names a subcommand (list, eval, run, ...) or a help flag.
bool isCliInvocation(int argc, char** argv);
// Runs the subcommand; returns the exit code.
int runCli(const std::vector<std::string>& args);

} // namespace cs::cli
