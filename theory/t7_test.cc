// T7 (loss-gradient bounds): property over random problems in MPFR and double;
// negative control: the cross-entropy bound ||delta_L,i|| <= min(1, loss_i)
// without its factor sqrt(2), which fails for confident predictions whose
// remaining probability sits on one wrong class.
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
    RC_ASSERT(!theory_test::Refuted(T7<Mpfr>::Compute(ctx, Mpfr(1)).headline));
  });
}

}  // namespace
}  // namespace nrc
