// Property tests: the analytic gradient and Hessian-vector product of
// nets/mlp.h equal central finite differences computed in MPFR at 256 bits,
// over random architectures, activations, losses, biases and parameters.
//
// Step h = 2^-40. Truncation error of a central difference is
// (h^2 / 6) |f'''| ~ 1.5e-25 |f'''|; rounding error is ~ eps |f| / h ~ 1e-65.
// The tolerance 1e-18 (1 + |value|) therefore allows |f'''| up to ~1e7, far
// above what networks of these sizes and scales reach, while a wrong formula
// gives errors of the order of the derivative itself.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <random>
#include <type_traits>
#include <vector>

#include "nets/mlp.h"
#include "numerics/precision.h"
#include "tests/support/random_problem.h"

namespace nrc {
namespace {

constexpr int kBits = 256;
const double kTolerance = 1e-18;

Mpfr Step() { return Mpfr(1) / Mpfr(1099511627776.0); }  // 2^-40

// Kinks of ReLU-type activations break finite differences: require every
// pre-activation to be at least 2^-30 away from 0 along the whole segment.
bool AwayFromKinks(const MlpSpec& spec, const MlpEvaluation<Mpfr>& ev) {
  const auto kind = spec.activation.kind();
  if (kind != ActivationKind::kRelu && kind != ActivationKind::kLeakyRelu) return true;
  for (int l = 1; l < spec.depth(); ++l) {
    if (ev.A[l].cwiseAbs().minCoeff() < Mpfr(1e-9)) return false;
  }
  return true;
}

// The central difference (f(x + h d) - f(x - h d)) / (2 h), h = Step(), of a
// function f returning an Mpfr or a Vector<Mpfr>.
template <class F>
auto CentralDifference(const F& f, const Vector<Mpfr>& x, const Vector<Mpfr>& d) {
  using Value = std::decay_t<decltype(f(x))>;
  const Mpfr h = Step();
  return Value((f(x + h * d) - f(x - h * d)) / (2 * h));
}

// The objective J of (spec, X, labels) as a function of the flattened parameters.
auto Objective(const MlpSpec& spec, const Matrix<Mpfr>& X, const std::vector<int>& labels) {
  return [&spec, &X, &labels](const Vector<Mpfr>& y) {
    return Evaluate(spec, MlpParameters<Mpfr>::Unflatten(spec, y), X, labels, EvaluationLevel::kObjective).objective;
  };
}

// A direction with n entries drawn uniformly from {-1, -0.999, ..., 1} by rng.
Vector<Mpfr> RandomDirection(Eigen::Index n, std::mt19937_64* rng) {
  Vector<Mpfr> v(n);
  for (Eigen::Index k = 0; k < n; ++k) v(k) = Mpfr(double((*rng)() % 2001) / 1000.0 - 1.0);
  return v;
}

// A random problem in MPFR (the caller holds the kBits guard), evaluated at its
// parameters; problems near a kink are discarded (RC_PRE).
struct MpfrProblem {
  MlpParameters<Mpfr> theta;
  Matrix<Mpfr> X;
  MlpEvaluation<Mpfr> ev;
};
MpfrProblem EvaluateAwayFromKinks(const testing::RandomProblem& prob) {
  MpfrProblem p;
  p.theta = prob.theta.Cast<Mpfr>();
  p.X = prob.data.Features<Mpfr>();
  p.ev = Evaluate(prob.spec, p.theta, p.X, prob.data.labels);
  RC_PRE(AwayFromKinks(prob.spec, p.ev));
  return p;
}

RC_GTEST_PROP(MlpGradient, EqualsMpfrCentralDifferences, (const testing::RandomProblem& prob)) {
  ScopedMpfrPrecision guard(kBits);
  const MpfrProblem p = EvaluateAwayFromKinks(prob);
  RC_CLASSIFY(prob.spec.loss.kind() == LossKind::kMse, "mse");
  RC_CLASSIFY(prob.spec.any_bias(), "bias");
  RC_CLASSIFY(prob.spec.depth() >= 3, "deep");
  RC_TAG(prob.spec.activation.Name());
  const Vector<Mpfr> g = p.ev.gradient.Flatten();
  const Vector<Mpfr> x = p.theta.Flatten();
  const auto J = Objective(prob.spec, p.X, prob.data.labels);
  // A random direction (from the problem's seed) checks every coordinate at once,
  // and three coordinates are checked one by one.
  std::mt19937_64 rng(prob.seed + 1);
  const Vector<Mpfr> v = RandomDirection(x.size(), &rng);
  const Mpfr fd = CentralDifference(J, x, v);
  const Mpfr exact = g.dot(v);
  RC_ASSERT(ToDouble(abs(fd - exact)) <= kTolerance * (1 + ToDouble(abs(exact))));
  for (int t = 0; t < 3; ++t) {
    const Eigen::Index k = rng() % x.size();
    const Mpfr fdk = CentralDifference(J, x, Vector<Mpfr>::Unit(x.size(), k));
    RC_ASSERT(ToDouble(abs(fdk - g(k))) <= kTolerance * (1 + ToDouble(abs(g(k)))));
  }
}

RC_GTEST_PROP(MlpHessian, VectorProductEqualsMpfrDifferencesOfGradient, (const testing::RandomProblem& prob)) {
  ScopedMpfrPrecision guard(kBits);
  const MpfrProblem p = EvaluateAwayFromKinks(prob);
  RC_TAG(prob.spec.activation.Name());
  std::mt19937_64 rng(prob.seed + 2);
  const Vector<Mpfr> v = RandomDirection(prob.spec.NumParameters(), &rng);
  const auto V = MlpParameters<Mpfr>::Unflatten(prob.spec, v);
  const Vector<Mpfr> hv = HessianVectorProduct(prob.spec, p.theta, p.X, prob.data.labels, p.ev, V).Flatten();
  auto grad = [&](const Vector<Mpfr>& y) {
    return Evaluate(prob.spec, MlpParameters<Mpfr>::Unflatten(prob.spec, y), p.X, prob.data.labels)
        .gradient.Flatten();
  };
  const Vector<Mpfr> fd = CentralDifference(grad, p.theta.Flatten(), v);
  RC_ASSERT(ToDouble((fd - hv).cwiseAbs().maxCoeff()) <= kTolerance * (1 + ToDouble(hv.cwiseAbs().maxCoeff())));
}

// Negative control: a gradient with one layer's weight-decay term dropped must
// be caught by the same comparison (otherwise the check proves nothing).
TEST(MlpGradientNegativeControl, DroppedWeightDecayIsDetected) {
  ScopedMpfrPrecision guard(kBits);
  const auto spec = MlpSpec::Uniform({3, 4, 2}, Activation::Parse("tanh"), Loss(), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 6, 5, 1.0, 1.0);
  const auto theta = prob.theta.Cast<Mpfr>();
  const Matrix<Mpfr> X = prob.data.Features<Mpfr>();
  auto ev = Evaluate(spec, theta, X, prob.data.labels);
  ev.gradient.W[1] -= Mpfr(spec.lambda) * theta.W[1];
  const Vector<Mpfr> x = theta.Flatten();
  const Vector<Mpfr> g = ev.gradient.Flatten();
  const Eigen::Index k = 0;  // first entry of W_1
  const Mpfr fdk = CentralDifference(Objective(spec, X, prob.data.labels), x, Vector<Mpfr>::Unit(x.size(), k));
  EXPECT_GT(ToDouble(abs(fdk - g(k))), kTolerance * (1 + ToDouble(abs(g(k)))));
}

}  // namespace
}  // namespace nrc
