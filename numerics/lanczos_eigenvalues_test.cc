// Unit tests for numerics/lanczos_eigenvalues.h.
#include "numerics/lanczos_eigenvalues.h"

#include <gtest/gtest.h>

#include <limits>

#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

Vector<double> Spectrum200() {
  // 200 eigenvalues: -0.5, 1e-3 (twice), then 0.01 .. 10 spread out.
  Vector<double> mu(200);
  mu(0) = -0.5;
  mu(1) = 1e-3;
  mu(2) = 1e-3;
  for (int i = 3; i < 200; ++i) mu(i) = 0.01 + 10.0 * (i - 3) / 196.0;
  return mu;
}

// Lanczos on Q diag(mu) Q^T (fixed Q), counting the steps reported.
LanczosResult RunOn(const Vector<double>& mu, int steps, int k, int* steps_seen) {
  const Matrix<double> A = WithSpectrum(mu, 9);
  LanczosOptions o;
  o.max_steps = steps;
  o.num_eigenvalues = k;
  return LanczosEigenvalues([&](const Vector<double>& v) { return Vector<double>(A * v); },
                            static_cast<int>(mu.size()), o, [&](int) { ++*steps_seen; });
}

// With m = n every eigenvalue is found (the Krylov space is everything): the
// smallest Ritz values match the spectrum to rounding (m eps ||A|| with m =
// 200, ||A|| = 10; 4x for the constants), each residual is that small, and
// the Ritz values bracket the true ones as Courant-Fischer says.
TEST(LanczosEigenvalues, FullKrylovSpaceFindsTheSpectrum) {
  const Vector<double> mu = Spectrum200();
  int steps_seen = 0;
  const LanczosResult r = RunOn(mu, 200, 4, &steps_seen);
  const double tol = 4 * 200 * kEps * 10;
  ASSERT_EQ(r.smallest.size(), 4u);
  EXPECT_EQ(steps_seen, r.steps);
  EXPECT_NEAR(r.smallest[0], -0.5, tol);
  EXPECT_NEAR(r.smallest[1], 1e-3, tol);
  EXPECT_NEAR(r.largest, 10.01, tol);
  for (double res : r.smallest_residuals) EXPECT_LE(res, 1e-6);  // converged pairs
  EXPECT_GE(r.smallest[0], mu.minCoeff() - tol);
}

// Few steps: the extreme values are still bounds (lambda_min <= theta_1,
// theta_max <= lambda_max), an eigenvalue lies within each residual of its
// Ritz value, and the estimate of the smallest eigenvalue has NOT converged
// -- the negative control: 10 steps cannot resolve 1e-3 among values up to
// 10, and the reported residual says so.
TEST(LanczosEigenvalues, FewStepsGiveBoundsAndHonestResiduals) {
  const Vector<double> mu = Spectrum200();
  int steps_seen = 0;
  const LanczosResult r = RunOn(mu, 10, 3, &steps_seen);
  EXPECT_EQ(r.steps, 10);
  EXPECT_EQ(r.products, 10 + 3 + 1);
  EXPECT_GE(r.smallest[0], -0.5 - 1e-12);
  EXPECT_LE(r.largest, 10.01 + 1e-12);
  for (size_t j = 0; j < r.smallest.size(); ++j) {
    double nearest = 1e300;
    for (int i = 0; i < mu.size(); ++i) nearest = std::min(nearest, std::abs(mu(i) - r.smallest[j]));
    EXPECT_LE(nearest, r.smallest_residuals[j] + 1e-12) << "Ritz value " << r.smallest[j];
  }
  // Not converged to 1e-3 as the second value: the residual is large.
  EXPECT_GT(std::abs(r.smallest[1] - 1e-3) + r.smallest_residuals[1], 1e-3);
}

TEST(LanczosEigenvalues, InvariantSubspaceAndBadInput) {
  // A = I: the Krylov space is one-dimensional.
  const LanczosResult r = LanczosEigenvalues([](const Vector<double>& v) { return v; }, 5, LanczosOptions{});
  EXPECT_TRUE(r.invariant);
  EXPECT_EQ(r.steps, 1);
  EXPECT_NEAR(r.smallest[0], 1.0, 4 * kEps);
  EXPECT_THROW(LanczosEigenvalues([](const Vector<double>& v) { return v; }, 0, LanczosOptions{}),
               std::invalid_argument);
  EXPECT_THROW(LanczosEigenvalues([](const Vector<double>&) { return Vector<double>::Ones(2); }, 5, LanczosOptions{}),
               std::invalid_argument);
}

}  // namespace
}  // namespace nrc::testing_util
