// T2 (rank-K split): property over random problems in MPFR and double;
// negative control: rank K - 1 for P_l.
#include "theory/t2.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T2, RankKSplitHoldsAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothPrecisions<T2>([](const auto& ctx, int l, auto* out) {
    out->push_back(T2<theory_test::ScalarOf<decltype(ctx)>>::Compute(ctx, l));
  });
}

TEST(T2NegativeControl, RankKMinusOneIsRefuted) {
  theory_test::ExpectCounterexample("T2 with rank P_l <= K - 1", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      cases->push_back(theory_test::Compare(t2, T2<Mpfr>::Compute(ctx, t2.layer, ctx.K - 1)));
    });
  });
}

}  // namespace
}  // namespace nrc
