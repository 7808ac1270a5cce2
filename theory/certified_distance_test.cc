// theory/certified_distance.h: a link decided in advance because dist_k(W_l)
// is exactly 0 by shape (k >= min(d_l, d_{l-1})) is "holds" only for a finite,
// non-negative bound with a finite error estimate (issue 8). Before the fix a
// NaN or infinite bound was reported "holds".
#include "theory/certified_distance.h"

#include <gtest/gtest.h>

#include <limits>

#include "tests/support/random_problem.h"
#include "theory/t10.h"
#include "theory/t12.h"
#include "theory/t13.h"
#include "theory/t3.h"

namespace nrc {
namespace {

// The last layer (K x d_{L-1}, K <= d_{L-1}) has dist_K = 0 by shape. A
// lambda of NaN (or 0) in the context makes every bound NaN (or +inf).
TEST(CertifiedDistance, ExactZeroDistanceIsNotHoldsForNaNOrInfiniteBound) {
  const MlpSpec spec = MlpSpec::Uniform({5, 6, 3}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 12, 5, 1.0, 1.0);
  const auto good = NetworkContext<double>::Build(prob.spec, prob.theta, prob.data.Features<double>(), prob.data.labels);
  const int l = good.L;
  const auto t2 = T2<double>::Compute(good, l);
  ASSERT_EQ(T3<double>::Compute(good, t2, Norm::kFrobenius).outcome(), Outcome::kHolds);
  for (double lambda : {std::numeric_limits<double>::quiet_NaN(), 0.0}) {
    auto bad = good;
    bad.lambda = lambda;
    for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) {
      const auto t3 = T3<double>::Compute(bad, t2, n);
      EXPECT_FALSE(IsFinite(t3.bound));
      EXPECT_EQ(t3.dist, 0.0);
      EXPECT_NE(t3.headline.Decide(), Outcome::kHolds) << "T3 " << NormName(n) << " lambda " << lambda;
      EXPECT_NE(t3.links[0].Decide(), Outcome::kHolds);
      // (spectral T10 would need the SVD of a NaN matrix, which throws)
      if (n == Norm::kFrobenius) {
        EXPECT_NE(T10<double>::Compute(bad, t2, n).headline.Decide(), Outcome::kHolds);
      }
    }
  }
}

TEST(CertifiedDistance, ExactZeroDistanceHoldsForFiniteBound) {
  Inequality<double> q = Inequality<double>::LessEqual("dist", 0.0, "bound", 1e-300, 1e-200);
  DecideExactZeroDistance(q);
  EXPECT_EQ(q.Decide(), Outcome::kHolds);  // 0 is exact and the bound a norm: no rounding question
  for (double bad : {std::numeric_limits<double>::quiet_NaN(), HUGE_VAL, -1.0}) {
    Inequality<double> b = Inequality<double>::LessEqual("dist", 0.0, "bound", bad, 1e-16);
    DecideExactZeroDistance(b);
    EXPECT_EQ(b.Decide(), Outcome::kUndecided) << bad;
  }
  Inequality<double> e = Inequality<double>::LessEqual("dist", 0.0, "bound", 1.0, std::numeric_limits<double>::quiet_NaN());
  DecideExactZeroDistance(e);
  EXPECT_EQ(e.Decide(), Outcome::kUndecided);
}

}  // namespace
}  // namespace nrc
