// nrc/numerics/midrad_enclosures.h
//
// The enclosures of numerics/enclosures.h for midpoint-radius matrices
// (numerics/midrad_matrix.h), with the same contracts: each result contains
// the exact value for EVERY point matrix in <mid, rad>. Same names, so code
// templated on the matrix type (the shared claim logic of
// proofs-check/interval_proof.cc) calls either. Scalars come back as MPFI
// Intervals with double endpoints.
//
// Error model: norms are sums of squares of the entrywise magnitude bounds
// max(0, |mid| - rad) (computed in round-downward) and |mid| + rad (in
// round-upward); with every term non-negative, the directed rounding of each
// operation makes the computed sums lower / upper bounds in any order.
//
//   FrobeniusNorm(A)        {||A||_F}.
//   ColumnNorms(A)          {||A e_j||_2} per column.
//   SpectralNormUpper(A)    an upper bound of ||A||_2 over the set: with
//                           M = |mid| + rad >= |A| entrywise, ||A||_2 <= ||M||_2, and
//                           ||M||_2 <= min(||M||_F, sqrt(||M||_1 ||M||_inf),
//                           sqrt(max_i (M^T M x)_i / x_i)) for any x > 0 (Collatz-
//                           Wielandt; x from 4 power iterations), all in round-upward.
//   EncloseSingularValues(A)
//                           Miyajima 2014 Thm 7 as numerics/enclosures.h states it,
//                           with a double SVD of mid(A) (Eigen's BDCSVD: the
//                           enclosure does not depend on the SVD's accuracy, only
//                           its width does; where BDCSVD leaves e above 2^-30
//                           sigma_1 plus twice ||rad(A)||_2, as Eigen 3.4.0 does on
//                           some matrices, the Jacobi SVD is tried and the
//                           smaller e kept), the factors taken as exact doubles and
//                           e >= ||U S V^T - A||_2 (U S formed in midpoint-radius
//                           arithmetic), f >= ||V^T V - I||_2, g >= ||U^T U - I||_2,
//                           each residual by ProductMinus (one error-free
//                           splitting: radius ~ u |residual|, not n u |factors|)
//                           and bounded by SpectralNormUpper. ok = false when f or
//                           g >= 1 or e is not finite. Relative width of sigma_1:
//                           about 1e-14 for a well-scaled 256 x 784 point matrix,
//                           plus A's radius.
//   EncloseInverse(G, &inv) verified inverse (Neumann series), as enclosures.h.
#ifndef NRC_NUMERICS_MIDRAD_ENCLOSURES_H_
#define NRC_NUMERICS_MIDRAD_ENCLOSURES_H_

#include <vector>

#include "numerics/enclosures.h"
#include "numerics/midrad_matrix.h"

namespace nrc {

Interval FrobeniusNorm(const MidradMatrix& a);
std::vector<Interval> ColumnNorms(const MidradMatrix& a);
double SpectralNormUpper(const MidradMatrix& a);
SingularValueEnclosure EncloseSingularValues(const MidradMatrix& a);
bool EncloseInverse(const MidradMatrix& g, MidradMatrix* inverse);

}  // namespace nrc

#endif  // NRC_NUMERICS_MIDRAD_ENCLOSURES_H_
