// nrc/numerics/midrad_matrix.h
//
// MidradMatrix: a midpoint-radius interval matrix in double (Rump 1999,
// "Fast and parallel interval arithmetic", BIT 39): entry (i, j) is the set
// {x : |x - mid(i, j)| <= rad(i, j)}, mid and rad binary64 matrices, rad >= 0.
// The fast scalar of nrc's second proof engine (enclosures/midrad_network.h);
// the MPFI IntervalMatrix (numerics/interval_matrix.h) stays the reference.
//
// Guarantee: every operation returns a matrix that contains the exact result
// of the operation for EVERY choice of point matrices in the operands, as the
// MPFI operations do; the cost is that of a few double GEMMs.
//
// Error model (u = 2^-53, eta = 2^-1074 the smallest subnormal):
//  - Midpoints are computed in round-to-nearest (Eigen's GEMM and array
//    operations, any order of summation, blocked, vectorised, with or without
//    FMA). For a product of inner dimension n the computed midpoint satisfies
//      |fl(mA mB) - mA mB| <= gamma_n |mA||mB| + n eta,  gamma_n = n u / (1 - n u)
//    (Higham, Thm 3.5 with underflow: every product term passes through at most
//    n roundings, a multiplication and at most n - 1 additions, in ANY
//    summation tree; an FMA only removes roundings; each multiplication may
//    add an absolute error <= eta / 2 in the subnormal range, additions are
//    exact there). Requires n u < 1/2 (n < 2^52): checked, std::invalid_argument
//    otherwise. Jeannerod-Rump (2013) sharpen gamma_n to n u for recursive
//    summation; gamma_n is kept because it covers Eigen's blocking and FMA
//    without further argument (the difference is a factor 1 + n u).
//    An elementwise operation z = fl(x op y) has |z - x op y| <= u |x op y|
//    (+ eta / 2 for a multiplication): the radius adds u times an upper bound
//    of |x op y| (+ eta).
//  - Radii are computed with the FPU in round-upward mode (fesetround(FE_UPWARD)
//    for the radius computations only; this translation unit is compiled with
//    -frounding-math, see numerics/detail/rounding_mode.h). Every radius is a
//    sum of products of NON-NEGATIVE numbers (|mid|, rad, gamma_n, u, eta), and
//    with upward rounding each computed operation is >= its exact value, so the
//    computed radius is >= the exact expression whatever the order of the
//    operations (GEMM blocking and FMA included). No a-posteriori inflation is
//    needed. The product radius is Rump's
//      rad(AB) = |mA| (rB + gamma_n |mB|) + rA (|mB| + rB) + n eta
//    (two GEMMs; one when A or B is a point matrix, then (gamma_n |mA| + rA) |mB|
//    for a point B), which covers
//    |A B - mid| for every A, B in the operands (|AB - mA mB| <=
//    |mA| rB + rA |mB| + rA rB) plus the midpoint's own rounding.
//  - Threads (numerics/parallel.h, NRC_THREADS): products, entrywise
//    operations and Tanh are split into fixed column blocks (numerics/detail/
//    midrad_blocks.h: they depend on the shapes only) that run on the
//    threads; each block sets the rounding modes it needs itself and restores
//    the caller's (detail::ScopedRounding), so results have the same bits for
//    every thread count and no thread is left in a directed mode. A product
//    whose inner dimension n exceeds its result's columns is split over
//    blocks K_1..K_B of the inner dimension instead: each partial product
//    A(:, K_j) B(K_j, :) gets the radius above with gamma_|K_j| and |K_j| eta
//    (<= its share of the unsplit radius, gamma_|K_j| <= gamma_n), and the
//    partials are added in block order by operator+ (whose radius covers the
//    additions' rounding). Otherwise the result's columns are split and every
//    entry is one inner product of length n, the bound above unchanged.
//  - Overflow: a radius or midpoint that overflows becomes inf (or NaN from
//    0 * inf); AllFinite() says so and every enclosure built on such a matrix
//    is useless but never wrong (comparisons on NaN fail).
//  - Conversions to and from MPFI are outward (MPFR with directed rounding).
// A computed midpoint is NOT a rigorous value by itself; only the set
// <mid, rad> is.
#ifndef NRC_NUMERICS_MIDRAD_MATRIX_H_
#define NRC_NUMERICS_MIDRAD_MATRIX_H_

#include <Eigen/Core>

#include <functional>
#include <vector>

#include "numerics/interval.h"
#include "numerics/interval_matrix.h"

namespace nrc {

class MidradMatrix {
 public:
  MidradMatrix() = default;
  MidradMatrix(int rows, int cols);  // zeros (exact)
  // Throws std::invalid_argument unless the shapes agree and rad >= 0 (no NaN).
  MidradMatrix(Eigen::MatrixXd mid, Eigen::MatrixXd rad);

  static MidradMatrix FromDoubles(const Eigen::MatrixXd& m);      // exact points (rad 0)
  static MidradMatrix FromIntervals(const IntervalMatrix& a);     // encloses every entry
  static MidradMatrix Identity(int n);

  int rows() const { return static_cast<int>(mid_.rows()); }
  int cols() const { return static_cast<int>(mid_.cols()); }
  const Eigen::MatrixXd& mid() const { return mid_; }
  const Eigen::MatrixXd& rad() const { return rad_; }
  // The nearest-double midpoints (as IntervalMatrix::Mid: an input for
  // floating algorithms whose output is then verified).
  Eigen::MatrixXd Mid() const { return mid_; }
  // Entry (i, j) as an MPFI interval [mid - rad, mid + rad] (outward, at the
  // current interval precision).
  Interval Entry(int i, int j) const;
  IntervalMatrix ToIntervals() const;

  MidradMatrix Transpose() const;
  MidradMatrix Col(int j) const;                          // rows x 1
  MidradMatrix Columns(const std::vector<int>& cols) const;  // exact copies
  bool IsPoint() const;   // every radius 0
  bool AllFinite() const;
  // max over entries of 2 rad, rounded up.
  double MaxWidth() const;

 private:
  Eigen::MatrixXd mid_, rad_;
};

MidradMatrix operator*(const MidradMatrix& a, const MidradMatrix& b);
// a b^T, as a * b.Transpose() (same error model and radius) without forming
// the transpose: for Delta Z^T with Z of d x N, N large.
MidradMatrix TimesTransposed(const MidradMatrix& a, const MidradMatrix& b);
MidradMatrix operator+(const MidradMatrix& a, const MidradMatrix& b);
MidradMatrix operator-(const MidradMatrix& a, const MidradMatrix& b);
// X Y - C with one error-free splitting of the midpoints (Ozaki, Ogita, Oishi
// and Rump 2012, "Error-free transformations of matrix multiplication"): mid(X)
// = X1 + X2 row-wise and mid(Y) = Y1 + Y2 column-wise, X1 and Y1 with about
// (53 - log2 n) / 2 leading bits per row / column on a common grid, so that
// X1 Y1 is computed EXACTLY by any double GEMM (every partial sum is an
// integer multiple of the grid unit below 2^53). Then
//   X Y - C in (X1 Y1 - C) + X1 <Y2, rY> + <X2, rX> Y,
// each term by the operations above (the split parts carry an extra radius
// u |part|, so the result does not even rely on X - X1 being exact). The
// radius is then about u |X Y - C| plus n u 2^-26 |X||Y|, where X * Y - C has
// n u |X||Y|: for residuals like U S V^T - A, V^T V - I (numerics/
// midrad_enclosures.h). Six GEMMs instead of two. Falls back to X * Y - C
// when a grid unit would leave the normal range.
MidradMatrix ProductMinus(const MidradMatrix& x, const MidradMatrix& y, const MidradMatrix& c);
// Every entry times the interval s (s taken as its midpoint-radius hull).
MidradMatrix operator*(const Interval& s, const MidradMatrix& a);
// Entrywise product.
MidradMatrix CwiseProduct(const MidradMatrix& a, const MidradMatrix& b);
// Column j times s[j] (s.size() == cols).
MidradMatrix ScaleColumns(const MidradMatrix& a, const std::vector<Interval>& s);
// a + c 1^T: the column c (rows x 1) added to every column of a.
MidradMatrix AddToColumns(const MidradMatrix& a, const MidradMatrix& c);

// The midpoint-radius hull of an interval: mid the nearest double of its
// midpoint, rad >= the distance to both ends (rounded up).
void IntervalToMidrad(const Interval& x, double* mid, double* rad);

// f applied to every entry, with f an interval extension (f(X) contains
// {f(x) : x in X}, e.g. MPFI's): entry [mid - rad, mid + rad] enclosed in MPFI
// at max(53, IntervalPrecisionBits()) bits, f evaluated, the result's
// midpoint-radius hull returned. Rigorous for any such f; about the cost of f.
// Runs on the calling thread.
MidradMatrix MapIntervals(const MidradMatrix& a, const std::function<Interval(const Interval&)>& f);

// tanh entrywise, rigorous without libm or MPFR per entry. Error model: for
// x = |m| < 20, y = p(d), p the degree-7 Taylor polynomial of tanh around the
// anchor x_k = k 2^-8 nearest to x, d = x - x_k (exact, |d| <= 2^-9), with
// coefficients c_j precomputed once in MPFI at 160 bits (from tanh(x_k) by
// the recurrence (j + 1) a_{j+1} = [j = 0] - sum_i a_i a_{j-i} of T' = 1 - T^2)
// and stored as nearest doubles with radii r_j. Then
//   |y - tanh(x)| <= gamma_14 sum |c_j| |d|^j      (Horner in double, Higham 5.3)
//                  + sum r_j |d|^j                 (stored coefficients)
//                  + 1.6 |d|^8 / (1 - |d|) < 2^-71 (Taylor tail: |a_j| <= tan(1)
//                    by Cauchy's estimate on the circle |z - x_k| = 1, where
//                    |tanh z| <= tan(1) because |Im z| <= 1 < pi/2)
//                  + 14 eta                         (underflow in Horner),
// evaluated in round-upward; tanh is odd. For |m| >= 20, y = sign(m) and
// |1 - tanh(|m|)| < 2 e^-40 < 2^-56. Lip(tanh) = 1, so tanh(<m, r>) is inside
// <y, r + that bound>: about 2e-16 absolute, a few ulps. NaN midpoints give
// an infinite radius.
// *derivative (if not null) encloses 1 - tanh(x)^2 over the same sets:
// {1 - t^2 : t in <y, r'>}, evaluated in midpoint-radius arithmetic.
MidradMatrix Tanh(const MidradMatrix& a, MidradMatrix* derivative = nullptr);

}  // namespace nrc

#endif  // NRC_NUMERICS_MIDRAD_MATRIX_H_
