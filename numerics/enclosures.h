// nrc/numerics/enclosures.h
//
// Rigorous enclosures of norms, singular values and small inverses of
// interval matrices (numerics/interval_matrix.h). Each result contains the
// exact value for EVERY point matrix in the interval matrix (so for the exact
// matrix the intervals were computed from); floating algorithms only supply
// approximations that are then verified in interval arithmetic.
//
//   FrobeniusNorm(A)        {||A||_F}: sqrt of the interval sum of squares.
//   ColumnNorms(A)          {||A e_j||_2} for every column j.
//   SpectralNormUpper(A)    an upper bound of ||A||_2: min(||A||_F,
//                           sqrt(||A||_1 ||A||_inf)) with magnitudes.
//   EncloseSingularValues(A, bits)
//                           two-sided enclosures of every sigma_i(A), i = 1..min(m,n)
//                           (Miyajima 2014): with a floating SVD U S V^T of mid(A)
//                           (nrc's Jacobi SVD in double when bits <= 53, else in MPFR
//                           at `bits`), the factors taken as exact numbers, and
//                             e >= ||U S V^T - A||_2, f >= ||V^T V - I||_2, g >= ||U^T U - I||_2
//                           (each by SpectralNormUpper, evaluated in intervals,
//                           e over the whole interval matrix A), f, g < 1:
//                             sigma_i(A) in [s_i sqrt((1-f)(1-g)) - e, s_i sqrt((1+f)(1+g)) + e]
//                           (lower end clipped at 0). Proof: Weyl for A vs U S V^T, then
//                           U = Q_U H_U, V = Q_V H_V (polar) and
//                           sigma_i(H_U S H_V) in s_i [s_min(H_U) s_min(H_V), ||H_U|| ||H_V||].
//                           ok = false (and no intervals) when f or g >= 1.
//                           Absolute accuracy ~ e: about 2^-bits sigma_1 plus A's width.
//   TailNorm(sigma, k, frobenius)
//                           {dist_k} by Eckart-Young-Mirsky from the enclosures:
//                           sigma_{k+1} (spectral) or sqrt(sum_{j>k} sigma_j^2); [0, 0]
//                           when k >= the number of singular values.
//   EncloseInverse(G, &inv) a verified inverse of a square interval matrix: X = inverse
//                           of mid(G) in double, alpha >= ||I - X G||_inf over the box;
//                           if alpha < 1 every G in the box is invertible and
//                           G^{-1} in X +- ||X||_inf alpha / (1 - alpha) entrywise
//                           (Neumann series). Returns false otherwise.
#ifndef NRC_NUMERICS_ENCLOSURES_H_
#define NRC_NUMERICS_ENCLOSURES_H_

#include <vector>

#include "numerics/interval_matrix.h"

namespace nrc {

Interval FrobeniusNorm(const IntervalMatrix& a);
std::vector<Interval> ColumnNorms(const IntervalMatrix& a);
// An upper bound of ||A||_2 over the box, rounded up to double.
double SpectralNormUpper(const IntervalMatrix& a);

struct SingularValueEnclosure {
  bool ok = false;
  std::vector<Interval> sigma;  // non-increasing midpoints, min(m, n) entries
  double e = 0, f = 0, g = 0;   // the bounds used (upper, as doubles)
};
SingularValueEnclosure EncloseSingularValues(const IntervalMatrix& a, int svd_bits = 53);

Interval TailNorm(const std::vector<Interval>& sigma, int k, bool frobenius);

bool EncloseInverse(const IntervalMatrix& g, IntervalMatrix* inverse);

}  // namespace nrc

#endif  // NRC_NUMERICS_ENCLOSURES_H_
