// Compiled with -frounding-math (numerics/CMakeLists.txt): the radii are
// computed under FE_UPWARD, the midpoints under FE_TONEAREST; see the error
// model in midrad_matrix.h.
#include "numerics/midrad_matrix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "numerics/detail/midrad_constants.h"
#include "numerics/detail/rounding_mode.h"

namespace nrc {
namespace {

using detail::kEta;
using detail::kUnitRoundoff;
using detail::ScopedRounding;

void CheckSameShape(const MidradMatrix& a, const MidradMatrix& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) throw std::invalid_argument("midrad matrices of different shapes");
}

}  // namespace

namespace detail {

double GammaUpper(int n) {
  // gamma_n = n u / (1 - n u), rounded up: numerator up, denominator down.
  if (!(static_cast<double>(n) * kUnitRoundoff < 0.5))
    throw std::invalid_argument("midrad product of inner dimension " + std::to_string(n) + " (needs n u < 1/2)");
  double den;
  {
    ScopedRounding down(FE_DOWNWARD);
    den = 1.0 - static_cast<double>(n) * kUnitRoundoff;
  }
  ScopedRounding up(FE_UPWARD);
  return static_cast<double>(n) * kUnitRoundoff / den;
}

}  // namespace detail

MidradMatrix::MidradMatrix(int rows, int cols)
    : mid_(Eigen::MatrixXd::Zero(rows, cols)), rad_(Eigen::MatrixXd::Zero(rows, cols)) {}

MidradMatrix::MidradMatrix(Eigen::MatrixXd mid, Eigen::MatrixXd rad) : mid_(std::move(mid)), rad_(std::move(rad)) {
  if (mid_.rows() != rad_.rows() || mid_.cols() != rad_.cols())
    throw std::invalid_argument("midrad matrix: midpoint and radius of different shapes");
  if (!(rad_.array() >= 0).all()) throw std::invalid_argument("midrad matrix: a radius is negative or NaN");
}

MidradMatrix MidradMatrix::FromDoubles(const Eigen::MatrixXd& m) {
  return MidradMatrix(m, Eigen::MatrixXd::Zero(m.rows(), m.cols()));
}

MidradMatrix MidradMatrix::FromIntervals(const IntervalMatrix& a) {
  Eigen::MatrixXd mid(a.rows(), a.cols()), rad(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) IntervalToMidrad(a(i, j), &mid(i, j), &rad(i, j));
  return MidradMatrix(std::move(mid), std::move(rad));
}

MidradMatrix MidradMatrix::Identity(int n) { return FromDoubles(Eigen::MatrixXd::Identity(n, n)); }

Interval MidradMatrix::Entry(int i, int j) const {
  return Interval(mid_(i, j)) + Interval(-rad_(i, j), rad_(i, j));
}

IntervalMatrix MidradMatrix::ToIntervals() const {
  IntervalMatrix r(rows(), cols());
  for (int i = 0; i < rows(); ++i)
    for (int j = 0; j < cols(); ++j) r(i, j) = Entry(i, j);
  return r;
}

MidradMatrix MidradMatrix::Transpose() const { return MidradMatrix(mid_.transpose(), rad_.transpose()); }

MidradMatrix MidradMatrix::Col(int j) const { return MidradMatrix(mid_.col(j), rad_.col(j)); }

MidradMatrix MidradMatrix::Columns(const std::vector<int>& cols) const {
  Eigen::MatrixXd m(rows(), static_cast<int>(cols.size())), r(rows(), static_cast<int>(cols.size()));
  for (size_t j = 0; j < cols.size(); ++j) {
    m.col(static_cast<int>(j)) = mid_.col(cols[j]);
    r.col(static_cast<int>(j)) = rad_.col(cols[j]);
  }
  return MidradMatrix(std::move(m), std::move(r));
}

bool MidradMatrix::IsPoint() const { return (rad_.array() == 0).all(); }

bool MidradMatrix::AllFinite() const { return mid_.allFinite() && rad_.allFinite(); }

double MidradMatrix::MaxWidth() const {
  if (rad_.size() == 0) return 0;
  if (!AllFinite()) return std::numeric_limits<double>::infinity();
  ScopedRounding up(FE_UPWARD);
  return 2 * rad_.maxCoeff();
}

MidradMatrix operator*(const MidradMatrix& a, const MidradMatrix& b) {
  if (a.cols() != b.rows())
    throw std::invalid_argument("midrad product of incompatible shapes (" + std::to_string(a.cols()) + " vs " +
                                std::to_string(b.rows()) + ")");
  const int n = a.cols();
  const double gamma = detail::GammaUpper(n);
  Eigen::MatrixXd mid(a.rows(), b.cols());
  {
    ScopedRounding nearest(FE_TONEAREST);
    mid.noalias() = a.mid() * b.mid();
  }
  ScopedRounding up(FE_UPWARD);
  const Eigen::MatrixXd abs_b = b.mid().cwiseAbs();
  Eigen::MatrixXd rad(a.rows(), b.cols());
  rad.noalias() = a.mid().cwiseAbs() * (b.rad() + gamma * abs_b);
  if (!a.IsPoint()) rad.noalias() += a.rad() * (abs_b + b.rad());
  rad.array() += static_cast<double>(n) * kEta;
  return MidradMatrix(std::move(mid), std::move(rad));
}

namespace {

// a + sign * b entrywise: |fl(x + y) - (x + y)| <= u |x + y| <= u (|x| + |y|)
// (additions are exact in the subnormal range).
MidradMatrix AddSigned(const MidradMatrix& a, const MidradMatrix& b, double sign) {
  CheckSameShape(a, b);
  Eigen::MatrixXd mid;
  {
    ScopedRounding nearest(FE_TONEAREST);
    mid = a.mid() + sign * b.mid();
  }
  ScopedRounding up(FE_UPWARD);
  Eigen::MatrixXd rad =
      a.rad().array() + b.rad().array() + kUnitRoundoff * (a.mid().array().abs() + b.mid().array().abs());
  return MidradMatrix(std::move(mid), std::move(rad));
}

// Entrywise product of <am, ar> and <bm, br> (arrays of one shape, or a scalar
// broadcast): |xy - am bm| <= |am| br + ar (|bm| + br), plus the rounding of
// fl(am bm): u |am bm| + eta / 2.
template <class A, class B, class C, class D>
MidradMatrix ProductOf(const A& am, const B& ar, const C& bm, const D& br) {
  Eigen::MatrixXd mid;
  {
    ScopedRounding nearest(FE_TONEAREST);
    mid = (am * bm).matrix();
  }
  ScopedRounding up(FE_UPWARD);
  Eigen::MatrixXd rad =
      (am.abs() * br + ar * (bm.abs() + br) + kUnitRoundoff * (am.abs() * bm.abs()) + kEta).matrix();
  return MidradMatrix(std::move(mid), std::move(rad));
}

}  // namespace

MidradMatrix operator+(const MidradMatrix& a, const MidradMatrix& b) { return AddSigned(a, b, 1.0); }
MidradMatrix operator-(const MidradMatrix& a, const MidradMatrix& b) { return AddSigned(a, b, -1.0); }

MidradMatrix CwiseProduct(const MidradMatrix& a, const MidradMatrix& b) {
  CheckSameShape(a, b);
  return ProductOf(a.mid().array(), a.rad().array(), b.mid().array(), b.rad().array());
}

MidradMatrix operator*(const Interval& s, const MidradMatrix& a) {
  double sm = 0, sr = 0;
  IntervalToMidrad(s, &sm, &sr);
  const Eigen::ArrayXXd m = Eigen::ArrayXXd::Constant(a.rows(), a.cols(), sm);
  const Eigen::ArrayXXd r = Eigen::ArrayXXd::Constant(a.rows(), a.cols(), sr);
  return ProductOf(m, r, a.mid().array(), a.rad().array());
}

MidradMatrix ScaleColumns(const MidradMatrix& a, const std::vector<Interval>& s) {
  if (static_cast<int>(s.size()) != a.cols()) throw std::invalid_argument("ScaleColumns: one factor per column");
  Eigen::ArrayXXd m(a.rows(), a.cols()), r(a.rows(), a.cols());
  for (int j = 0; j < a.cols(); ++j) {
    double sm = 0, sr = 0;
    IntervalToMidrad(s[static_cast<size_t>(j)], &sm, &sr);
    m.col(j).setConstant(sm);
    r.col(j).setConstant(sr);
  }
  return ProductOf(m, r, a.mid().array(), a.rad().array());
}

MidradMatrix AddToColumns(const MidradMatrix& a, const MidradMatrix& c) {
  if (c.rows() != a.rows() || c.cols() != 1) throw std::invalid_argument("AddToColumns: a column of a's height");
  return a + MidradMatrix(c.mid().replicate(1, a.cols()), c.rad().replicate(1, a.cols()));
}

void IntervalToMidrad(const Interval& x, double* mid, double* rad) {
  mpfr_t m, d;
  mpfr_init2(m, 53);
  mpfr_init2(d, 53);
  mpfi_mid(m, x.get());
  *mid = mpfr_get_d(m, MPFR_RNDN);
  mpfr_set_d(m, *mid, MPFR_RNDN);  // exact
  mpfr_sub(d, &x.get()->right, m, MPFR_RNDU);
  double r = mpfr_get_d(d, MPFR_RNDU);
  mpfr_sub(d, m, &x.get()->left, MPFR_RNDU);
  r = std::max(r, mpfr_get_d(d, MPFR_RNDU));
  mpfr_clear(m);
  mpfr_clear(d);
  // NaN endpoints: an unusable (infinite) radius, never a false point.
  *rad = std::isnan(r) || std::isnan(*mid) ? std::numeric_limits<double>::infinity() : std::max(r, 0.0);
  if (std::isnan(*mid)) *mid = 0;
}

MidradMatrix MapIntervals(const MidradMatrix& a, const std::function<Interval(const Interval&)>& f) {
  ScopedIntervalPrecision bits(std::max(53, IntervalPrecisionBits()));
  Eigen::MatrixXd mid(a.rows(), a.cols()), rad(a.rows(), a.cols());
  for (int j = 0; j < a.cols(); ++j)
    for (int i = 0; i < a.rows(); ++i) IntervalToMidrad(f(a.Entry(i, j)), &mid(i, j), &rad(i, j));
  return MidradMatrix(std::move(mid), std::move(rad));
}

MidradMatrix Tanh(const MidradMatrix& a, MidradMatrix* derivative) {
  Eigen::MatrixXd y(a.rows(), a.cols());
  {
    ScopedRounding nearest(FE_TONEAREST);  // MPFR's double conversions assume it
    mpfr_t x;
    mpfr_init2(x, 53);
    for (Eigen::Index k = 0; k < a.mid().size(); ++k) {
      mpfr_set_d(x, a.mid().data()[k], MPFR_RNDN);  // exact
      mpfr_tanh(x, x, MPFR_RNDN);                      // correctly rounded
      y.data()[k] = mpfr_get_d(x, MPFR_RNDN);          // exact, or eta / 2 in the subnormal range
    }
    mpfr_clear(x);
  }
  Eigen::MatrixXd r;
  {
    ScopedRounding up(FE_UPWARD);
    // Lip(tanh) = 1; |y - tanh(m)| <= u |y| + eta (covers the subnormal re-rounding).
    r = (a.rad().array() + kUnitRoundoff * y.array().abs() + kEta).matrix();
  }
  MidradMatrix t(std::move(y), std::move(r));
  if (derivative) {
    const MidradMatrix sq = CwiseProduct(t, t);
    // t^2 over <y, r>: |t^2 - y^2| <= r (2 |y| + r); CwiseProduct's bound
    // |y| r + r (|y| + r) is the same.
    *derivative = MidradMatrix(Eigen::MatrixXd::Ones(a.rows(), a.cols()), Eigen::MatrixXd::Zero(a.rows(), a.cols())) - sq;
  }
  return t;
}

}  // namespace nrc
