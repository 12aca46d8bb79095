#include "ui/param_form.h"

#include <nlohmann/json.hpp>

#include <QGridLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>

#include <cmath>

namespace cs::ui {

QString numberText(double v) {
    return QString::fromStdString(formatNumber(v));
}

bool parseNumber(const QString& text, double& value) {
    bool ok = false;
    const double v = QLocale::c().toDouble(text.trimmed(), &ok);
    if (!ok)
        return false;
    value = v;
    return true;
}

namespace {

// Parameters per row of the form.
constexpr int kColumns = 2;
constexpr int kMinimumFieldWidth = 60;

} // namespace

ParamForm::ParamForm(QWidget* parent) : QWidget(parent), m_layout(new QGridLayout(this)) {
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setHorizontalSpacing(6);
    m_layout->setVerticalSpacing(4);
    for (int c = 0; c < kColumns; ++c)
        m_layout->setColumnStretch(2 * c + 1, 1);
}

void ParamForm::setSpecs(const std::vector<ParamSpec>& specs, const QString& path) {
    for (QLineEdit* edit : m_edits)
        delete edit;
    for (QLabel* label : m_labels)
        delete label;
    m_edits.clear();
    m_labels.clear();
    m_tooltips.clear();
    m_specs = specs;
    m_path = path;
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const ParamSpec& spec = m_specs[i];
        auto* edit = new QLineEdit(numberText(spec.defaultValue), this);
        // The columns share the panel's width instead of asking for a wide default.
        edit->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        edit->setMinimumWidth(kMinimumFieldWidth);
        const QString tip =
            tr("<b>%1</b>: %2<br>Range: %3; default %4")
                .arg(QString::fromStdString(spec.name),
                     QString::fromStdString(spec.help).toHtmlEscaped(),
                     QString::fromStdString(spec.rangeText()), numberText(spec.defaultValue));
        edit->setToolTip(tip);
        auto* label = new QLabel(QString::fromStdString(spec.name), this);
        label->setToolTip(tip);
        label->setBuddy(edit);
        const int row = int(i) / kColumns;
        const int column = 2 * (int(i) % kColumns);
        m_layout->addWidget(label, row, column, Qt::AlignRight | Qt::AlignVCenter);
        m_layout->addWidget(edit, row, column + 1);
        m_labels.push_back(label);
        m_edits.push_back(edit);
        m_tooltips.push_back(tip);
        connect(edit, &QLineEdit::textChanged, this, [this, i] {
            validateField(i);
            Q_EMIT edited();
        });
    }
}

void ParamForm::setValues(const ParamValues& values) {
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const auto it = values.find(m_specs[i].name);
        const double v = it != values.end() ? it->second : m_specs[i].defaultValue;
        const QSignalBlocker block(m_edits[i]);
        m_edits[i]->setText(numberText(v));
        validateField(i);
    }
}

void ParamForm::setValuesFromJson(const nlohmann::json& object) {
    ParamValues values;
    if (object.is_object())
        for (const ParamSpec& spec : m_specs)
            if (const auto it = object.find(spec.name); it != object.end() && it->is_number())
                values[spec.name] = it->get<double>();
    setValues(values);
}

double ParamForm::read(std::size_t i, QString* error) const {
    const ParamSpec& spec = m_specs[i];
    const QString name = m_path.isEmpty() ? QString::fromStdString(spec.name)
                                          : m_path + "." + QString::fromStdString(spec.name);
    double v = 0.0;
    if (!parseNumber(m_edits[i]->text(), v)) {
        if (error)
            *error = tr("%1: '%2' is not a number").arg(name, m_edits[i]->text());
        return NAN;
    }
    if (!spec.accepts(v)) {
        if (error)
            *error = tr("%1: must be %2, got %3")
                         .arg(name, QString::fromStdString(spec.rangeText()), numberText(v));
        return NAN;
    }
    return v;
}

void ParamForm::validateField(std::size_t i) {
    QString error;
    const bool ok = !std::isnan(read(i, &error));
    m_edits[i]->setStyleSheet(ok ? QString() : QStringLiteral("background: #ffd6d6;"));
    m_edits[i]->setToolTip(ok ? m_tooltips[i]
                              : m_tooltips[i] + "<br><b style='color:#b00'>" +
                                    error.toHtmlEscaped() + "</b>");
}

bool ParamForm::values(ParamValues& out, QString* error) const {
    for (std::size_t i = 0; i < m_specs.size(); ++i) {
        const double v = read(i, error);
        if (std::isnan(v))
            return false;
        out[m_specs[i].name] = v;
    }
    return true;
}

bool ParamForm::writeJson(nlohmann::json& object, QString* error) const {
    ParamValues v;
    if (!values(v, error))
        return false;
    for (const ParamSpec& spec : m_specs) {
        if (spec.integer)
            object[spec.name] = static_cast<long long>(v.at(spec.name));
        else
            object[spec.name] = v.at(spec.name);
    }
    return true;
}

} // namespace cs::ui
