// T1 (gradient identity): property over random problems in MPFR and double;
// negative control: a gradient with one layer's weight decay dropped.
#include "theory/t1.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T1, GradientIdentityHoldsAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothPrecisions<T1>([](const auto& ctx, int l, auto* out) {
    out->push_back(T1<theory_test::ScalarOf<decltype(ctx)>>::Compute(ctx, l));
  });
}

TEST(T1NegativeControl, DroppedWeightDecayIsDetected) {
  theory_test::ExpectCounterexample("T1 with lambda W_1 dropped from G_1", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    auto ctx = theory_test::ContextFor<Mpfr>(prob);
    const auto statement = T1<Mpfr>::Compute(ctx, 1);
    ctx.eval.gradient.W[1] -= ctx.lambda * ctx.W(1);
    return theory_test::Compare(statement, T1<Mpfr>::Compute(ctx, 1));
  });
}

}  // namespace
}  // namespace nrc
