// Unit tests for numerics/limited_memory_preconditioner.h.
#include "numerics/limited_memory_preconditioner.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>
#include <Eigen/LU>

#include <algorithm>
#include <limits>

#include "numerics/conjugate_gradients.h"
#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// The pairs of one CG solve on an SPD H are H-conjugate; BFGS on n conjugate
// pairs reproduces H^{-1} (quadratic termination). n = 6, eigenvalues 1..50:
// rounding ~ n cond eps per step; 1e3 cond eps leaves a margin of ~30.
TEST(LimitedMemoryPreconditioner, ConjugatePairsOfAFullSolveGiveTheInverse) {
  Vector<double> mu(6);
  mu << 1, 2, 4, 9, 20, 50;
  const Matrix<double> H = WithSpectrum(mu, 3);
  LimitedMemoryPreconditioner M(6, 10);
  CgOptions o;
  o.relative_tolerance = 0;
  o.max_iterations = 6;
  const Vector<double> b = Vector<double>::LinSpaced(6, -1, 1.5);
  ConjugateGradients<double>([&](const Vector<double>& v) { return Vector<double>(H * v); }, IdentityPreconditioner(),
                             b, o, [&](const Vector<double>& p, const Vector<double>& Hp) { M.AddPair(p, Hp); });
  EXPECT_EQ(M.num_pairs(), 6);
  const Matrix<double> Hinv = H.inverse();
  for (int j = 0; j < 6; ++j) {
    const Vector<double> e = Vector<double>::Unit(6, j);
    EXPECT_LE((M.Apply(e) - Hinv * e).norm(), 1e3 * 50 * kEps) << "column " << j;
  }
  // Preconditioned by it, CG on another right-hand side converges at once.
  o.relative_tolerance = 1e-10;
  const CgResult<double> r = ConjugateGradients<double>(
      [&](const Vector<double>& v) { return Vector<double>(H * v); },
      [&](const Vector<double>& v) { return M.Apply(v); }, Vector<double>::Ones(6), o);
  EXPECT_EQ(r.termination, CgTermination::kConverged);
  EXPECT_LE(r.iterations, 2);
}

// Negative control: with fewer pairs than the dimension M is not H^{-1} (it
// cannot know the unseen directions): the same check must fail.
TEST(LimitedMemoryPreconditioner, NegativeControlTooFewPairsIsNotTheInverse) {
  Vector<double> mu(6);
  mu << 1, 2, 4, 9, 20, 50;
  const Matrix<double> H = WithSpectrum(mu, 3);
  LimitedMemoryPreconditioner M(6, 2);
  for (int j = 0; j < 6; ++j) {
    const Vector<double> s = Vector<double>::Unit(6, j);
    M.AddPair(s, H * s);
  }
  EXPECT_EQ(M.num_pairs(), 2);  // the oldest were dropped
  const Matrix<double> Hinv = H.inverse();
  double worst = 0;
  for (int j = 0; j < 6; ++j) {
    const Vector<double> e = Vector<double>::Unit(6, j);
    worst = std::max(worst, (M.Apply(e) - Hinv * e).norm());
  }
  EXPECT_GT(worst, 1e3 * 50 * kEps);
}

// Symmetric positive definite whatever the (accepted) pairs, identity when
// empty, and pairs without positive curvature refused; the scale of a pair
// does not matter.
TEST(LimitedMemoryPreconditioner, SymmetricPositiveDefiniteAndScaleInvariant) {
  LimitedMemoryPreconditioner M(4, 3);
  const Vector<double> r = Vector<double>::LinSpaced(4, 1, 4);
  EXPECT_EQ(M.Apply(r), r);
  Vector<double> s(4), y(4);
  s << 1, 0, 0, 0;
  y << -1, 0, 0, 0;
  EXPECT_FALSE(M.AddPair(s, y));
  y << 2, 1, 0, 0;
  EXPECT_TRUE(M.AddPair(s, y));
  s << 0, 1, 1, 0;
  y << 1, 3, 2, 1;
  EXPECT_TRUE(M.AddPair(s, y));
  Matrix<double> A(4, 4);
  for (int j = 0; j < 4; ++j) A.col(j) = M.Apply(Vector<double>::Unit(4, j));
  EXPECT_LE((A - A.transpose()).norm(), 16 * kEps * A.norm());
  Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(0.5 * (A + A.transpose()));
  EXPECT_GT(eig.eigenvalues().minCoeff(), 0.0);
  LimitedMemoryPreconditioner scaled(4, 3);
  s << 1, 0, 0, 0;
  y << 2, 1, 0, 0;
  scaled.AddPair(1e-200 * s, 1e-200 * y);
  s << 0, 1, 1, 0;
  y << 1, 3, 2, 1;
  scaled.AddPair(1e150 * s, 1e150 * y);
  EXPECT_LE((scaled.Apply(r) - M.Apply(r)).norm(), 16 * kEps * M.Apply(r).norm());
}

TEST(LimitedMemoryPreconditioner, RejectsBadInput) {
  EXPECT_THROW(LimitedMemoryPreconditioner(4, 0), std::invalid_argument);
  LimitedMemoryPreconditioner M(4, 2);
  EXPECT_THROW(M.Apply(Vector<double>::Ones(3)), std::invalid_argument);
  EXPECT_THROW(M.AddPair(Vector<double>::Ones(3), Vector<double>::Ones(3)), std::invalid_argument);
  Vector<double> bad = Vector<double>::Ones(4);
  bad(1) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(M.AddPair(bad, Vector<double>::Ones(4)), std::invalid_argument);
}

}  // namespace
}  // namespace nrc::testing_util
