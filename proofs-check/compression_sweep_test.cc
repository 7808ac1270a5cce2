// CompressionSweep and CompressionProver on a tiny trained network (label
// `unit`; the reference problems are in compression_regression_test):
//   - the report's sweep (midpoint-radius, open samples re-decided in MPFI)
//     has, at every point, the counts of the same sweep proven in MPFI;
//   - its every-layer point at rank r carries the counts of CompressionProof::Prove
//     (what `nrc compress` runs) for the truncation at r;
//   - CompressionProver with one layer replaced: the kept layers' eps_l are
//     exactly 0 and their ||W~_l||_2 the enclosure of ||W_l||_2; a replace
//     mask of the wrong length is an error;
//   - the sweep's JSON round-trips (engine, mpfi_samples), an analysis
//     written before the midpoint-radius sweep reads as engine "mpfi" with
//     no re-decided samples, and a point without a required key is a
//     std::runtime_error naming it.
#include "proofs-check/compression_sweep.h"

#include <Eigen/SVD>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_prover.h"
#include "tests/support/temp_dir.h"
#include "training/parameter_strings.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

const RunDirectory& TinyRun() {
  static const RunDirectory run = [] {
    TrainConfig c;
    c.name = "tiny";
    c.data = "gauss:K=3,d=5,n=8,std=0.3,seed=3";
    c.widths = {5, 6, 6, 3};
    c.activation = Activation::Parse("tanh");
    c.loss = Loss::Parse("mse");
    c.lambda = 1e-2;
    c.precision = "double";
    TrainOptions o;
    o.progress = false;
    const auto dir = test::EmptiedProcessTempPath("nrc-compression-sweep-", "tiny");
    WriteRunDirectory(dir, Train(c, o));
    return RunDirectory::Load(dir);
  }();
  return run;
}

TEST(CompressionSweepTest, MidradSweepHasTheMpfiCountsAndNrcCompressCounts) {
  const RunDirectory& run = TinyRun();
  ASSERT_TRUE(CompressionSweep::Applicable(run));
  const CompressionSweep fast = CompressionSweep::Compute(run);
  const CompressionSweep ref = CompressionSweep::Compute(run, CompressionEngine::kMpfi);
  EXPECT_EQ(fast.engine, "midrad");
  ASSERT_EQ(fast.points.size(), ref.points.size());
  ASSERT_EQ(fast.points.size(), 6u + 7u + 4u + 7u);  // layer 1 r = 0..5, layer 2 0..6, layer 3 0..3, every layer 0..6
  const int N = run.data.size();
  // Not a vacuous comparison: the sweep goes from no prediction proven kept
  // to all of them. No sample is re-decided in MPFI: at the ranks at or above
  // a layer's numerical rank the difference pass decides T14 (before it, every
  // sample of those points was; the re-decision itself is exercised by
  // ProverRedecidesInMpfiWhatTheDifferencePassLeavesOpen).
  int lowest = N, highest = 0, redecided = 0;
  for (const auto& p : fast.points) {
    lowest = std::min(lowest, static_cast<int>(std::lround(p.kept_fraction * N)));
    highest = std::max(highest, static_cast<int>(std::lround(p.kept_fraction * N)));
    redecided += p.mpfi_samples;
  }
  EXPECT_EQ(lowest, 0);
  EXPECT_EQ(highest, N);
  EXPECT_EQ(redecided, 0);
  for (std::size_t k = 0; k < fast.points.size(); ++k) {
    const auto &f = fast.points[k], &r = ref.points[k];
    SCOPED_TRACE("layer " + std::to_string(f.layer) + " rank " + std::to_string(f.rank));
    EXPECT_EQ(std::lround(f.kept_fraction * N), std::lround(r.kept_fraction * N));
    EXPECT_EQ(f.proven, r.proven);
    EXPECT_EQ(std::lround(f.accuracy * N), std::lround(r.accuracy * N));
  }
  for (const auto& p : fast.points) {
    if (p.layer != 0 || p.rank == 0) continue;
    std::vector<int> ranks(4, 0);
    for (int l = 1; l <= 3; ++l) ranks[static_cast<std::size_t>(l)] = std::min(p.rank, std::min(run.spec.widths[l], run.spec.widths[l - 1]));
    const CompressionProof proof = CompressionProof::Prove(run.spec, run.parameters,
                                                           TruncatedFactors(run.Parameters<double>(), ranks), run.data.X,
                                                           CompressionSweep::kBits);
    EXPECT_EQ(std::lround(p.kept_fraction * N), proof.kept_count) << "rank " << p.rank;
    EXPECT_EQ(p.proven, proof.holds()) << "rank " << p.rank;
    EXPECT_EQ(p.mpfi_samples, proof.mpfi_samples) << "rank " << p.rank;
  }
}

TEST(CompressionSweepTest, ProverKeepsTheLayersNotReplaced) {
  const RunDirectory& run = TinyRun();
  const CompressionProver prover(run.spec, run.parameters, run.data.X, 128);
  const LowRankFactors factors = TruncatedFactors(run.Parameters<double>(), {0, 1, 1, 1});
  const CompressionProof only2 = prover.Prove(factors, {0, 0, 1, 0});
  const CompressionProof all = prover.Prove(factors);
  for (int l : {1, 3}) {
    EXPECT_EQ(only2.eps[static_cast<std::size_t>(l)].Lower(), 0.0) << "layer " << l;
    EXPECT_EQ(only2.eps[static_cast<std::size_t>(l)].Upper(), 0.0) << "layer " << l;
    EXPECT_GT(all.eps[static_cast<std::size_t>(l)].Lower(), 0.0) << "layer " << l << " (truncated at rank 1)";
    const Interval norm_W = CompressionProof::SpectralNorm(
        MidradMatrix::FromDoubles(run.Parameters<double>().W[static_cast<std::size_t>(l)]));
    EXPECT_LE(std::abs(only2.norm_Wt[static_cast<std::size_t>(l)].Mid() - norm_W.Mid()), 1e-12 * norm_W.Mid());
  }
  EXPECT_EQ(only2.eps[2].Mid(), all.eps[2].Mid());
  EXPECT_THROW(prover.Prove(factors, {1, 1}), std::invalid_argument);
}

// One linear layer, f(x) = W x + b: ||f~(x) - f(x)||_2 = ||(W~ - W) x||_2 and
// e_1 = eps_1 ||x||_2 are equal up to ~1e-32 relative when x is the top right
// singular vector of W~ - W (computed in double): a tie that no engine
// resolves (eps_1 is enclosed to ~1e-15 relative by both: Miyajima with a
// double SVD). That sample alone is left open by the midpoint-radius proof
// with its difference pass, re-decided in MPFI (its entries then those of the
// MPFI proof) and still open; the other sample is proven midrad.
TEST(CompressionSweepTest, ProverRedecidesInMpfiWhatTheDifferencePassLeavesOpen) {
  const MlpSpec spec = MlpSpec::Uniform({3, 3}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  const MlpParameters<double> theta = MlpParameters<double>::RandomInit(spec, 5);
  const LowRankFactors factors = TruncatedFactors(theta, {0, 1});
  const Eigen::MatrixXd dW = factors.U[1] * factors.Vt[1] - theta.W[1];
  const Eigen::JacobiSVD<Eigen::MatrixXd> svd(dW, Eigen::ComputeFullV);
  Eigen::MatrixXd X(3, 2);
  X.col(0) = svd.matrixV().col(0);  // ||dW x|| = ||dW|| ||x|| up to rounding
  X.col(1) = svd.matrixV().col(1);  // ||dW x|| < ||dW|| ||x||: sigma_2 / sigma_1 = 0 in exact arithmetic
  const std::vector<std::string> parameters = FormatParameters(theta);
  const CompressionProof p = CompressionProver(spec, parameters, X, 128).Prove(factors);
  const CompressionProof ref = CompressionProver(spec, parameters, X, 128, CompressionEngine::kMpfi).Prove(factors);
  EXPECT_EQ(p.mpfi_samples, 1);
  EXPECT_EQ(p.held_samples, 1);
  EXPECT_EQ(p.violated_samples, 0);
  EXPECT_TRUE(p.open[0]);
  EXPECT_FALSE(p.open[1]);
  EXPECT_EQ(p.observed[0].Upper(), ref.observed[0].Upper());
  EXPECT_EQ(p.bound[0].Lower(), ref.bound[0].Lower());
  EXPECT_EQ(p.kept, ref.kept);
}

TEST(CompressionSweepTest, JsonRoundTripsAndReadsOlderAnalyses) {
  CompressionSweep s;
  s.K = 3;
  s.depth = 3;
  s.engine = "midrad";
  s.parameters_before = 87;
  s.accuracy_before = 0.75;
  CompressionSweep::Point p;
  p.layer = 0;
  p.rank = 2;
  p.parameters = 50;
  p.accuracy = 0.5;
  p.kept_fraction = 0.25;
  p.proven = true;
  p.max_ratio = 0.125;
  p.mpfi_samples = 7;
  s.points.push_back(p);
  const CompressionSweep back = CompressionSweep::FromJson(nlohmann::json::parse(s.ToJson().dump()));
  EXPECT_EQ(back.engine, "midrad");
  ASSERT_EQ(back.points.size(), 1u);
  EXPECT_EQ(back.points[0].mpfi_samples, 7);
  EXPECT_EQ(back.points[0].kept_fraction, 0.25);

  nlohmann::json old = nlohmann::json::parse(s.ToJson().dump());
  old.erase("engine");
  old["points"][0].erase("mpfi_samples");
  const CompressionSweep older = CompressionSweep::FromJson(old);
  EXPECT_EQ(older.engine, "mpfi");
  EXPECT_EQ(older.points[0].mpfi_samples, 0);

  old["points"][0].erase("kept_fraction");
  try {
    (void)CompressionSweep::FromJson(old);
    ADD_FAILURE() << "a point without kept_fraction was accepted";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("kept_fraction"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace nrc
