#pragma once

#include "core/params.h"
#include "core/types.h"

#include <string>
#include <vector>

namespace cs {

// A small training set, stored column-wise for batched matrix products.
struct Dataset {
    std::string name;             // "moons"
    Matrix inputs;                // d × N: one column per point
    Eigen::RowVectorXd targets;   // 1 × N: labels 0/1 (classification) or real values
    bool isClassification = true; // labels are 0/1 and accuracy is meaningful

    Eigen::Index size() const { return inputs.cols(); }
    Eigen::Index inputDimension() const { return inputs.rows(); }
};

// One dataset generator, described once for the CLI's `list`, the scene reader and the GUI.
struct DatasetInfo {
    std::string name;        // scene name, e.g. "moons"
    std::string description; // one sentence: what the points look like
    int inputDimension = 2;  // 2 for the planar sets, 1 for sine and threshold
    bool classification = true;
    int defaultN = 200;
    double defaultNoise = 0.1; // standard deviation of the Gaussian noise (see below)
};

// xor, moons, circles, spirals, blobs (2D, two classes), sine (1D regression) and threshold
// (1D, two classes: the data of the one-neuron preset). See docs/networks.md for the formulas.
const std::vector<DatasetInfo>& datasetInfos();
const DatasetInfo* findDatasetInfo(const std::string& name);

// The numeric fields of a dataset object, with `info`'s defaults: n (integer in [4, 1e6]),
// noise (in [0, 100]) and seed (integer in [0, 2³²−1]; its default 0 is only a placeholder:
// the scene reader uses the scene's seed when the field is omitted).
std::vector<ParamSpec> datasetParams(const DatasetInfo& info);

// Generates `n` points of dataset `name` with Gaussian noise of standard deviation `noise`.
// The same (name, n, noise, seed) always gives the same points. Throws ConfigError naming the
// field ("name: unknown dataset ...", "n: must be ...", "noise: must be >= 0, got -1").
Dataset makeDataset(const std::string& name, int n, double noise, unsigned seed);

} // namespace cs
