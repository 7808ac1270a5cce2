#include "numerics/enclosures.h"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>

#include "numerics/detail/miyajima.h"
#include "numerics/precision.h"
#include "numerics/svd.h"

namespace nrc {
namespace {

// Upper bounds (as doubles, rounded up) of ||A||_1 and ||A||_inf via magnitudes.
void OneInfUpper(const IntervalMatrix& a, double* one, double* inf) {
  std::vector<Interval> col(static_cast<size_t>(a.cols()));
  double rmax = 0;
  for (int i = 0; i < a.rows(); ++i) {
    Interval row;
    for (int j = 0; j < a.cols(); ++j) {
      const Interval m = Abs(a(i, j));
      row += m;
      col[static_cast<size_t>(j)] += m;
    }
    rmax = std::max(rmax, row.Upper());
  }
  double cmax = 0;
  for (const auto& c : col) cmax = std::max(cmax, c.Upper());
  *one = cmax;
  *inf = rmax;
}

// A point interval matrix holding the MPFR matrix m exactly (when the interval
// precision is at least m's).
IntervalMatrix FromMpfr(const Matrix<Mpfr>& m) {
  IntervalMatrix r(static_cast<int>(m.rows()), static_cast<int>(m.cols()));
  for (int i = 0; i < r.rows(); ++i)
    for (int j = 0; j < r.cols(); ++j) mpfi_set_fr(r(i, j).get(), m(i, j).backend().data());
  return r;
}
Matrix<Mpfr> MidMpfr(const IntervalMatrix& a) {
  Matrix<Mpfr> m(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) mpfi_mid(m(i, j).backend().data(), a(i, j).get());
  return m;
}

}  // namespace

Interval FrobeniusNorm(const IntervalMatrix& a) {
  Interval s;
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) s += Sqr(a(i, j));
  return Sqrt(s);
}

std::vector<Interval> ColumnNorms(const IntervalMatrix& a) {
  std::vector<Interval> n(static_cast<size_t>(a.cols()));
  for (int j = 0; j < a.cols(); ++j) {
    Interval sq;
    for (int i = 0; i < a.rows(); ++i) sq += Sqr(a(i, j));
    n[static_cast<size_t>(j)] = Sqrt(sq);
  }
  return n;
}

double SpectralNormUpper(const IntervalMatrix& a) {
  double one = 0, inf = 0;
  OneInfUpper(a, &one, &inf);
  const Interval oi = Sqrt(Interval(one) * Interval(inf));
  return std::min(FrobeniusNorm(a).Upper(), oi.Upper());
}

SingularValueEnclosure EncloseSingularValues(const IntervalMatrix& a_in, int svd_bits) {
  SingularValueEnclosure out;
  // Work with m >= n (singular values of A and A^T coincide).
  const IntervalMatrix a = a_in.rows() >= a_in.cols() ? a_in : a_in.Transpose();
  const int n = a.cols();
  if (n == 0) {
    out.ok = true;
    return out;
  }
  // The interval precision must be at least the SVD's for the factors to be exact.
  ScopedIntervalPrecision iguard(std::max(IntervalPrecisionBits(), ScopedMpfrPrecision::ReachableBits(svd_bits)));
  IntervalMatrix U, V;
  std::vector<Interval> s(static_cast<size_t>(n));
  if (svd_bits <= 53) {
    const Svd<double> svd = ComputeSvd<double>(a.Mid(), SvdMethod::kJacobi);
    U = IntervalMatrix::FromDoubles(svd.u);
    V = IntervalMatrix::FromDoubles(svd.v);
    for (int i = 0; i < n; ++i) s[static_cast<size_t>(i)] = Interval(svd.sigma(i));
  } else {
    ScopedMpfrPrecision guard(svd_bits);
    const Svd<Mpfr> svd = ComputeSvd<Mpfr>(MidMpfr(a), SvdMethod::kJacobi);
    U = FromMpfr(svd.u);
    V = FromMpfr(svd.v);
    for (int i = 0; i < n; ++i) mpfi_set_fr(s[static_cast<size_t>(i)].get(), svd.sigma(i).backend().data());
  }
  // U S (exact scaling in intervals), then (U S) V^T - A.
  IntervalMatrix US = U;
  for (int i = 0; i < US.rows(); ++i)
    for (int j = 0; j < n; ++j) US(i, j) *= s[static_cast<size_t>(j)];
  const IntervalMatrix Vt = V.Transpose();
  return detail::MiyajimaBounds(s, SpectralNormUpper(US * Vt - a),
                                SpectralNormUpper(Vt * V - IntervalMatrix::Identity(n)),
                                SpectralNormUpper(U.Transpose() * U - IntervalMatrix::Identity(n)));
}

namespace detail {

SingularValueEnclosure MiyajimaBounds(const std::vector<Interval>& s, double e, double f, double g) {
  SingularValueEnclosure out;
  out.e = e;
  out.f = f;
  out.g = g;
  if (!(out.f < 1 && out.g < 1 && std::isfinite(out.e))) return out;
  const Interval one(1.0), fi(out.f), gi(out.g), ei(out.e);
  const Interval lo_factor = Sqrt((one - fi) * (one - gi)), hi_factor = Sqrt((one + fi) * (one + gi));
  out.sigma.reserve(s.size());
  for (const Interval& si : s) {
    const Interval lo = Max0(si * lo_factor - ei), hi = si * hi_factor + ei;
    Interval r(0.0);
    mpfr_set(&r.get()->left, &lo.get()->left, MPFR_RNDD);
    mpfr_set(&r.get()->right, &hi.get()->right, MPFR_RNDU);
    out.sigma.push_back(r);
  }
  out.ok = true;
  return out;
}

}  // namespace detail

Interval TailNorm(const std::vector<Interval>& sigma, int k, bool frobenius) {
  if (k >= static_cast<int>(sigma.size())) return Interval(0.0);
  if (!frobenius) return sigma[static_cast<size_t>(k)];
  Interval s;
  for (size_t j = static_cast<size_t>(k); j < sigma.size(); ++j) s += Sqr(sigma[j]);
  return Sqrt(s);
}

bool EncloseInverse(const IntervalMatrix& g, IntervalMatrix* inverse) {
  const int n = g.rows();
  if (n != g.cols()) return false;
  if (n == 0) {
    *inverse = IntervalMatrix(0, 0);
    return true;
  }
  const Eigen::MatrixXd x = g.Mid().inverse();
  if (!x.allFinite()) return false;
  const IntervalMatrix residual = IntervalMatrix::Identity(n) - x * g;
  double one = 0, alpha = 0;
  OneInfUpper(residual, &one, &alpha);
  if (!(alpha < 1)) return false;
  const IntervalMatrix X = IntervalMatrix::FromDoubles(x);
  double xinf = 0;
  OneInfUpper(X, &one, &xinf);
  const Interval delta = Interval(xinf) * Interval(alpha) / (Interval(1.0) - Interval(alpha));
  const double d = delta.Upper();
  if (!std::isfinite(d)) return false;
  IntervalMatrix r(n, n);
  for (int i = 0; i < n; ++i)
    for (int j = 0; j < n; ++j) r(i, j) = X(i, j) + Interval(-d, d);
  *inverse = r;
  return true;
}

}  // namespace nrc
