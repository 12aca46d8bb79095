#pragma once

#include "core/dataset.h"
#include "core/objective.h"
#include "core/params.h"

#include <nlohmann/json_fwd.hpp>

#include <atomic>
#include <memory>
#include <string>
#include <utility>
#include <vector>

namespace cs {

enum class Activation { Tanh, Relu, Sigmoid };
enum class Loss { Bce, Mse };
enum class OutputMap { Linear, Sigmoid };

struct MlpOptions {
    std::string layers = "2-8-8-1";  // units per layer, inputs first, one output; default 2-8-8-1
    std::string activation = "tanh"; // hidden units: tanh, relu or sigmoid; default tanh
    std::string loss = "bce";        // bce (cross-entropy from logits) or mse; default bce
    std::string output = "linear";   // mse prediction ŷ = z (linear) or σ(z) (sigmoid); bce
                                     // always reads z as a logit, p = σ(z); default linear
    std::string init = "auto";       // glorot, he, or auto (He for relu, else Glorot)
    double weightDecay = 0.0; // λ: adds (λ/2)·Σ‖W‖² over weights (not biases); default 0
    int batchSize = 0;        // mini-batch size while sampling; 0 (default): full batch
    unsigned batchSeed = 1;   // seed of the mini-batch shuffles; default 1

    // Numeric fields as scene names: weight_decay, batch_size.
    static std::vector<ParamSpec> params();
    void validate() const; // throws ConfigError naming the bad field
};

// "2-8-8-1" → {2, 8, 8, 1}. Throws ConfigError("layers: expected a spec like \"2-8-8-1\" ...").
std::vector<int> parseLayerSpec(const std::string& spec);
Activation parseActivation(const std::string& name); // ConfigError "activation: ..."
Loss parseLoss(const std::string& name);             // ConfigError "loss: ..."
std::string activationName(Activation a);
std::string lossName(Loss l);

// The options of the one-neuron preset: layers 1-1 on a 1D dataset, ŷ = σ(w·x + b).
// Its parameters are (w, b), so its loss surface is exactly 2D. With loss mse (the default)
// the surface is non-convex, with plateaus where σ saturates; with bce it is logistic
// regression, convex.
MlpOptions neuronOptions(const std::string& loss = "mse");

// Where one layer's parameters sit in the flat vector θ: W (outputs × inputs, column-major)
// at weightOffset, then b (outputs) at biasOffset. Layers are stored in order.
struct LayerShape {
    int inputs = 0;
    int outputs = 0;
    Eigen::Index weightOffset = 0;
    Eigen::Index biasOffset = 0;
};

// A multilayer perceptron's training loss as a function of its flattened parameters:
//   z⁽ˡ⁾ = W⁽ˡ⁾ a⁽ˡ⁻¹⁾ + b⁽ˡ⁾,  a⁽ˡ⁾ = φ(z⁽ˡ⁾) for hidden layers, a⁽⁰⁾ = x, output z = z⁽ᴸ⁾;
//   bce: L = (1/N) Σ softplus(zᵢ) − yᵢ zᵢ  (= −y log σ(z) − (1−y) log(1−σ(z)), stable form)
//   mse: L = (1/2N) Σ (ŷᵢ − yᵢ)²
// plus (λ/2)·Σ‖W⁽ˡ⁾‖². Forward and backward passes are matrix products over the whole batch.
//
// computeValue / computeValueAndGradient use the full batch unless sampling is on (see below);
// computeHessianVector, computeHessian, predict and accuracy always use the full batch.
class Mlp : public Objective {
public:
    // Throws ConfigError for bad options or layers that do not fit the dataset.
    Mlp(MlpOptions options, Dataset data);

    // "mlp 2-8-8-1 tanh bce on moons (n = 400)"
    std::string name() const override;
    int dimension() const override { return static_cast<int>(m_dimension); }
    // Biases 0; weights Glorot-uniform U(±√(6/(in+out))) (Glorot & Bengio 2010) or He-normal
    // N(0, 2/in) (He et al. 2015), from `seed`.
    Vector initialPoint(unsigned seed) const override;

    double computeValue(const Vector& x) const override;
    double computeValueAndGradient(const Vector& x, Vector& grad) const override;
    // Exact H·v by the R-operator: one forward and one backward pass of directional derivatives
    // (Pearlmutter 1994). relu's second derivative is taken as 0 (exact away from the kinks).
    Vector computeHessianVector(const Vector& x, const Vector& v) const override;
    // The full Hessian, column i = H·eᵢ: n R-operator passes, so it is offered only up to
    // kMaxExplicitHessian parameters (the neuron, tiny nets). Above that, callers that look for
    // an exact Hessian (the convexity monitor's λ_min oracle runs every step) fall back to
    // Lanczos on H·v, which costs a few products instead of n; newton then is not available.
    bool hasHessian() const override { return m_dimension <= kMaxExplicitHessian; }
    bool computeHessian(const Vector& x, Matrix& h) const override;

    static constexpr Eigen::Index kMaxExplicitHessian = 64;

    // Network outputs for `inputs` (d × M): p = σ(z) for bce, ŷ for mse (1 × M). For a
    // decision-boundary picture: evaluate a grid of points in one call.
    Eigen::RowVectorXd predict(const Vector& params, const Matrix& inputs) const;
    // Training accuracy: share of points with (output > ½) == (label = 1); NaN for regression.
    double accuracy(const Vector& params) const;
    // {"accuracy", training accuracy} on classification sets (the run summary's field); none
    // for regression.
    std::vector<std::pair<std::string, double>> metrics(const Vector& x) const override;

    const MlpOptions& options() const { return m_options; }
    const Dataset& dataset() const { return m_data; }
    const std::vector<int>& layerSizes() const { return m_sizes; }
    const std::vector<LayerShape>& layerShapes() const { return m_shapes; }
    Activation activation() const { return m_activation; }
    Loss loss() const { return m_loss; }

    // Mini-batches for stochastic phase-1 optimizers. Batch k is the slice k mod B of epoch
    // ⌊k / B⌋'s permutation of the points (B = ⌈N / batchSize⌉ batches an epoch, each epoch a
    // fresh shuffle seeded by (batchSeed, epoch)), so batch k depends only on the seed and k.
    //
    // Sampling is on from construction when batchSize > 0. While on, every
    // computeValueAndGradient call draws the next batch (so each optimizer step sees a new one)
    // and computeValue evaluates the batch of the last gradient call (a line search inside one
    // step sees one batch). Turn it off for L-BFGS and Newton-type phases, which need the full
    // batch: setSampling(false). Not for several threads at once while on.
    bool setSampling(bool on) override {
        const bool sampling = on && m_options.batchSize > 0;
        const bool changed = sampling != m_sampling;
        m_sampling = sampling;
        return changed;
    }
    bool sampling() const { return m_sampling; }
    // Back to batch 0: a second run from the same start sees the same batches.
    void resetSampling() { m_nextBatch.store(0); }
    long batchesDrawn() const { return m_nextBatch.load(); }
    // Stateless access: the point indices of batch k, and f, ∇f on that batch.
    std::vector<Eigen::Index> miniBatchIndices(long k) const;
    double computeBatchValueAndGradient(const Vector& x, Vector& grad, long k) const;

private:
    struct Batch {
        Matrix inputs; // n × d: unit-major, as evaluate() reads them
        Eigen::RowVectorXd targets;
    };
    Batch gatherBatch(long k) const;
    // f (and ∇f when grad is not null) on `inputs` (N × d, column c = input c over the points:
    // the unit-major layout of mlp_kernels.h) and targets y (1 × N).
    double evaluate(const Vector& x, const Matrix& inputs, const Eigen::RowVectorXd& y,
                    Vector* grad) const;

    MlpOptions m_options;
    Dataset m_data;
    Matrix m_inputsByUnit; // m_data.inputs transposed: N × d
    std::vector<int> m_sizes;
    std::vector<LayerShape> m_shapes;
    Eigen::Index m_dimension = 0;
    Activation m_activation = Activation::Tanh;
    Loss m_loss = Loss::Bce;
    OutputMap m_output = OutputMap::Linear;
    bool m_sampling = false;
    mutable std::atomic<long> m_nextBatch{0}; // next batch a sampled gradient call draws
};

// Scene readers of the objective kinds "mlp" and "neuron" (docs/networks.md), e.g.
//   {"kind": "mlp", "layers": "2-8-8-1", "activation": "tanh", "loss": "bce",
//    "dataset": {"name": "moons", "n": 400, "noise": 0.1, "seed": 3}}
//   {"kind": "neuron", "loss": "mse", "dataset": {"name": "threshold"}}
// `seed` is the scene's seed: the dataset's seed when the scene gives none, and the mini-batch
// seed. Every field is checked; a ConfigError names it under `path`, e.g.
// "objective.dataset.noise: must be [0, 100], got -1".
std::unique_ptr<Mlp> makeMlpObjective(const nlohmann::json& spec, unsigned seed,
                                      const std::string& path = "objective");
std::unique_ptr<Mlp> makeNeuronObjective(const nlohmann::json& spec, unsigned seed,
                                         const std::string& path = "objective");

} // namespace cs
