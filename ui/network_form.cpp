#include "ui/network_form.h"

#include "core/dataset.h"
#include "ui/param_form.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>

#include <exception>
#include <set>

namespace cs::ui {

namespace {

const QString kPath = QStringLiteral("objective");
const QString kDatasetPath = QStringLiteral("objective.dataset");

// Keys this form has a control for; any other key of a loaded objective is kept as it is.
const std::set<std::string> kMlpKeys = {"kind",   "layers",  "activation",   "loss",
                                        "output", "dataset", "weight_decay", "batch_size"};
const std::set<std::string> kNeuronKeys = {"kind", "loss", "dataset", "weight_decay", "batch_size"};

void addItems(QComboBox* box, std::initializer_list<std::pair<const char*, QString>> items) {
    for (const auto& [value, tip] : items) {
        box->addItem(QString::fromLatin1(value), QString::fromLatin1(value));
        box->setItemData(box->count() - 1, tip, Qt::ToolTipRole);
    }
}

void select(QComboBox* box, const std::string& value) {
    const int index = box->findData(QString::fromStdString(value));
    if (index >= 0)
        box->setCurrentIndex(index);
}

std::string current(const QComboBox* box) {
    return box->currentData().toString().toStdString();
}

} // namespace

NetworkForm::NetworkForm(Mode mode, QWidget* parent)
    : QWidget(parent), m_mode(mode), m_loss(new QComboBox(this)), m_dataset(new QComboBox(this)),
      m_data(new ParamForm(this)), m_training(new ParamForm(this)), m_summary(new QLabel(this)) {
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    if (mode == Mode::Mlp) {
        m_layers = new QLineEdit(QStringLiteral("2-8-8-1"), this);
        m_layers->setToolTip(
            tr("<b>layers</b>: units per layer, inputs first, exactly one output, e.g. 2-8-8-1 "
               "(2 inputs, two hidden layers of 8, one output). The first number must match the "
               "dataset's inputs (2 for the planar sets, 1 for sine)."));
        layout->addRow(tr("Layers"), m_layers);
        m_activation = new QComboBox(this);
        addItems(m_activation, {{"tanh", tr("tanh z: smooth, zero-centred")},
                                {"relu", tr("max(0, z): piecewise linear, He initialisation")},
                                {"sigmoid", tr("σ(z) = 1/(1 + e⁻ᶻ)")}});
        m_activation->setToolTip(tr("<b>activation</b> of the hidden units."));
        layout->addRow(tr("Activation"), m_activation);
    } else {
        auto* model = new QLabel(tr("ŷ = σ(w·x + b): two parameters (w, b), an exactly 2D loss "
                                    "surface"),
                                 this);
        model->setWordWrap(true);
        layout->addRow(tr("Model"), model);
    }

    addItems(m_loss, {{"bce", tr("binary cross-entropy from the logit (0/1 labels)")},
                      {"mse", tr("mean squared error, (1/2N) Σ (ŷ − y)²")}});
    m_loss->setToolTip(mode == Mode::Mlp
                           ? tr("<b>loss</b>: bce for classification sets, mse for sine (or for "
                                "0/1 labels with the sigmoid output).")
                           : tr("<b>loss</b>: mse is non-convex (plateaus where σ saturates); "
                                "bce is logistic regression, convex everywhere."));
    if (mode == Mode::Neuron)
        select(m_loss, "mse");
    auto* lossRow = new QHBoxLayout;
    lossRow->addWidget(m_loss, 1);
    if (mode == Mode::Mlp) {
        m_output = new QComboBox(this);
        addItems(m_output, {{"linear", tr("ŷ = z")}, {"sigmoid", tr("ŷ = σ(z), bounded")}});
        m_output->setToolTip(tr("<b>output</b> (mse only): the prediction ŷ = z (linear) or "
                                "σ(z) (sigmoid). bce always reads z as a logit."));
        auto* outputLabel = new QLabel(tr("output"), this);
        outputLabel->setBuddy(m_output);
        lossRow->addWidget(outputLabel);
        lossRow->addWidget(m_output, 1);
    }
    layout->addRow(tr("Loss"), lossRow);

    for (const DatasetInfo& info : datasetInfos()) {
        if (mode == Mode::Neuron && info.inputDimension != 1)
            continue;
        m_dataset->addItem(QString::fromStdString(info.name), QString::fromStdString(info.name));
        m_dataset->setItemData(m_dataset->count() - 1, QString::fromStdString(info.description),
                               Qt::ToolTipRole);
    }
    select(m_dataset, mode == Mode::Mlp ? "moons" : "threshold");
    m_dataset->setToolTip(tr("<b>dataset</b>: the training points (seeded: the same name, n, "
                             "noise and seed always give the same points)."));
    layout->addRow(tr("Dataset"), m_dataset);
    setDatasetSpecs(m_dataset->currentData().toString(), nlohmann::json::object());
    layout->addRow(m_data);

    m_training->setSpecs(MlpOptions::params(), kPath);
    layout->addRow(m_training);

    if (mode == Mode::Mlp) {
        m_projection = new QComboBox(this);
        m_projection->addItem(tr("random directions"), QStringLiteral("random"));
        m_projection->setItemData(
            0,
            tr("Two seeded random directions, filter-normalised (Li et al. 2018), through the "
               "final parameters."),
            Qt::ToolTipRole);
        m_projection->addItem(tr("PCA of the trajectory"), QStringLiteral("pca"));
        m_projection->setItemData(
            1,
            tr("The top two principal components of the trajectory, centred on the final "
               "parameters: the plane the run moved in most."),
            Qt::ToolTipRole);
        m_projection->setToolTip(
            tr("The contour plot of a network is a 2D slice of a high-dimensional landscape: "
               "the loss on a plane through the parameters. Choose how the plane is spanned."));
        layout->addRow(tr("Landscape"), m_projection);
        connect(m_projection, &QComboBox::currentIndexChanged, this,
                [this] { Q_EMIT projectionChanged(); });
    }

    m_summary->setWordWrap(true);
    m_summary->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addRow(m_summary);

    if (m_layers)
        connect(m_layers, &QLineEdit::editingFinished, this, &NetworkForm::rebuild);
    for (QComboBox* box : {m_activation, m_loss, m_output})
        if (box)
            connect(box, &QComboBox::currentIndexChanged, this, &NetworkForm::rebuild);
    connect(m_dataset, &QComboBox::currentIndexChanged, this, &NetworkForm::onDatasetChosen);
    connect(m_data, &ParamForm::edited, this, &NetworkForm::rebuild);
    connect(m_training, &ParamForm::edited, this, &NetworkForm::rebuild);
    rebuild();
}

void NetworkForm::setSceneSeed(unsigned seed) {
    m_sceneSeed = seed;
}

void NetworkForm::setDatasetSpecs(const QString& name, const nlohmann::json& values) {
    const DatasetInfo* info = findDatasetInfo(name.toStdString());
    if (!info)
        return;
    m_data->setSpecs(datasetParams(*info), kDatasetPath);
    nlohmann::json v = values;
    if (!v.contains("seed"))
        v["seed"] = m_sceneSeed; // the scene reader's default
    m_data->setValuesFromJson(v);
}

void NetworkForm::onDatasetChosen() {
    const DatasetInfo* info = findDatasetInfo(current(m_dataset));
    if (!info)
        return;
    // Keep the seed; n and noise go to the new set's defaults.
    ParamValues old;
    nlohmann::json keep = nlohmann::json::object();
    if (m_data->values(old, nullptr) && old.count("seed"))
        keep["seed"] = static_cast<long long>(old.at("seed"));
    setDatasetSpecs(QString::fromStdString(info->name), keep);
    {
        const QSignalBlocker block(m_loss);
        if (!info->classification)
            select(m_loss, "mse");
        else if (m_mode == Mode::Mlp)
            select(m_loss, "bce");
    }
    // The input layer follows the dataset: "2-8-8-1" becomes "1-8-8-1" for sine.
    if (m_layers) {
        QString spec = m_layers->text();
        const qsizetype dash = spec.indexOf(QLatin1Char('-'));
        if (dash > 0)
            m_layers->setText(QString::number(info->inputDimension) + spec.mid(dash));
    }
    rebuild();
}

bool NetworkForm::buildJson(nlohmann::json& out, QString* error) const {
    out = m_extra;
    out["kind"] = m_mode == Mode::Mlp ? "mlp" : "neuron";
    if (m_mode == Mode::Mlp) {
        out["layers"] = m_layers->text().trimmed().toStdString();
        out["activation"] = current(m_activation);
        out["output"] = current(m_output);
    }
    out["loss"] = current(m_loss);
    nlohmann::json ds = {{"name", current(m_dataset)}};
    if (!m_data->writeJson(ds, error))
        return false;
    out["dataset"] = ds;
    return m_training->writeJson(out, error);
}

bool NetworkForm::objectiveJson(nlohmann::json& out, QString* error) const {
    if (!buildJson(out, error))
        return false;
    if (!m_network) {
        if (error)
            *error = m_error;
        return false;
    }
    return true;
}

bool NetworkForm::setObjectiveJson(const nlohmann::json& objective, QString* error) {
    const std::string kind = m_mode == Mode::Mlp ? "mlp" : "neuron";
    if (!objective.is_object() || objective.value("kind", std::string()) != kind) {
        if (error)
            *error = tr("objective.kind: expected '%1'").arg(QString::fromStdString(kind));
        return false;
    }
    // Validate with the scene reader first, so a bad scene changes nothing.
    try {
        if (m_mode == Mode::Mlp)
            makeMlpObjective(objective, m_sceneSeed);
        else
            makeNeuronObjective(objective, m_sceneSeed);
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    const auto& keys = m_mode == Mode::Mlp ? kMlpKeys : kNeuronKeys;
    m_extra = nlohmann::json::object();
    for (const auto& [key, value] : objective.items())
        if (!keys.count(key))
            m_extra[key] = value;

    const nlohmann::json ds = objective.value(
        "dataset", nlohmann::json{{"name", m_mode == Mode::Mlp ? "moons" : "threshold"}});
    const std::string name = ds.value("name", std::string());
    {
        const QSignalBlocker b1(m_dataset), b2(m_loss);
        select(m_dataset, name);
        const DatasetInfo* info = findDatasetInfo(name);
        const bool classification = info && info->classification;
        select(m_loss, objective.value("loss", m_mode == Mode::Neuron ? std::string("mse")
                                               : classification       ? std::string("bce")
                                                                      : std::string("mse")));
        if (m_mode == Mode::Mlp) {
            const QSignalBlocker b3(m_activation), b4(m_output), b5(m_layers);
            m_layers->setText(QString::fromStdString(objective.value("layers", "2-8-8-1")));
            select(m_activation, objective.value("activation", std::string("tanh")));
            select(m_output, objective.value("output", std::string("linear")));
        }
    }
    setDatasetSpecs(QString::fromStdString(name), ds);
    {
        const QSignalBlocker block(m_training);
        m_training->setValuesFromJson(objective);
    }
    rebuild();
    return m_network != nullptr;
}

QString NetworkForm::projection() const {
    return m_projection ? m_projection->currentData().toString() : QString();
}

void NetworkForm::setProjection(const QString& projection) {
    if (!m_projection)
        return;
    const int index = m_projection->findData(projection);
    if (index >= 0)
        m_projection->setCurrentIndex(index);
}

void NetworkForm::rebuild() {
    if (m_output)
        m_output->setEnabled(current(m_loss) == "mse");
    m_network.reset();
    m_error.clear();
    nlohmann::json spec;
    QString error;
    if (!buildJson(spec, &error)) {
        m_error = error;
    } else {
        try {
            std::unique_ptr<Mlp> net = m_mode == Mode::Mlp ? makeMlpObjective(spec, m_sceneSeed)
                                                           : makeNeuronObjective(spec, m_sceneSeed);
            net->setSampling(false); // the GUI's copy: full batch, safe for parallel grids
            m_network = std::move(net);
        } catch (const std::exception& e) {
            m_error = QString::fromStdString(e.what());
        }
    }
    if (m_layers)
        m_layers->setStyleSheet(m_error.startsWith(QStringLiteral("objective.layers"))
                                    ? QStringLiteral("background: #ffd6d6;")
                                    : QString());
    if (m_network) {
        const Dataset& d = m_network->dataset();
        m_summary->setStyleSheet(QString());
        m_summary->setText(tr("%1 parameters · %2 points, %3 input(s) · %4")
                               .arg(m_network->dimension())
                               .arg(d.size())
                               .arg(d.inputDimension())
                               .arg(d.isClassification ? tr("classification") : tr("regression")));
    } else {
        m_summary->setStyleSheet(QStringLiteral("color: #b00020;"));
        m_summary->setText(m_error);
    }
    Q_EMIT changed();
}

} // namespace cs::ui
