// T8 (the explicit bound and its chain T3 <= T5 <= T6 <= T8): property over
// random problems in MPFR and double; negative control: T8 without its
// gradient term at random (non-stationary) parameters.
#include "theory/t8.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

template <class T>
T8<T> ComputeT8(const NetworkContext<T>& ctx, const T2<T>& t2) {
  return T8<T>::Compute(ctx, T3<T>::Compute(ctx, t2, Norm::kFrobenius), T5<T>::Compute(ctx, t2));
}

RC_GTEST_PROP(T8, ExplicitBoundAndChainHoldAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothPrecisions<T8>([](const auto& ctx, int l, auto* out) {
    out->push_back(ComputeT8(ctx, T2<theory_test::ScalarOf<decltype(ctx)>>::Compute(ctx, l)));
  });
}

TEST(T8NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T8 without the G_l term", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const auto t8 = ComputeT8(ctx, t2);
      cases->push_back(theory_test::Compare(t8, Inequality<Mpfr>::LessEqual("dist_K", t8.dist, "T8 - grad term",
                                                                           Mpfr(t8.t8 - t8.grad_term),
                                                                           t8.headline.error)));
    });
  });
}

}  // namespace
}  // namespace nrc
