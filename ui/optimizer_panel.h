#pragma once

#include <nlohmann/json.hpp>

#include <QString>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QLabel;
class QRadioButton;
class QStackedWidget;

namespace cs::ui {

class ParamForm;

// The optimizer: a plain one, or switching (a phase-1 optimizer until a convexity criterion
// fires, then a phase-2 optimizer). Every hyperparameter control is built from the registry's
// ParamSpecs, so a new optimizer or criterion shows up here without GUI code.
// Default: switching, Adam (lr 0.01) → L-BFGS, combined criterion.
class OptimizerPanel : public QWidget {
    Q_OBJECT
public:
    explicit OptimizerPanel(QWidget* parent = nullptr);

    // The scene's optimizer object; false with a message naming the field on a bad value.
    bool optimizerJson(nlohmann::json& out, QString* error) const;
    // Shows a scene's optimizer object (unknown fields are kept only by the scene itself).
    bool setOptimizerJson(const nlohmann::json& optimizer, QString* error);

    bool isSwitching() const;
    bool switchingAvailable() const { return m_switchingAvailable; }
    // The criterion's threshold for the score chart; NaN for a plain optimizer or the fixed
    // criterion (which has no score).
    double threshold() const;

Q_SIGNALS:
    void changed();

private:
    struct PhaseControls {
        QComboBox* kind = nullptr;
        ParamForm* params = nullptr;
    };
    QWidget* makePhase(PhaseControls& controls, const QString& title, const QString& tip,
                       const QString& path, const QString& defaultKind);
    void choosePhaseKind(PhaseControls& controls, const QString& path);
    void chooseCriterion();
    static bool phaseJson(const PhaseControls& controls, nlohmann::json& out, QString* error);
    static bool setPhaseJson(PhaseControls& controls, const nlohmann::json& spec,
                             const QString& path, QString* error);

    bool m_switchingAvailable = false;
    QRadioButton* m_plainMode;
    QRadioButton* m_switchingMode;
    QStackedWidget* m_stack;
    PhaseControls m_plain;
    PhaseControls m_phase1;
    PhaseControls m_phase2;
    QComboBox* m_criterion;
    ParamForm* m_criterionParams;
    ParamForm* m_rules; // min_steps, max_switches
    QCheckBox* m_fallback;
    QCheckBox* m_seedPairs;
};

} // namespace cs::ui
