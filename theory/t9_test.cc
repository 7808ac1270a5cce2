// T9 (variability of earlier layers): property (the bound with the best
// earlier layer, and the V and TCV propagation between every pair of layers)
// over random problems in MPFR and double; negative controls: the V
// propagation with its bound halved, and the TCV propagation without its
// factor 2.
#include "theory/t9.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

RC_GTEST_PROP(T9, EarlierLayerVariabilityBoundsHoldAtEveryTheta, ()) {
  // Layer l's bound, and the propagation to embedding m = l (1 <= m < L).
  theory_test::CheckEveryLayerInBothPrecisions<T9>([](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    out->push_back(T9<T>::Bound(ctx, l));
    if (l == ctx.L) return;
    out->push_back(T9<T>::Propagation(ctx, l, true));
    out->push_back(T9<T>::Propagation(ctx, l, false));
  });
}

TEST(T9NegativeControl, HalvedPropagationIsRefuted) {
  theory_test::ExpectCounterexample("T9 V propagation with Lambda^2 / 2", [] {
    return theory_test::MpfrCasesPerLayer([](const auto& ctx, const auto& t2, auto* cases) {
      const int m = t2.layer;
      if (m < ctx.L)
        cases->push_back(theory_test::Compare(T9<Mpfr>::Propagation(ctx, m, true),
                                              T9<Mpfr>::Propagation(ctx, m, true, Mpfr(0.5))));
    });
  });
}

// T9's TCV factor 2: TCV(Z_m) <= Lambda TCV(Z_k) (factor 1) is false, because
// phi maps a class mean to a point that need not be the class mean of the
// images. Drawn family: 1-1-2 network, z_1 = |w x| (leaky ReLU with slope -1,
// Lip 1, no bias), class 0 = {-a, a, 0 (n0 times)}, class 1 positive samples
// (where |.| is an isometry). TCV(Z_0) = 2a + T, TCV(Z_1) = |w| (4 a n0 / (n0 + 2) + T):
// the factor-1 version fails iff n0 > 2; the statement (factor 2) always holds.
TEST(T9NegativeControl, TcvPropagationWithoutFactor2IsRefuted) {
  theory_test::ExpectCounterexample("T9 TCV propagation with 1 in place of 2", [] {
    const int n0 = *rc::gen::inRange(1, 9);
    const int n1 = *rc::gen::inRange(1, 5);
    const double a = *rc::gen::inRange(1, 21) / 10.0;
    const double w = *rc::gen::inRange(5, 21) / 10.0 * (*rc::gen::arbitrary<bool>() ? 1 : -1);
    const auto spec =
        MlpSpec::Uniform({1, 1, 2}, Activation::Parse("leaky_relu:-1"), Loss::Parse("mse"), false, 1e-2, 0.0);
    Dataset data;
    data.num_classes = 2;
    std::vector<double> x = {-a, a};
    for (int i = 0; i < n0; ++i) x.push_back(0);
    data.labels.assign(x.size(), 0);
    for (int i = 0; i < n1; ++i) {
      x.push_back(1 + *rc::gen::inRange(0, 100) / 50.0);
      data.labels.push_back(1);
    }
    data.X = Eigen::Map<const Matrix<double>>(x.data(), 1, static_cast<Eigen::Index>(x.size()));
    ScopedMpfrPrecision guard(theory_test::kMpfrBits);
    auto theta = MlpParameters<Mpfr>::Zeros(spec);
    theta.W[1](0, 0) = w;
    theta.W[2](0, 0) = 1;
    theta.W[2](1, 0) = -1;
    const auto ctx = NetworkContext<Mpfr>::Build(spec, theta, data.Features<Mpfr>(), data.labels);
    return theory_test::Compare(T9<Mpfr>::Propagation(ctx, 1, false),
                                T9<Mpfr>::Propagation(ctx, 1, false, Mpfr(0.5)));
  });
}

}  // namespace
}  // namespace nrc
