// T13 (projected bound with optimal free directions): property in both norms
// over random problems in MPFR and double (including T13 <= T12 for the same
// projector); negative controls: a rank-r projector of the wrong span (the top
// r left singular directions of R_l, whose range does not contain col(P_l)),
// and the off-by-one index dist_{K-r+1} (sigma_{K-r+2}) in place of dist_{K-r}
// (sigma_{K-r+1}). Plus determinism: the bound does not depend on the order
// of the classes' columns beyond rounding.
#include "theory/t13.h"

#include "tests/support/property_support.h"
#include "theory/t12.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T13, ProjectedBoundWithFreeDirectionsHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  RC_CLASSIFY(prob.spec.any_bias() && prob.spec.lambda_b == 0, "free bias");
  theory_test::CheckEveryLayerInBothPrecisions<T13>(prob, [](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    const auto t2 = T2<T>::Compute(ctx, l);
    const auto proj = SignalProjection<T>::Compute(ctx, t2);
    for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) {
      auto t13 = T13<T>::Compute(ctx, t2, proj, n);
      // T12 is the case r = K: for the same projector T13's bound is never larger.
      const auto same = T13<T>::ForChoice(ctx, t2, proj, proj.choices[0], n);
      const auto t12 = T12<T>::Compute(ctx, t2, proj, T3<T>::Compute(ctx, t2, n), n);
      RC_ASSERT(t13.bound <= same.bound + t13.headline.error);
      // T13(c*) <= T12(c*) for T12's own choice, hence the minimum over c* too.
      t13.CompareBound(ctx, "T13 bound", "T12", t12.bound, proj.scale);
      out->push_back(std::move(t13));
    }
  });
}

// A control's cases at one random problem in MPFR: `make(ctx, t2, proj, &cases)`
// on every layer a control can refute: those with a tail (min(d_l, d_{l-1}) > K).
template <class F>
std::vector<theory_test::ControlCase> CasesOnLayersWithTail(F&& make) {
  const auto prob = *theory_test::GenProblem();
  return theory_test::MpfrCasesPerLayer(prob, [&](const auto& ctx, const auto& t2, auto* cases) {
    const int l = t2.layer;
    if (std::min(ctx.W(l).rows(), ctx.W(l).cols()) > ctx.K) make(ctx, t2, SignalProjection<Mpfr>::Compute(ctx, t2), cases);
  });
}

TEST(T13NegativeControl, WrongSpanIsRefuted) {
  theory_test::ExpectCounterexample("T13 with a rank-r projector of the wrong span", [] {
    return CasesOnLayersWithTail([](const auto& ctx, const auto& t2, const auto& proj, auto* cases) {
      const int r = proj.choices[0].rank;
      // Span of the top r left singular vectors of R_l: not col(P_l); leak taken as 0.
      const Matrix<Mpfr> U = ComputeSvd(t2.R, SvdMethod::kJacobi).u.leftCols(r);
      const auto wrong = SignalProjection<Mpfr>::Choice::Span(ctx, t2, U, -1);
      const auto t13 = T13<Mpfr>::Compute(ctx, t2, proj, Norm::kSpectral);
      const auto bad = T13<Mpfr>::ForChoice(ctx, t2, proj, wrong, Norm::kSpectral);
      cases->push_back(theory_test::Compare(
          t13, Inequality<Mpfr>::LessEqual("dist_K", bad.dist, "dist_{K-r}((I-Pi_wrong)R)", bad.projected_R,
                                           bad.headline.error)));
    });
  });
}

TEST(T13NegativeControl, OffByOneIndexIsRefuted) {
  theory_test::ExpectCounterexample("T13 with sigma_{K-r+2} in place of sigma_{K-r+1}", [] {
    return CasesOnLayersWithTail([](const auto& ctx, const auto& t2, const auto& proj, auto* cases) {
      for (const auto& c : proj.choices) {
        const auto t13 = T13<Mpfr>::ForChoice(ctx, t2, proj, c, Norm::kSpectral);
        const auto shifted = T13<Mpfr>::ForChoice(ctx, t2, proj, c, Norm::kSpectral, 1);
        cases->push_back(theory_test::Compare(
            t13, Inequality<Mpfr>::LessEqual("dist_K", shifted.dist, "dist_{K-r+1}((I-Pi)R) + leak",
                                             Mpfr(shifted.projected_R + shifted.leak), shifted.headline.error)));
      }
    });
  });
}

// The projector is a function of the span only: permuting the classes (the
// columns S_c) changes T13's and T12's bounds by rounding only, and names the
// same dropped class.
TEST(T13, BoundDoesNotDependOnClassOrder) {
  ScopedMpfrPrecision guard(theory_test::kMpfrBits);
  // A fixed free-bias problem: Gaussian clusters (K = 4, d = 6; the data of
  // MakeLinearStationary), a 6-8-4 tanh network with free biases at random theta.
  const auto s = theory_test::MakeLinearStationary(4, 6, 4, 1e-2, 1e-2, 7);
  MlpSpec spec = MlpSpec::Uniform({6, 8, 4}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  auto theta = MlpParameters<double>::RandomInit(spec, 11);
  std::vector<int> perm = {2, 0, 3, 1};
  std::vector<int> labels2(s.data.labels.size());
  for (std::size_t i = 0; i < labels2.size(); ++i) labels2[i] = perm[s.data.labels[i]];
  // Relabelling permutes the output rows: permute W_L's rows and b_L to match.
  auto theta2 = theta;
  for (int c = 0; c < 4; ++c) {
    theta2.W[2].row(perm[c]) = theta.W[2].row(c);
    theta2.b[2](perm[c]) = theta.b[2](c);
  }
  const Matrix<Mpfr> X = s.data.Features<Mpfr>();
  const auto a = NetworkContext<Mpfr>::Build(spec, theta.Cast<Mpfr>(), X, s.data.labels);
  const auto b = NetworkContext<Mpfr>::Build(spec, theta2.Cast<Mpfr>(), X, labels2);
  for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) {
    const auto ta = T13<Mpfr>::Compute(a, T2<Mpfr>::Compute(a, 1), n);
    const auto tb = T13<Mpfr>::Compute(b, T2<Mpfr>::Compute(b, 1), n);
    EXPECT_LE(abs(Mpfr(ta.bound - tb.bound)), ta.headline.error) << NormName(n);
    ASSERT_GE(ta.dropped_class, 0);
    EXPECT_EQ(perm[ta.dropped_class], tb.dropped_class);
  }
}

}  // namespace
}  // namespace nrc
