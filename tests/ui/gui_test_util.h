// Shared helpers of the GUI tests: waiting on the event loop, scenes from JSON text.
#pragma once

#include "core/scene.h"

#include <nlohmann/json.hpp>

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QEventLoop>

#include <string>

namespace cs::ui::test {

// Generous: the machine may be busy with other builds. A wait never asserts on time; it only
// gives up (and the test fails) when the condition never comes.
constexpr int kWaitMs = 60000;

// Runs the event loop until `condition()` holds or `timeoutMs` passes; returns the condition.
template <class Condition>
bool waitUntil(Condition condition, int timeoutMs = kWaitMs) {
    QDeadlineTimer deadline(timeoutMs);
    while (!condition()) {
        if (deadline.hasExpired())
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents, 20);
    }
    return true;
}

inline Scene sceneFrom(const std::string& text) {
    return parseScene(nlohmann::json::parse(text));
}

// Plain Adam on Rosenbrock that never converges early: max_steps decides the length.
inline Scene longAdamScene(long maxSteps) {
    return sceneFrom(R"({"objective": {"kind": "function", "name": "rosenbrock"},
                         "start": [-1.2, 1.0],
                         "optimizer": {"kind": "adam", "lr": 0.0001},
                         "stop": {"max_steps": )" +
                     std::to_string(maxSteps) + R"(, "grad_tol": 0}})");
}

} // namespace cs::ui::test
