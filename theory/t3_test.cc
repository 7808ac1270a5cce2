// T3 (certified distance to rank K): property in both norms over random
// problems in MPFR and double; negative control: T3 without its G_l term at
// random (non-stationary) parameters.
#include "theory/t3.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T3, CertifiedDistanceHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T3<T>> out;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t2 = T2<T>::Compute(ctx, l);
      out.push_back(T3<T>::Compute(ctx, t2, Norm::kSpectral));
      out.push_back(T3<T>::Compute(ctx, t2, Norm::kFrobenius));
    }
    return out;
  });
}

TEST(T3NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T3 without the G_l term", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t3 = T3<Mpfr>::Compute(ctx, T2<Mpfr>::Compute(ctx, l), Norm::kFrobenius);
      cases.push_back(theory_test::Compare(t3, Inequality<Mpfr>::LessEqual("dist_K", t3.dist, "cluster term",
                                                                          t3.cluster_term, t3.headline.error)));
    }
    return cases;
  });
}

}  // namespace
}  // namespace nrc
