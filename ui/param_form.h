#pragma once

#include "core/params.h"

#include <nlohmann/json_fwd.hpp>

#include <QString>
#include <QWidget>

#include <vector>

class QGridLayout;
class QLabel;
class QLineEdit;

namespace cs::ui {

// Editable fields for a list of ParamSpecs (an optimizer's hyperparameters, a criterion's
// threshold/patience/window, a test function's parameters), two to a row: one line edit per
// parameter, with
// the spec's help, range and default as tooltip. A field that is not a number or out of range
// turns red and says why; values() reports it as a message naming the field.
class ParamForm : public QWidget {
    Q_OBJECT
public:
    explicit ParamForm(QWidget* parent = nullptr);

    // Rebuilds the fields, filled with the defaults. `path` prefixes messages ("optimizer").
    void setSpecs(const std::vector<ParamSpec>& specs, const QString& path);
    const std::vector<ParamSpec>& specs() const { return m_specs; }
    // Fills fields from `values` (others: default) or from a scene's JSON object.
    void setValues(const ParamValues& values);
    void setValuesFromJson(const nlohmann::json& object);

    // False (with a message naming the field) when a field is not valid.
    bool values(ParamValues& out, QString* error) const;
    // Adds the values to `object` (as integers where the spec says so).
    bool writeJson(nlohmann::json& object, QString* error) const;

Q_SIGNALS:
    void edited();

private:
    // The value of field i, or an empty message: NaN and a message when invalid.
    double read(std::size_t i, QString* error) const;
    void validateField(std::size_t i);

    std::vector<ParamSpec> m_specs;
    std::vector<QLabel*> m_labels;
    std::vector<QLineEdit*> m_edits;
    std::vector<QString> m_tooltips;
    QString m_path;
    QGridLayout* m_layout;
};

// A number as the fields show it: the shortest text that reads back exactly.
QString numberText(double v);
// Parses a number as typed (C locale; "1e-3" and "inf" accepted); false on anything else.
bool parseNumber(const QString& text, double& value);

} // namespace cs::ui
