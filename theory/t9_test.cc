// T9 (variability of earlier layers): property (the bound with the best
// earlier layer, and the V and TCV propagation between every pair of layers)
// over random problems in MPFR and double; negative control: the V
// propagation with its bound halved.
#include "theory/t9.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T9, EarlierLayerVariabilityBoundsHoldAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T9<T>> out;
    for (int l = 1; l <= ctx.L; ++l) out.push_back(T9<T>::Bound(ctx, l));
    for (int m = 1; m < ctx.L; ++m) {
      out.push_back(T9<T>::Propagation(ctx, m, true));
      out.push_back(T9<T>::Propagation(ctx, m, false));
    }
    return out;
  });
}

TEST(T9NegativeControl, HalvedPropagationIsRefuted) {
  theory_test::ExpectCounterexample("T9 V propagation with Lambda^2 / 2", [](const RandomProblem& prob) {
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    for (int m = 1; m < ctx.L; ++m)
      RC_ASSERT(T9<Mpfr>::Propagation(ctx, m, true, Mpfr(0.5)).outcome() != Outcome::kViolated);
  });
}

}  // namespace
}  // namespace nrc
