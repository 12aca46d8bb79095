#pragma once

#include "core/mlp.h"
#include "core/test_function.h"
#include "core/types.h"

#include <nlohmann/json.hpp>

#include <QPointF>
#include <QWidget>

#include <memory>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QPushButton;

namespace cs::ui {

class NetworkForm;
class ParamForm;

// The problem: which kind of objective and its settings, and the start point.
//   - "function": a 2D test function, its formula, known minima and parameters;
//   - "mlp": a small network (NetworkForm): its parameters start from the scene's seed, there
//     is no start point to pick, and the contour view shows a 2D projection of its landscape;
//   - "neuron": one sigmoid neuron, two parameters (w, b): a true 2D landscape with a start.
class ProblemPanel : public QWidget {
    Q_OBJECT
public:
    explicit ProblemPanel(QWidget* parent = nullptr);

    // The scene's objective object, e.g. {"kind": "function", "name": "rosenbrock"}; false with
    // a message naming the field when a parameter is invalid.
    bool objectiveJson(nlohmann::json& out, QString* error) const;
    // Shows a scene's objective; false (and nothing changes) for a kind the GUI cannot show.
    bool setObjectiveJson(const nlohmann::json& objective, QString* error);
    // The current test function (with its parameters); null while a parameter is invalid or
    // when the kind is not "function".
    std::shared_ptr<const TestFunction> function() const;
    // The objective kind shown: "function", "mlp" or "neuron".
    QString kind() const;
    // The network of kind "mlp" or "neuron" (full batch; null while a field is invalid or for
    // test functions).
    std::shared_ptr<const Mlp> network() const;
    // Why the problem is invalid (empty when it is valid).
    QString problemError() const;
    // The kind has a start point to pick (test functions and the neuron; a network starts
    // from its seeded initialisation).
    bool hasStart() const;
    // The landscape projection of a network: "random" or "pca".
    QString projection() const;
    void setProjection(const QString& projection);
    // The scene's seed (dataset seed when a scene names none, network initialisation).
    void setSceneSeed(unsigned seed);
    unsigned sceneSeed() const { return m_sceneSeed; }
    // The start a neuron gets when its kind is picked: on the mse plateau, where the surface is
    // non-convex (docs/networks.md).
    static QPointF neuronDefaultStart() { return {-6.0, 4.0}; }
    NetworkForm* networkForm() const { return m_mlpForm; }
    NetworkForm* neuronForm() const { return m_neuronForm; }
    QComboBox* kindBox() const { return m_kind; }

    Vector start() const;
    void setStart(const QPointF& p);

Q_SIGNALS:
    // The kind, the function or network, or one of their parameters changed (the start has
    // been set to its default when the kind or function changed).
    void problemChanged();
    // Only the network's landscape projection changed.
    void projectionChanged();
    void startChanged(QPointF start);

private:
    void onKindChosen();
    void onFunctionChosen();
    void setKind(const QString& kind);
    void rebuildFunction(bool resetStart);
    void showFacts();
    std::string functionName() const;

    QComboBox* m_kind;
    QWidget* m_functionPage; // one page per kind, only the current one visible
    std::vector<QWidget*> m_pages;
    NetworkForm* m_mlpForm;
    NetworkForm* m_neuronForm;
    QLabel* m_startLabel = nullptr;
    unsigned m_sceneSeed = 1;
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
