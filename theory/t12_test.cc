// T12 (projected certified bound): property in both norms over random problems
// in MPFR and double (including T12 <= T3); negative controls: T12 without its
// G_l term at random parameters, and T12 with its projector replaced by one
// onto a random K-dimensional subspace.
#include "theory/t12.h"

#include <random>

#include "numerics/products.h"
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
  theory_test::ExpectCounterexample("T12 without the G_l term", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t2 = T2<Mpfr>::Compute(ctx, l);
      const auto t12 = T12<Mpfr>::Compute(ctx, t2, T3<Mpfr>::Compute(ctx, t2, Norm::kFrobenius), Norm::kFrobenius);
      cases.push_back(theory_test::Compare(t12, Inequality<Mpfr>::LessEqual("dist_K", t12.dist,
                                                                           "projected cluster term",
                                                                           t12.cluster_term, t12.headline.error)));
    }
    return cases;
  });
}

// T12's projector: Pi_l must project onto a space containing span{S_1..S_K}
// (so that P_l + Pi_l R_l has rank <= K). With Pi replaced by the projector
// onto a random K-dimensional subspace (Q' from the thin QR/SVD of a Gaussian
// d_l x K matrix) both steps of T12, dist_K(W_l) <= |||(I - Pi')R_l||| and
// the bound (1/lambda)(|||G_l||| + (1/N)|||(I - Pi')Delta_l E^T|||), are
// false in general (layers with d_l > K; otherwise Pi' = I and dist_K = 0).
TEST(T12NegativeControl, ProjectorOntoRandomSubspaceIsRefuted) {
  theory_test::ExpectCounterexample("T12 with Pi onto a random K-dim subspace", [] {
    const auto prob = *rc::gen::arbitrary<RandomProblem>();
    const auto seed = *rc::gen::inRange<std::uint64_t>(0, 1000000);
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto ctx = theory_test::ContextFor<Mpfr>(prob);
    std::mt19937_64 rng(seed);
    std::normal_distribution<double> normal;
    std::vector<theory_test::ControlCase> cases;
    for (int l = 1; l <= ctx.L; ++l) {
      const auto t2 = T2<Mpfr>::Compute(ctx, l);
      const Norm norm = Norm::kFrobenius;
      const auto t12 = T12<Mpfr>::Compute(ctx, t2, T3<Mpfr>::Compute(ctx, t2, norm), norm);
      Matrix<Mpfr> gauss(t2.R.rows(), ctx.K);
      for (Eigen::Index i = 0; i < gauss.size(); ++i) gauss(i) = normal(rng);
      const Matrix<Mpfr> Q = ComputeSvd(gauss, SvdMethod::kJacobi).u;
      const Matrix<Mpfr> IPR = t2.R - Product(Q, ProductAtB(Q, t2.R));
      const Matrix<Mpfr> IPDE = t2.DE - Product(Q, ProductAtB(Q, t2.DE));
      StatementResult<Mpfr> w;
      w.statement = "T12 (random Pi)";
      w.layer = l;
      w.norm = NormName(norm);
      const Mpfr norm_R = NetworkContext<Mpfr>::NormOf(IPR, norm);
      const Mpfr bound = t12.grad_term + NetworkContext<Mpfr>::NormOf(IPDE, norm) / ctx.lambda;
      const Mpfr s = ctx.SplitScale(l);
      w.links.push_back(Inequality<Mpfr>::LessEqual("dist_K(W)", t12.dist, "|||(I-Pi')R|||", norm_R,
                                                    ctx.error.Estimate(t12.dist, norm_R, s)));
      w.headline = Inequality<Mpfr>::LessEqual("dist_K(W)", t12.dist, "T12 bound with Pi'", bound,
                                               ctx.error.Estimate(t12.dist, bound, s));
      cases.push_back(theory_test::Compare(t12, w));
    }
    return cases;
  });
}

}  // namespace
}  // namespace nrc
