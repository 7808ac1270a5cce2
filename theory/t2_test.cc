// T2 (rank-K split): property over random problems in MPFR and double;
// negative control: rank K - 1 for P_l.
#include "theory/t2.h"

#include "theory/detail/property_support.h"

namespace nrc {
namespace {

using testing::RandomProblem;

RC_GTEST_PROP(T2, RankKSplitHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  theory_test::CheckInBothPrecisions(prob, [](const auto& ctx) {
    using T = typename std::decay_t<decltype(ctx)>::Scalar;
    std::vector<T2<T>> out;
    for (int l = 1; l <= ctx.L; ++l) out.push_back(T2<T>::Compute(ctx, l));
    return out;
  });
}

TEST(T2NegativeControl, RankKMinusOneIsRefuted) {
  theory_test::ExpectCounterexample("T2 with rank P_l <= K - 1", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l)
      cases.push_back(theory_test::Compare(T2<Mpfr>::Compute(ctx, l), T2<Mpfr>::Compute(ctx, l, ctx.K - 1)));
    return cases;
  });
}

}  // namespace
}  // namespace nrc
