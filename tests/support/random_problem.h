// nrc/tests/support/random_problem.h
//
// Random problems for property tests: an MLP spec (depth, widths, activation,
// loss, biases, lambda over several decades), a labelled data set with every
// class present, and non-stationary parameters. RapidCheck draws the
// structure (so counterexamples shrink to small networks) and a seed; the
// numbers are then drawn in double from that seed, so a failing case is
// reproduced by its printed description alone. Doubles upcast exactly to every
// wider scalar, so the same problem is evaluated exactly alike in MPFR.
#ifndef NRC_TESTS_SUPPORT_RANDOM_PROBLEM_H_
#define NRC_TESTS_SUPPORT_RANDOM_PROBLEM_H_

#include <rapidcheck.h>

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"

namespace nrc::testing {

struct RandomProblemOptions {
  int min_depth = 1, max_depth = 5;
  int max_width = 10;
  int min_classes = 2, max_classes = 6;
  int max_extra_samples = 12;  // N = K + extra, every class present
  bool allow_nonsmooth = true;  // ReLU and leaky ReLU
  std::vector<std::string> activations;  // empty = every activation
  std::vector<std::string> losses;       // empty = mse and ce
  // Draw depth, widths, K and N uniformly at every RapidCheck size
  // (rc::gen::inRange alone scales with the size and skews to tiny shapes).
  bool uniform_sizes = false;
};

// Small problems (depth <= 3, widths <= 8, K <= 4) with the activations the
// proof engines support (all but GELU and SiLU): proofs-check's tests.
RandomProblemOptions ProofEngineOptions();

struct RandomProblem {
  MlpSpec spec;
  Dataset data;
  MlpParameters<double> theta;
  std::uint64_t seed = 0;
  double param_scale = 1.0;
  double data_scale = 1.0;
  // Everything needed to reproduce the case, on one line.
  std::string Describe() const;
};

// Builds the problem deterministically from its structure and seed.
RandomProblem MakeRandomProblem(const MlpSpec& spec, int num_samples, std::uint64_t seed, double param_scale,
                                double data_scale);

rc::Gen<RandomProblem> GenRandomProblem(const RandomProblemOptions& options = {});

}  // namespace nrc::testing

namespace rc {
template <>
struct Arbitrary<nrc::testing::RandomProblem> {
  static Gen<nrc::testing::RandomProblem> arbitrary() { return nrc::testing::GenRandomProblem(); }
};
}  // namespace rc

// RapidCheck prints counterexamples through showValue.
namespace nrc::testing {
inline void showValue(const RandomProblem& p, std::ostream& os) { os << p.Describe(); }
}  // namespace nrc::testing

#endif  // NRC_TESTS_SUPPORT_RANDOM_PROBLEM_H_
