#include "ui/problem_panel.h"

#include "core/objective_registry.h"
#include "ui/param_form.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>

#include <cmath>

namespace cs::ui {

namespace {

constexpr double kStartLimit = 1e6;
constexpr int kStartDecimals = 4;
const QString kFunctionKind = QStringLiteral("function");

QString pointText(const Vector& x) {
    return QStringLiteral("(%1, %2)").arg(numberText(x[0]), numberText(x[1]));
}

} // namespace

ProblemPanel::ProblemPanel(QWidget* parent)
    : QWidget(parent), m_kind(new QComboBox(this)), m_functionBox(new QComboBox(this)),
      m_formula(new QLabel(this)), m_minima(new QLabel(this)), m_params(new ParamForm(this)),
      m_startX(new QDoubleSpinBox(this)), m_startY(new QDoubleSpinBox(this)),
      m_defaultStart(new QPushButton(tr("Default"), this)) {
    auto* layout = new QFormLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);

    // Kinds of objective: the 2D test functions for now; networks and custom formulas join the
    // list in later issues (objectiveKinds() grows, and each kind gets its own page here).
    for (const auto& kind : objectiveKinds()) {
        const QString name = QString::fromStdString(kind.kind);
        m_kind->addItem(name == kFunctionKind ? tr("2D test function") : name, name);
        m_kind->setItemData(m_kind->count() - 1, QString::fromStdString(kind.description),
                            Qt::ToolTipRole);
        // Only the kinds with a page are selectable.
        if (name != kFunctionKind)
            m_kind->setItemData(m_kind->count() - 1, 0, Qt::UserRole - 1);
    }
    m_kind->setToolTip(tr("The kind of objective to minimise. 2D test functions are drawn as a "
                          "contour plot; other kinds come in later versions."));
    layout->addRow(tr("Kind"), m_kind);

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
    layout->addRow(tr("Function"), m_functionBox);

    m_formula->setWordWrap(true);
    m_formula->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_formula->setToolTip(tr("The formula of f(x, y)."));
    layout->addRow(tr("f(x, y)"), m_formula);
    m_minima->setWordWrap(true);
    m_minima->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_minima->setToolTip(tr("The global minima x* and the minimum value f*: the first chart "
                            "plots f − f*, and the contour view marks the minima."));
    layout->addRow(tr("Minima"), m_minima);
    layout->addRow(m_params);

    for (QDoubleSpinBox* box : {m_startX, m_startY}) {
        box->setRange(-kStartLimit, kStartLimit);
        box->setDecimals(kStartDecimals);
        box->setSingleStep(0.1);
        box->setKeyboardTracking(false);
        box->setMinimumWidth(70);
    }
    m_startX->setToolTip(tr("x coordinate of the start point x₀. A click (or a drag of the "
                            "start marker) on the contour plot sets it too."));
    m_startY->setToolTip(tr("y coordinate of the start point x₀. A click (or a drag of the "
                            "start marker) on the contour plot sets it too."));
    m_defaultStart->setToolTip(tr("Back to the function's customary start point."));
    auto* startRow = new QHBoxLayout;
    startRow->addWidget(m_startX, 1);
    startRow->addWidget(m_startY, 1);
    startRow->addWidget(m_defaultStart);
    layout->addRow(tr("Start (x, y)"), startRow);

    connect(m_functionBox, &QComboBox::currentIndexChanged, this, &ProblemPanel::onFunctionChosen);
    connect(m_params, &ParamForm::edited, this, [this] { rebuildFunction(false); });
    connect(m_defaultStart, &QPushButton::clicked, this, [this] {
        if (m_function) {
            const Vector x0 = m_function->start();
            setStart(QPointF(x0[0], x0[1]));
        }
    });
    for (QDoubleSpinBox* box : {m_startX, m_startY})
        connect(box, &QDoubleSpinBox::valueChanged, this,
                [this] { Q_EMIT startChanged(QPointF(m_startX->value(), m_startY->value())); });
    onFunctionChosen();
}

std::string ProblemPanel::functionName() const {
    return m_functionBox->currentData().toString().toStdString();
}

bool ProblemPanel::objectiveJson(nlohmann::json& out, QString* error) const {
    out = {{"kind", "function"}, {"name", functionName()}};
    return m_params->writeJson(out, error);
}

bool ProblemPanel::setObjectiveJson(const nlohmann::json& objective, QString* error) {
    const std::string kind = objective.value("kind", std::string());
    if (kind != "function") {
        if (error)
            *error = tr("objective.kind: '%1' cannot be shown in this version of the GUI "
                        "(only 2D test functions)")
                         .arg(QString::fromStdString(kind));
        return false;
    }
    const int index =
        m_functionBox->findData(QString::fromStdString(objective.value("name", std::string())));
    if (index < 0) {
        if (error)
            *error = tr("objective.name: unknown function");
        return false;
    }
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
    QStringList points;
    for (const auto& m : minima)
        points << pointText(m.x);
    m_minima->setText(
        tr("f* = %1 at %2").arg(numberText(m_function->minimumValue()), points.join(tr(", "))));
}

} // namespace cs::ui
