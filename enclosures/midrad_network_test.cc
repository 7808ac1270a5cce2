// Tests for enclosures/midrad_network.h, the fast engine's network, against
// the MPFI reference (enclosures/interval_network.h) on random problems
// (every supported activation, MSE and CE, random theta, biases, free
// biases): every entry of every quantity (Z, Delta, G, g, E, mu, S) and
// ||grad J||_2 enclosed in midpoint-radius double contains the midpoint of
// the MPFI enclosure at 160 bits (a point of the exact quantity's tiny MPFI
// box, so a midrad enclosure missing it is wrong). Negative control: the
// same comparison catches an enclosure whose radius was dropped (G_l with
// radius 0, the double midpoint alone) on fixed seeds.
// Threads (numerics/parallel.h): the network and the stationarity enclosure
// have the same bits for NRC_THREADS = 1 and 2 on problems whose products and
// entrywise passes are split into several blocks; the workers leave no
// rounding mode behind (the plain double gradient computed after them has the
// same bits as before, while a leaked FE_UPWARD changes them).
#include "enclosures/midrad_network.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cfenv>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "enclosures/interval_network.h"
#include "enclosures/stationarity_enclosure.h"
#include "nets/mlp.h"
#include "numerics/detail/midrad_blocks.h"
#include "numerics/detail/test_util.h"
#include "numerics/parallel.h"
#include "tests/support/random_problem.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

using testing_util::SameBits;
using testing_util::ScopedThreads;

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

// Every number the fast engine derives from the network, flattened in a fixed
// order: mid and rad of Z, Delta, G, g, S, E, mu, the ends of ||grad J|| and
// J_data, and the stationarity enclosure's scalars.
std::vector<double> Bits(const MidradNetwork& n) {
  std::vector<double> v;
  auto add = [&](const MidradMatrix& m) {
    v.insert(v.end(), m.mid().data(), m.mid().data() + m.mid().size());
    v.insert(v.end(), m.rad().data(), m.rad().data() + m.rad().size());
  };
  auto add_interval = [&](const Interval& x) {
    v.push_back(x.Lower());
    v.push_back(x.Upper());
  };
  for (int l = 1; l <= n.L; ++l) {
    for (const MidradMatrix* m : {&n.Delta[l], &n.G[l], &n.gb[l], &n.S[l], &n.Z[l - 1], &n.E[l - 1], &n.mu[l - 1]})
      add(*m);
  }
  add_interval(n.grad_norm);
  add_interval(n.data_loss);
  const StationarityEnclosure e = StationarityEnclosure::Of(n);
  for (const Interval* x : {&e.grad_norm_2, &e.grad_norm_inf, &e.objective, &e.max_stationarity_share})
    add_interval(*x);
  for (const auto& layer : e.layers)
    for (const Interval* x : {&layer.grad_W_fro, &layer.grad_b_norm, &layer.mean_signal_norm, &layer.signal_fro,
                              &layer.stationarity_share})
      add_interval(*x);
  return v;
}

// 32-64-64-4: at N = 2048 every product, entrywise pass and Tanh of the
// network is split into several column blocks, at N = 256 the MPFI passes per
// entry (activations other than tanh, the CE signal) are (asserted below).
testing::RandomProblem SplitProblem(const char* activation, const char* loss, int N = 2048) {
  const MlpSpec spec = MlpSpec::Uniform({32, 64, 64, 4}, Activation::Parse(activation), Loss::Parse(loss), true,
                                        1e-3, 1e-3);
  return testing::MakeRandomProblem(spec, N, 11, 1.0, 1.0);
}

TEST(MidradNetworkTest, SameBitsForOneAndTwoThreads) {
  const int N = 2048;
  const detail::ProductSplit forward = detail::SplitProduct(64, 32, N), gradient = detail::SplitProduct(64, N, 32);
  ASSERT_TRUE(!forward.inner && forward.blocks.count() > 1);  // W_1 Z_0: by columns
  ASSERT_TRUE(gradient.inner && gradient.blocks.count() > 1);  // Delta_1 Z_0^T: by samples
  ASSERT_GT(detail::EntrywiseColumnBlocks(64, N).count(), 1);         // Delta_l .* s'(A_l)
  ASSERT_GT(detail::EntrywiseColumnBlocks(64, N, detail::kTanhEntryWork).count(), 1);
  ASSERT_GT(detail::EntrywiseColumnBlocks(64, 256, detail::kMpfiEntryWork).count(), 1);  // softplus
  ASSERT_GT(detail::EntrywiseColumnBlocks(4, 256, detail::kMpfiEntryWork).count(), 1);   // CE signal
  for (const auto& [activation, loss, n] :
       {std::tuple{"tanh", "mse", N}, std::tuple{"tanh", "ce", 256}, std::tuple{"softplus", "mse", 256}}) {
    const auto prob = SplitProblem(activation, loss, n);
    const std::vector<std::string> parameters = FormatParameters(prob.theta);
    std::vector<double> one, two;
    {
      ScopedThreads t("1");
      one = Bits(MidradNetwork::Build(prob.spec, parameters, prob.data));
    }
    {
      ScopedThreads t("2");
      two = Bits(MidradNetwork::Build(prob.spec, parameters, prob.data));
    }
    EXPECT_TRUE(SameBits(one, two)) << activation << " " << loss;
    // The comparison sees one ulp anywhere.
    two.back() = std::nextafter(two.back(), HUGE_VAL);
    EXPECT_FALSE(SameBits(one, two));
  }
}

// The workers set and restore the rounding mode of every block they run (the
// calling thread runs blocks too): after a threaded fast-engine network the
// plain double gradient on the same thread has the same bits as before it,
// and loops started afterwards begin in round-to-nearest. Negative control: a
// leaked FE_UPWARD changes the plain gradient's bits.
TEST(MidradNetworkTest, WorkersLeaveNoRoundingModeBehind) {
  ScopedThreads t("2");
  const auto prob = SplitProblem("tanh", "mse");
  auto gradient = [&] {
    const Vector<double> g = Evaluate(prob.spec, prob.theta, prob.data.X, prob.data.labels).gradient.Flatten();
    return std::vector<double>(g.data(), g.data() + g.size());
  };
  ASSERT_EQ(std::fegetround(), FE_TONEAREST);
  const std::vector<double> before = gradient();
  const MidradNetwork net = MidradNetwork::Build(prob.spec, FormatParameters(prob.theta), prob.data);
  EXPECT_TRUE(std::isfinite(net.grad_norm.Upper()));
  EXPECT_EQ(std::fegetround(), FE_TONEAREST);
  std::vector<int> modes(2, -1);
  ParallelFor(2, [&](int begin, int) { modes[static_cast<size_t>(begin)] = std::fegetround(); });
  EXPECT_EQ(modes, std::vector<int>(2, FE_TONEAREST));
  EXPECT_TRUE(SameBits(gradient(), before));
  std::fesetround(FE_UPWARD);
  const std::vector<double> leaked = gradient();
  std::fesetround(FE_TONEAREST);
  EXPECT_FALSE(SameBits(leaked, before));
}

}  // namespace
}  // namespace nrc
