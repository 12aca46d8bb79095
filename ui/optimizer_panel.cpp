#include "ui/optimizer_panel.h"

#include "core/convexity.h"
#include "core/optimizer_registry.h"
#include "core/switching.h"
#include "ui/param_form.h"

#include <QButtonGroup>
#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QRadioButton>
#include <QStackedWidget>
#include <QVBoxLayout>

#include <cmath>
#include <limits>

namespace cs::ui {

namespace {

const QString kSwitching = QStringLiteral("switching");

// Switch rules of the switching optimizer that are numbers; defaults from SwitchingOptions.
std::vector<ParamSpec> ruleSpecs() {
    const SwitchingOptions d;
    return {
        {"min_steps", double(d.minSteps), 0, 1e12, false, false, true,
         "phase-1 steps before a switch may fire"},
        {"max_switches", double(d.maxSwitches), 1, 1000, false, false, true,
         "switches in all, both directions (phase 2 can fall back to phase 1)"},
    };
}

void fillOptimizerKinds(QComboBox* box) {
    for (const auto& info : optimizerInfos()) {
        if (info.composite)
            continue;
        box->addItem(QString::fromStdString(info.title), QString::fromStdString(info.kind));
        box->setItemData(box->count() - 1, QString::fromStdString(info.description),
                         Qt::ToolTipRole);
    }
}

} // namespace

OptimizerPanel::OptimizerPanel(QWidget* parent)
    : QWidget(parent), m_switchingAvailable(findOptimizerInfo("switching") != nullptr),
      m_plainMode(new QRadioButton(tr("Plain"), this)),
      m_switchingMode(new QRadioButton(tr("Switching"), this)), m_stack(new QStackedWidget(this)),
      m_criterion(new QComboBox(this)), m_criterionParams(new ParamForm(this)),
      m_rules(new ParamForm(this)), m_fallback(new QCheckBox(tr("Fall back"), this)),
      m_seedPairs(new QCheckBox(tr("Seed L-BFGS pairs"), this)) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* modeRow = new QHBoxLayout;
    modeRow->addWidget(m_switchingMode);
    modeRow->addWidget(m_plainMode);
    modeRow->addStretch(1);
    layout->addLayout(modeRow);
    auto* modes = new QButtonGroup(this);
    modes->addButton(m_switchingMode);
    modes->addButton(m_plainMode);
    m_plainMode->setToolTip(tr("One optimizer for the whole run."));
    m_switchingMode->setToolTip(
        tr("Two phases: a robust phase-1 optimizer until the convexity criterion fires, then a "
           "fast phase-2 optimizer from that point."));
    m_switchingMode->setEnabled(m_switchingAvailable);
    layout->addWidget(m_stack);

    // Plain page.
    m_stack->addWidget(makePhase(m_plain, tr("Optimizer"),
                                 tr("The optimizer that makes every step."),
                                 QStringLiteral("optimizer"), QStringLiteral("adam")));

    // Switching page.
    auto* switching = new QWidget(this);
    auto* sw = new QVBoxLayout(switching);
    sw->setContentsMargins(0, 0, 0, 0);
    sw->addWidget(makePhase(m_phase1, tr("Phase 1"),
                            tr("Phase-1 optimizer: robust on non-convex ground; it runs until "
                               "the criterion fires."),
                            QStringLiteral("optimizer.phase1"), QStringLiteral("adam")));
    sw->addWidget(makePhase(m_phase2, tr("Phase 2"),
                            tr("Phase-2 optimizer: fast on convex ground; it takes over at the "
                               "switch point with fresh state."),
                            QStringLiteral("optimizer.phase2"), QStringLiteral("lbfgs")));

    auto* criterionBox = new QGroupBox(tr("Criterion"), switching);
    auto* cl = new QVBoxLayout(criterionBox);
    cl->setContentsMargins(6, 4, 6, 4);
    m_criterion->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    for (const auto& info : criterionInfos()) {
        m_criterion->addItem(QString::fromStdString(info.title), QString::fromStdString(info.kind));
        m_criterion->setItemData(m_criterion->count() - 1, QString::fromStdString(info.description),
                                 Qt::ToolTipRole);
    }
    m_criterion->setToolTip(tr("What decides that the run has reached convex ground. Hover an "
                               "entry of the list for what it measures."));
    cl->addWidget(m_criterion);
    cl->addWidget(m_criterionParams);
    sw->addWidget(criterionBox);

    auto* rulesBox = new QGroupBox(tr("Switch rules"), switching);
    auto* rl = new QVBoxLayout(rulesBox);
    rl->setContentsMargins(6, 4, 6, 4);
    m_rules->setSpecs(ruleSpecs(), QStringLiteral("optimizer"));
    rl->addWidget(m_rules);
    const SwitchingOptions defaults;
    m_fallback->setChecked(defaults.fallback);
    m_fallback->setToolTip(tr("fallback: when phase 2 fails (line search fails, f rises, f or "
                              "∇f not finite, negative curvature along its step), phase 1 takes "
                              "over again with fresh state."));
    m_seedPairs->setChecked(defaults.seedPairs);
    m_seedPairs->setToolTip(tr("seed_pairs: an L-BFGS phase 2 starts with phase 1's last "
                               "curvature pairs (s, y) that have sᵀy > 0, instead of none."));
    auto* checks = new QHBoxLayout;
    checks->addWidget(m_fallback);
    checks->addWidget(m_seedPairs);
    checks->addStretch(1);
    rl->addLayout(checks);
    sw->addWidget(rulesBox);
    m_stack->addWidget(switching);

    connect(m_criterion, &QComboBox::currentIndexChanged, this, &OptimizerPanel::chooseCriterion);
    connect(m_criterionParams, &ParamForm::edited, this, &OptimizerPanel::changed);
    connect(m_rules, &ParamForm::edited, this, &OptimizerPanel::changed);
    connect(m_fallback, &QCheckBox::toggled, this, &OptimizerPanel::changed);
    connect(m_seedPairs, &QCheckBox::toggled, this, &OptimizerPanel::changed);
    connect(m_switchingMode, &QRadioButton::toggled, this, [this](bool on) {
        m_stack->setCurrentIndex(on ? 1 : 0);
        Q_EMIT changed();
    });

    m_criterion->setCurrentIndex(std::max(0, m_criterion->findData(QStringLiteral("combined"))));
    chooseCriterion();
    (m_switchingAvailable ? m_switchingMode : m_plainMode)->setChecked(true);
    m_stack->setCurrentIndex(m_switchingAvailable ? 1 : 0);
    // Adam's default lr is 0.001; the switching default phase 1 is Adam with lr 0.01.
    m_phase1.params->setValues({{"lr", 0.01}});
}

QWidget* OptimizerPanel::makePhase(PhaseControls& controls, const QString& title,
                                   const QString& tip, const QString& path,
                                   const QString& defaultKind) {
    auto* box = new QGroupBox(title, this);
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(6, 4, 6, 4);
    controls.kind = new QComboBox(box);
    controls.kind->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    fillOptimizerKinds(controls.kind);
    controls.kind->setToolTip(tip + tr(" Hover an entry of the list for a description."));
    controls.params = new ParamForm(box);
    layout->addWidget(controls.kind);
    layout->addWidget(controls.params);
    controls.kind->setCurrentIndex(std::max(0, controls.kind->findData(defaultKind)));
    PhaseControls* c = &controls;
    connect(controls.kind, &QComboBox::currentIndexChanged, this, [this, c, path] {
        choosePhaseKind(*c, path);
        Q_EMIT changed();
    });
    connect(controls.params, &ParamForm::edited, this, &OptimizerPanel::changed);
    choosePhaseKind(controls, path);
    return box;
}

void OptimizerPanel::choosePhaseKind(PhaseControls& controls, const QString& path) {
    const OptimizerInfo* info =
        findOptimizerInfo(controls.kind->currentData().toString().toStdString());
    controls.params->setSpecs(info ? info->params : std::vector<ParamSpec>{}, path);
}

void OptimizerPanel::chooseCriterion() {
    const CriterionInfo* info =
        findCriterionInfo(m_criterion->currentData().toString().toStdString());
    m_criterionParams->setSpecs(info ? info->params : std::vector<ParamSpec>{},
                                QStringLiteral("optimizer.criterion"));
    // The combo's tooltip says what the chosen criterion measures.
    m_criterion->setToolTip(
        tr("What decides that the run has reached convex ground.") +
        (info ? QStringLiteral("<br><b>%1</b>: %2")
                    .arg(QString::fromStdString(info->title),
                         QString::fromStdString(info->description).toHtmlEscaped())
              : QString()));
    Q_EMIT changed();
}

bool OptimizerPanel::isSwitching() const {
    return m_switchingMode->isChecked();
}

double OptimizerPanel::threshold() const {
    if (!isSwitching())
        return std::numeric_limits<double>::quiet_NaN();
    ParamValues values;
    if (!m_criterionParams->values(values, nullptr) || !values.count("threshold"))
        return std::numeric_limits<double>::quiet_NaN();
    return values.at("threshold");
}

bool OptimizerPanel::phaseJson(const PhaseControls& controls, nlohmann::json& out, QString* error) {
    out = {{"kind", controls.kind->currentData().toString().toStdString()}};
    return controls.params->writeJson(out, error);
}

bool OptimizerPanel::optimizerJson(nlohmann::json& out, QString* error) const {
    if (!isSwitching())
        return phaseJson(m_plain, out, error);
    out = {{"kind", "switching"}};
    nlohmann::json phase;
    if (!phaseJson(m_phase1, phase, error))
        return false;
    out["phase1"] = phase;
    if (!phaseJson(m_phase2, phase, error))
        return false;
    out["phase2"] = phase;
    nlohmann::json criterion = {{"kind", m_criterion->currentData().toString().toStdString()}};
    if (!m_criterionParams->writeJson(criterion, error))
        return false;
    out["criterion"] = criterion;
    if (!m_rules->writeJson(out, error))
        return false;
    out["fallback"] = m_fallback->isChecked();
    out["seed_pairs"] = m_seedPairs->isChecked();
    return true;
}

bool OptimizerPanel::setPhaseJson(PhaseControls& controls, const nlohmann::json& spec,
                                  const QString& path, QString* error) {
    const QString kind = QString::fromStdString(spec.value("kind", std::string()));
    const int index = controls.kind->findData(kind);
    if (index < 0) {
        if (error)
            *error = tr("%1.kind: '%2' is not a plain optimizer").arg(path, kind);
        return false;
    }
    {
        const QSignalBlocker block(controls.kind);
        controls.kind->setCurrentIndex(index);
    }
    const OptimizerInfo* info = findOptimizerInfo(kind.toStdString());
    controls.params->setSpecs(info ? info->params : std::vector<ParamSpec>{}, path);
    controls.params->setValuesFromJson(spec);
    return true;
}

bool OptimizerPanel::setOptimizerJson(const nlohmann::json& optimizer, QString* error) {
    if (!optimizer.is_object()) {
        if (error)
            *error = tr("optimizer: expected an object");
        return false;
    }
    const std::string kind = optimizer.value("kind", std::string());
    if (kind != "switching") {
        if (!setPhaseJson(m_plain, optimizer, QStringLiteral("optimizer"), error))
            return false;
        m_plainMode->setChecked(true);
        Q_EMIT changed();
        return true;
    }
    // Omitted phases default as in core/switching.h.
    const nlohmann::json phase1 =
        optimizer.value("phase1", nlohmann::json{{"kind", "adam"}, {"lr", 0.01}});
    const nlohmann::json phase2 = optimizer.value("phase2", nlohmann::json{{"kind", "lbfgs"}});
    if (!setPhaseJson(m_phase1, phase1, QStringLiteral("optimizer.phase1"), error) ||
        !setPhaseJson(m_phase2, phase2, QStringLiteral("optimizer.phase2"), error))
        return false;
    const nlohmann::json criterion =
        optimizer.value("criterion", nlohmann::json{{"kind", "combined"}});
    const int index = m_criterion->findData(
        QString::fromStdString(criterion.value("kind", std::string("combined"))));
    if (index < 0) {
        if (error)
            *error = tr("optimizer.criterion.kind: unknown criterion");
        return false;
    }
    {
        const QSignalBlocker block(m_criterion);
        m_criterion->setCurrentIndex(index);
    }
    chooseCriterion();
    m_criterionParams->setValuesFromJson(criterion);
    m_rules->setValuesFromJson(optimizer);
    const SwitchingOptions defaults;
    m_fallback->setChecked(optimizer.value("fallback", defaults.fallback));
    m_seedPairs->setChecked(optimizer.value("seed_pairs", defaults.seedPairs));
    m_switchingMode->setChecked(true);
    Q_EMIT changed();
    return true;
}

} // namespace cs::ui
