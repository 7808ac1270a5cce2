// Unit tests for numerics/minimum_residual.h, typed over every scalar
// (float, double, long double, Float128, Mpfr at kTestMpfrBits): MINRES
// solves symmetric INDEFINITE systems (where CG stops on negative curvature),
// with and without a positive definite preconditioner, and its stop checks
// mean what they say (negative controls: too few products, an indefinite
// preconditioner).
#include "numerics/minimum_residual.h"

#include <gtest/gtest.h>

#include "numerics/detail/test_util.h"

namespace nrc::testing_util {
namespace {

template <class T>
class MinimumResidualTest : public AllScalarsTest<T> {};
TYPED_TEST_SUITE(MinimumResidualTest, AllScalars);

// An 8 x 8 symmetric indefinite matrix with eigenvalues -50 .. 100 (|mu| >=
// 1: condition number 100), built in double and rounded to T (for float it
// is another matrix with nearly the same spectrum), and b of N(0,1) entries.
template <class T>
void IndefiniteProblem(Matrix<T>* A, Vector<T>* b) {
  Vector<double> mu(8);
  mu << -50, -7, -1, 1, 3, 10, 40, 100;
  const Matrix<double> Ad = WithSpectrum(mu, 13);
  *A = Matrix<T>(8, 8);
  for (int j = 0; j < 8; ++j)
    for (int i = 0; i < 8; ++i) (*A)(i, j) = RoundedCast<T>(0.5 * (Ad(i, j) + Ad(j, i)));
  *b = Matrix<T>(RandomMatrix<T>(8, 1, 7)).col(0);
}

template <class T>
struct Solve {
  CgResult<T> result;
  double tol = 0;
  double true_residual = 0;  // ||b - A x||_2 / ||b||_2
  int observed = 0;
};

// MINRES on the IndefiniteProblem with tol = 1e4 eps_T, identity or Jacobi
// (|diag A|^-1, positive definite) preconditioner.
template <class T>
Solve<T> SolveIndefinite(int max_iterations, bool jacobi) {
  Matrix<T> A;
  Vector<T> b;
  IndefiniteProblem(&A, &b);
  Solve<T> s;
  s.tol = 1e4 * ToDouble(ScalarTraits<T>::Epsilon());
  CgOptions o;
  o.max_iterations = max_iterations;
  o.relative_tolerance = s.tol;
  const Vector<T> d = A.diagonal().cwiseAbs();
  auto apply_A = [&](const Vector<T>& v) { return Vector<T>(A * v); };
  auto count = [&](const Vector<T>&, const Vector<T>&) { ++s.observed; };
  s.result = jacobi ? MinimumResidual<T>(apply_A, [&](const Vector<T>& r) { return Vector<T>(r.cwiseQuotient(d)); },
                                         b, o, count)
                    : MinimumResidual<T>(apply_A, IdentityPreconditioner(), b, o, count);
  s.true_residual = ToDouble(FrobeniusNorm(Vector<T>(b - A * s.result.x))) / ToDouble(FrobeniusNorm(b));
  return s;
}

// Converged means the contract for the true residual too. The recursive
// residual drifts from b - A x by about k eps cond(A) ||b|| = 40 * 100 eps
// ||b|| for k <= 40 products; with the Jacobi preconditioner the M-norm and
// the 2-norm differ by at most sqrt(cond(M)) = sqrt(max|a_ii| / min|a_ii|),
// bounded by 10 here (|a_ii| within [1, 100]): true residual <= 10 (tol +
// 4e3 eps) <= 20 tol.
TYPED_TEST(MinimumResidualTest, SolvesAnIndefiniteSystemWhereCgStops) {
  using T = TypeParam;
  for (const bool jacobi : {false, true}) {
    const Solve<T> s = SolveIndefinite<T>(40, jacobi);
    SCOPED_TRACE(jacobi ? "Jacobi preconditioner" : "no preconditioner");
    ASSERT_EQ(s.result.termination, CgTermination::kConverged) << CgTerminationName(s.result.termination);
    EXPECT_EQ(s.observed, s.result.iterations);
    EXPECT_LE(s.true_residual, (jacobi ? 20 : 2) * s.tol)
        << "ratio " << s.true_residual / s.tol << ", " << ScalarTraits<T>::Name();
  }
  // Control: CG on the same system meets negative curvature and stops short.
  Matrix<T> A;
  Vector<T> b;
  IndefiniteProblem(&A, &b);
  CgOptions o;
  o.max_iterations = 40;
  o.relative_tolerance = 1e4 * ToDouble(ScalarTraits<T>::Epsilon());
  const CgResult<T> cg =
      ConjugateGradients<T>([&](const Vector<T>& v) { return Vector<T>(A * v); }, IdentityPreconditioner(), b, o);
  EXPECT_EQ(cg.termination, CgTermination::kNegativeCurvature);
  // Negative control: two products cannot solve the 8 x 8 system to 1e4 eps.
  const Solve<T> short_run = SolveIndefinite<T>(2, false);
  EXPECT_EQ(short_run.result.termination, CgTermination::kMaxIterations);
  EXPECT_EQ(short_run.result.iterations, 2);
  EXPECT_GT(short_run.true_residual, 2 * short_run.tol);
}

// A = diag(2, -1), b = (1, 1) by hand: the Krylov space is all of R^2 after
// two products, so x = A^{-1} b = (1/2, -1) to rounding, and the residual
// estimate is ~0. (CG meets negative curvature on this system at its second
// product: conjugate_gradients_test.)
TYPED_TEST(MinimumResidualTest, SolvesTwoByTwoIndefiniteExactly) {
  using T = TypeParam;
  Vector<T> diag(2);
  diag << T(2), T(-1);
  const Vector<T> b = Vector<T>::Ones(2);
  CgOptions o;
  o.relative_tolerance = 1e3 * ToDouble(ScalarTraits<T>::Epsilon());
  const CgResult<T> r = MinimumResidual<T>([&](const Vector<T>& v) { return Vector<T>(diag.cwiseProduct(v)); },
                                           IdentityPreconditioner(), b, o);
  EXPECT_NE(r.termination, CgTermination::kMaxIterations);
  EXPECT_LE(r.iterations, 2);
  const double e = ToDouble(ScalarTraits<T>::Epsilon());
  EXPECT_NEAR(ToDouble(r.x(0)), 0.5, 100 * e);
  EXPECT_NEAR(ToDouble(r.x(1)), -1.0, 100 * e);
}

// b = 0 converges at once with x = 0; an indefinite "preconditioner" is
// refused (kPreconditionerBreakdown), never used.
TYPED_TEST(MinimumResidualTest, ZeroRightHandSideAndIndefinitePreconditioner) {
  using T = TypeParam;
  Vector<T> diag(2), b = Vector<T>::Zero(2);
  diag << T(2), T(-1);
  auto apply_A = [&](const Vector<T>& v) { return Vector<T>(diag.cwiseProduct(v)); };
  const CgResult<T> zero = MinimumResidual<T>(apply_A, IdentityPreconditioner(), b, CgOptions{});
  EXPECT_EQ(zero.termination, CgTermination::kConverged);
  EXPECT_EQ(zero.iterations, 0);
  b << T(1), T(2);
  const CgResult<T> bad =
      MinimumResidual<T>(apply_A, [&](const Vector<T>& r) { return Vector<T>(-r); }, b, CgOptions{});
  EXPECT_EQ(bad.termination, CgTermination::kPreconditionerBreakdown);
  EXPECT_EQ(bad.iterations, 0);
}

}  // namespace
}  // namespace nrc::testing_util
