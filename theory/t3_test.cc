// T3 (certified distance to rank K): property in both norms over random
// problems in MPFR and double; negative control: T3 without its G_l term at
// random (non-stationary) parameters.
#include "theory/t3.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T3, CertifiedDistanceHoldsAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothNorms<T3>([](const auto& ctx, const auto& t2, Norm n) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    return T3<T>::Compute(ctx, t2, n);
  });
}

TEST(T3NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T3 without the G_l term", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const auto t3 = T3<Mpfr>::Compute(ctx, t2, Norm::kFrobenius);
      cases->push_back(theory_test::Compare(t3, Inequality<Mpfr>::LessEqual("dist_K", t3.dist, "cluster term",
                                                                           t3.cluster_term, t3.headline.error)));
    });
  });
}

}  // namespace
}  // namespace nrc
