// T7 (loss-gradient bounds): property over random problems in MPFR and double;
// negative controls: the cross-entropy bound ||delta_L,i|| <= min(1, loss_i)
// without its factor sqrt(2), which fails for confident predictions whose
// remaining probability sits on one wrong class; the MSE identity with
// sqrt(loss_i) in place of sqrt(2 loss_i).
#include "theory/t7.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

// A control's case in MPFR: `make(ctx)` at a random problem whose loss is `loss`.
template <class Make>
theory_test::ControlCase MpfrCaseWithLoss(const std::string& loss, Make&& make) {
  testing::RandomProblemOptions options;
  options.losses = {loss};
  const auto prob = *testing::GenRandomProblem(options);
  ScopedMpfrPrecision guard(theory_test::kMpfrBits);
  return make(theory_test::ContextFor<Mpfr>(prob));
}

RC_GTEST_PROP(T7, LossGradientBoundsHoldAtEveryTheta, ()) {
  theory_test::CheckInBothPrecisions(*theory_test::GenProblem(), [](const auto& ctx) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    return std::vector<T7<T>>{T7<T>::Compute(ctx)};
  });
}

TEST(T7NegativeControl, CrossEntropyBoundWithoutSqrt2IsRefuted) {
  theory_test::ExpectCounterexample("T7 (CE) without sqrt(2)", [] {
    return MpfrCaseWithLoss("ce", [](const NetworkContext<Mpfr>& ctx) {
      return theory_test::Compare(T7<Mpfr>::Compute(ctx), T7<Mpfr>::Compute(ctx, Mpfr(1)));
    });
  });
}

// The MSE form: the identity ||delta_L,i|| = sqrt(2 loss_i) with sqrt(loss_i)
// in its place, on the sample with the largest loss (refuted whenever that
// loss is not at rounding level: the two sides differ by a factor sqrt(2)).
TEST(T7NegativeControl, MseIdentityWithSqrtLossIsRefuted) {
  theory_test::ExpectCounterexample("T7 (MSE) with sqrt(loss) in place of sqrt(2 loss)", [] {
    return MpfrCaseWithLoss("mse", [](const NetworkContext<Mpfr>& ctx) {
      const auto t7 = T7<Mpfr>::Compute(ctx);
      Eigen::Index i = 0;
      t7.loss.maxCoeff(&i);
      const Mpfr b = sqrt(t7.loss(i));
      const std::string who = "," + std::to_string(i);
      return theory_test::Compare(t7, Inequality<Mpfr>::Equal("||delta_L" + who + "||", t7.delta_norm(i),
                                                             "sqrt(loss" + who + ")", b,
                                                             ctx.error.Estimate(t7.delta_norm(i), b)));
    });
  });
}

}  // namespace
}  // namespace nrc
