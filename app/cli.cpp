#include "app/cli.h"

#include "core/convexity.h"
#include "core/objective_registry.h"
#include "core/optimizer_registry.h"
#include "core/params.h"
#include "core/run.h"
#include "core/scene.h"
#include "core/switching_report.h"
#include "core/test_function.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <string_view>

namespace cs::cli {

namespace {

constexpr const char* kUsage = R"(ConvexSwitch: watch an optimizer switch from non-convex to convex methods.

Usage:
  convexswitch                         open the desktop application
  convexswitch [--scene FILE] [--steps N] [--screenshot OUT.png]
                                       open the application (see docs/gui.md)
  convexswitch list [objectives|optimizers|criteria|stop]
                                       list what scenes can name, with parameters and defaults
  convexswitch eval FUNCTION X Y [--param NAME=VALUE ...]
                                       f, gradient and Hessian of a 2D test function as JSON
  convexswitch run SCENE.json [--summary S.json] [--trajectory T.csv] [--trajectory-full]
                                       run a scene headless; prints a one-line report
  convexswitch bench SCENE.json [--repeat N]
                                       time a scene: median wall time, ns per step
  convexswitch report switching [--out FILE.md]
                                       regenerate the switching comparison report
  convexswitch --help | --version

Exit codes:
  0  success (for run: the run ended by a stopping rule: converged, max_steps, max_evaluations)
  1  the run diverged, failed or was cancelled
  2  bad input: unknown command or name, malformed scene, out-of-range value
  3  an output file could not be written
  4  internal error
)";

class UsageError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

std::string fullPrecision(double v) {
    if (std::isnan(v))
        return "";
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", v);
    return buffer;
}

double parseNumber(const std::string& text, const std::string& what) {
    double v = 0.0;
    const char* begin = text.data();
    const char* end = text.data() + text.size();
    if (!text.empty() && *begin == '+')
        ++begin;
    const auto result = std::from_chars(begin, end, v);
    if (result.ec != std::errc() || result.ptr != end || !std::isfinite(v))
        throw UsageError(what + ": expected a finite number, got '" + text + "'");
    return v;
}

void printParams(const std::vector<ParamSpec>& params, const char* indent) {
    for (const auto& p : params)
        std::printf("%s%-16s default %-10s %s; %s\n", indent, p.name.c_str(),
                    formatNumber(p.defaultValue).c_str(), p.rangeText().c_str(), p.help.c_str());
}

void listObjectives() {
    std::printf("Objective kinds (scene \"objective\": {\"kind\": ...}):\n");
    for (const auto& k : objectiveKinds())
        std::printf("  %-16s %s\n", k.kind.c_str(), k.description.c_str());
    std::printf("\n2D test functions ({\"kind\": \"function\", \"name\": NAME, params...}):\n");
    for (const auto& info : testFunctionInfos()) {
        std::printf("  %-18s %s\n", info.name.c_str(), info.formula.c_str());
        printParams(info.params, "      ");
    }
}

void listOptimizers() {
    std::printf("Optimizers (scene \"optimizer\": {\"kind\": KIND, params...}):\n");
    for (const auto& info : optimizerInfos()) {
        std::printf("  %-12s %s. %s\n", info.kind.c_str(), info.title.c_str(),
                    info.description.c_str());
        printParams(info.params, "      ");
    }
}

void listCriteria() {
    std::printf("Convexity criteria (switching optimizer \"criterion\": {\"kind\": ...}):\n");
    for (const auto& info : criterionInfos()) {
        std::printf("  %-18s %s%s. %s\n", info.kind.c_str(), info.title.c_str(),
                    info.oracle ? " (oracle)" : "", info.description.c_str());
        printParams(info.params, "      ");
    }
}

void listStop() {
    std::printf("Stopping rules (scene \"stop\": {...}):\n");
    printParams(StopOptions::params(), "  ");
}

int commandList(const std::vector<std::string>& args) {
    const std::string what = args.size() > 1 ? args[1] : "all";
    if (args.size() > 2)
        throw UsageError("list: expected at most one argument");
    if (what == "objectives" || what == "functions")
        listObjectives();
    else if (what == "optimizers")
        listOptimizers();
    else if (what == "criteria")
        listCriteria();
    else if (what == "stop")
        listStop();
    else if (what == "all") {
        listObjectives();
        std::printf("\n");
        listOptimizers();
        std::printf("\n");
        listCriteria();
        std::printf("\n");
        listStop();
    } else
        throw UsageError("list: unknown category '" + what +
                         "' (known: objectives, optimizers, criteria, stop)");
    return Ok;
}

int commandEval(const std::vector<std::string>& args) {
    if (args.size() < 4)
        throw UsageError("eval: expected FUNCTION X Y, e.g. convexswitch eval rosenbrock -1.2 1");
    ParamValues params;
    for (std::size_t i = 4; i < args.size(); ++i) {
        if (args[i] != "--param" || i + 1 >= args.size())
            throw UsageError("eval: unexpected argument '" + args[i] + "'");
        const std::string& assignment = args[++i];
        const auto eq = assignment.find('=');
        if (eq == std::string::npos)
            throw UsageError("eval: --param expects NAME=VALUE, got '" + assignment + "'");
        params[assignment.substr(0, eq)] =
            parseNumber(assignment.substr(eq + 1), "--param " + assignment.substr(0, eq));
    }
    nlohmann::json spec = {{"kind", "function"}, {"name", args[1]}};
    for (const auto& [name, value] : params)
        spec[name] = value;
    const auto objective = makeObjective(spec, 0, "function");
    Vector x(2);
    x << parseNumber(args[2], "X"), parseNumber(args[3], "Y");
    Vector g;
    const double f = objective->computeValueAndGradient(x, g);
    Matrix h;
    objective->computeHessian(x, h);
    // Printed by hand so that every number carries 17 significant digits.
    std::printf("{\"f\": %s, \"grad\": [%s, %s], \"hessian\": [[%s, %s], [%s, %s]]}\n",
                fullPrecision(f).c_str(), fullPrecision(g[0]).c_str(),
                fullPrecision(g[1]).c_str(), fullPrecision(h(0, 0)).c_str(),
                fullPrecision(h(0, 1)).c_str(), fullPrecision(h(1, 0)).c_str(),
                fullPrecision(h(1, 1)).c_str());
    return Ok;
}

nlohmann::json summaryJson(const RunSummary& s, const Objective& objective) {
    nlohmann::json j;
    j["status"] = terminationName(s.status);
    j["message"] = s.message;
    j["steps"] = s.steps;
    j["evaluations"] = s.evaluations;
    j["hessian_evaluations"] = s.hessianEvaluations;
    j["final_x"] = std::vector<double>(s.finalX.data(), s.finalX.data() + s.finalX.size());
    j["final_f"] = s.finalF;
    j["grad_norm"] = s.gradNorm;
    j["switch_step"] = s.switchStep() ? nlohmann::json(*s.switchStep()) : nlohmann::json();
    nlohmann::json switches = nlohmann::json::array();
    for (const auto& e : s.switches) {
        switches.push_back({{"step", e.step},
                            {"from", e.from},
                            {"to", e.to},
                            {"score", e.score},
                            {"signals", e.signals},
                            {"reason", e.reason}});
    }
    j["switches"] = switches;
    for (const auto& [name, value] : objective.metrics(s.finalX))
        j[name] = value;
    j["wall_ms"] = s.wallMs;
    return j;
}

void writeTrajectoryCsv(std::ostream& out, const Trajectory& t, bool full) {
    out << "step,x,y,f,grad_norm,convexity,phase,evaluations";
    if (full)
        for (int k = 0; k < t.dimension(); ++k)
            out << ",p" << k;
    out << '\n';
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto x = t.x(i);
        out << i << ',' << fullPrecision(x[0]) << ','
            << (t.dimension() > 1 ? fullPrecision(x[1]) : std::string()) << ','
            << fullPrecision(t.f(i)) << ',' << fullPrecision(t.gradNorm(i)) << ','
            << fullPrecision(t.convexity(i)) << ',' << t.phase(i) << ',' << t.evaluations(i);
        if (full)
            for (int k = 0; k < t.dimension(); ++k)
                out << ',' << fullPrecision(x[k]);
        out << '\n';
    }
}

int commandRun(const std::vector<std::string>& args) {
    if (args.size() < 2)
        throw UsageError("run: expected a scene file, e.g. convexswitch run scene.json");
    std::string summaryPath, trajectoryPath;
    bool full = false;
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--summary" && i + 1 < args.size())
            summaryPath = args[++i];
        else if (args[i] == "--trajectory" && i + 1 < args.size())
            trajectoryPath = args[++i];
        else if (args[i] == "--trajectory-full")
            full = true;
        else
            throw UsageError("run: unexpected argument '" + args[i] + "'");
    }
    if (full && trajectoryPath.empty())
        throw UsageError("run: --trajectory-full needs --trajectory FILE");
    const Scene scene = loadScene(args[1]);
    Experiment e = buildExperiment(scene);
    Run run(*e.objective, *e.optimizer, e.start, e.stop);
    const RunSummary summary = run.runToEnd();
    std::printf("%s\n", summary.report().c_str());
    // Figures of merit, e.g. a classifier's training accuracy (also in the summary JSON).
    for (const auto& [name, value] : e.objective->metrics(summary.finalX))
        std::printf("%s: %.6g\n", name.c_str(), value);
    try {
        if (!summaryPath.empty())
            writeFileAtomically(summaryPath, summaryJson(summary, *e.objective).dump(2) + "\n");
        if (!trajectoryPath.empty())
            writeFileAtomically(trajectoryPath, [&](std::ostream& out) {
                writeTrajectoryCsv(out, run.trajectory(), full);
            });
    } catch (const ConfigError& error) {
        std::fprintf(stderr, "convexswitch: %s\n", error.what());
        return IoError;
    }
    switch (summary.status) {
    case Termination::Converged:
    case Termination::MaxSteps:
    case Termination::MaxEvaluations: return Ok;
    default: return RunDidNotConverge;
    }
}

int commandBench(const std::vector<std::string>& args) {
    if (args.size() < 2)
        throw UsageError("bench: expected a scene file");
    long repeat = 5;
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--repeat" && i + 1 < args.size()) {
            const double r = parseNumber(args[++i], "--repeat");
            if (r < 1 || r > 1e6 || r != std::floor(r))
                throw UsageError("--repeat: expected an integer in [1, 1000000]");
            repeat = static_cast<long>(r);
        } else
            throw UsageError("bench: unexpected argument '" + args[i] + "'");
    }
    const Scene scene = loadScene(args[1]);
    std::vector<double> wall;
    RunSummary last;
    for (long r = 0; r < repeat; ++r) {
        Experiment e = buildExperiment(scene);
        cs::Run run(*e.objective, *e.optimizer, e.start, e.stop);
        last = run.runToEnd();
        wall.push_back(last.wallMs);
    }
    std::sort(wall.begin(), wall.end());
    const double median = wall[wall.size() / 2];
    std::printf("%s\n", last.report().c_str());
    std::printf("repeats %ld: median %.3f ms, min %.3f ms; %.1f ns per step, %.0f evaluations/s\n",
                repeat, median, wall.front(), 1e6 * median / std::max(1L, last.steps),
                median > 0 ? 1e3 * last.evaluations / median : 0.0);
    return Ok;
}

int commandReport(const std::vector<std::string>& args) {
    if (args.size() < 2 || args[1] != "switching")
        throw UsageError("report: expected 'switching', e.g. convexswitch report switching "
                         "--out docs/switching.md");
    std::string out;
    for (std::size_t i = 2; i < args.size(); ++i) {
        if (args[i] == "--out" && i + 1 < args.size())
            out = args[++i];
        else
            throw UsageError("report: unexpected argument '" + args[i] + "'");
    }
    // Progress goes to stderr so that stdout can carry the report itself.
    const std::string markdown = switchingReportMarkdown(
        [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); });
    if (out.empty()) {
        std::fputs(markdown.c_str(), stdout);
        return Ok;
    }
    try {
        writeFileAtomically(out, markdown);
    } catch (const ConfigError& error) {
        std::fprintf(stderr, "convexswitch: %s\n", error.what());
        return IoError;
    }
    std::fprintf(stderr, "wrote %s\n", out.c_str());
    return Ok;
}

} // namespace

bool isCliInvocation(int argc, char** argv) {
    if (argc < 2)
        return false;
    // GUI options all start with "--"; any bare word is a (possibly unknown) subcommand.
    const std::string_view first = argv[1];
    return !first.starts_with('-') || first == "--help" || first == "-h" || first == "--version";
}

int runCli(const std::vector<std::string>& args) {
    try {
        const std::string& command = args.at(0);
        if (command == "--help" || command == "-h" || command == "help") {
            std::fputs(kUsage, stdout);
            return Ok;
        }
        if (command == "--version") {
            std::printf("convexswitch 0.1.0\n");
            return Ok;
        }
        if (command == "list")
            return commandList(args);
        if (command == "eval")
            return commandEval(args);
        if (command == "run")
            return commandRun(args);
        if (command == "bench")
            return commandBench(args);
        if (command == "report")
            return commandReport(args);
        throw UsageError("unknown command '" + command + "'");
    } catch (const UsageError& e) {
        std::fprintf(stderr, "convexswitch: %s\n(see convexswitch --help)\n", e.what());
        return BadInput;
    } catch (const ConfigError& e) {
        std::fprintf(stderr, "convexswitch: %s\n", e.what());
        return BadInput;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "convexswitch: internal error: %s\n", e.what());
        return InternalError;
    }
}

} // namespace cs::cli
