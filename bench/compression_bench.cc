// Issue 21's speed target (compress plus proofs of a 784-128-128-10 network on
// the 10000 Fashion-MNIST test images in under a minute), per engine:
// CompressionProof::Prove (proofs-check/compression_proof.h) of a random
// 784-128-128-10 tanh network compressed at rank 32, FromForward's scalars at
// 128 bits, for N inputs (uniform in [0, 1], like scaled pixels; the cost is
// linear in N: two forward passes, plus the per-layer enclosures of eps_l and
// ||W~_l||_2, which do not depend on N). Arguments: engine (0 = MPFI at 128
// bits, the reference, N = 10 and 100: the slope gives the seconds per input;
// 1 = midpoint-radius double, the default, N = 100 and 10000). Counters:
// inputs, predictions proven unchanged, samples re-decided in MPFI.
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
  const int N = static_cast<int>(state.range(1));
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  Eigen::MatrixXd X(784, N);
  for (Eigen::Index k = 0; k < X.size(); ++k) X.data()[k] = u(rng);
  const CompressionEngine engine = state.range(0) == 0 ? CompressionEngine::kMpfi : CompressionEngine::kMidrad;
  int kept = 0, mpfi_samples = 0;
  for (auto _ : state) {
    const CompressionProof proof = CompressionProof::Prove(p.spec, p.parameters, p.factors, X, 128, engine);
    kept = proof.kept_count;
    mpfi_samples = proof.mpfi_samples;
  }
  state.counters["inputs"] = N;
  state.counters["kept"] = kept;
  state.counters["mpfi_samples"] = mpfi_samples;
}
BENCHMARK(BM_CompressionProofFashionShape)
    ->ArgNames({"engine", "N"})
    ->Args({0, 10})
    ->Args({0, 100})
    ->Args({1, 100})
    ->Args({1, 10000})
    ->Unit(benchmark::kSecond)
    ->Iterations(1);

}  // namespace
}  // namespace nrc

BENCHMARK_MAIN();
