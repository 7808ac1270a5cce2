// nrc/proofs-check/compression_sweep.h
//
// CompressionSweep: what rank-r compression (spec T14) does to a stored
// network, over r, for the report (reports/, "Certified compression"):
// curves of points, each a compression of the run's network by truncated SVD
// (TruncatedFactors, proofs-check/compressed_run.h):
//   layer l (1..L)  only W_l truncated, at r = 0..min(d_l, d_{l-1});
//   layer 0         every layer at the same r (clipped per layer), r = 0..max.
// Per point: the parameters of the factored network, the accuracy on the
// run's data (double, no error control), and from the interval proof
// (CompressionProof at 128 bits) the fraction of predictions proven unchanged
// (margin > sqrt(2) e_L), whether T14 is proven at every sample, and the
// largest observed ||f~ - f||_2 / e_L (upper / lower ends).
// The original network's interval forward pass is computed once; each point
// costs one more (N x sum d_l d_{l-1} interval multiply-adds).
// Applicable(run): the interval path supports the activation and
// N x (number of parameters) <= kBudget (2e5: gauss-k4 1.2e5, iris 6e4; digits
// 6.2e6 is left out, minutes of MPFI).
#ifndef NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_
#define NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_

#include <nlohmann/json.hpp>

#include <vector>

#include "training/run_directory.h"

namespace nrc {

struct CompressionSweep {
  static constexpr double kBudget = 2e5;
  struct Point {
    int layer = 0;  // 0: every layer
    int rank = 0;
    long long parameters = 0;
    double accuracy = 0;
    double kept_fraction = 0;
    bool proven = false;     // T14 proven at every sample
    double max_ratio = 0;    // max over samples of observed.upper / bound.lower (0 when the bound is 0 everywhere)
  };
  int K = 0, depth = 0;
  long long parameters_before = 0;
  double accuracy_before = 0;
  std::vector<Point> points;

  static bool Applicable(const RunDirectory& run);
  static CompressionSweep Compute(const RunDirectory& run);
  nlohmann::ordered_json ToJson() const;
  static CompressionSweep FromJson(const nlohmann::json& j);  // throws std::runtime_error naming a bad key
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_
