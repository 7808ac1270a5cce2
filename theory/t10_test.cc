// T10 (rank K-1 with free biases): property in both norms over random
// problems in MPFR and double; negative control: T10 without its middle term
// ||m_l|| ||mu_G|| at the exact stationary point of a bias-free linear model on
// clusters with small within-class variability (W has rank K there, so
// dist_{K-1}(W) is of order one while G = 0 and the cluster term is tiny).
#include "theory/t10.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T10, RankKMinusOneBoundHoldsAtEveryTheta, ()) {
  const auto prob = *theory_test::GenProblem();
  RC_PRE(prob.spec.num_classes() >= 2);  // T10's hypothesis K >= 2
  theory_test::CheckEveryLayerInBothNorms<T10>(prob, [](const auto& ctx, const auto& t2, Norm n) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    return T10<T>::Compute(ctx, t2, n);
  });
}

TEST(T10NegativeControl, WithoutMiddleTermFailsAtBiasFreeStationaryPoint) {
  theory_test::ExpectCounterexample("T10 without ||m_l|| ||mu_G||, bias-free", [] {
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    const auto s = theory_test::DrawLinearStationary();
    const auto ctx = NetworkContext<Mpfr>::Build(s.spec, s.theta, s.data.Features<Mpfr>(), s.data.labels);
    const auto t10 = T10<Mpfr>::Compute(ctx, T2<Mpfr>::Compute(ctx, 1), Norm::kSpectral);
    return theory_test::Compare(t10, Inequality<Mpfr>::LessEqual("dist_{K-1}", t10.dist, "grad + cluster",
                                                                Mpfr(t10.grad_term + t10.cluster_term),
                                                                t10.headline.error));
  });
}

}  // namespace
}  // namespace nrc
