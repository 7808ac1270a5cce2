// nrc/datasets/gaussian_clusters.h
//
// MakeGaussianClusters: a synthetic data set of K Gaussian clusters.
//
// Class centres mu_c ~ N(0, center_scale^2 I_dim); sample i of class c is
// mu_c + within_std * g with g ~ N(0, I_dim). Samples are grouped by class
// (per_class samples of class 0, then class 1, ...), so N = K * per_class and
// every class has per_class samples.
//
// Reproducibility: one std::mt19937_64 stream seeded with `seed` (its output is
// fixed by the C++ standard) feeds a Marsaglia polar normal sampler written
// here (std::normal_distribution's output is implementation-defined). The
// normals are drawn in this order: the centres (class by class, coordinate by
// coordinate), then the samples (class, sample, coordinate). All arithmetic is
// IEEE +,-,*,/,sqrt compiled without FMA contraction, plus std::log, so the data
// are bit-identical wherever log is (glibc's is correctly rounded in practice).
//
// `source` reads "gaussian_clusters(num_classes=..., dim=..., per_class=...,
// within_std=..., center_scale=..., seed=...)" with doubles in %.17g.
// Invalid specs throw std::invalid_argument with a one-line message.
#ifndef NRC_DATASETS_GAUSSIAN_CLUSTERS_H_
#define NRC_DATASETS_GAUSSIAN_CLUSTERS_H_

#include <cstdint>

#include "datasets/dataset.h"

namespace nrc {

struct GaussianClustersSpec {
  int num_classes = 2;       // K >= 1
  int dim = 2;               // >= 1
  int per_class = 10;        // >= 1; K * per_class <= INT_MAX
  double within_std = 1.0;   // finite, >= 0 (0: every sample is its centre)
  double center_scale = 1.0; // finite, >= 0
  std::uint64_t seed = 0;
};

Dataset MakeGaussianClusters(const GaussianClustersSpec& spec);

// The dim x K class centres that MakeGaussianClusters(spec) uses (the first
// draws of the same stream), for checks and reports.
Matrix<double> GaussianClusterCenters(const GaussianClustersSpec& spec);

}  // namespace nrc

#endif  // NRC_DATASETS_GAUSSIAN_CLUSTERS_H_
