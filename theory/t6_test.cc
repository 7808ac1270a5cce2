// T6 (back-propagated signal bound): property over random problems in MPFR and
// double; negative control: the bound halved.
#include "theory/t6.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T6, BackpropagatedSignalBoundHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  RC_PRE(prob.spec.depth() >= 2);  // T6 is about l < L
  theory_test::CheckEveryLayerInBothPrecisions<T6>(prob, [](const auto& ctx, int l, auto* out) {
    out->push_back(T6<theory_test::ScalarOf<decltype(ctx)>>::Compute(ctx, l));
  });
}

TEST(T6NegativeControl, HalvedBoundIsRefuted) {
  theory_test::ExpectCounterexample("T6 with C_l / 2", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const int l = t2.layer;
      if (l < ctx.L)
        cases->push_back(theory_test::Compare(T6<Mpfr>::Compute(ctx, l), T6<Mpfr>::Compute(ctx, l, Mpfr(0.5))));
    });
  });
}

}  // namespace
}  // namespace nrc
