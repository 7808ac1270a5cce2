// Unit tests for numerics/conjugate_gradients.h, typed over every scalar
// (float, double, long double, Float128, Mpfr at kTestMpfrBits).
#include "numerics/conjugate_gradients.h"

#include <gtest/gtest.h>

#include <vector>

#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

template <class T>
class ConjugateGradientsTest : public AllScalarsTest<T> {};
TYPED_TEST_SUITE(ConjugateGradientsTest, AllScalars);

// An 8 x 8 symmetric positive definite matrix with eigenvalues 1 .. 100
// (built in double, exact in every T but float, where it is rounded: then
// it is another SPD matrix with nearly the same spectrum, which is all the
// test needs) and a right-hand side of N(0,1) entries.
template <class T>
void SpdProblem(Matrix<T>* A, Vector<T>* b) {
  Vector<double> mu(8);
  mu << 1, 2, 5, 10, 20, 40, 70, 100;
  const Matrix<double> Ad = WithSpectrum(mu, 11);
  *A = Matrix<T>(8, 8);
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) (*A)(i, j) = RoundedCast<T>(0.5 * (Ad(i, j) + Ad(j, i)));
  *b = Matrix<T>(RandomMatrix<T>(8, 1, 5)).col(0);
}

// CG on the SpdProblem with tol = 1e4 eps_T and `max_iterations`.
template <class T>
struct SpdSolve {
  CgResult<T> cg;
  double tol = 0;
  double true_residual = 0;  // ||b - A x||_2 / ||b||_2
  int observed = 0;          // products the observer saw
};
template <class T>
SpdSolve<T> SolveSpd(int max_iterations) {
  Matrix<T> A;
  Vector<T> b;
  SpdProblem(&A, &b);
  SpdSolve<T> s;
  s.tol = 1e4 * ToDouble(ScalarTraits<T>::Epsilon());
  CgOptions o;
  o.max_iterations = max_iterations;
  o.relative_tolerance = s.tol;
  s.cg = ConjugateGradients<T>([&](const Vector<T>& v) { return Vector<T>(A * v); }, IdentityPreconditioner(), b, o,
                               [&](const Vector<T>&, const Vector<T>&) { ++s.observed; });
  s.true_residual = ToDouble(FrobeniusNorm(Vector<T>(b - A * s.cg.x))) / ToDouble(FrobeniusNorm(b));
  EXPECT_GT(ToDouble(b.dot(s.cg.x)), 0.0);  // q decreased: b^T x > 0
  return s;
}

// Converged means what the contract says, for the true residual too: the
// recursive residual drifts from b - A x by about k eps ||A|| ||x|| <=
// k eps cond(A) ||b|| = 40 * 100 eps ||b|| (k <= 40 products here), so the
// true residual is within tol + 4e3 eps <= 2 tol of ||b|| for tol = 1e4 eps.
TYPED_TEST(ConjugateGradientsTest, ConvergesOnAPositiveDefiniteSystem) {
  using T = TypeParam;
  const SpdSolve<T> s = SolveSpd<T>(40);
  ASSERT_EQ(s.cg.termination, CgTermination::kConverged) << CgTerminationName(s.cg.termination);
  EXPECT_EQ(s.observed, s.cg.iterations);
  EXPECT_LE(s.true_residual, 2 * s.tol) << "ratio " << s.true_residual / s.tol << ", " << ScalarTraits<T>::Name();
}

// Negative control: two products cannot solve the 8 x 8 system to 1e4 eps;
// CG must say so (max_iterations) and the residual check must fail.
TYPED_TEST(ConjugateGradientsTest, NegativeControlTooFewIterationsIsNotConverged) {
  const SpdSolve<TypeParam> s = SolveSpd<TypeParam>(2);
  EXPECT_EQ(s.cg.termination, CgTermination::kMaxIterations);
  EXPECT_EQ(s.cg.iterations, 2);
  EXPECT_GT(s.true_residual, 2 * s.tol);
}

// A = diag(2, -1), b = (1, 1), by hand: p0 = (1,1), p0^T A p0 = 1, alpha = 2,
// x1 = (2,2), r1 = (-3,3), beta = 18/2 = 9, p1 = (6,12), A p1 = (12,-12),
// p1^T A p1 = -72 <= 0: negative curvature at the second product, x = x1 and
// direction p1 (all exact in every T).
TYPED_TEST(ConjugateGradientsTest, StopsOnNegativeCurvatureWithTheLastIterate) {
  using T = TypeParam;
  Vector<T> diag(2), b(2);
  diag << T(2), T(-1);
  b << T(1), T(1);
  const CgResult<T> r = ConjugateGradients<T>([&](const Vector<T>& v) { return Vector<T>(diag.cwiseProduct(v)); },
                                              IdentityPreconditioner(), b, CgOptions{});
  ASSERT_EQ(r.termination, CgTermination::kNegativeCurvature);
  EXPECT_EQ(r.iterations, 2);
  EXPECT_EQ(r.x(0), T(2));
  EXPECT_EQ(r.x(1), T(2));
  EXPECT_EQ(r.direction(0), T(6));
  EXPECT_EQ(r.direction(1), T(12));
  EXPECT_EQ(r.curvature, T(-72));
  // Negative curvature at the very first product: no iterate, x = 0.
  b << T(1), T(2);  // p0^T A p0 = 2 - 4 < 0
  const CgResult<T> r0 = ConjugateGradients<T>([&](const Vector<T>& v) { return Vector<T>(diag.cwiseProduct(v)); },
                                               IdentityPreconditioner(), b, CgOptions{});
  EXPECT_EQ(r0.termination, CgTermination::kNegativeCurvature);
  EXPECT_EQ(r0.iterations, 1);
  EXPECT_EQ(r0.x.squaredNorm(), T(0));
}

// With the exact inverse as preconditioner (A diagonal with powers of two, so
// M = A^{-1} is exact) CG solves in one product: x = A^{-1} b exactly.
TYPED_TEST(ConjugateGradientsTest, ExactPreconditionerSolvesInOneStep) {
  using T = TypeParam;
  Vector<T> diag(4), b(4);
  diag << T(2), T(4), T(8), T(0.5);
  b << T(1), T(-3), T(0.25), T(5);
  CgOptions o;
  o.relative_tolerance = 0;
  const CgResult<T> r =
      ConjugateGradients<T>([&](const Vector<T>& v) { return Vector<T>(diag.cwiseProduct(v)); },
                            [&](const Vector<T>& v) { return Vector<T>(v.cwiseQuotient(diag)); }, b, o);
  EXPECT_EQ(r.termination, CgTermination::kConverged);
  EXPECT_EQ(r.iterations, 1);
  for (int i = 0; i < 4; ++i) EXPECT_EQ(r.x(i), T(b(i) / diag(i)));
}

TEST(ConjugateGradients, ZeroRightHandSideAndBadOptions) {
  const Vector<double> b = Vector<double>::Zero(3);
  auto A = [](const Vector<double>& v) { return v; };
  const CgResult<double> r = ConjugateGradients<double>(A, IdentityPreconditioner(), b, CgOptions{});
  EXPECT_EQ(r.termination, CgTermination::kConverged);
  EXPECT_EQ(r.iterations, 0);
  CgOptions bad;
  bad.max_iterations = -1;
  EXPECT_THROW(ConjugateGradients<double>(A, IdentityPreconditioner(), Vector<double>::Ones(3), bad),
               std::invalid_argument);
  auto wrong = [](const Vector<double>&) { return Vector<double>::Ones(2); };
  EXPECT_THROW(ConjugateGradients<double>(wrong, IdentityPreconditioner(), Vector<double>::Ones(3), CgOptions{}),
               std::invalid_argument);
  EXPECT_STREQ(CgTerminationName(CgTermination::kNegativeCurvature), "negative_curvature");
}

}  // namespace
}  // namespace nrc::testing_util
