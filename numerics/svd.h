// nrc/numerics/svd.h
//
// Singular value decomposition A = U diag(sigma) V^T of a real m x n matrix, for
// every scalar in NRC_FOR_EACH_SCALAR (float, double, long double, Float128,
// Mpfr at the current default precision; all internal temporaries and the
// results of an Mpfr computation carry the current default precision).
//
// Mpfr inputs of any precision are first rounded to the current default
// precision (Boost 1.74 arithmetic would otherwise keep the largest operand
// precision).
//
// Results (p = min(m, n)):
//   sigma  p singular values, sorted in non-increasing order, all >= 0;
//   u      m x p with orthonormal columns (thin U);
//   v      n x p with orthonormal columns (thin V).
// Columns belonging to zero singular values (rank-deficient or zero A) are
// still orthonormal: they complete the basis. Empty shapes (0 x n, m x 0) give
// p = 0 and correctly shaped empty factors; a zero matrix gives sigma = 0,
// u = the first p columns of I_m, v = the first p columns of I_n.
//
// Methods:
//   kJacobi       the reference. Column-pivoted Householder QR, A P = Q R,
//                 then one-sided (Hestenes) Jacobi on R^T with the relative
//                 stopping test |x_p^T x_q| <= tol ||x_p|| ||x_q||,
//                 tol = sqrt(p) eps (Demmel-Veselic; Drmac-Veselic
//                 preconditioning). One-sided Jacobi on X = R^T is two-sided
//                 Jacobi on R R^T carried out implicitly. Error model: backward
//                 stable, |sigma_j - sigma_j(A)| <= c(m,n) eps sigma_1 always,
//                 and, when A = B D with D diagonal and B well conditioned,
//                 high *relative* accuracy
//                 |sigma_j - sigma_j(A)| <= c(m,n) eps cond(B) sigma_j
//                 (c(m,n) is a modest polynomial; the tests measure it, see
//                 svd_test.cc). Orthogonality: |u_i^T u_j|, |v_i^T v_j| <=
//                 c(n) eps. Singular values below about
//                 sqrt(numeric_limits<T>::min()) * sigma_1 lose the relative
//                 guarantee (their squares underflow; only matters for float,
//                 double, long double). Throws std::runtime_error if Jacobi
//                 has not converged after 100 sweeps (never observed:
//                 convergence is quadratic; measured in double, counting the
//                 final sweep that finds nothing to rotate: 6-10 sweeps for
//                 random n x n, n = 8..128, 4 for strongly graded ones). For
//                 Mpfr the rotations and dot products run in place on MPFR
//                 numbers (mpfr_fmma/fmms: each rotated entry correctly
//                 rounded).
//   kBidiagonalDC Eigen's BDCSVD (Householder bidiagonalisation + divide and
//                 conquer; blocks <= 16 are done by Eigen's two-sided JacobiSVD).
//                 Backward stable: |sigma_j - sigma_j(A)| <= c(m,n) eps sigma_1;
//                 no relative accuracy for small sigma_j. Beware: Eigen's
//                 deflation raises tiny singular values to 8 eps sigma_1
//                 (measured: rank-3 20 x 20 products give sigma_4.. = exactly
//                 8 eps sigma_1, where kJacobi gives ~0.5 eps, or 1e-45 eps
//                 for an exactly rank-3 Mpfr input), so never threshold BDC
//                 singular values below ~10 eps sigma_1. About 3x faster than
//                 kJacobi at 64 x 64. Made to compile for Float128/Mpfr by
//                 numerics/detail/eigen_multiprecision.h. Throws
//                 std::runtime_error if Eigen reports a failure.
//   kAuto         kJacobi when min(m, n) <= 64, else kBidiagonalDC: the sizes
//                 nrc's networks use get the reference accuracy.
//
// Inputs must be finite; a NaN or infinite entry throws std::invalid_argument.
//
// The templates are instantiated once per scalar (one translation unit each,
// numerics/detail/instantiate_*.cc); including this header never compiles an
// SVD.
#ifndef NRC_NUMERICS_SVD_H_
#define NRC_NUMERICS_SVD_H_

#include "numerics/scalar.h"

namespace nrc {

enum class SvdMethod { kJacobi, kBidiagonalDC, kAuto };

// "jacobi", "bdc", "auto".
const char* SvdMethodName(SvdMethod m);

template <class T>
struct Svd {
  Matrix<T> u;      // m x p, orthonormal columns
  Vector<T> sigma;  // p, non-increasing, >= 0
  Matrix<T> v;      // n x p, orthonormal columns
};

// The singular values of A, non-increasing (no singular vectors are formed,
// which is 2-5x cheaper than ComputeSvd).
template <class T>
Vector<T> SingularValues(const Matrix<T>& A, SvdMethod method = SvdMethod::kAuto);

// The thin SVD of A.
template <class T>
Svd<T> ComputeSvd(const Matrix<T>& A, SvdMethod method = SvdMethod::kAuto);

#define NRC_SVD_EXTERN_(T)                                                      \
  extern template Vector<T> SingularValues<T>(const Matrix<T>&, SvdMethod); \
  extern template Svd<T> ComputeSvd<T>(const Matrix<T>&, SvdMethod);
NRC_FOR_EACH_SCALAR(NRC_SVD_EXTERN_)
#undef NRC_SVD_EXTERN_

}  // namespace nrc

#endif  // NRC_NUMERICS_SVD_H_
