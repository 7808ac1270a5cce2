// T12 (projected certified bound): property in both norms over random problems
// in MPFR and double (including T12 <= T3); negative controls: T12 without its
// G_l term at random parameters, and T12 with its projector replaced by one
// onto another K-dimensional span (the dominant left singular subspace of R_l).
#include "theory/t12.h"

#include <algorithm>

#include "numerics/products.h"
#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T12, ProjectedBoundHoldsAtEveryTheta, ()) {
  theory_test::CheckEveryLayerInBothNorms<T12>([](const auto& ctx, const auto& t2, Norm n) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    return T12<T>::Compute(ctx, t2, T3<T>::Compute(ctx, t2, n), n);
  });
}

TEST(T12NegativeControl, WithoutGradientTermIsRefuted) {
  theory_test::ExpectCounterexample("T12 without the G_l term", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const auto t12 = T12<Mpfr>::Compute(ctx, t2, T3<Mpfr>::Compute(ctx, t2, Norm::kFrobenius), Norm::kFrobenius);
      cases->push_back(theory_test::Compare(t12, Inequality<Mpfr>::LessEqual("dist_K", t12.dist,
                                                                            "projected cluster term",
                                                                            t12.cluster_term, t12.headline.error)));
    });
  });
}

// T12's projector: Pi_l must project onto a space containing span{S_1..S_K}
// (so that P_l + Pi_l R_l has rank <= K). With Pi replaced by the projector
// onto another K-dimensional span -- the dominant left singular subspace of
// R_l, the span that makes |||(I - Pi')R_l||| smallest -- the first step of
// T12, dist_K(W_l) <= |||(I - Pi')R_l||| = dist_K(R_l), is false in general:
// W_l = P_l + R_l has rank up to 2K. (A uniformly random K-dimensional span
// was tried first: at random parameters it removes too little of R_l, and
// 200 cases found no counterexample.)
TEST(T12NegativeControl, ProjectorOntoAnotherSpanIsRefuted) {
  theory_test::ExpectCounterexample("T12 with Pi onto the dominant K-dim subspace of R_l", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const int l = t2.layer;
      const Norm norm = Norm::kFrobenius;
      const auto t12 = T12<Mpfr>::Compute(ctx, t2, T3<Mpfr>::Compute(ctx, t2, norm), norm);
      const Matrix<Mpfr> U = ComputeSvd(t2.R, SvdMethod::kJacobi).u;
      const Matrix<Mpfr> Q = U.leftCols(std::min<Eigen::Index>(ctx.K, U.cols()));
      const Matrix<Mpfr> IPR = t2.R - Product(Q, ProductAtB(Q, t2.R));
      StatementResult<Mpfr> w;
      w.statement = "T12 (Pi onto R's dominant span)";
      w.layer = l;
      w.norm = NormName(norm);
      const Mpfr norm_R = NetworkContext<Mpfr>::NormOf(IPR, norm);
      w.headline = Inequality<Mpfr>::LessEqual("dist_K(W)", t12.dist, "|||(I-Pi')R|||", norm_R,
                                               ctx.error.Estimate(t12.dist, norm_R, ctx.SplitScale(l)));
      cases->push_back(theory_test::Compare(t12, w));
    });
  });
}

}  // namespace
}  // namespace nrc
