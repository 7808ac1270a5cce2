// T7 (loss-gradient bounds): property over random problems in MPFR and double;
// negative controls: the cross-entropy bound ||delta_L,i|| <= min(1, loss_i)
// without its factor sqrt(2), which fails for confident predictions whose
// remaining probability sits on one wrong class; the MSE identity with
// sqrt(loss_i) in place of sqrt(2 loss_i).
#include "theory/t7.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T7, LossGradientBoundsHoldAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    return std::vector<T7<T>>{T7<T>::Compute(ctx)};
  });
}

TEST(T7NegativeControl, CrossEntropyBoundWithoutSqrt2IsRefuted) {
  testing::RandomProblemOptions options;
  options.losses = {"ce"};
  theory_test::ExpectCounterexample("T7 (CE) without sqrt(2)", [options] {
    const auto prob = *testing::GenRandomProblem(options);
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    return theory_test::Compare(T7<Mpfr>::Compute(ctx), T7<Mpfr>::Compute(ctx, Mpfr(1)));
  });
}

// The MSE form: the identity ||delta_L,i|| = sqrt(2 loss_i) with sqrt(loss_i)
// in its place, on the sample with the largest loss (refuted whenever that
// loss is not at rounding level: the two sides differ by a factor sqrt(2)).
TEST(T7NegativeControl, MseIdentityWithSqrtLossIsRefuted) {
  testing::RandomProblemOptions options;
  options.losses = {"mse"};
  theory_test::ExpectCounterexample("T7 (MSE) with sqrt(loss) in place of sqrt(2 loss)", [options] {
    const auto prob = *testing::GenRandomProblem(options);
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    const auto t7 = T7<Mpfr>::Compute(ctx);
    Eigen::Index i = 0;
    t7.loss.maxCoeff(&i);
    const Mpfr b = sqrt(t7.loss(i));
    const std::string who = "," + std::to_string(i);
    return theory_test::Compare(t7, Inequality<Mpfr>::Equal("||delta_L" + who + "||", t7.delta_norm(i),
                                                           "sqrt(loss" + who + ")", b,
                                                           ctx.error.Estimate(t7.delta_norm(i), b)));
  });
}

}  // namespace
}  // namespace nrc
