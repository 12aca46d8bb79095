#pragma once

#include "core/test_function.h"
#include "core/types.h"

#include <nlohmann/json.hpp>

#include <QPointF>
#include <QWidget>

#include <memory>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace cs::ui {

class ParamForm;

// The problem: which objective (the 2D test functions now; networks and typed formulas join the
// kind list in later issues), its formula and known minima, its parameters, and the start point.
class ProblemPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProblemPanel(QWidget* parent = nullptr);

    // The scene's objective object, e.g. {"kind": "function", "name": "rosenbrock"}; false with
    // a message naming the field when a parameter is invalid.
    bool objectiveJson(nlohmann::json& out, QString* error) const;
    // Shows a scene's objective; false (and nothing changes) for a kind the GUI cannot show.
    bool setObjectiveJson(const nlohmann::json& objective, QString* error);
    // The current test function (with its parameters); null while a parameter is invalid.
    std::shared_ptr<const TestFunction> function() const { return m_function; }

    Vector start() const;
    void setStart(const QPointF& p);

Q_SIGNALS:
    // The function or one of its parameters changed (the start has been set to its default).
    void problemChanged();
    void startChanged(QPointF start);

private:
    void onFunctionChosen();
    void rebuildFunction(bool resetStart);
    void showFacts();
    std::string functionName() const;

    QComboBox* m_kind;
    QComboBox* m_functionBox;
    QLabel* m_formula;
    QLabel* m_minima;
    ParamForm* m_params;
    QDoubleSpinBox* m_startX;
    QDoubleSpinBox* m_startY;
    QPushButton* m_defaultStart;
    std::shared_ptr<const TestFunction> m_function;
};

} // namespace cs::ui
