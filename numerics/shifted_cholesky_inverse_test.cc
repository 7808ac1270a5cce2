// Unit tests for numerics/shifted_cholesky_inverse.h.
#include "numerics/shifted_cholesky_inverse.h"

#include <gtest/gtest.h>

#include <limits>

#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

TEST(ShiftedCholeskyInverse, InvertsAPositiveDefiniteMatrixWithTheSmallestShift) {
  Vector<double> mu(5);
  mu << 1e-3, 0.1, 0.5, 1.0, 2.0;
  const Matrix<double> H = WithSpectrum(mu, 5);
  const ShiftedCholeskyInverse M(H);
  EXPECT_EQ(M.attempts(), 1);
  EXPECT_FALSE(M.indefinite());
  EXPECT_LE(M.shift(), 1e-9 * 2.0);
  // M r solves (H + shift I) z = r: relative error ~ shift / mu_min (the
  // shift) + cond(H) eps (Cholesky's backward error), 16x for constants.
  const Vector<double> r = Vector<double>::LinSpaced(5, -2, 1);
  const Vector<double> exact = H.ldlt().solve(r);
  EXPECT_LE((M.Apply(r) - exact).norm(), 16 * (M.shift() / 1e-3 + 2e3 * kEps) * exact.norm());
  EXPECT_NE(M.Describe().find("Cholesky"), std::string::npos);
}

TEST(ShiftedCholeskyInverse, ShiftsPastNegativeCurvature) {
  Vector<double> mu(4);
  mu << -0.05, 0.2, 1.0, 3.0;
  const ShiftedCholeskyInverse M(WithSpectrum(mu, 9));
  EXPECT_TRUE(M.indefinite());
  EXPECT_GT(M.shift(), 0.05);
  EXPECT_LE(M.shift(), 0.05 * 10);  // the first power of 10 past it
  // (H + shift I) is positive definite, so M is too: r^T M r > 0.
  const Vector<double> r = Vector<double>::Ones(4);
  EXPECT_GT(r.dot(M.Apply(r)), 0.0);
}

TEST(ShiftedCholeskyInverse, Errors) {
  EXPECT_THROW(ShiftedCholeskyInverse(Matrix<double>(2, 3)), std::invalid_argument);
  Matrix<double> bad = Matrix<double>::Identity(2, 2);
  bad(0, 1) = INFINITY;
  EXPECT_THROW(ShiftedCholeskyInverse{bad}, std::invalid_argument);
  EXPECT_THROW(ShiftedCholeskyInverse(Matrix<double>::Identity(2, 2), {0, 10, 5}), std::invalid_argument);
  Vector<double> mu(2);
  mu << -1.0, 1.0;
  EXPECT_THROW(ShiftedCholeskyInverse(WithSpectrum(mu, 1), {1e-9, 10, 3}), std::runtime_error);
  EXPECT_THROW(ShiftedCholeskyInverse(Matrix<double>::Identity(2, 2)).Apply(Vector<double>(3)), std::invalid_argument);
}

}  // namespace
}  // namespace nrc::testing_util
