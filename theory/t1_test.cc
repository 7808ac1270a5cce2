// T1 (gradient identity): property over random problems in MPFR and double;
// negative control: a gradient with one layer's weight decay dropped.
#include "theory/t1.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;
using theory_test::CheckInBothPrecisions;

auto AllLayersT1 = [](const auto& ctx) {
  using T = typename std::decay_t<decltype(ctx)>::Scalar;
  std::vector<T1<T>> out;
  for (int l = 1; l <= ctx.L; ++l) out.push_back(T1<T>::Compute(ctx, l));
  return out;
};

RC_GTEST_PROP(T1, GradientIdentityHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  CheckInBothPrecisions(prob, AllLayersT1);
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
