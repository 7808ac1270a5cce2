// T6 (back-propagated signal bound): property over random problems in MPFR and
// double; negative control: the bound halved.
#include "theory/t6.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T6, BackpropagatedSignalBoundHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  RC_PRE(prob.spec.depth() >= 2);  // T6 is about l < L
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T6<T>> out;
    for (int l = 1; l <= ctx.L; ++l) out.push_back(T6<T>::Compute(ctx, l));
    return out;
  });
}

TEST(T6NegativeControl, HalvedBoundIsRefuted) {
  theory_test::ExpectCounterexample("T6 with C_l / 2", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l < ctx.L; ++l)
      cases.push_back(theory_test::Compare(T6<Mpfr>::Compute(ctx, l), T6<Mpfr>::Compute(ctx, l, Mpfr(0.5))));
    return cases;
  });
}

}  // namespace
}  // namespace nrc
