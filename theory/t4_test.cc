// T4 (tail bound singular value by singular value, numerical-rank corollary):
// property over random problems and thresholds in MPFR and double; negative
// control: K replaced by K - 1 at the exact stationary point of a bias-free
// linear model on clustered data, where W has K large singular values and R
// is tiny, so the K - 1 version must fail.
#include "theory/t4.h"

#include <limits>
#include <stdexcept>

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T4, TailAndNumericalRankHoldAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  const double rel = *rc::gen::elementOf(std::vector<double>{1e-4, 1e-2, 0.1, 0.5, 0.9});
  RC_TAG("t/sigma_1 = " + std::to_string(rel));
  theory_test::CheckEveryLayerInBothPrecisions<T4>(prob, [rel](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    const auto t2 = T2<T>::Compute(ctx, l);
    out->push_back(T4<T>::Tail(ctx, t2));
    if (ctx.norm2_W[l] > T(0)) out->push_back(T4<T>::RankCorollary(ctx, t2, T(T(rel) * ctx.norm2_W[l])));
  });
}

// Shrunk counterexample found by the property (an int overflow of
// floor(||R||_F^2 / t^2), now capped): a 1-2 network with tiny weights.
TEST(T4Regression, HugeFrobeniusCountDoesNotOverflow) {
  const auto spec = MlpSpec::Uniform({1, 2}, Activation::Parse("silu"), Loss::Parse("mse"), false, 1e-4, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 2, 0, 0.1, 5.0);
  ScopedMpfrPrecision guard(theory_test::kMpfrBits);
  const auto ctx = theory_test::ContextFor<Mpfr>(prob);
  const auto t2 = T2<Mpfr>::Compute(ctx, 1);
  const auto t4 = T4<Mpfr>::RankCorollary(ctx, t2, Mpfr(Mpfr(1e-4) * ctx.norm2_W[1]));
  EXPECT_EQ(t4.outcome(), Outcome::kHolds) << theory_test::Describe(t4);
  EXPECT_EQ(t4.frobenius_count, 2);  // capped at min(d_1, d_0) + 1
}

// The corollary is stated for t > 0: a NaN threshold reached floor(NaN) (an
// undefined int conversion), t <= 0 counted zero singular values as "above"
// and could report a false "violated". Now each is rejected, naming t.
TEST(T4RankCorollary, ThresholdMustBeFiniteAndPositive) {
  const auto spec = MlpSpec::Uniform({3, 4, 2}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 6, 7, 1.0, 1.0);
  ScopedMpfrPrecision guard(theory_test::kMpfrBits);
  const auto ctx = theory_test::ContextFor<Mpfr>(prob);
  const auto t2 = T2<Mpfr>::Compute(ctx, 1);
  for (double t : {std::numeric_limits<double>::quiet_NaN(), 0.0, -0.0, -1.0, -1e-3,
                   std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity()}) {
    try {
      T4<Mpfr>::RankCorollary(ctx, t2, Mpfr(t));
      ADD_FAILURE() << "threshold " << t << " accepted";
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find("threshold"), std::string::npos) << e.what();
    }
  }
  EXPECT_NO_THROW(T4<Mpfr>::RankCorollary(ctx, t2, Mpfr(1e-3)));
}

TEST(T4NegativeControl, KMinusOneFailsAtLinearStationaryPoint) {
  theory_test::ExpectCounterexample("T4 with K - 1 in place of K", [] {
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto s = theory_test::DrawLinearStationary();
    const auto ctx = NetworkContext<Mpfr>::Build(s.spec, s.theta, s.data.Features<Mpfr>(), s.data.labels);
    const auto t2 = T2<Mpfr>::Compute(ctx, 1);
    // (T4 with K is not applicable, i.e. holds by shape, when dim = K.)
    return theory_test::Compare(T4<Mpfr>::Tail(ctx, t2), T4<Mpfr>::Tail(ctx, t2, s.spec.num_classes() - 1));
  });
}

}  // namespace
}  // namespace nrc
