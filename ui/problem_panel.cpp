#include "ui/problem_panel.h"

#include "core/objective_registry.h"
#include "ui/network_form.h"
#include "ui/param_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

#include <cmath>

namespace cs::ui {

namespace {

constexpr double kStartLimit = 1e6;
constexpr int kStartDecimals = 4;
const QString kFunctionKind = QStringLiteral("function");
const QString kMlpKind = QStringLiteral("mlp");
const QString kNeuronKind = QStringLiteral("neuron");

// Minima are shown to kShownDigits significant digits; the tooltip has them in full.
constexpr int kShownDigits = 6;

QString pointText(const Vector& x, bool full) {
    const auto text = [full](double v) {
        return full ? numberText(v) : QString::number(v, 'g', kShownDigits);
    };
    return QStringLiteral("(%1, %2)").arg(text(x[0]), text(x[1]));
}

} // namespace

ProblemPanel::ProblemPanel(QWidget* parent)
    : QWidget(parent), m_kind(new QComboBox(this)), m_functionPage(new QWidget(this)),
      m_mlpForm(new NetworkForm(NetworkForm::Mode::Mlp, this)),
      m_neuronForm(new NetworkForm(NetworkForm::Mode::Neuron, this)),
      m_functionBox(new QComboBox(this)), m_formula(new QLabel(this)), m_minima(new QLabel(this)),
      m_params(new ParamForm(this)), m_startX(new QDoubleSpinBox(this)),
      m_startY(new QDoubleSpinBox(this)), m_defaultStart(new QPushButton(tr("Default"), this)) {
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    for (const auto& kind : objectiveKinds()) {
        const QString name = QString::fromStdString(kind.kind);
        const QString title = name == kFunctionKind ? tr("2D test function")
                              : name == kMlpKind    ? tr("Network")
                              : name == kNeuronKind ? tr("Neuron")
                                                    : name;
        m_kind->addItem(title, name);
        m_kind->setItemData(m_kind->count() - 1, QString::fromStdString(kind.description),
                            Qt::ToolTipRole);
        // Only the kinds with a page are selectable.
        if (name != kFunctionKind && name != kMlpKind && name != kNeuronKind)
            m_kind->setItemData(m_kind->count() - 1, 0, Qt::UserRole - 1);
    }
    m_kind->setToolTip(tr("The kind of objective to minimise: a 2D test function (drawn as a "
                          "contour plot), a small network (its landscape shown as a 2D "
                          "projection), or one neuron (two parameters: a true 2D landscape)."));
    layout->addRow(tr("Kind"), m_kind);

    auto* fl = new QFormLayout(m_functionPage);
    fl->setContentsMargins(0, 0, 0, 0);
    fl->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    m_kind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_functionBox->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    for (const auto& info : testFunctionInfos()) {
        m_functionBox->addItem(QString::fromStdString(info.title),
                               QString::fromStdString(info.name));
        m_functionBox->setItemData(m_functionBox->count() - 1, QString::fromStdString(info.formula),
                                   Qt::ToolTipRole);
    }
    m_functionBox->setToolTip(tr("The test function. Its formula and known minima are shown "
                                 "below; choosing one moves the start to its customary start."));
    fl->addRow(tr("Function"), m_functionBox);

    m_formula->setWordWrap(true);
    m_formula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_formula->setToolTip(tr("The formula of f(x, y)."));
    fl->addRow(tr("f(x, y)"), m_formula);
    m_minima->setWordWrap(true);
    m_minima->setTextInteractionFlags(Qt::TextSelectableByMouse);
    fl->addRow(tr("Minima"), m_minima);
    fl->addRow(m_params);
    // Pages in a box layout, only the current one shown: a hidden page takes no room (a
    // QStackedWidget would keep the height of its tallest page).
    auto* pages = new QVBoxLayout;
    pages->setContentsMargins(0, 0, 0, 0);
    m_pages = {m_functionPage, m_mlpForm, m_neuronForm};
    for (QWidget* page : m_pages)
        pages->addWidget(page);
    m_mlpForm->hide();
    m_neuronForm->hide();
    layout->addRow(pages);

    for (QDoubleSpinBox* box : {m_startX, m_startY}) {
        box->setRange(-kStartLimit, kStartLimit);
        box->setDecimals(kStartDecimals);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
        box->setMinimumWidth(70);
    }
    m_startX->setToolTip(tr("First coordinate of the start point x₀ (w for the neuron). A click "
                            "(or a drag of the start marker) on the contour plot sets it too."));
    m_startY->setToolTip(tr("Second coordinate of the start point x₀ (b for the neuron). A "
                            "click (or a drag of the start marker) on the contour plot sets it "
                            "too."));
    m_defaultStart->setToolTip(tr("Back to the customary start point."));
    auto* startRow = new QHBoxLayout;
    startRow->addWidget(m_startX, 1);
    startRow->addWidget(m_startY, 1);
    startRow->addWidget(m_defaultStart);
    m_startLabel = new QLabel(tr("Start (x, y)"), this);
    layout->addRow(m_startLabel, startRow);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &ProblemPanel::onKindChosen);
    connect(m_functionBox, &QComboBox::currentIndexChanged, this, &ProblemPanel::onFunctionChosen);
    connect(m_params, &ParamForm::edited, this, [this] { rebuildFunction(false); });
    connect(m_mlpForm, &NetworkForm::changed, this, [this] {
        if (kind() == kMlpKind)
            Q_EMIT problemChanged();
    });
    connect(m_mlpForm, &NetworkForm::projectionChanged, this, &ProblemPanel::projectionChanged);
    connect(m_neuronForm, &NetworkForm::changed, this, [this] {
        if (kind() == kNeuronKind)
            Q_EMIT problemChanged();
    });
    connect(m_defaultStart, &QPushButton::clicked, this, [this] {
        if (kind() == kNeuronKind)
            setStart(neuronDefaultStart());
        else if (m_function) {
            const Vector x0 = m_function->start();
            setStart(QPointF(x0[0], x0[1]));
        }
    });
    for (QDoubleSpinBox* box : {m_startX, m_startY})
        connect(box, &QDoubleSpinBox::valueChanged, this,
                [this] { Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value())); });
    onFunctionChosen();
}

QString ProblemPanel::kind() const {
    return m_kind->currentData().toString();
}

std::shared_ptr<const TestFunction> ProblemPanel::function() const {
    return kind() == kFunctionKind ? m_function : nullptr;
}

std::shared_ptr<const Mlp> ProblemPanel::network() const {
    if (kind() == kMlpKind)
        return m_mlpForm->network();
    if (kind() == kNeuronKind)
        return m_neuronForm->network();
    return nullptr;
}

QString ProblemPanel::problemError() const {
    if (kind() == kMlpKind)
        return m_mlpForm->error();
    if (kind() == kNeuronKind)
        return m_neuronForm->error();
    return m_function ? QString() : tr("objective: a parameter of the function is invalid");
}

bool ProblemPanel::hasStart() const {
    return kind() != kMlpKind;
}

QString ProblemPanel::projection() const {
    return m_mlpForm->projection();
}

void ProblemPanel::setProjection(const QString& projection) {
    m_mlpForm->setProjection(projection);
}

void ProblemPanel::setSceneSeed(unsigned seed) {
    m_sceneSeed = seed;
    m_mlpForm->setSceneSeed(seed);
    m_neuronForm->setSceneSeed(seed);
}

void ProblemPanel::setKind(const QString& kind) {
    const int index = m_kind->findData(kind);
    if (index < 0)
        return;
    const QSignalBlocker block(m_kind);
    m_kind->setCurrentIndex(index);
    const std::size_t page = kind == kMlpKind ? 1 : kind == kNeuronKind ? 2 : 0;
    for (std::size_t i = 0; i < m_pages.size(); ++i)
        m_pages[i]->setVisible(i == page);
    const bool start = hasStart();
    m_startLabel->setVisible(start);
    for (QWidget* w : std::initializer_list<QWidget*>{m_startX, m_startY, m_defaultStart})
        w->setVisible(start);
    m_startLabel->setText(kind == kNeuronKind ? tr("Start (w, b)") : tr("Start (x, y)"));
}

void ProblemPanel::onKindChosen() {
    const QString k = kind();
    setKind(k);
    if (k == kFunctionKind) {
        rebuildFunction(true);
        return;
    }
    if (k == kNeuronKind) {
        const QSignalBlocker bx(m_startX), by(m_startY);
        m_startX->setSingleStep(0.1);
        m_startY->setSingleStep(0.1);
        m_startX->setValue(neuronDefaultStart().x());
        m_startY->setValue(neuronDefaultStart().y());
    }
    Q_EMIT problemChanged();
    if (k == kNeuronKind)
        Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value()));
}

std::string ProblemPanel::functionName() const {
    return m_functionBox->currentData().toString().toStdString();
}

bool ProblemPanel::objectiveJson(nlohmann::json& out, QString* error) const {
    if (kind() == kMlpKind)
        return m_mlpForm->objectiveJson(out, error);
    if (kind() == kNeuronKind)
        return m_neuronForm->objectiveJson(out, error);
    out = {{"kind", "function"}, {"name", functionName()}};
    return m_params->writeJson(out, error);
}

bool ProblemPanel::setObjectiveJson(const nlohmann::json& objective, QString* error) {
    const std::string k = objective.is_object() ? objective.value("kind", std::string()) : "";
    if (k == "mlp" || k == "neuron") {
        NetworkForm* form = k == "mlp" ? m_mlpForm : m_neuronForm;
        {
            const QSignalBlocker block(form);
            if (!form->setObjectiveJson(objective, error))
                return false;
        }
        setKind(QString::fromStdString(k));
        if (k == "neuron") {
            const QSignalBlocker bx(m_startX), by(m_startY);
            m_startX->setValue(neuronDefaultStart().x());
            m_startY->setValue(neuronDefaultStart().y());
        }
        Q_EMIT problemChanged();
        if (k == "neuron")
            Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value()));
        return true;
    }
    if (k != "function") {
        if (error)
            *error = tr("objective.kind: '%1' cannot be shown in the GUI (known: function, mlp, "
                        "neuron)")
                         .arg(QString::fromStdString(k));
        return false;
    }
    const int index =
        m_functionBox->findData(QString::fromStdString(objective.value("name", std::string())));
    if (index < 0) {
        if (error)
            *error = tr("objective.name: unknown function");
        return false;
    }
    setKind(kFunctionKind);
    {
        const QSignalBlocker block(m_functionBox);
        m_functionBox->setCurrentIndex(index);
    }
    for (const auto& info : testFunctionInfos())
        if (info.name == functionName())
            m_params->setSpecs(info.params, QStringLiteral("objective"));
    m_params->setVisible(!m_params->specs().empty());
    m_params->setValuesFromJson(objective);
    rebuildFunction(true);
    return true;
}

Vector ProblemPanel::start() const {
    Vector x(2);
    x << m_startX->value(), m_startY->value();
    return x;
}

void ProblemPanel::setStart(const QPointF& p) {
    {
        const QSignalBlocker bx(m_startX), by(m_startY);
        m_startX->setValue(p.x());
        m_startY->setValue(p.y());
    }
    Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value()));
}

void ProblemPanel::onFunctionChosen() {
    for (const auto& info : testFunctionInfos())
        if (info.name == functionName())
            m_params->setSpecs(info.params, QStringLiteral("objective"));
    m_params->setVisible(!m_params->specs().empty());
    rebuildFunction(true);
}

void ProblemPanel::rebuildFunction(bool resetStart) {
    ParamValues values;
    m_function.reset();
    if (m_params->values(values, nullptr)) {
        try {
            m_function = makeTestFunction(functionName(), values);
        } catch (const std::exception&) {
            m_function.reset();
        }
    }
    showFacts();
    if (m_function) {
        const Box d = m_function->domain();
        // Arrow keys move the start by about a fiftieth of the plot.
        const double step = std::pow(10.0, std::floor(std::log10((d.xMax - d.xMin) / 50.0)));
        m_startX->setSingleStep(step);
        m_startY->setSingleStep(step);
        if (resetStart) {
            const Vector x0 = m_function->start();
            const QSignalBlocker bx(m_startX), by(m_startY);
            m_startX->setValue(x0[0]);
            m_startY->setValue(x0[1]);
        }
    }
    Q_EMIT problemChanged();
    if (resetStart)
        Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value()));
}

void ProblemPanel::showFacts() {
    if (!m_function) {
        m_formula->setText(tr("(invalid parameter)"));
        m_minima->clear();
        return;
    }
    m_formula->setText(QString::fromStdString(m_function->formula()));
    const auto minima = m_function->minima();
    QStringList points, exact;
    for (const auto& m : minima) {
        points << pointText(m.x, false);
        exact << pointText(m.x, true);
    }
    const double fStar = m_function->minimumValue();
    m_minima->setText(
        tr("f* = %1 at %2").arg(QString::number(fStar, 'g', kShownDigits), points.join(tr(", "))));
    m_minima->setToolTip(tr("The global minima x* and the minimum value f* (the first chart "
                            "plots f − f*, and the contour view marks the minima), in full "
                            "precision: f* = %1 at %2")
                             .arg(numberText(fStar), exact.join(tr(", "))));
}

} // namespace cs::ui
