// Tests for enclosures/midrad_network.h, the fast engine's network, against
// the MPFI reference (enclosures/interval_network.h) on random problems
// (every supported activation, MSE and CE, random theta, biases, free
// biases): every entry of every quantity (Z, Delta, G, g, E, mu, S) and
// ||grad J||_2 enclosed in midpoint-radius double contains the midpoint of
// the MPFI enclosure at 160 bits (a point of the exact quantity's tiny MPFI
// box, so a midrad enclosure missing it is wrong). Negative control: the
// same comparison catches an enclosure whose radius was dropped (G_l with
// radius 0, the double midpoint alone) on fixed seeds.
#include "enclosures/midrad_network.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>

#include "enclosures/interval_network.h"
#include "tests/support/random_problem.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

// The first entry of m whose box misses the MPFI enclosure's midpoint
// (empty: none), named after the quantity.
std::string FirstMiss(const std::string& name, const MidradMatrix& m, const IntervalMatrix& ref) {
  if (m.rows() != ref.rows() || m.cols() != ref.cols()) return name + ": shapes differ";
  mpfr_t mid;
  mpfr_init2(mid, IntervalPrecisionBits());
  std::string miss;
  for (int i = 0; i < m.rows() && miss.empty(); ++i)
    for (int j = 0; j < m.cols() && miss.empty(); ++j) {
      mpfi_mid(mid, ref(i, j).get());
      if (mpfi_is_inside_fr(mid, m.Entry(i, j).get()) <= 0)
        miss = name + "(" + std::to_string(i) + ", " + std::to_string(j) + "): MPFI midpoint " +
               std::to_string(ref(i, j).Mid()) + " not in <" + std::to_string(m.mid()(i, j)) + ", " +
               std::to_string(m.rad()(i, j)) + ">";
    }
  mpfr_clear(mid);
  return miss;
}

std::string FirstMissInNetwork(const MidradNetwork& fast, const IntervalNetwork& ref) {
  for (int l = 1; l <= ref.L; ++l) {
    const std::string L = std::to_string(l);
    for (const std::string& miss :
         {FirstMiss("Delta_" + L, fast.Delta[l], ref.Delta[l]), FirstMiss("G_" + L, fast.G[l], ref.G[l]),
          FirstMiss("g_" + L, fast.gb[l], ref.gb[l]), FirstMiss("S_" + L, fast.S[l], ref.S[l]),
          FirstMiss("Z_" + std::to_string(l - 1), fast.Z[l - 1], ref.Z[l - 1]),
          FirstMiss("E_" + std::to_string(l - 1), fast.E[l - 1], ref.E[l - 1]),
          FirstMiss("mu_" + std::to_string(l - 1), fast.mu[l - 1], ref.mu[l - 1])})
      if (!miss.empty()) return miss;
  }
  IntervalMatrix norm(1, 1), fast_norm(1, 1);
  norm(0, 0) = ref.grad_norm;
  fast_norm(0, 0) = fast.grad_norm;
  return FirstMiss("||grad J||", MidradMatrix::FromIntervals(fast_norm), norm);
}


RC_GTEST_PROP(MidradNetworkProperty, EveryEnclosureContainsTheMpfiMidpoint, ()) {
  const auto prob = *testing::GenRandomProblem(testing::ProofEngineOptions());
  RC_CLASSIFY(prob.spec.loss.kind() == LossKind::kCrossEntropy, "CE");
  ScopedIntervalPrecision bits(160);
  const IntervalNetwork ref = IntervalNetwork::Build(prob.spec, FormatParameters(prob.theta), prob.data);
  const MidradNetwork fast = MidradNetwork::Build(prob.spec, FormatParameters(prob.theta), prob.data);
  const std::string miss = FirstMissInNetwork(fast, ref);
  if (!miss.empty()) RC_FAIL(miss + "\n" + prob.Describe());
}

// Negative control: G_l with its radius dropped (the double midpoint as if
// exact) is caught by the comparison on some layer of some fixed seed, while
// the true enclosures pass on the same networks.
TEST(MidradNetworkTest, DroppedRadiusIsCaughtByMpfi) {
  const MlpSpec spec = MlpSpec::Uniform({4, 6, 5, 3}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-3, 0.0);
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 5; ++seed) {
    const auto prob = testing::MakeRandomProblem(spec, 9, seed, 1.0, 1.0);
    ScopedIntervalPrecision bits(160);
    const IntervalNetwork ref = IntervalNetwork::Build(prob.spec, FormatParameters(prob.theta), prob.data);
    MidradNetwork fast = MidradNetwork::Build(prob.spec, FormatParameters(prob.theta), prob.data);
    EXPECT_EQ(FirstMissInNetwork(fast, ref), "") << prob.Describe();
    for (int l = 1; l <= fast.L; ++l) {
      const MidradMatrix broken(fast.G[l].mid(), Eigen::MatrixXd::Zero(fast.G[l].rows(), fast.G[l].cols()));
      caught += FirstMiss("G", broken, ref.G[l]).empty() ? 0 : 1;
    }
  }
  EXPECT_GT(caught, 0);
}

}  // namespace
}  // namespace nrc
