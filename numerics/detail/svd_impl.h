// Internals of numerics/svd.h: the definitions, included only by the
// per-scalar instantiation units numerics/detail/instantiate_*.cc.
#ifndef NRC_NUMERICS_DETAIL_SVD_IMPL_H_
#define NRC_NUMERICS_DETAIL_SVD_IMPL_H_

#include <Eigen/QR>
#include <Eigen/SVD>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "numerics/detail/eigen_multiprecision.h"
#include "numerics/scalar.h"
#include "numerics/svd.h"

namespace nrc {
namespace detail {

template <class T>
T SvdAbs(const T& x) {
  using std::abs;
  return abs(x);
}
template <class T>
T SvdSqrt(const T& x) {
  using std::sqrt;
  return sqrt(x);
}

// Throws std::invalid_argument unless every entry of A is finite.
template <class T>
void RequireFinite(const Matrix<T>& A, const char* who) {
  for (Eigen::Index j = 0; j < A.cols(); ++j) {
    for (Eigen::Index i = 0; i < A.rows(); ++i) {
      if (!IsFinite(A(i, j))) {
        throw std::invalid_argument(std::string(who) + ": entry (" + std::to_string(i) + ", " +
                                    std::to_string(j) + ") of the " + std::to_string(A.rows()) +
                                    " x " + std::to_string(A.cols()) + " input is not finite");
      }
    }
  }
}

// Largest |a_ij|, and A scaled by the power of two 2^-e that brings it into
// [1/2, 1) (exact, barring underflow of entries below min * 2^e).
template <class T>
T MaxAbs(const Matrix<T>& A) {
  T m(0);
  for (Eigen::Index j = 0; j < A.cols(); ++j)
    for (Eigen::Index i = 0; i < A.rows(); ++i) {
      const T a = SvdAbs(A(i, j));
      if (a > m) m = a;
    }
  return m;
}
template <class T>
int BinaryExponent(const T& x) {
  using std::frexp;
  int e = 0;
  (void)frexp(x, &e);
  return e;
}
// x * 2^e; for Mpfr the result has the current default precision (Boost 1.74
// arithmetic would keep the operand's precision).
template <class T>
T TimesPowerOfTwo(const T& x, int e) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    Mpfr y;
    mpfr_mul_2si(y.backend().data(), x.backend().data(), e, MPFR_RNDN);
    return y;
  } else {
    using std::ldexp;
    return T(ldexp(x, e));
  }
}

// x_p^T x_q for columns p, q of X. For Mpfr an in-place mpfr_fma loop (one
// rounding per term, no temporaries).
template <class T>
T ColumnDot(const Matrix<T>& X, Eigen::Index p, Eigen::Index q) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    Mpfr g;
    mpfr_set_zero(g.backend().data(), 1);
    const Mpfr* a = X.data() + p * X.rows();
    const Mpfr* b = X.data() + q * X.rows();
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      mpfr_fma(g.backend().data(), a[i].backend().data(), b[i].backend().data(), g.backend().data(), MPFR_RNDN);
    }
    return g;
  } else {
    return X.col(p).dot(X.col(q));
  }
}

// [x_p, x_q] <- [c x_p - s x_q, s x_p + c x_q]. For Mpfr each new entry is
// correctly rounded (mpfr_fmms / mpfr_fmma) and computed in place.
template <class T>
void RotateColumns(Matrix<T>& X, Eigen::Index p, Eigen::Index q, const T& c, const T& s) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    Mpfr* a = X.data() + p * X.rows();
    Mpfr* b = X.data() + q * X.rows();
    Mpfr t;
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      mpfr_ptr xp = a[i].backend().data();
      mpfr_ptr xq = b[i].backend().data();
      mpfr_fmms(t.backend().data(), c.backend().data(), xp, s.backend().data(), xq, MPFR_RNDN);
      mpfr_fmma(xq, s.backend().data(), xp, c.backend().data(), xq, MPFR_RNDN);
      mpfr_swap(xp, t.backend().data());
    }
  } else {
    for (Eigen::Index i = 0; i < X.rows(); ++i) {
      const T xp = X(i, p);
      const T xq = X(i, q);
      X(i, p) = c * xp - s * xq;
      X(i, q) = s * xp + c * xq;
    }
  }
}

// The stopping tolerance of one-sided Jacobi on ROWS rows (sqrt(rows) eps), and
// the floor below which a dot product of two columns is rounding noise of an
// underflowing sum (rows times the smallest normal number; 0 for Mpfr, whose
// exponent range makes underflow moot).
template <class T>
T JacobiTolerance(Eigen::Index rows) {
  return ScalarTraits<T>::Epsilon() * SvdSqrt(T(std::max<Eigen::Index>(rows, 1)));
}
template <class T>
T JacobiUnderflowFloor(Eigen::Index rows) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    return T(0);
  } else {
    return T(std::max<Eigen::Index>(rows, 1)) * std::numeric_limits<T>::min();
  }
}

// One-sided (Hestenes) Jacobi: rotates columns of X until every pair satisfies
// |x_p^T x_q| <= tol ||x_p|| ||x_q||; accumulates the rotations into *W when
// W != nullptr (X_final = X_initial * W). Returns the number of sweeps.
template <class T>
int OneSidedJacobi(Matrix<T>& X, Matrix<T>* W) {
  using Index = Eigen::Index;
  constexpr int kMaxSweeps = 100;
  const Index n = X.cols();
  const Index rows = X.rows();
  const T tol = JacobiTolerance<T>(rows);
  // Columns whose products underflow (norms below ~1e-154 in double) give
  // dot products made of subnormal rounding noise that no rotation can make
  // smaller: the sweep would rotate them forever (seen on the layer-2 split
  // P_l of a trained iris network rounded to double, columns ~1e-157). Such a
  // pair counts as orthogonal once |x_p^T x_q| is below the absolute error
  // of an underflowing dot product, rows * (smallest normal number). MPFR's
  // exponent range makes this moot there. (Such columns are not orthogonal
  // to the tolerance: JacobiSvdTall does not normalise them.)
  const T underflow_floor = JacobiUnderflowFloor<T>(rows);
  Vector<T> d2(n);
  for (Index j = 0; j < n; ++j) d2(j) = ColumnDot(X, j, j);
  for (int sweep = 1; sweep <= kMaxSweeps; ++sweep) {
    bool rotated = false;
    for (Index p = 0; p + 1 < n; ++p) {
      for (Index q = p + 1; q < n; ++q) {
        if (d2(p) == T(0) || d2(q) == T(0)) continue;
        const T g = ColumnDot(X, p, q);
        if (SvdAbs(g) <= tol * SvdSqrt(d2(p)) * SvdSqrt(d2(q)) || SvdAbs(g) <= underflow_floor) continue;
        rotated = true;
        // t = tan(theta) is the smaller root of t^2 + 2 zeta t - 1 = 0, which
        // makes the rotated pair orthogonal (Rutishauser's formulas).
        const T zeta = (d2(q) - d2(p)) / (T(2) * g);
        const T az = SvdAbs(zeta);
        const T root = az > T(1) ? T(az * SvdSqrt(T(1) + T(T(1) / az) * T(T(1) / az)))
                                 : T(SvdSqrt(T(1) + az * az));
        T t = T(1) / (az + root);
        if (zeta < T(0)) t = -t;
        const T c = T(1) / SvdSqrt(T(1) + t * t);
        const T s = t * c;
        RotateColumns(X, p, q, c, s);
        if (W != nullptr) RotateColumns(*W, p, q, c, s);
        d2(p) = ColumnDot(X, p, p);
        d2(q) = ColumnDot(X, q, q);
      }
    }
    if (!rotated) return sweep;
  }
  throw std::runtime_error("SVD (Jacobi): no convergence after " + std::to_string(kMaxSweeps) +
                           " sweeps on a " + std::to_string(rows) + " x " + std::to_string(n) +
                           " matrix (" + ScalarTraits<T>::Name() + ")");
}

// Replaces the columns of Q (n x p) flagged in `missing` by unit vectors
// orthogonal to all other columns (Gram-Schmidt, twice, of the standard basis
// vector with the largest residual).
template <class T>
void CompleteOrthonormalColumns(Matrix<T>& Q, const std::vector<bool>& missing) {
  using Index = Eigen::Index;
  const Index n = Q.rows();
  std::vector<bool> good(missing.size());
  for (size_t j = 0; j < missing.size(); ++j) good[j] = !missing[j];
  for (Index j = 0; j < Q.cols(); ++j) {
    if (good[j]) continue;
    Vector<T> best;
    T best_norm(-1);
    for (Index k = 0; k < n; ++k) {
      Vector<T> x = Vector<T>::Zero(n);
      x(k) = T(1);
      for (int pass = 0; pass < 2; ++pass) {
        for (Index i = 0; i < Q.cols(); ++i) {
          if (good[i]) x -= Q.col(i) * Q.col(i).dot(x);
        }
      }
      const T nx = x.norm();
      if (nx > best_norm) {
        best_norm = nx;
        best = x;
      }
      if (best_norm > T(0.5)) break;
    }
    Q.col(j) = best / best_norm;
    good[j] = true;
  }
}

// Sorts sigma into non-increasing order, permuting the columns of u and v alike.
template <class T>
void SortDescending(Svd<T>& s, bool vectors) {
  const Eigen::Index p = s.sigma.size();
  std::vector<Eigen::Index> order(p);
  std::iota(order.begin(), order.end(), Eigen::Index(0));
  std::stable_sort(order.begin(), order.end(),
                   [&](Eigen::Index a, Eigen::Index b) { return s.sigma(a) > s.sigma(b); });
  Vector<T> sigma(p);
  for (Eigen::Index j = 0; j < p; ++j) sigma(j) = s.sigma(order[j]);
  s.sigma = sigma;
  if (!vectors) return;
  Matrix<T> u(s.u.rows(), p), v(s.v.rows(), p);
  for (Eigen::Index j = 0; j < p; ++j) {
    u.col(j) = s.u.col(order[j]);
    v.col(j) = s.v.col(order[j]);
  }
  s.u = u;
  s.v = v;
}

// Jacobi SVD of a tall (m >= n >= 1), nonzero, scaled matrix.
template <class T>
Svd<T> JacobiSvdTall(const Matrix<T>& A, bool vectors) {
  using Index = Eigen::Index;
  const Index m = A.rows(), n = A.cols();
  Eigen::ColPivHouseholderQR<Matrix<T>> qr(A);
  Matrix<T> X = qr.matrixQR().topRows(n).template triangularView<Eigen::Upper>().transpose();
  Matrix<T> W;
  if (vectors) W = Matrix<T>::Identity(n, n);
  OneSidedJacobi(X, vectors ? &W : nullptr);
  Svd<T> s;
  s.sigma.resize(n);
  for (Index j = 0; j < n; ++j) s.sigma(j) = X.col(j).norm();
  if (vectors) {
    // X = R^T W = U_x S  =>  R = W S U_x^T  =>  A = (Q W) S (P U_x)^T.
    // A column X_j / sigma_j is orthogonal to the others to Jacobi's
    // tolerance only if sigma_j^2 >= underflow floor / tol: the stopping test
    // accepted smaller pairs on the underflow floor alone (two such columns,
    // normalised, can be nearly parallel). Below that (sigma_j < 6e-16
    // sigma_1 in float, 1e-146 in double: far below eps sigma_1, so replacing
    // the column changes A by less than its rounding) the column is
    // completed to an orthonormal basis like a zero one; sigma_j is kept.
    const T certifiable = SvdSqrt(JacobiUnderflowFloor<T>(n) / JacobiTolerance<T>(n));
    std::vector<bool> missing(n, false);
    Matrix<T> ux(n, n);
    for (Index j = 0; j < n; ++j) {
      if (s.sigma(j) > certifiable) {
        ux.col(j) = X.col(j) / s.sigma(j);
      } else {
        missing[j] = true;
        ux.col(j).setZero();
      }
    }
    CompleteOrthonormalColumns(ux, missing);
    Matrix<T> q = Matrix<T>::Identity(m, n);
    q.applyOnTheLeft(qr.householderQ());
    s.u.resize(m, n);
    s.u.noalias() = q * W;
    s.v = qr.colsPermutation() * ux;
  }
  SortDescending(s, vectors);
  return s;
}

template <class T>
Svd<T> BdcSvd(const Matrix<T>& A, bool vectors) {
  const unsigned options = vectors ? (Eigen::ComputeThinU | Eigen::ComputeThinV) : 0u;
  Eigen::BDCSVD<Matrix<T>> bdc(A, options);
  if (bdc.info() != Eigen::Success) {
    throw std::runtime_error("SVD (BDC): Eigen's BDCSVD failed on a " + std::to_string(A.rows()) +
                             " x " + std::to_string(A.cols()) + " matrix (" +
                             ScalarTraits<T>::Name() + ")");
  }
  Svd<T> s;
  s.sigma = bdc.singularValues();
  if (vectors) {
    s.u = bdc.matrixU();
    s.v = bdc.matrixV();
  }
  SortDescending(s, vectors);  // already sorted by Eigen; keeps the contract explicit
  return s;
}

template <class T>
Svd<T> SvdDriver(const Matrix<T>& A, SvdMethod method, bool vectors) {
  using Index = Eigen::Index;
  RequireFinite(A, "SVD");
  const Index m = A.rows(), n = A.cols(), p = std::min(m, n);
  Svd<T> s;
  const T amax = p == 0 ? T(0) : MaxAbs(A);
  if (p == 0 || amax == T(0)) {
    s.sigma = Vector<T>::Zero(p);
    if (vectors) {
      s.u = Matrix<T>::Identity(m, p);
      s.v = Matrix<T>::Identity(n, p);
    }
    return s;
  }
  if (method == SvdMethod::kAuto) method = p <= 64 ? SvdMethod::kJacobi : SvdMethod::kBidiagonalDC;
  const int e = BinaryExponent(amax);
  // Work on the tall orientation, scaled by 2^-e (this also rounds Mpfr
  // inputs of another precision to the current default precision).
  const bool wide = m < n;
  Matrix<T> As(wide ? n : m, p);
  for (Index j = 0; j < n; ++j)
    for (Index i = 0; i < m; ++i) {
      if (wide) As(j, i) = TimesPowerOfTwo(A(i, j), -e);
      else As(i, j) = TimesPowerOfTwo(A(i, j), -e);
    }
  Svd<T> r = method == SvdMethod::kJacobi ? JacobiSvdTall(As, vectors) : BdcSvd(As, vectors);
  for (Index j = 0; j < p; ++j) r.sigma(j) = TimesPowerOfTwo(r.sigma(j), e);
  if (wide && vectors) std::swap(r.u, r.v);
  return r;
}

}  // namespace detail

template <class T>
Vector<T> SingularValues(const Matrix<T>& A, SvdMethod method) {
  return detail::SvdDriver(A, method, /*vectors=*/false).sigma;
}

template <class T>
Svd<T> ComputeSvd(const Matrix<T>& A, SvdMethod method) {
  return detail::SvdDriver(A, method, /*vectors=*/true);
}

#define NRC_INSTANTIATE_SVD(T)                                           \
  template Vector<T> SingularValues<T>(const Matrix<T>&, SvdMethod); \
  template Svd<T> ComputeSvd<T>(const Matrix<T>&, SvdMethod);

}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_SVD_IMPL_H_
