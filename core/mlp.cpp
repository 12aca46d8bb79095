#include "core/mlp.h"

#include "core/mlp_kernels.h"
#include "core/seeded_random.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace cs {

namespace {

constexpr int kMaxUnits = 1024; // per layer
constexpr int kMaxLayers = 16;  // including the input layer
constexpr int kMaxBatch = 1000000;
constexpr double kDecisionThreshold = 0.5;

using RowVector = Eigen::RowVectorXd;
using MatrixMap = Eigen::Map<const Matrix>;
using VectorMap = Eigen::Map<const Vector>;

std::string joined(const std::vector<int>& sizes) {
    std::string s;
    for (int n : sizes)
        s += (s.empty() ? "" : "-") + std::to_string(n);
    return s;
}

// a = φ(a) in place over `count` values, with the batched kernels (mlp_kernels.h).
void activateInPlace(Activation act, double* a, Eigen::Index count) {
    switch (act) {
    case Activation::Tanh:
        mlp_kernels::tanhInPlace(a, count);
        break;
    case Activation::Sigmoid:
        mlp_kernels::sigmoidInPlace(a, count);
        break;
    case Activation::Relu:
        mlp_kernels::reluInPlace(a, count);
        break;
    }
}

// d ⊙= φ'(z) in place over `count` values, with φ' expressed through a = φ(z) (the kernels).
void timesDerivativeInPlace(Activation act, double* d, const double* a, Eigen::Index count) {
    switch (act) {
    case Activation::Tanh:
        mlp_kernels::timesTanhDerivative(d, a, count);
        break;
    case Activation::Sigmoid:
        mlp_kernels::timesSigmoidDerivative(d, a, count);
        break;
    case Activation::Relu:
        mlp_kernels::timesReluDerivative(d, a, count);
        break;
    }
}

// out = φ'(z) ⊙ r1 + φ''(z) ⊙ r2 through a = φ(z): tanh φ' = 1 − a², φ'' = −2a(1 − a²);
// σ φ' = a(1 − a), φ'' = φ'(1 − 2a); relu φ'' = 0 (exact away from the kink).
void firstAndSecondDerivativeTimes(Activation act, const Matrix& a, const Matrix& r1,
                                   const Matrix& r2, Matrix& out) {
    switch (act) {
    case Activation::Tanh: {
        const auto d1 = 1.0 - a.array().square();
        out = (r1.array() * d1 - 2.0 * a.array() * d1 * r2.array()).matrix();
        return;
    }
    case Activation::Sigmoid: {
        const auto d1 = a.array() * (1.0 - a.array());
        out = (r1.array() * d1 + d1 * (1.0 - 2.0 * a.array()) * r2.array()).matrix();
        return;
    }
    case Activation::Relu:
        out = (a.array() > 0.0).select(r1, 0.0);
        return;
    }
}

RowVector sigmoid(const RowVector& z) {
    return (1.0 / (1.0 + (-z.array()).exp())).matrix();
}

// The loss on the output row z: its value and, per point, dℓ/dz and d²ℓ/dz², already divided
// by N so that they are the derivatives of the mean.
struct OutputTerms {
    double value = 0.0;
    RowVector d1;
    RowVector d2;
};

OutputTerms outputTerms(Loss loss, OutputMap output, const Eigen::Ref<const RowVector>& z,
                        const RowVector& y, bool wantD1, bool wantD2) {
    OutputTerms t;
    const double n = double(z.size());
    if (loss == Loss::Bce) {
        // ℓ = softplus(z) − y z = max(z, 0) − y z + log(1 + e^{−|z|}): no overflow for any z.
        t.value =
            (z.array().max(0.0) - y.array() * z.array() + (-z.array().abs()).exp().log1p()).sum() /
            n;
        if (wantD1 || wantD2) {
            const RowVector s = sigmoid(z);
            if (wantD1)
                t.d1 = (s - y) / n; // σ(z) − y
            if (wantD2)
                t.d2 = (s.array() * (1.0 - s.array())).matrix() / n; // σ(z)(1 − σ(z))
        }
        return t;
    }
    if (output == OutputMap::Linear) {
        const RowVector r = z - y;
        t.value = 0.5 * r.squaredNorm() / n;
        if (wantD1)
            t.d1 = r / n;
        if (wantD2)
            t.d2 = RowVector::Constant(z.size(), 1.0 / n);
        return t;
    }
    // ŷ = σ(z): ℓ = ½(ŷ − y)², ℓ' = (ŷ − y) ŷ', ℓ'' = ŷ'² + (ŷ − y) ŷ'', ŷ' = s(1 − s),
    // ŷ'' = ŷ'(1 − 2s).
    const RowVector s = sigmoid(z);
    const Eigen::ArrayXXd r = (s - y).array();
    const Eigen::ArrayXXd ds = s.array() * (1.0 - s.array());
    t.value = 0.5 * r.square().sum() / n;
    if (wantD1)
        t.d1 = (r * ds).matrix() / n;
    if (wantD2)
        t.d2 = (ds.square() + r * ds * (1.0 - 2.0 * s.array())).matrix() / n;
    return t;
}

// splitmix64 (Steele, Lea & Flood 2014): a well-mixed seed for epoch e of seed s.
std::uint64_t mixSeed(std::uint64_t s, std::uint64_t e) {
    std::uint64_t z = s * 0x9E3779B97F4A7C15ULL + e + 0x632BE59BD9B4E019ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

} // namespace

std::vector<ParamSpec> MlpOptions::params() {
    const MlpOptions d;
    return {
        {"weight_decay", d.weightDecay, 0.0, INFINITY, false, false, false,
         "L2 weight decay λ: adds (λ/2)·Σ‖W‖² over the weights"},
        {"batch_size", double(d.batchSize), 0.0, double(kMaxBatch), false, false, true,
         "mini-batch size for stochastic optimizers; 0: full batch"},
    };
}

std::vector<int> parseLayerSpec(const std::string& spec) {
    const std::string hint = "layers: expected a spec like \"2-8-8-1\" (units per layer, inputs "
                             "first, one output), got \"" +
                             spec + "\"";
    std::vector<int> sizes;
    std::size_t start = 0;
    while (start <= spec.size()) {
        const std::size_t end = std::min(spec.find('-', start), spec.size());
        const std::string part = spec.substr(start, end - start);
        if (part.empty() || part.size() > 6 ||
            !std::all_of(part.begin(), part.end(), [](char c) { return c >= '0' && c <= '9'; }))
            throw ConfigError(hint);
        const int units = std::stoi(part);
        if (units < 1 || units > kMaxUnits)
            throw ConfigError("layers: each layer needs 1 to " + std::to_string(kMaxUnits) +
                              " units, got " + std::to_string(units) + " in \"" + spec + "\"");
        sizes.push_back(units);
        start = end + 1;
    }
    if (sizes.size() < 2)
        throw ConfigError(hint);
    if (int(sizes.size()) > kMaxLayers)
        throw ConfigError("layers: at most " + std::to_string(kMaxLayers) + " layers, got " +
                          std::to_string(sizes.size()));
    if (sizes.back() != 1)
        throw ConfigError("layers: the output layer must have 1 unit (a logit or a regression "
                          "value), got " +
                          std::to_string(sizes.back()) + " in \"" + spec + "\"");
    return sizes;
}

Activation parseActivation(const std::string& name) {
    if (name == "tanh")
        return Activation::Tanh;
    if (name == "relu")
        return Activation::Relu;
    if (name == "sigmoid")
        return Activation::Sigmoid;
    throw ConfigError("activation: unknown activation '" + name + "' (known: tanh, relu, sigmoid)");
}

Loss parseLoss(const std::string& name) {
    if (name == "bce")
        return Loss::Bce;
    if (name == "mse")
        return Loss::Mse;
    throw ConfigError("loss: unknown loss '" + name + "' (known: bce, mse)");
}

std::string activationName(Activation a) {
    switch (a) {
    case Activation::Tanh:
        return "tanh";
    case Activation::Relu:
        return "relu";
    case Activation::Sigmoid:
        return "sigmoid";
    }
    return "unknown";
}

std::string lossName(Loss l) {
    return l == Loss::Bce ? "bce" : "mse";
}

void MlpOptions::validate() const {
    parseLayerSpec(layers);
    parseActivation(activation);
    parseLoss(loss);
    if (output != "linear" && output != "sigmoid")
        throw ConfigError("output: expected \"linear\" or \"sigmoid\", got \"" + output + "\"");
    if (init != "auto" && init != "glorot" && init != "he")
        throw ConfigError("init: expected \"auto\", \"glorot\" or \"he\", got \"" + init + "\"");
    if (!std::isfinite(weightDecay) || weightDecay < 0.0)
        throw ConfigError("weight_decay: must be >= 0, got " + formatNumber(weightDecay));
    if (batchSize < 0 || batchSize > kMaxBatch)
        throw ConfigError("batch_size: must be an integer in [0, " + std::to_string(kMaxBatch) +
                          "], got " + std::to_string(batchSize));
}

MlpOptions neuronOptions(const std::string& loss) {
    MlpOptions o;
    o.layers = "1-1";
    o.activation = "sigmoid";
    o.loss = loss;
    o.output = "sigmoid";
    o.init = "glorot";
    return o;
}

Mlp::Mlp(MlpOptions options, Dataset data)
    : m_options(std::move(options)), m_data(std::move(data)) {
    m_options.validate();
    m_sizes = parseLayerSpec(m_options.layers);
    m_activation = parseActivation(m_options.activation);
    m_loss = parseLoss(m_options.loss);
    m_output = m_options.output == "sigmoid" ? OutputMap::Sigmoid : OutputMap::Linear;
    if (m_data.size() < 1)
        throw ConfigError("dataset: has no points");
    if (m_data.targets.size() != m_data.size())
        throw ConfigError("dataset: " + std::to_string(m_data.targets.size()) + " targets for " +
                          std::to_string(m_data.size()) + " points");
    if (m_sizes.front() != m_data.inputDimension())
        throw ConfigError("layers: the input layer has " + std::to_string(m_sizes.front()) +
                          " units but dataset '" + m_data.name + "' has " +
                          std::to_string(m_data.inputDimension()) + " inputs");
    if (m_loss == Loss::Bce && !m_data.isClassification)
        throw ConfigError("loss: bce needs 0/1 labels but dataset '" + m_data.name +
                          "' is a regression set; use \"mse\"");
    Eigen::Index offset = 0;
    for (std::size_t l = 0; l + 1 < m_sizes.size(); ++l) {
        LayerShape s;
        s.inputs = m_sizes[l];
        s.outputs = m_sizes[l + 1];
        s.weightOffset = offset;
        s.biasOffset = offset + Eigen::Index(s.inputs) * s.outputs;
        offset = s.biasOffset + s.outputs;
        m_shapes.push_back(s);
    }
    m_dimension = offset;
    m_inputsByUnit = m_data.inputs.transpose();
    m_sampling = m_options.batchSize > 0;
}

std::string Mlp::name() const {
    const std::string data = " on " + m_data.name + " (n = " + std::to_string(m_data.size()) + ")";
    if (m_sizes.size() == 2 && m_sizes[0] == 1 && m_output == OutputMap::Sigmoid)
        return "neuron σ(w·x + b) " + lossName(m_loss) + data;
    return "mlp " + joined(m_sizes) + " " + activationName(m_activation) + " " + lossName(m_loss) +
           data;
}

Vector Mlp::initialPoint(unsigned seed) const {
    const bool he =
        m_options.init == "he" || (m_options.init == "auto" && m_activation == Activation::Relu);
    SeededRandom rng(seed);
    Vector x = Vector::Zero(m_dimension);
    for (const LayerShape& s : m_shapes) {
        const Eigen::Index count = Eigen::Index(s.inputs) * s.outputs;
        if (he) {
            const double sd = std::sqrt(2.0 / s.inputs); // He et al. 2015: Var W = 2/fan_in
            for (Eigen::Index i = 0; i < count; ++i)
                x[s.weightOffset + i] = sd * rng.normal();
        } else {
            // Glorot & Bengio 2010: Var W = 2/(fan_in + fan_out), uniform on ±√(6/(in+out))
            const double limit = std::sqrt(6.0 / (s.inputs + s.outputs));
            for (Eigen::Index i = 0; i < count; ++i)
                x[s.weightOffset + i] = rng.uniform(-limit, limit);
        }
    }
    return x;
}

double Mlp::evaluate(const Vector& x, const Matrix& inputs, const RowVector& y,
                     Vector* grad) const {
    namespace k = mlp_kernels;
    const std::size_t layers = m_shapes.size();
    const Eigen::Index n = inputs.rows();
    // Buffers kept per thread between calls: no allocation (and no page faults) once warm;
    // the objective itself stays stateless, so contour grids may still evaluate in parallel.
    // All are unit-major (units × n, row-major; mlp_kernels.h).
    thread_local std::vector<Vector> a;
    thread_local Vector delta, back;
    a.resize(layers);
    // a[l]: output of layer l (after φ for hidden layers; the last one is z, the logits).
    for (std::size_t l = 0; l < layers; ++l) {
        const LayerShape& s = m_shapes[l];
        const double* prev = l == 0 ? inputs.data() : a[l - 1].data();
        a[l].resize(s.outputs * n);
        k::linear(x.data() + s.weightOffset, 1, s.outputs, x.data() + s.biasOffset, prev,
                  a[l].data(), s.outputs, s.inputs, n); // z = W a + b 1ᵀ
        if (l + 1 < layers)
            activateInPlace(m_activation, a[l].data(), a[l].size());
    }
    const OutputTerms out =
        outputTerms(m_loss, m_output, Eigen::Map<const RowVector>(a.back().data(), n), y,
                    grad != nullptr, false);
    double value = out.value;
    double squaredWeights = 0.0;
    if (m_options.weightDecay > 0.0) {
        for (const LayerShape& s : m_shapes)
            squaredWeights +=
                VectorMap(x.data() + s.weightOffset, Eigen::Index(s.inputs) * s.outputs)
                    .squaredNorm();
        value += 0.5 * m_options.weightDecay * squaredWeights;
    }
    if (!grad)
        return value;

    grad->resize(m_dimension);
    // δ⁽ᴸ⁾ = ∂L/∂z; ∇W⁽ˡ⁾ = δ⁽ˡ⁾ a⁽ˡ⁻¹⁾ᵀ; ∇b⁽ˡ⁾ = δ⁽ˡ⁾ 1; δ⁽ˡ⁻¹⁾ = (W⁽ˡ⁾ᵀ δ⁽ˡ⁾) ⊙ φ'(z⁽ˡ⁻¹⁾)
    delta = out.d1.transpose();
    for (std::size_t l = layers; l-- > 0;) {
        const LayerShape& s = m_shapes[l];
        const double* W = x.data() + s.weightOffset;
        const double* prev = l == 0 ? inputs.data() : a[l - 1].data();
        k::outerProduct(delta.data(), prev, grad->data() + s.weightOffset,
                        grad->data() + s.biasOffset, s.outputs, s.inputs, n);
        if (m_options.weightDecay > 0.0)
            Eigen::Map<Matrix>(grad->data() + s.weightOffset, s.outputs, s.inputs) +=
                m_options.weightDecay * MatrixMap(W, s.outputs, s.inputs);
        if (l > 0) {
            back.resize(s.inputs * n);
            k::linear(W, s.outputs, 1, nullptr, delta.data(), back.data(), s.inputs, s.outputs,
                      n); // Wᵀ δ
            timesDerivativeInPlace(m_activation, back.data(), prev, back.size());
            delta.swap(back);
        }
    }
    return value;
}

Vector Mlp::computeHessianVector(const Vector& x, const Vector& v) const {
    namespace k = mlp_kernels;
    const std::size_t layers = m_shapes.size();
    // Every layer's values unit-major, as in evaluate(): an n × units matrix whose column u is
    // unit u over the batch; the products run on the batched kernels.
    const Matrix& X = m_inputsByUnit;
    const Eigen::Index n = X.rows();
    auto product = [n](const double* w, const LayerShape& s, bool transposed, const double* bias,
                       const Matrix& in, Matrix& out) {
        // out = W in (+ b) for W = w (s.outputs × s.inputs), or Wᵀ in.
        const Eigen::Index rows = transposed ? s.inputs : s.outputs;
        const Eigen::Index inner = transposed ? s.outputs : s.inputs;
        out.resize(n, rows);
        k::linear(w, transposed ? s.outputs : 1, transposed ? 1 : s.outputs, bias, in.data(),
                  out.data(), rows, inner, n);
    };
    // Forward: a⁽ˡ⁾ and its directional derivative R{z⁽ˡ⁾} = V⁽ˡ⁾ a⁽ˡ⁻¹⁾ + c⁽ˡ⁾ + W⁽ˡ⁾ R{a⁽ˡ⁻¹⁾},
    // R{a⁽ˡ⁾} = φ'(z⁽ˡ⁾) ⊙ R{z⁽ˡ⁾}, R{a⁽⁰⁾} = 0 (Pearlmutter 1994, "Fast exact multiplication
    // by the Hessian").
    // Buffers kept per thread, as in evaluate(): no allocation once warm.
    thread_local std::vector<Matrix> a, rz, ra;
    thread_local Matrix tmp, back, rback, delta, rdelta;
    thread_local Vector gW, gb;
    a.resize(layers);
    rz.resize(layers);
    ra.resize(layers);
    for (std::size_t l = 0; l < layers; ++l) {
        const LayerShape& s = m_shapes[l];
        const double* W = x.data() + s.weightOffset;
        const double* V = v.data() + s.weightOffset;
        const Matrix& prev = l == 0 ? X : a[l - 1];
        product(W, s, false, x.data() + s.biasOffset, prev, a[l]);
        product(V, s, false, v.data() + s.biasOffset, prev, rz[l]);
        if (l > 0) {
            product(W, s, false, nullptr, ra[l - 1], tmp);
            rz[l] += tmp;
        }
        if (l + 1 < layers) {
            activateInPlace(m_activation, a[l].data(), a[l].size());
            ra[l] = rz[l];
            timesDerivativeInPlace(m_activation, ra[l].data(), a[l].data(), ra[l].size());
        }
    }
    const OutputTerms out =
        outputTerms(m_loss, m_output, Eigen::Map<const RowVector>(a.back().data(), n),
                    m_data.targets, true, true);

    Vector hv(m_dimension);
    // Backward: δ as in the gradient and R{δ⁽ᴸ⁾} = ℓ''(z) ⊙ R{z};
    // R{∇W⁽ˡ⁾} = R{δ⁽ˡ⁾} a⁽ˡ⁻¹⁾ᵀ + δ⁽ˡ⁾ R{a⁽ˡ⁻¹⁾}ᵀ,
    // R{δ⁽ˡ⁻¹⁾} = (V⁽ˡ⁾ᵀ δ⁽ˡ⁾ + W⁽ˡ⁾ᵀ R{δ⁽ˡ⁾}) ⊙ φ' + (W⁽ˡ⁾ᵀ δ⁽ˡ⁾) ⊙ φ'' ⊙ R{z⁽ˡ⁻¹⁾}.
    delta = out.d1.transpose();
    rdelta = (out.d2.transpose().array() * rz.back().array()).matrix();
    for (std::size_t l = layers; l-- > 0;) {
        const LayerShape& s = m_shapes[l];
        const double* W = x.data() + s.weightOffset;
        const double* V = v.data() + s.weightOffset;
        const Matrix& prev = l == 0 ? X : a[l - 1];
        const Eigen::Index weights = Eigen::Index(s.inputs) * s.outputs;
        Eigen::Map<Vector> hW(hv.data() + s.weightOffset, weights);
        k::outerProduct(rdelta.data(), prev.data(), hW.data(), hv.data() + s.biasOffset, s.outputs,
                        s.inputs, n);
        if (l > 0) {
            gW.resize(weights);
            gb.resize(s.outputs);
            k::outerProduct(delta.data(), ra[l - 1].data(), gW.data(), gb.data(), s.outputs,
                            s.inputs, n);
            hW += gW;
        }
        if (m_options.weightDecay > 0.0)
            hW += m_options.weightDecay * VectorMap(V, weights);
        if (l > 0) {
            product(W, s, true, nullptr, delta, back);  // Wᵀ δ
            product(V, s, true, nullptr, delta, rback); // Vᵀ δ
            product(W, s, true, nullptr, rdelta, tmp);  // Wᵀ R{δ}
            rback += tmp;
            tmp = (back.array() * rz[l - 1].array()).matrix();
            firstAndSecondDerivativeTimes(m_activation, prev, rback, tmp, rdelta);
            delta = back;
            timesDerivativeInPlace(m_activation, delta.data(), prev.data(), delta.size());
        }
    }
    return hv;
}

bool Mlp::computeHessian(const Vector& x, Matrix& h) const {
    if (!hasHessian())
        return false;
    h.resize(m_dimension, m_dimension);
    Vector e = Vector::Zero(m_dimension);
    for (Eigen::Index i = 0; i < m_dimension; ++i) {
        e[i] = 1.0;
        h.col(i) = computeHessianVector(x, e);
        e[i] = 0.0;
    }
    // Exact up to round-off; symmetrise so eigen-solvers see an exactly symmetric matrix.
    h = 0.5 * (h + h.transpose()).eval();
    return true;
}

double Mlp::computeValue(const Vector& x) const {
    if (m_sampling) {
        // The batch of the last sampled gradient call (batch 0 before the first).
        const long k = std::max(0L, m_nextBatch.load() - 1);
        const Batch batch = gatherBatch(k);
        return evaluate(x, batch.inputs, batch.targets, nullptr);
    }
    return evaluate(x, m_inputsByUnit, m_data.targets, nullptr);
}

double Mlp::computeValueAndGradient(const Vector& x, Vector& grad) const {
    if (m_sampling)
        return computeBatchValueAndGradient(x, grad, m_nextBatch.fetch_add(1));
    return evaluate(x, m_inputsByUnit, m_data.targets, &grad);
}

std::vector<Eigen::Index> Mlp::miniBatchIndices(long k) const {
    const Eigen::Index n = m_data.size();
    const Eigen::Index size =
        m_options.batchSize > 0 ? std::min<Eigen::Index>(m_options.batchSize, n) : n;
    const long perEpoch = static_cast<long>((n + size - 1) / size);
    const long epoch = k / perEpoch;
    const Eigen::Index slot = static_cast<Eigen::Index>(k % perEpoch);
    std::vector<Eigen::Index> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index(0));
    SeededRandom rng(mixSeed(m_options.batchSeed, static_cast<std::uint64_t>(epoch)));
    for (Eigen::Index i = n - 1; i > 0; --i) // Fisher–Yates
        std::swap(order[std::size_t(i)], order[std::size_t(rng.below(std::uint64_t(i) + 1))]);
    const auto first = order.begin() + slot * size;
    const auto last = order.begin() + std::min(n, (slot + 1) * size);
    return {first, last};
}

Mlp::Batch Mlp::gatherBatch(long k) const {
    const std::vector<Eigen::Index> idx = miniBatchIndices(k);
    Batch b{Matrix(Eigen::Index(idx.size()), m_data.inputDimension()),
            RowVector(Eigen::Index(idx.size()))};
    for (std::size_t j = 0; j < idx.size(); ++j) {
        b.inputs.row(Eigen::Index(j)) = m_inputsByUnit.row(idx[j]);
        b.targets[Eigen::Index(j)] = m_data.targets[idx[j]];
    }
    return b;
}

double Mlp::computeBatchValueAndGradient(const Vector& x, Vector& grad, long k) const {
    const Batch batch = gatherBatch(k);
    return evaluate(x, batch.inputs, batch.targets, &grad);
}

Eigen::RowVectorXd Mlp::predict(const Vector& params, const Matrix& inputs) const {
    if (params.size() != m_dimension || inputs.rows() != m_sizes.front())
        return RowVector::Constant(inputs.cols(), std::numeric_limits<double>::quiet_NaN());
    Matrix a = inputs;
    for (std::size_t l = 0; l < m_shapes.size(); ++l) {
        const LayerShape& s = m_shapes[l];
        Matrix z;
        z.noalias() = MatrixMap(params.data() + s.weightOffset, s.outputs, s.inputs) * a;
        z.colwise() += VectorMap(params.data() + s.biasOffset, s.outputs);
        if (l + 1 < m_shapes.size())
            activateInPlace(m_activation, z.data(), z.size());
        a = std::move(z);
    }
    const RowVector z = a;
    if (m_loss == Loss::Bce || m_output == OutputMap::Sigmoid)
        return sigmoid(z);
    return z;
}

std::vector<std::pair<std::string, double>> Mlp::metrics(const Vector& x) const {
    if (!m_data.isClassification)
        return {};
    return {{"accuracy", accuracy(x)}};
}

double Mlp::accuracy(const Vector& params) const {
    if (!m_data.isClassification)
        return std::numeric_limits<double>::quiet_NaN();
    const RowVector p = predict(params, m_data.inputs);
    const auto predicted = (p.array() > kDecisionThreshold);
    const auto actual = (m_data.targets.array() > kDecisionThreshold);
    return double((predicted == actual).count()) / double(m_data.size());
}

namespace {

// A string field: absent → `fallback`; present but not a string → ConfigError naming it.
std::string readString(const nlohmann::json& spec, const std::string& key,
                       const std::string& fallback, const std::string& path,
                       const std::string& example) {
    const auto it = spec.find(key);
    if (it == spec.end())
        return fallback;
    if (!it->is_string())
        throw ConfigError(path + "." + key + ": expected a string such as " + example + ", got " +
                          std::string(it->type_name()));
    return it->get<std::string>();
}

// Runs `build`, prefixing the field path to any ConfigError it throws ("n: ..." →
// "objective.dataset.n: ...").
template <typename Build> auto prefixed(const std::string& prefix, Build build) {
    try {
        return build();
    } catch (const ConfigError& e) {
        throw ConfigError(prefix + "." + e.what());
    }
}

Dataset readDataset(const nlohmann::json& spec, const std::string& fallbackName, unsigned seed,
                    const std::string& path) {
    const std::string dsPath = path + ".dataset";
    const auto it = spec.find("dataset");
    const nlohmann::json ds = it == spec.end() ? nlohmann::json{{"name", fallbackName}} : *it;
    if (!ds.is_object())
        throw ConfigError(dsPath +
                          ": expected an object such as {\"name\": \"moons\", \"n\": "
                          "200, \"noise\": 0.1, \"seed\": 1}, got " +
                          std::string(ds.type_name()));
    const std::string name = readString(ds, "name", "", dsPath, "\"moons\"");
    if (name.empty())
        throw ConfigError(dsPath + ".name: missing (e.g. \"moons\")");
    const DatasetInfo* info = findDatasetInfo(name);
    if (!info) {
        std::string known;
        for (const auto& i : datasetInfos())
            known += (known.empty() ? "" : ", ") + i.name;
        throw ConfigError(dsPath + ".name: unknown dataset '" + name + "' (known: " + known + ")");
    }
    const ParamValues v = readParams(ds, datasetParams(*info), dsPath, {"name"});
    const unsigned dataSeed = ds.contains("seed") ? static_cast<unsigned>(v.at("seed")) : seed;
    return prefixed(dsPath, [&] {
        return makeDataset(name, static_cast<int>(v.at("n")), v.at("noise"), dataSeed);
    });
}

} // namespace

std::unique_ptr<Mlp> makeMlpObjective(const nlohmann::json& spec, unsigned seed,
                                      const std::string& path) {
    const ParamValues v =
        readParams(spec, MlpOptions::params(), path,
                   {"kind", "layers", "activation", "loss", "output", "init", "dataset"});
    Dataset data = readDataset(spec, "moons", seed, path);
    MlpOptions o;
    o.layers = readString(spec, "layers", o.layers, path, "\"2-8-8-1\"");
    o.activation = readString(spec, "activation", o.activation, path, "\"tanh\"");
    // Default loss: bce for labels, mse for regression targets.
    o.loss = readString(spec, "loss", data.isClassification ? "bce" : "mse", path, "\"bce\"");
    o.output = readString(spec, "output", o.output, path, "\"linear\"");
    o.init = readString(spec, "init", o.init, path, "\"auto\"");
    o.weightDecay = v.at("weight_decay");
    o.batchSize = static_cast<int>(v.at("batch_size"));
    o.batchSeed = seed;
    return prefixed(path, [&] { return std::make_unique<Mlp>(o, std::move(data)); });
}

std::unique_ptr<Mlp> makeNeuronObjective(const nlohmann::json& spec, unsigned seed,
                                         const std::string& path) {
    const ParamValues v = readParams(spec, MlpOptions::params(), path, {"kind", "loss", "dataset"});
    Dataset data = readDataset(spec, "threshold", seed, path);
    if (data.inputDimension() != 1)
        throw ConfigError(path +
                          ".dataset.name: the neuron needs a 1D dataset (threshold or "
                          "sine), got '" +
                          data.name + "'");
    MlpOptions o = neuronOptions(readString(spec, "loss", "mse", path, "\"mse\""));
    o.weightDecay = v.at("weight_decay");
    o.batchSize = static_cast<int>(v.at("batch_size"));
    o.batchSeed = seed;
    return prefixed(path, [&] { return std::make_unique<Mlp>(o, std::move(data)); });
}

} // namespace cs
