// Unit tests for numerics/lbfgs_minimizer.h: convergence on smooth problems,
// the Euclidean gradient test, every termination reason, bad input.
#include "numerics/lbfgs_minimizer.h"

#include <gtest/gtest.h>

#include <cmath>

namespace nrc {
namespace {

// f(x) = sum_i 100 (x_{i+1} - x_i^2)^2 + (1 - x_i)^2 (minimum 0 at x = 1).
class Rosenbrock : public DifferentiableFunction {
 public:
  explicit Rosenbrock(int n) : n_(n) {}
  int NumParameters() const override { return n_; }
  bool Evaluate(const double* x, double* value, double* gradient) override {
    double f = 0;
    if (gradient != nullptr) std::fill(gradient, gradient + n_, 0.0);
    for (int i = 0; i + 1 < n_; ++i) {
      const double a = x[i + 1] - x[i] * x[i], b = 1 - x[i];
      f += 100 * a * a + b * b;
      if (gradient != nullptr) {
        gradient[i] += -400 * a * x[i] - 2 * b;
        gradient[i + 1] += 200 * a;
      }
    }
    *value = f;
    return true;
  }

 private:
  int n_;
};

// f(x) = sum_i (3 x_i - 1)^2 / 2, minimised at x_i = 1/3 (not a double).
class Thirds : public DifferentiableFunction {
 public:
  int NumParameters() const override { return 5; }
  bool Evaluate(const double* x, double* value, double* gradient) override {
    *value = 0;
    for (int i = 0; i < 5; ++i) {
      // Fused, so that 3 fl(1/3) - 1 is exact and nonzero on every build
      // (without FMA, 3 * fl(1/3) rounds to exactly 1).
      const double r = std::fma(3.0, x[i], -1.0);
      *value += r * r / 2;
      if (gradient != nullptr) gradient[i] = 3 * r;
    }
    return true;
  }
};

// Defined only for x > 0 (f = x - log x, minimum at 1): tests the "cannot
// evaluate" path of the line search.
class LogBarrier : public DifferentiableFunction {
 public:
  int NumParameters() const override { return 1; }
  bool Evaluate(const double* x, double* value, double* gradient) override {
    if (!(x[0] > 0)) return false;
    *value = x[0] - std::log(x[0]);
    if (gradient != nullptr) gradient[0] = 1 - 1 / x[0];
    return true;
  }
};

TEST(LbfgsMinimizer, SolvesRosenbrockToTheEuclideanGradientTolerance) {
  Rosenbrock f(6);
  Vector<double> x = Vector<double>::Constant(6, -1.2);
  MinimizerOptions o;
  o.gradient_tolerance = 1e-9;
  const MinimizerSummary s = LbfgsMinimizer().Minimize(f, &x, o);
  EXPECT_EQ(s.termination, MinimizerTermination::kConverged) << s.message;
  EXPECT_LE(s.final_gradient_norm_2, 1e-9);
  // Reported norm is the real one at the returned x.
  Vector<double> g(6);
  double v = 0;
  f.Evaluate(x.data(), &v, g.data());
  EXPECT_DOUBLE_EQ(g.norm(), s.final_gradient_norm_2);
  EXPECT_DOUBLE_EQ(v, s.final_value);
  // Near the minimiser x = 1: |x - 1| <~ ||g|| / lambda_min(H) (lambda_min ~ 0.4 here).
  EXPECT_LT((x - Vector<double>::Ones(6)).norm(), 1e-7);
  EXPECT_GT(s.evaluations, s.iterations);
  EXPECT_GT(s.initial_gradient_norm_2, s.final_gradient_norm_2);
}

TEST(LbfgsMinimizer, ReportsIterationLimitCallbackAndNoProgress) {
  Rosenbrock f(4);
  {
    Vector<double> x = Vector<double>::Constant(4, -1.2);
    MinimizerOptions o;
    o.max_iterations = 3;
    const MinimizerSummary s = LbfgsMinimizer().Minimize(f, &x, o);
    EXPECT_EQ(s.termination, MinimizerTermination::kMaxIterations) << s.message;
    EXPECT_EQ(s.iterations, 3);
  }
  {
    Vector<double> x = Vector<double>::Constant(4, -1.2);
    MinimizerOptions o;
    int calls = 0;
    o.callback = [&calls](const MinimizerProgress& p) {
      EXPECT_EQ(p.iteration, calls);
      return ++calls < 5;
    };
    const MinimizerSummary s = LbfgsMinimizer().Minimize(f, &x, o);
    EXPECT_EQ(s.termination, MinimizerTermination::kStoppedByCallback);
    EXPECT_EQ(calls, 5);
  }
  {
    // Tolerance 0 and a minimiser that double cannot represent (x_i = 1/3):
    // the run ends at the rounding floor, as kNoProgress, with g != 0.
    Thirds q;
    Vector<double> x = Vector<double>::Constant(5, 2.0);
    const MinimizerSummary s = LbfgsMinimizer().Minimize(q, &x, MinimizerOptions{});
    EXPECT_EQ(s.termination, MinimizerTermination::kNoProgress) << s.message;
    EXPECT_GT(s.final_gradient_norm_2, 0.0);
    EXPECT_LT(s.final_gradient_norm_2, 1e-14);
  }
}

TEST(LbfgsMinimizer, StaysInsideTheDomain) {
  LogBarrier f;
  Vector<double> x(1);
  x << 20.0;
  MinimizerOptions o;
  o.gradient_tolerance = 1e-12;
  const MinimizerSummary s = LbfgsMinimizer().Minimize(f, &x, o);
  EXPECT_EQ(s.termination, MinimizerTermination::kConverged) << s.message;
  EXPECT_NEAR(x(0), 1.0, 1e-11);
}

TEST(LbfgsMinimizer, RejectsBadInput) {
  Rosenbrock f(3);
  Vector<double> wrong(2);
  EXPECT_THROW(LbfgsMinimizer().Minimize(f, &wrong, {}), std::invalid_argument);
  LogBarrier g;
  Vector<double> outside(1);
  outside << -1.0;
  EXPECT_THROW(LbfgsMinimizer().Minimize(g, &outside, {}), std::invalid_argument);
  Vector<double> x(1);
  x << 2.0;
  MinimizerOptions o;
  o.max_seconds = 0;
  EXPECT_THROW(LbfgsMinimizer().Minimize(g, &x, o), std::invalid_argument);
  EXPECT_THROW(LbfgsMinimizer(LbfgsOptions{0, true}), std::invalid_argument);
  EXPECT_STREQ(MinimizerTerminationName(MinimizerTermination::kNoProgress), "no_progress");
}

}  // namespace
}  // namespace nrc
