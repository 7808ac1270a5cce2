// nrc/numerics/norms.h
//
// Matrix norms and Eckart-Young-Mirsky distances to low rank, for every scalar
// in NRC_FOR_EACH_SCALAR.
//
//   SpectralNorm(A)   ||A||_2 = sigma_1(A), from SingularValues(A, kJacobi)
//                     (error <= c(m,n) eps ||A||_2, see numerics/svd.h);
//                     0 for an empty or zero matrix.
//   FrobeniusNorm(A)  ||A||_F = sqrt(sum a_ij^2), computed with LAPACK's
//                     scaled sum of squares (scale * sqrt(ssq)) so that it
//                     neither overflows nor underflows unless the result does
//                     (entries of 1e200 in double are fine). Relative error
//                     <= (mn + 2) eps (in practice a few eps); Mpfr uses the
//                     plain sum of squares (its exponent range cannot overflow).
//   FrobeniusNorm(v)  the same for a vector (its 2-norm).
//
// From singular values sigma (non-increasing, >= 0, e.g. SingularValues(W)),
// by Eckart-Young-Mirsky (theorems.md, Setting: dist_K):
//   DistToRank(sigma, k, Norm::kSpectral)  = sigma_{k+1}  (0 if k >= p),
//   DistToRank(sigma, k, Norm::kFrobenius) = sqrt(sum_{j>k} sigma_j^2)
//                                            (scaled; 0 if k >= p),
//   the distance of the matrix to the set of matrices of rank <= k; k >= 0.
//   NumericalRank(sigma, t) = #{j : sigma_j > t}, t >= 0.
// These are exact functions of the given sigma up to the rounding of the
// Frobenius tail (<= (p + 2) eps relative); the error of sigma itself is the
// SVD's. They throw std::invalid_argument if k < 0, t < 0 or NaN, or sigma is
// not non-increasing and non-negative (the message names the first bad index).
#ifndef NRC_NUMERICS_NORMS_H_
#define NRC_NUMERICS_NORMS_H_

#include "numerics/scalar.h"

namespace nrc {

enum class Norm { kSpectral, kFrobenius };

// "spectral", "frobenius".
const char* NormName(Norm n);

template <class T>
T SpectralNorm(const Matrix<T>& A);
template <class T>
T FrobeniusNorm(const Matrix<T>& A);
template <class T>
T FrobeniusNorm(const Vector<T>& v);

template <class T>
T DistToRank(const Vector<T>& sigma, int k, Norm norm);
template <class T>
int NumericalRank(const Vector<T>& sigma, const T& threshold);

#define NRC_NORMS_EXTERN_(T)                                            \
  extern template T SpectralNorm<T>(const Matrix<T>&);                  \
  extern template T FrobeniusNorm<T>(const Matrix<T>&);                 \
  extern template T FrobeniusNorm<T>(const Vector<T>&);                 \
  extern template T DistToRank<T>(const Vector<T>&, int, Norm);         \
  extern template int NumericalRank<T>(const Vector<T>&, const T&);
NRC_FOR_EACH_SCALAR(NRC_NORMS_EXTERN_)
#undef NRC_NORMS_EXTERN_

}  // namespace nrc

#endif  // NRC_NUMERICS_NORMS_H_
