// T5 (signal to cluster variation): property over random problems in MPFR and
// double; negative control: the bound halved (a property that cannot detect a
// factor 2 proves little).
#include "theory/t5.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T5, SignalToClusterVariationHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T5<T>> out;
    for (int l = 1; l <= ctx.L; ++l) out.push_back(T5<T>::Compute(ctx, T2<T>::Compute(ctx, l)));
    return out;
  });
}

TEST(T5NegativeControl, HalvedBoundIsRefuted) {
  theory_test::ExpectCounterexample("T5 with min(x2, y) / 2", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t5 = T5<Mpfr>::Compute(ctx, T2<Mpfr>::Compute(ctx, l));
      cases.push_back(theory_test::Compare(t5, Inequality<Mpfr>::LessEqual("x0", t5.x0, "min(x2, y)/2",
                                                                          Mpfr(t5.headline.rhs / 2),
                                                                          t5.headline.error)));
    }
    return cases;
  });
}

}  // namespace
}  // namespace nrc
