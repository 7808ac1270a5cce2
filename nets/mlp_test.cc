// Unit tests for nets/: activations, losses, parameters, forward passes across
// precisions, and the Hessian against the gradient.
#include "nets/mlp.h"

#include <gtest/gtest.h>

#include <mpfr.h>

#include <cmath>
#include <cstdlib>
#include <type_traits>

#include "numerics/parallel.h"
#include "numerics/precision.h"
#include "tests/support/random_problem.h"

namespace nrc {
namespace {

TEST(Activation, ParseRoundTripsAndRejectsUnknown) {
  for (const auto& name : Activation::Names()) EXPECT_EQ(Activation::Parse(name).Name(), name);
  EXPECT_EQ(Activation::Parse("leaky_relu:0.2").leaky_slope(), 0.2);
  EXPECT_EQ(Activation::Parse(Activation::Parse("leaky_relu:0.2").Name()).leaky_slope(), 0.2);
  try {
    Activation::Parse("swish");
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("unknown activation 'swish'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(Activation::Parse("leaky_relu:x"), std::invalid_argument);
  EXPECT_THROW(Loss::Parse("hinge"), std::invalid_argument);
}

// Lip(s) = sup |s'|: compare with the largest |s'| on a fine grid (computed at
// 200 bits). The grid maximum can be below Lip by at most O(h^2 |s'''|), and
// must never exceed it.
TEST(Activation, LipschitzConstantsBoundTheDerivativeAndAreTight) {
  ScopedMpfrPrecision guard(200);
  for (const auto& name : Activation::Names()) {
    const Activation s = Activation::Parse(name);
    const int n = 40001;
    Matrix<Mpfr> A(1, n);
    for (int j = 0; j < n; ++j) A(0, j) = Mpfr(-20) + Mpfr(40) * j / (n - 1);
    const Matrix<Mpfr> Z = s.Apply<Mpfr>(A);
    const Matrix<Mpfr> D = s.Derivative<Mpfr>(A, Z);
    const Mpfr grid_max = D.cwiseAbs().maxCoeff();
    const Mpfr lip = s.Lipschitz<Mpfr>();
    EXPECT_LE(grid_max, lip) << name;
    EXPECT_GE(grid_max, lip * Mpfr(1 - 1e-6)) << name << " Lip " << ToDouble(lip) << " grid " << ToDouble(grid_max);
  }
  EXPECT_NEAR(Activation::Parse("gelu").Lipschitz<double>(), 1.1289, 1e-4);
  EXPECT_NEAR(Activation::Parse("silu").Lipschitz<double>(), 1.0998, 1e-4);
}

// s' and s'' against central differences at 200 bits (step 2^-40: truncation
// error ~h^2 |s'''| ~ 1e-24, rounding ~eps/h ~ 1e-48).
TEST(Activation, DerivativesMatchFiniteDifferences) {
  ScopedMpfrPrecision guard(200);
  const Mpfr h = Mpfr(1) / Mpfr(1099511627776.0);  // 2^-40
  for (const auto& name : Activation::Names()) {
    const Activation s = Activation::Parse(name);
    Matrix<Mpfr> A(1, 9);
    A << -3.1, -1.3, -0.7, -0.2, 0.15, 0.6, 1.41, 2.4, 4.2;  // no kink at 0
    const Matrix<Mpfr> Ap = (A.array() + h).matrix(), Am = (A.array() - h).matrix();
    const Matrix<Mpfr> Z = s.Apply<Mpfr>(A), S1 = s.Derivative<Mpfr>(A, Z), S2 = s.SecondDerivative<Mpfr>(A, Z, S1);
    const Matrix<Mpfr> fd1 = (s.Apply<Mpfr>(Ap) - s.Apply<Mpfr>(Am)) / (2 * h);
    const Matrix<Mpfr> fd2 = (s.Derivative<Mpfr>(Ap, s.Apply<Mpfr>(Ap)) - s.Derivative<Mpfr>(Am, s.Apply<Mpfr>(Am))) / (2 * h);
    EXPECT_LT(ToDouble((fd1 - S1).cwiseAbs().maxCoeff()), 1e-20) << name;
    EXPECT_LT(ToDouble((fd2 - S2).cwiseAbs().maxCoeff()), 1e-20) << name;
  }
}

// The vectorised double tanh against MPFR: at most 4 ulps relative. Analysis
// (nets/detail/activation_impl.h): |x| >= 0.625, exp's error of about one ulp
// of e <= 0.287 moves (1 - e)/(1 + e) by about 0.6 ulp, plus three roundings;
// |x| < 0.625, Cephes' rational (2.6e-16) plus four roundings: about 3 ulps
// in the worst case either way. The grid is dense near 0, where relative
// accuracy is hardest, and crosses the switch at 0.625.
TEST(Activation, DoubleTanhIsAccurateToFewUlps) {
  ScopedMpfrPrecision guard(200);
  Matrix<double> A(1, 8003);
  for (int j = 0; j < 4000; ++j) A(0, j) = std::ldexp(1.0 + j / 4000.0, -60 + j % 62) * (j % 2 ? 1 : -1);
  for (int j = 4000; j < 8000; ++j) A(0, j) = -25.0 + 50.0 * (j - 4000) / 4000.0;
  A(0, 8000) = 0.0;
  A(0, 8001) = 1e-300;
  A(0, 8002) = -800.0;
  const Matrix<double> Z = Activation::Parse("tanh").Apply<double>(A);
  double worst = 0, worst_x = 0;
  for (Eigen::Index j = 0; j < A.cols(); ++j) {
    const Mpfr exact = tanh(Mpfr(A(0, j)));
    const double err = exact == 0 ? std::abs(Z(0, j))
                                  : ToDouble(abs((Mpfr(Z(0, j)) - exact) / exact)) / std::numeric_limits<double>::epsilon();
    if (err > worst) {
      worst = err;
      worst_x = A(0, j);
    }
  }
  std::cout << "double tanh: worst relative error " << worst << " eps at x = " << worst_x << "\n";
  EXPECT_LE(worst, 4.0) << "at x = " << worst_x;
}

TEST(Activation, ReluConventionAtZero) {
  Matrix<double> A = Matrix<double>::Zero(1, 1);
  EXPECT_EQ(Activation::Parse("relu").Derivative<double>(A, A)(0, 0), 0.0);
  EXPECT_EQ(Activation::Parse("leaky_relu:0.1").Derivative<double>(A, A)(0, 0), 0.1);
}

TEST(Loss, CrossEntropyIsStableForHugeLogits) {
  Matrix<double> F(3, 2);
  F << 1000, -1000, 0, 0, -1000, 1000;
  const auto ev = Loss(LossKind::kCrossEntropy).Evaluate<double>(F, {0, 2});
  EXPECT_TRUE(std::isfinite(ev.mean));
  EXPECT_NEAR(ev.per_sample(0), 0.0, 1e-300);
  EXPECT_NEAR(ev.per_sample(1), 0.0, 1e-300);
  EXPECT_TRUE(ev.delta.allFinite());
}

TEST(Loss, MseMatchesHandComputation) {
  Matrix<double> F(2, 1);
  F << 0.5, 0.25;
  const auto ev = Loss(LossKind::kMse).Evaluate<double>(F, {1});
  // f - e_1 = (0.5, -0.75); loss = (0.25 + 0.5625) / 2 = 0.40625
  EXPECT_EQ(ev.per_sample(0), 0.40625);
  EXPECT_EQ(ev.delta(0, 0), 0.5);
  EXPECT_EQ(ev.delta(1, 0), -0.75);
}

TEST(MlpSpec, ValidationNamesTheProblem) {
  auto spec = MlpSpec::Uniform({4, 3, 2}, Activation(), Loss(), true, 1e-3, 0.0);
  EXPECT_NO_THROW(spec.Validate());
  auto bad = spec;
  bad.lambda = 0;
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.lambda = -1;
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.lambda = std::nan("");
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.widths[1] = 0;
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.lambda_b = 0.5;
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  bad = spec;
  bad.bias.pop_back();
  EXPECT_THROW(bad.Validate(), std::invalid_argument);
  EXPECT_EQ(spec.NumParameters(), 4 * 3 + 3 + 3 * 2 + 2);
}

TEST(MlpParameters, FlattenRoundTripsAndInitIsSeeded) {
  auto spec = MlpSpec::Uniform({4, 3, 2}, Activation(), Loss(), true, 1e-3, 0.0);
  spec.bias[1] = false;
  const auto p = MlpParameters<double>::RandomInit(spec, 7);
  const auto q = MlpParameters<double>::Unflatten(spec, p.Flatten());
  EXPECT_EQ(p.Flatten(), q.Flatten());
  EXPECT_EQ(p.Flatten().size(), spec.NumParameters());
  EXPECT_EQ(MlpParameters<double>::RandomInit(spec, 7).Flatten(), p.Flatten());
  EXPECT_NE(MlpParameters<double>::RandomInit(spec, 8).Flatten(), p.Flatten());
  EXPECT_THROW(MlpParameters<double>::Unflatten(spec, Vector<double>(3)), std::invalid_argument);
}

TEST(Mlp, ShapeMismatchesAreErrors) {
  const auto spec = MlpSpec::Uniform({4, 3, 2}, Activation(), Loss(), true, 1e-3, 0.0);
  const auto p = MlpParameters<double>::RandomInit(spec, 1);
  EXPECT_THROW(Evaluate(spec, p, Matrix<double>(5, 2), {0, 1}), std::invalid_argument);
  EXPECT_THROW(Evaluate(spec, p, Matrix<double>(4, 2), {0}), std::invalid_argument);
  EXPECT_THROW(Evaluate(spec, p, Matrix<double>(4, 2), {0, 2}), std::invalid_argument);
}

// The forward pass in T against MPFR at 300 bits, in units of T's epsilon,
// relative to the magnitude |W||z| + |b| seen by each layer. Standard
// floating-point analysis gives |error| <= (d_{l-1} + c) eps |W_l||z_{l-1}|
// per layer, propagated by Lip(s) <= 1.13 per layer; the allowance
// 4 (L + 1)(max width + 8) covers that with a factor-of-4 margin.
template <class T>
double ForwardErrorInEps(const testing::RandomProblem& prob, double* allowance) {
  ScopedMpfrPrecision guard(300);
  const auto thetaT = prob.theta.Cast<T>();
  const auto thetaR = prob.theta.Cast<Mpfr>();
  const auto evT = Evaluate(prob.spec, thetaT, prob.data.Features<T>(), prob.data.labels, EvaluationLevel::kObjective);
  const auto evR = Evaluate(prob.spec, thetaR, prob.data.Features<Mpfr>(), prob.data.labels, EvaluationLevel::kObjective);
  // Magnitude of the layer inputs: the absolute-value network run forward.
  double magnitude = 1;
  for (int l = 1; l <= prob.spec.depth(); ++l) {
    magnitude = std::max(magnitude, ToDouble(evR.A[l].cwiseAbs().maxCoeff()));
    if (l < prob.spec.depth()) magnitude = std::max(magnitude, ToDouble(evR.Z[l].cwiseAbs().maxCoeff()));
  }
  double w = 1;
  for (int l = 1; l <= prob.spec.depth(); ++l) w = std::max(w, prob.theta.W[l].cwiseAbs().rowwise().sum().maxCoeff());
  int max_width = 0;
  for (int d : prob.spec.widths) max_width = std::max(max_width, d);
  *allowance = 4.0 * (prob.spec.depth() + 1) * (max_width + 8) * std::pow(std::max(1.0, 1.13 * w), prob.spec.depth());
  const Matrix<Mpfr> diff = evT.outputs().template cast<Mpfr>() - evR.outputs();
  (void)diff;
  double err = 0;
  for (Eigen::Index i = 0; i < evR.outputs().size(); ++i) {
    err = std::max(err, std::abs(ToDouble(Mpfr(RoundedCast<Mpfr>(evT.outputs()(i)) - evR.outputs()(i)))));
  }
  return err / (ToDouble(ScalarTraits<T>::Epsilon()) * magnitude);
}

template <class T>
class ForwardAcrossPrecisions : public ::testing::Test {};
using WorkingScalars = ::testing::Types<float, double, long double, Float128>;
TYPED_TEST_SUITE(ForwardAcrossPrecisions, WorkingScalars);

TYPED_TEST(ForwardAcrossPrecisions, AgreesWithMpfrWithinEpsilonAllowance) {
  double worst = 0;
  std::string worst_case;
  for (std::uint64_t seed = 1; seed <= 40; ++seed) {
    auto spec = MlpSpec::Uniform({1 + int(seed % 7), 1 + int(seed % 5), 2 + int(seed % 4)},
                                 Activation::Parse(Activation::Names()[seed % 8]),
                                 Loss(seed % 2 ? LossKind::kMse : LossKind::kCrossEntropy), seed % 3 != 0, 1e-2, 0.0);
    if (seed % 4 == 0) {
      spec.widths.insert(spec.widths.begin() + 1, 6);
      spec.bias.push_back(true);
    }
    const auto prob = testing::MakeRandomProblem(spec, spec.num_classes() + 5, seed, 1.0, 1.0);
    double allowance = 0;
    const double units = ForwardErrorInEps<TypeParam>(prob, &allowance);
    EXPECT_LE(units, allowance) << prob.Describe();
    if (units / allowance > worst) {
      worst = units / allowance;
      worst_case = prob.Describe();
    }
  }
  std::cout << "[" << ScalarTraits<TypeParam>::Name() << "] worst forward error / allowance = " << worst
            << " at " << worst_case << "\n";
}

TEST(Mlp, DenseHessianIsSymmetricBeforeSymmetrisation) {
  // Hessian-vector products with e_i and e_j: (H e_j)_i = (H e_i)_j up to rounding.
  const auto spec = MlpSpec::Uniform({3, 4, 3}, Activation::Parse("tanh"), Loss(LossKind::kCrossEntropy), true,
                                     1e-2, 1e-2);
  const auto prob = testing::MakeRandomProblem(spec, 7, 11, 1.0, 1.0);
  const Matrix<double> X = prob.data.X;
  const auto at = Evaluate(spec, prob.theta, X, prob.data.labels);
  const int P = spec.NumParameters();
  Matrix<double> H(P, P);
  for (int j = 0; j < P; ++j) {
    Vector<double> e = Vector<double>::Zero(P);
    e(j) = 1;
    H.col(j) = HessianVectorProduct(spec, prob.theta, X, prob.data.labels, at,
                                    MlpParameters<double>::Unflatten(spec, e)).Flatten();
  }
  // Symmetric to rounding: entries are O(1), sums of O(N P) terms.
  EXPECT_LT((H - H.transpose()).cwiseAbs().maxCoeff(), 1e3 * std::numeric_limits<double>::epsilon());
}

// DenseHessian splits its columns over NRC_THREADS threads: the same bits for
// 1, 2 and 5 threads (P = 95 columns, so 5 threads get unequal shares), and
// column j is the product with e_j computed alone.
TEST(Mlp, DenseHessianIsTheSameForEveryThreadCount) {
  const auto spec = MlpSpec::Uniform({6, 7, 4, 3}, Activation::Parse("tanh"), Loss(LossKind::kMse), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 11, 5, 1.0, 1.0);
  ::setenv("NRC_THREADS", "1", 1);
  const Matrix<double> one = DenseHessian<double>(spec, prob.theta, prob.data.X, prob.data.labels);
  for (const char* threads : {"2", "5"}) {
    ::setenv("NRC_THREADS", threads, 1);
    const Matrix<double> many = DenseHessian<double>(spec, prob.theta, prob.data.X, prob.data.labels);
    EXPECT_TRUE(many == one) << threads << " threads: max difference " << (many - one).cwiseAbs().maxCoeff();
  }
  ::unsetenv("NRC_THREADS");
  const auto at = Evaluate(spec, prob.theta, prob.data.X, prob.data.labels);
  const int P = spec.NumParameters();
  Vector<double> e = Vector<double>::Zero(P);
  e(P - 1) = 1;
  const Vector<double> last =
      HessianVectorProduct(spec, prob.theta, prob.data.X, prob.data.labels, at, MlpParameters<double>::Unflatten(spec, e))
          .Flatten();
  EXPECT_LT((one.col(P - 1) - last).cwiseAbs().maxCoeff(), 1e3 * std::numeric_limits<double>::epsilon());
}

// Problems with N = 640 samples: SampleBlocks(640) has 4 blocks, so every sum
// over samples is formed from per-block partial sums.
testing::RandomProblem ThreadedProblem(LossKind loss) {
  const auto spec = MlpSpec::Uniform({5, 7, 6, 3}, Activation::Parse("tanh"), Loss(loss), true, 1e-2, 1e-3);
  return testing::MakeRandomProblem(spec, 640, 7, 1.0, 1.0);
}

// A fixed direction for Hessian-vector products (doubles: exact in every T).
MlpParameters<double> Direction(const MlpSpec& spec) { return MlpParameters<double>::RandomInit(spec, 99); }

template <class T>
struct ThreadedResults {
  T objective;
  Vector<T> gradient, hv, hv_curvature;  // H v from a kGradient and from a kCurvature evaluation
};

template <class T>
ThreadedResults<T> EvaluateOnThreads(const testing::RandomProblem& prob, const char* threads) {
  ::setenv("NRC_THREADS", threads, 1);
  const auto theta = prob.theta.Cast<T>();
  const auto v = Direction(prob.spec).Cast<T>();
  const Matrix<T> X = prob.data.Features<T>();
  const auto& y = prob.data.labels;
  const auto ev = Evaluate(prob.spec, theta, X, y, EvaluationLevel::kGradient);
  const auto evc = Evaluate(prob.spec, theta, X, y, EvaluationLevel::kCurvature);
  ThreadedResults<T> r{ev.objective, ev.gradient.Flatten(), HessianVectorProduct(prob.spec, theta, X, y, ev, v).Flatten(),
                       HessianVectorProduct(prob.spec, theta, X, y, evc, v).Flatten()};
  ::unsetenv("NRC_THREADS");
  return r;
}

template <class T>
bool SameBits(const Vector<T>& a, const Vector<T>& b) {
  if (a.size() != b.size()) return false;
  for (Eigen::Index i = 0; i < a.size(); ++i) {
    if (!(a(i) == b(i))) return false;
    if constexpr (std::is_same_v<T, Mpfr>) {
      if (mpfr_get_prec(a(i).backend().data()) != mpfr_get_prec(b(i).backend().data())) return false;
    }
  }
  return true;
}

template <class T>
class ThreadCountInvariance : public ::testing::Test {};
using ThreadScalars = ::testing::Types<float, double, Mpfr>;
TYPED_TEST_SUITE(ThreadCountInvariance, ThreadScalars);

// Evaluate and HessianVectorProduct on 1, 2 and 3 threads (3 threads split
// the 4 blocks unequally): the same bits. MPFR runs at 200 bits, not the
// process default, so a worker that used another precision would change the
// bits; the results' precision is checked too.
TYPED_TEST(ThreadCountInvariance, GradientAndHessianVectorProductsAreTheSameBits) {
  using T = TypeParam;
  ScopedMpfrPrecision guard(200);
  for (LossKind loss : {LossKind::kMse, LossKind::kCrossEntropy}) {
    const auto prob = ThreadedProblem(loss);
    const ThreadedResults<T> one = EvaluateOnThreads<T>(prob, "1");
    for (const char* threads : {"2", "3"}) {
      const ThreadedResults<T> many = EvaluateOnThreads<T>(prob, threads);
      EXPECT_TRUE(many.objective == one.objective) << threads << " threads, " << prob.Describe();
      EXPECT_TRUE(SameBits(many.gradient, one.gradient)) << threads << " threads, " << prob.Describe();
      EXPECT_TRUE(SameBits(many.hv, one.hv)) << threads << " threads, " << prob.Describe();
      EXPECT_TRUE(SameBits(many.hv_curvature, one.hv_curvature)) << threads << " threads, " << prob.Describe();
    }
    if constexpr (std::is_same_v<T, Mpfr>) {
      EXPECT_EQ(mpfr_get_prec(one.gradient(0).backend().data()), guard.bits());
      EXPECT_EQ(mpfr_get_prec(one.hv(0).backend().data()), guard.bits());
    }
  }
}

// Negative control: a reduction whose order follows the thread count (one
// partial sum of Delta_l Z_{l-1}^T per thread's share of the samples) does
// change the bits between 1 and 3 shares, so the comparison above can fail.
TEST(ThreadCountInvarianceNegativeControl, PerThreadPartialSumsChangeTheBits) {
  const auto prob = ThreadedProblem(LossKind::kMse);
  const auto ev = Evaluate(prob.spec, prob.theta, prob.data.X, prob.data.labels);
  const int N = static_cast<int>(prob.data.X.cols());
  auto per_share_sum = [&](int shares) {
    Matrix<double> S = Matrix<double>::Zero(ev.Delta[1].rows(), ev.Z[0].rows());
    for (int t = 0; t < shares; ++t) {
      const int c = N * t / shares, n = N * (t + 1) / shares - c;
      S += ev.Delta[1].middleCols(c, n) * ev.Z[0].middleCols(c, n).transpose();
    }
    return S;
  };
  const Matrix<double> one = per_share_sum(1), three = per_share_sum(3);
  EXPECT_FALSE(one == three) << "per-thread sums gave the same bits: the control found no counterexample";
  EXPECT_LT((one - three).cwiseAbs().maxCoeff(), 1e3 * std::numeric_limits<double>::epsilon() * one.cwiseAbs().maxCoeff());
}

// The block-summed double gradient and Hessian-vector product (4 blocks)
// against MPFR at 200 bits, in units of eps times the size of the summed
// terms, M = max_l max((1/N) |Delta_l| |Z_{l-1}|^T) (+ lambda |W_l|). Each
// term carries the forward/backward error of the ForwardAcrossPrecisions
// allowance, (L + 1)(max width + 8) eps, and the block sums add at most
// (N/blocks + blocks) eps: the allowance is 4 times their sum. H v is checked
// for its block structure: relative error at most 1e-8 (rounding alone gives
// about 1e-14, printed; a block left out or summed twice changes H v by about
// a quarter of its size).
TEST(Mlp, BlockSummedGradientAgreesWithMpfr) {
  ScopedMpfrPrecision guard(200);
  for (LossKind loss : {LossKind::kMse, LossKind::kCrossEntropy}) {
    const auto prob = ThreadedProblem(loss);
    const int L = prob.spec.depth(), N = static_cast<int>(prob.data.X.cols());
    const auto v = Direction(prob.spec);
    const auto ev = Evaluate(prob.spec, prob.theta, prob.data.X, prob.data.labels);
    const auto thetaR = prob.theta.Cast<Mpfr>();
    const Matrix<Mpfr> XR = prob.data.Features<Mpfr>();
    const auto evR = Evaluate(prob.spec, thetaR, XR, prob.data.labels);
    double scale = 0;
    for (int l = 1; l <= L; ++l) {
      const Matrix<double> terms = ev.Delta[l].cwiseAbs() * ev.Z[l - 1].cwiseAbs().transpose() / N;
      scale = std::max(scale, terms.maxCoeff() + prob.spec.lambda * prob.theta.W[l].cwiseAbs().maxCoeff());
    }
    int max_width = 0;
    for (int d : prob.spec.widths) max_width = std::max(max_width, d);
    const SampleBlocks blocks(N);
    const double allowance =
        4.0 * ((L + 1) * (max_width + 8) + N / blocks.count() + blocks.count()) * std::numeric_limits<double>::epsilon();
    const Vector<double> g = ev.gradient.Flatten();
    const Vector<Mpfr> gR = evR.gradient.Flatten();
    double err = 0;
    for (Eigen::Index i = 0; i < g.size(); ++i) err = std::max(err, std::abs(ToDouble(Mpfr(Mpfr(g(i)) - gR(i)))));
    std::cout << "gradient: error " << err << ", bound " << allowance * scale << ", ratio " << err / (allowance * scale)
              << ", ||grad J||_2 " << g.norm() << ", MPFR bits " << guard.bits() << "\n";
    EXPECT_LE(err, allowance * scale) << prob.Describe();
    const Vector<double> hv = HessianVectorProduct(prob.spec, prob.theta, prob.data.X, prob.data.labels, ev, v).Flatten();
    const Vector<Mpfr> hvR =
        HessianVectorProduct(prob.spec, thetaR, XR, prob.data.labels, evR, v.Cast<Mpfr>()).Flatten();
    double hv_err = 0, hv_norm = 0;
    for (Eigen::Index i = 0; i < hv.size(); ++i) {
      hv_err = std::max(hv_err, std::abs(ToDouble(Mpfr(Mpfr(hv(i)) - hvR(i)))));
      hv_norm = std::max(hv_norm, std::abs(ToDouble(hvR(i))));
    }
    std::cout << "H v: relative error " << hv_err / hv_norm << ", bound 1e-8\n";
    EXPECT_LE(hv_err, 1e-8 * hv_norm) << prob.Describe();
  }
}

// GaussNewtonVectorProduct against G = (1/N) sum_i J_i^T H_i J_i + lambda
// (lambda_b on biases) formed from output Jacobians J_i by central finite
// differences in MPFR at 200 bits (step 1e-30: truncation ~1e-60, rounding
// ~1e-30, both far below double's eps), for MSE and cross-entropy; with a
// negative control (the exact Hessian, which differs from G by its
// second-derivative terms, must fail the same comparison).
TEST(Mlp, GaussNewtonVectorProductMatchesJacobianForm) {
  for (LossKind kind : {LossKind::kMse, LossKind::kCrossEntropy}) {
    const MlpSpec spec = MlpSpec::Uniform({3, 4, 3}, Activation::Parse("tanh"), Loss(kind), true, 1e-2, 1e-2);
    const MlpParameters<double> theta = MlpParameters<double>::RandomInit(spec, 3);
    Matrix<double> X(3, 5);
    for (int i = 0; i < 15; ++i) X(i % 3, i / 3) = std::sin(1.7 * i + 0.3);
    const std::vector<int> labels = {0, 1, 2, 0, 1};
    const int P = spec.NumParameters(), K = 3, N = 5;
    ScopedMpfrPrecision prec(200);
    const MlpParameters<Mpfr> tm = theta.Cast<Mpfr>();
    const Matrix<Mpfr> Xm = X.cast<Mpfr>();
    const Vector<Mpfr> x0 = tm.Flatten();
    const Mpfr h("1e-30");
    Matrix<double> Jall(K * N, P);  // row k + K i: d f_{k,i} / d theta
    for (int j = 0; j < P; ++j) {
      Vector<Mpfr> xp = x0, xm = x0;
      xp(j) += h;
      xm(j) -= h;
      const Matrix<Mpfr> Fp =
          Evaluate(spec, MlpParameters<Mpfr>::Unflatten(spec, xp), Xm, labels, EvaluationLevel::kObjective).outputs();
      const Matrix<Mpfr> Fm =
          Evaluate(spec, MlpParameters<Mpfr>::Unflatten(spec, xm), Xm, labels, EvaluationLevel::kObjective).outputs();
      for (int i = 0; i < N; ++i) {
        for (int k = 0; k < K; ++k) Jall(k + K * i, j) = ToDouble(Mpfr((Fp(k, i) - Fm(k, i)) / (2 * h)));
      }
    }
    const MlpEvaluation<double> at = Evaluate(spec, theta, X, labels);
    Matrix<double> G = Matrix<double>::Zero(P, P);
    for (int i = 0; i < N; ++i) {
      Matrix<double> H = Matrix<double>::Identity(K, K);
      if (kind == LossKind::kCrossEntropy) {
        const Vector<double> f = at.outputs().col(i);
        const Vector<double> e = (f.array() - f.maxCoeff()).exp();
        const Vector<double> q = e / e.sum();
        H = Matrix<double>(q.asDiagonal()) - q * q.transpose();
      }
      const Matrix<double> Ji = Jall.middleRows(K * i, K);
      G += Ji.transpose() * H * Ji / N;
    }
    G += 1e-2 * Matrix<double>::Identity(P, P);
    const Vector<double> v = Vector<double>::LinSpaced(P, -1, 1);
    const MlpParameters<double> vp = MlpParameters<double>::Unflatten(spec, v);
    const Vector<double> got = GaussNewtonVectorProduct(spec, theta, X, labels, at, vp).Flatten();
    const Vector<double> want = G * v;
    // Both are sums of O(P + N) products of O(1) terms in double: 64 P eps
    // relative to the absolute sum |G| |v|.
    const double bound = 64.0 * P * 2.2e-16 * (G.cwiseAbs() * v.cwiseAbs()).maxCoeff();
    EXPECT_LE((got - want).cwiseAbs().maxCoeff(), bound) << spec.loss.Name();
    const Vector<double> hv = HessianVectorProduct(spec, theta, X, labels, at, vp).Flatten();
    EXPECT_GT((hv - want).cwiseAbs().maxCoeff(), 100 * bound) << "negative control, " << spec.loss.Name();
  }
}

// One layer: no second-derivative terms, so G is the Hessian, bit for bit.
TEST(Mlp, GaussNewtonIsTheHessianForOneLayer) {
  const MlpSpec spec = MlpSpec::Uniform({3, 2}, Activation::Parse("tanh"), Loss(LossKind::kCrossEntropy), true, 1e-2, 0);
  const MlpParameters<double> theta = MlpParameters<double>::RandomInit(spec, 4);
  const Matrix<double> X = Matrix<double>::Constant(3, 4, 0.5);
  const std::vector<int> labels = {0, 1, 0, 1};
  const MlpEvaluation<double> at = Evaluate(spec, theta, X, labels);
  const MlpParameters<double> v = MlpParameters<double>::RandomInit(spec, 5);
  EXPECT_EQ(GaussNewtonVectorProduct(spec, theta, X, labels, at, v).Flatten(),
            HessianVectorProduct(spec, theta, X, labels, at, v).Flatten());
}

}  // namespace
}  // namespace nrc
