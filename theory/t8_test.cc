// T8 (the explicit bound and its chain T3 <= T5 <= T6 <= T8): property over
// random problems in MPFR and double; negative control: T8 without its
// gradient term at random (non-stationary) parameters.
#include "theory/t8.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

template <class T>
T8<T> ComputeT8(const NetworkContext<T>& ctx, int l) {
  const auto t2 = T2<T>::Compute(ctx, l);
  return T8<T>::Compute(ctx, T3<T>::Compute(ctx, t2, Norm::kFrobenius), T5<T>::Compute(ctx, t2));
}

RC_GTEST_PROP(T8, ExplicitBoundAndChainHoldAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T8<T>> out;
    for (int l = 1; l <= ctx.L; ++l) out.push_back(ComputeT8(ctx, l));
    return out;
  });
}

TEST(T8NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T8 without the G_l term", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t8 = ComputeT8(ctx, l);
      cases.push_back(theory_test::Compare(t8, Inequality<Mpfr>::LessEqual("dist_K", t8.dist, "T8 - grad term",
                                                                          Mpfr(t8.t8 - t8.grad_term),
                                                                          t8.headline.error)));
    }
    return cases;
  });
}

}  // namespace
}  // namespace nrc
