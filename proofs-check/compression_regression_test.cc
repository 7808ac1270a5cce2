// T14 regression on the reference problems (label `theorem`): gauss-k4 and
// iris (training/reference_problems.h) are trained in process with their
// fixed seeds (full ladder, MPFR-256 stationarity), written as run
// directories, and compressed at rank K and K - 1 (proofs-check/compressed_run.h);
// CheckCompression in MPFR at 256 bits with the interval proof at 128 bits:
//   - T14 is proven at every training sample (observed.upper <= bound.lower);
//   - the number of predictions proven unchanged, the accuracies before and
//     after (integers: counts of samples) and the parameter counts are
//     recorded exactly;
//   - the worst-sample ratio observed / e_L is recorded to a few units of
//     double's epsilon (kRatioTolerance: same seeds, same build, same
//     factors; observed, bound and ratio are each rounded to double once, and
//     their MPFR error estimates are ~1e-70), so a change that moves the bound
//     or the factors fails ctest;
//   - eps_l = ||W_l - W~_l||_2 is within double's rounding of the factors of
//     sigma_{r_l+1}(W_l) (|eps - sigma| <= 64 eps_double ||W_l||_F: the
//     factors are the Jacobi SVD of W_l rounded to double, accurate to a
//     modest multiple of eps_double ||W_l||), and at rank K at most T13's
//     bound plus that rounding (T14's link to the theory: on a collapsed
//     layer T13's bound is ~1e-75 and eps_l is the factors' rounding).
// The printed lines are the numbers docs/compress.md quotes.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <string>
#include <vector>

#include "numerics/precision.h"
#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_check.h"
#include "tests/support/temp_dir.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

constexpr double kRatioTolerance = 8 * std::numeric_limits<double>::epsilon();

struct Recorded {
  const char* problem;
  int rank;
  long long parameters_after;
  int correct_before, correct_after;  // samples classified right
  int kept;                           // predictions proven unchanged
  double ratio;                       // T14 worst-sample observed / e_L
};

// Recorded from this test's own output (same seeds, same build). Re-recorded
// when the double stage of training changed (the vectorised tanh of the
// threaded gradient): the reference networks then reach another point of their
// minimum (gauss-k4's Hessian has null directions; its run_id changed), and
// the worst-sample ratios moved (gauss-k4 by 0.1 %, iris rank 3 by 8 %: there
// the compression is at the double rounding level, eps ~ 1e-15, so its ratio
// is a ratio of rounding-level quantities; the counts did not move).
const Recorded kRecorded[] = {
    {"gauss-k4", 4, 372, 200, 200, 200, 0.016332540409174662},
    {"gauss-k4", 3, 288, 200, 200, 200, 0.012327559797951504},
    {"iris", 3, 248, 148, 148, 150, 0.20153775900570597},
    {"iris", 2, 177, 148, 148, 49, 0.066035144598381473},
};

RunDirectory TrainedRun(const std::string& problem) {
  const auto dir = test::EmptiedProcessTempPath("nrc-compression-regression-", problem);
  TrainConfig config = ReferenceProblem(problem);
  // Iteration limits only: a stage stopped by its wall-clock limit (600 s) on
  // an overloaded machine would end at another point and move every recorded
  // number, so the result would depend on the load.
  config.lbfgs.max_seconds = config.newton.max_seconds = config.polish.max_seconds = 1e9;
  TrainOptions options;
  WriteRunDirectory(dir, Train(config, options));
  return RunDirectory::Load(dir);
}

void CheckOne(const RunDirectory& run, const Recorded& rec) {
  SCOPED_TRACE(std::string(rec.problem) + " rank " + std::to_string(rec.rank));
  const int L = run.spec.depth();
  std::vector<int> ranks(static_cast<std::size_t>(L + 1), rec.rank);
  const LowRankFactors factors = TruncatedFactors(run.Parameters<double>(), ranks);
  const auto compressed = CompressedParameters(run.spec, run.parameters, factors, ExactProductBits(factors));
  CompressionCheckOptions options;
  const CompressionCheck c = CheckCompression(run, factors, compressed, Precision::Parse("mpfr:256"), options);
  ASSERT_TRUE(c.proof.has_value());
  const auto& m = c.measurement;
  const int N = run.data.size();
  const int before = static_cast<int>(std::lround(m.accuracy_before * N));
  const int after = static_cast<int>(std::lround(m.accuracy_after * N));
  std::printf("%-9s rank %d: parameters %lld -> %lld, correct %d -> %d of %d, kept %d, T14 %s ratio %.17g\n",
              rec.problem, rec.rank, m.parameters_before, m.parameters_after, before, after, N, c.proof->kept_count,
              OutcomeName(c.t14.verdict), c.t14.ratio);
  for (int l = 1; l <= L; ++l) {
    const std::size_t s = static_cast<std::size_t>(l);
    std::printf("  layer %d: eps %.6e sigma_{r+1} %.6e T13 %.6e\n", l, m.eps[s], m.sigma_next[s], m.t13_bound[s]);
    const double rounding = 64 * std::numeric_limits<double>::epsilon() * run.Parameters<double>().W[s].norm();
    EXPECT_LE(std::abs(m.eps[s] - m.sigma_next[s]), rounding) << "layer " << l;
    if (rec.rank == run.spec.num_classes()) {
      EXPECT_LE(m.eps[s], m.t13_bound[s] + rounding) << "layer " << l;
    }
  }
  EXPECT_EQ(c.t14.verdict, Outcome::kProven);
  EXPECT_TRUE(c.proof->holds());
  EXPECT_EQ(c.proof->violated_samples, 0);
  EXPECT_EQ(m.parameters_after, rec.parameters_after);
  EXPECT_EQ(before, rec.correct_before);
  EXPECT_EQ(after, rec.correct_after);
  EXPECT_EQ(c.proof->kept_count, rec.kept);
  EXPECT_NEAR(c.t14.ratio, rec.ratio, kRatioTolerance * rec.ratio);
}

TEST(CompressionRegression, ReferenceProblemsAtRankKAndKMinusOne) {
  for (const char* problem : {"gauss-k4", "iris"}) {
    const RunDirectory run = TrainedRun(problem);
    for (const Recorded& rec : kRecorded)
      if (std::string(rec.problem) == problem) CheckOne(run, rec);
  }
}

}  // namespace
}  // namespace nrc
