// Issue 21's speed target (compress plus proofs of a 784-128-128-10 network on
// the 10000 Fashion-MNIST test images in under a minute) measured on the MPFI
// engine: CompressionProof::Prove (proofs-check/compression_proof.h) of a
// random 784-128-128-10 tanh network compressed at rank 32, at 128 bits, for
// N = 10 and 100 inputs (uniform in [0, 1], like scaled pixels; the cost is
// linear in N: two interval forward passes, plus the per-layer enclosures of
// eps_l and ||W~_l||_2, which do not depend on N). The slope between the two
// gives the seconds per input; times 10000 is the number the target is about
// (a fast midpoint-radius engine is meant to bring it under 60 s). Counters:
// inputs, and predictions proven unchanged.
#include <benchmark/benchmark.h>

#include <random>

#include "nets/mlp_parameters.h"
#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_proof.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

struct Problem {
  MlpSpec spec = MlpSpec::Uniform({784, 128, 128, 10}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-3,
                                  0.0);
  std::vector<std::string> parameters;
  LowRankFactors factors;
};

const Problem& Fashion() {
  static const Problem p = [] {
    Problem q;
    const auto theta = MlpParameters<double>::RandomInit(q.spec, 1);
    q.parameters = FormatParameters(theta);
    q.factors = TruncatedFactors(theta, {0, 32, 32, 10});
    return q;
  }();
  return p;
}

void BM_CompressionProofFashionShape(benchmark::State& state) {
  const Problem& p = Fashion();
  const int N = static_cast<int>(state.range(0));
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd X(784, N);
  for (Eigen::Index k = 0; k < X.size(); ++k) X.data()[k] = u(rng);
  int kept = 0;
  for (auto _ : state) kept = CompressionProof::Prove(p.spec, p.parameters, p.factors, X, 128).kept_count;
  state.counters["inputs"] = N;
  state.counters["kept"] = kept;
}
BENCHMARK(BM_CompressionProofFashionShape)->Arg(10)->Arg(100)->Unit(benchmark::kSecond)->Iterations(1);

}  // namespace
}  // namespace nrc

BENCHMARK_MAIN();
