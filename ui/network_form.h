#pragma once

#include "core/mlp.h"

#include <nlohmann/json.hpp>

#include <QString>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QLineEdit;

namespace cs::ui {

class ParamForm;

// The controls of a network problem: for kind "mlp" the layer spec, activation, loss, mse
// output map, dataset (name, n, noise, seed), weight decay, batch size and the landscape
// projection; for kind "neuron" (σ(w·x + b) on 1D data) the loss, the 1D dataset and the
// training fields. Every edit rebuilds the network through the scene reader (makeMlpObjective /
// makeNeuronObjective), so the GUI's copy is exactly what a run builds, and an invalid field
// shows the reader's message, which names the field.
class NetworkForm : public QWidget {
    Q_OBJECT
public:
    enum class Mode { Mlp, Neuron };

    explicit NetworkForm(Mode mode, QWidget* parent = nullptr);

    Mode mode() const { return m_mode; }
    // The scene's seed: the dataset's seed when a scene names none, and the mini-batch seed.
    void setSceneSeed(unsigned seed);
    unsigned sceneSeed() const { return m_sceneSeed; }

    // The scene's objective object; false with a message naming the field when invalid.
    bool objectiveJson(nlohmann::json& out, QString* error) const;
    // Shows a scene's objective of this form's kind; fields it has no control for (e.g.
    // "init") are kept and written back unchanged.
    bool setObjectiveJson(const nlohmann::json& objective, QString* error);

    // The network the fields describe, full batch (null while a field is invalid; error() says
    // why).
    std::shared_ptr<const Mlp> network() const { return m_network; }
    QString error() const { return m_error; }

    // The landscape projection of the mlp kind: "random" or "pca".
    QString projection() const;
    void setProjection(const QString& projection);

    // For tests: the controls.
    QLineEdit* layersEdit() const { return m_layers; }
    QComboBox* datasetBox() const { return m_dataset; }
    QComboBox* lossBox() const { return m_loss; }
    QComboBox* projectionBox() const { return m_projection; }

Q_SIGNALS:
    // The network changed (or became invalid).
    void changed();
    // Only the projection changed.
    void projectionChanged();

private:
    void onDatasetChosen();
    void rebuild();
    bool buildJson(nlohmann::json& out, QString* error) const;
    void setDatasetSpecs(const QString& name, const nlohmann::json& values);

    Mode m_mode;
    unsigned m_sceneSeed = 1;
    QLineEdit* m_layers = nullptr;
    QComboBox* m_activation = nullptr;
    QComboBox* m_loss;
    QComboBox* m_output = nullptr;
    QComboBox* m_dataset;
    ParamForm* m_data;
    ParamForm* m_training;
    QComboBox* m_projection = nullptr;
    QLabel* m_summary;
    nlohmann::json m_extra = nlohmann::json::object(); // fields without a control
    std::shared_ptr<const Mlp> m_network;
    QString m_error;
};

} // namespace cs::ui
