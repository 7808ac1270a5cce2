// T5 (signal to cluster variation): property over random problems in MPFR and
// double; negative control: the bound halved (a property that cannot detect a
// factor 2 proves little).
#include "theory/t5.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T5, SignalToClusterVariationHoldsAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothPrecisions<T5>([](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    out->push_back(T5<T>::Compute(ctx, T2<T>::Compute(ctx, l)));
  });
}

TEST(T5NegativeControl, HalvedBoundIsRefuted) {
  theory_test::ExpectCounterexample("T5 with min(x2, y) / 2", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const auto t5 = T5<Mpfr>::Compute(ctx, t2);
      cases->push_back(theory_test::Compare(t5, Inequality<Mpfr>::LessEqual("x0", t5.x0, "min(x2, y)/2",
                                                                           Mpfr(t5.headline.rhs / 2),
                                                                           t5.headline.error)));
    });
  });
}

}  // namespace
}  // namespace nrc
