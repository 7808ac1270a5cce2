// T12 (projected certified bound): property in both norms over random problems
// in MPFR and double (including T12 <= T3); negative control: T12 without its
// G_l term at random parameters.
#include "theory/t12.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T12, ProjectedBoundHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T12<T>> out;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t2 = T2<T>::Compute(ctx, l);
      for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) out.push_back(T12<T>::Compute(ctx, t2, T3<T>::Compute(ctx, t2, n), n));
    }
    return out;
  });
}

TEST(T12NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T12 without the G_l term", [](const RandomProblem& prob) {
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t2 = T2<Mpfr>::Compute(ctx, l);
      const auto t12 = T12<Mpfr>::Compute(ctx, t2, T3<Mpfr>::Compute(ctx, t2, Norm::kFrobenius), Norm::kFrobenius);
      const auto control = Inequality<Mpfr>::LessEqual("dist_K", t12.dist, "projected cluster term",
                                                       t12.cluster_term, t12.headline.error);
      RC_ASSERT(!theory_test::Refuted(control));
    }
  });
}

}  // namespace
}  // namespace nrc
