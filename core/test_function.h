#pragma once

#include "core/objective.h"
#include "core/params.h"

#include <memory>
#include <string>
#include <vector>

namespace cs {

// A rectangle of the plane: the plot domain of a 2D function.
struct Box {
    double xMin = 0.0;
    double xMax = 0.0;
    double yMin = 0.0;
    double yMax = 0.0;
};

struct KnownMinimum {
    Vector x;
    double f = 0.0;
};

// A 2D test function that describes itself: formula, plot domain, every global minimum and a
// customary start, so tests and the contour view read the same facts. All have an exact
// gradient and Hessian. Source of the facts: shared/reference/test-functions.md.
class TestFunction : public Objective {
public:
    int dimension() const final { return 2; }
    bool hasHessian() const override { return true; }
    Vector initialPoint(unsigned) const override { return start(); }

    virtual std::string title() const = 0;   // "Rosenbrock"
    virtual std::string formula() const = 0; // "(1−x)² + 100(y−x²)²"
    virtual Box domain() const = 0;
    virtual std::vector<KnownMinimum> minima() const = 0;
    virtual Vector start() const = 0;

    // f* (the value at the global minima).
    double minimumValue() const;
};

struct TestFunctionInfo {
    std::string name;    // CLI and scene name, e.g. "six-hump-camel"
    std::string title;   // "Six-hump camel"
    std::string formula; // as TestFunction::formula()
    std::vector<ParamSpec> params; // adjustable parameters (quadratic: kappa, theta)
};

const std::vector<TestFunctionInfo>& testFunctionInfos();

// Throws ConfigError for an unknown name or a bad parameter.
std::unique_ptr<TestFunction> makeTestFunction(const std::string& name,
                                               const ParamValues& params = {});

} // namespace cs
