// nrc/proofs-check/compression_sweep.h
//
// CompressionSweep: what rank-r compression (spec T14) does to a stored
// network, over r, for the report (reports/, "Certified compression"):
// curves of points, each a compression of the run's network by truncated SVD
// (TruncatedFactors, proofs-check/compressed_run.h):
//   layer l (1..L)  only W_l truncated, at r = 0..min(d_l, d_{l-1});
//   layer 0         every layer at the same r (clipped per layer), r = 0..max.
// Per point: the parameters of the factored network, the accuracy on the
// run's data (midpoints of f~'s output enclosure, no error control), and from
// the interval proof the fraction of predictions proven unchanged (margin >
// sqrt(2) e_L), whether T14 is proven at every sample, and the largest
// observed ||f~ - f||_2 / e_L (upper / lower ends).
// The proof is `nrc compress`'s (CompressionProver, proofs-check/compression_prover.h):
// the midpoint-radius double engine, the samples its widths leave open
// re-decided in MPFI at kBits (counted per point in mpfi_samples; typically
// the ranks at or above a layer's numerical rank, where eps_l and the
// observed change are both at double's rounding level). The original
// network's forward pass is computed once; each point costs one more in
// double GEMMs plus the Miyajima enclosures of eps_l and ||W~_l||_2.
// Applicable(run): the interval path supports the activation and
// N x (number of parameters) <= kBudget (2e5: gauss-k4 1.2e5, iris 6e4; digits
// 6.2e6 is left out: its points at full numerical rank would be re-decided
// in MPFI, minutes per point).
#ifndef NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_
#define NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "proofs-check/compression_proof.h"
#include "training/run_directory.h"

namespace nrc {

struct CompressionSweep {
  static constexpr double kBudget = 2e5;
  static constexpr int kBits = 128;  // MPFI precision of the proof's scalars and re-decisions
  struct Point {
    int layer = 0;  // 0: every layer
    int rank = 0;
    long long parameters = 0;
    double accuracy = 0;
    double kept_fraction = 0;
    bool proven = false;     // T14 proven at every sample
    double max_ratio = 0;    // max over samples of observed.upper / bound.lower (0 when the bound is 0 everywhere)
    int mpfi_samples = 0;    // samples re-decided in MPFI
  };
  int K = 0, depth = 0;
  std::string engine;  // "midrad" (CompressionEngineName); "mpfi" for analyses written before
  long long parameters_before = 0;
  double accuracy_before = 0;
  std::vector<Point> points;

  static bool Applicable(const RunDirectory& run);
  // engine: kMidrad (the report's, `nrc compress`'s default) or kMpfi (the
  // reference, for tests; the same counts wherever both are correct).
  static CompressionSweep Compute(const RunDirectory& run, CompressionEngine engine = CompressionEngine::kMidrad);
  nlohmann::ordered_json ToJson() const;
  static CompressionSweep FromJson(const nlohmann::json& j);  // throws std::runtime_error naming a bad key
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSION_SWEEP_H_
