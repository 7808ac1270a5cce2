// Unit tests for numerics/saddle_free_inverse.h.
#include "numerics/saddle_free_inverse.h"

#include <gtest/gtest.h>

#include <limits>

#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

TEST(SaddleFreeInverse, InvertsAbsoluteEigenvaluesAndDropsNullDirections) {
  Vector<double> mu(6);
  mu << -2.0, -1e-3, 0.0, 1e-14, 0.5, 3.0;  // 0 and 1e-14 are below 1e-9 * 3
  Matrix<double> Q;
  const Matrix<double> H = WithSpectrum(mu, 7, &Q);
  const SaddleFreeInverse M(H);
  EXPECT_EQ(M.size(), 6);
  EXPECT_EQ(M.num_negative(), 2);
  EXPECT_EQ(M.null_dimension(), 2);
  EXPECT_DOUBLE_EQ(M.threshold(), 3e-9);
  // The exact |H|^+ = Q diag(1/2, 1/1e-3, 0, 0, 2, 1/3) Q^T. Relative error of
  // the computed inverse ~ cond_+ eps = (3 / 1e-3) eps (the Davis-Kahan bound
  // for the eigenvectors of the small eigenvalue); 64x for the constants.
  Vector<double> inv(6);
  inv << 0.5, 1e3, 0, 0, 2.0, 1.0 / 3;
  const Matrix<double> exact = Q * inv.asDiagonal() * Q.transpose();
  Vector<double> g = Vector<double>::LinSpaced(6, -1, 2);
  const Vector<double> d = M.Apply(g);
  EXPECT_LE((d - exact * g).norm(), 64 * 3e3 * kEps * (exact * g).norm());
  // -|H|^+ g is a descent direction whenever g is not in the null space.
  EXPECT_LT(g.dot(-d), 0.0);
  // Null directions are ignored: the computed null space is off by about
  // eps ||H|| / gap = eps 3 / 1e-3 (Davis-Kahan), and that leak is amplified
  // by 1/mu = 1e3 in the nearest range direction; 64x for the constants.
  EXPECT_LE(M.Apply(Q.col(2)).norm(), 64 * kEps * 3 / (1e-3 * 1e-3));
}

TEST(SaddleFreeInverse, ThresholdOptionsAndErrors) {
  Vector<double> mu(3);
  mu << 1e-6, 1e-3, 1.0;
  const Matrix<double> H = WithSpectrum(mu, 3);
  EXPECT_EQ(SaddleFreeInverse(H).null_dimension(), 0);
  EXPECT_EQ(SaddleFreeInverse(H, {1e-4, 0}).null_dimension(), 1);
  EXPECT_EQ(SaddleFreeInverse(H, {0, 2e-3}).null_dimension(), 2);
  EXPECT_THROW(SaddleFreeInverse(Matrix<double>(2, 3)), std::invalid_argument);
  Matrix<double> bad = H;
  bad(1, 1) = std::nan("");
  EXPECT_THROW(SaddleFreeInverse{bad}, std::invalid_argument);
  EXPECT_THROW(SaddleFreeInverse(H, {-1, 0}), std::invalid_argument);
  EXPECT_THROW(SaddleFreeInverse(H).Apply(Vector<double>(2)), std::invalid_argument);
  EXPECT_EQ(SaddleFreeInverse(Matrix<double>(0, 0)).Apply(Vector<double>(0)).size(), 0);
}

}  // namespace
}  // namespace nrc::testing_util
