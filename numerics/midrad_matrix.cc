// Compiled with -frounding-math (numerics/CMakeLists.txt): the radii are
// computed under FE_UPWARD, the midpoints under FE_TONEAREST; see the error
// model in midrad_matrix.h.
#include "numerics/midrad_matrix.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

#include "numerics/detail/midrad_blocks.h"
#include "numerics/detail/midrad_constants.h"
#include "numerics/detail/rounding_mode.h"
#include "numerics/parallel.h"

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

namespace {

// B = b (kTransposed false) or b^T (true), read in place: Part(x, k, kn, c,
// s) is the part of x (of b's shape) that holds B's rows [k, k + kn) and
// columns [c, c + s), and Of(p) is that part oriented as B.
template <bool kTransposed>
struct Orient {
  static auto Part(const Eigen::MatrixXd& e, int k, int kn, int c, int s) { return e.block(k, c, kn, s); }
  template <class E>
  static const E& Of(const E& e) { return e; }
};
template <>
struct Orient<true> {
  static auto Part(const Eigen::MatrixXd& e, int k, int kn, int c, int s) { return e.block(c, k, s, kn); }
  template <class E>
  static auto Of(const E& e) { return e.transpose(); }
};

// The factors of one Rump product a B and what every block shares.
struct RumpFactors {
  const MidradMatrix& a;
  const MidradMatrix& b;
  bool a_point, b_point;
};

// a(:, K) B(K, C) with K = [k, k + kn), C = [c, c + s): the midpoint into mid,
// Rump's radius for the inner dimension kn into rad (both rows x s). left is
// the radius GEMMs' left factor over K: gamma_kn |mA| + rA for a point B (rB
// = 0: |mA| gamma |mB| + rA |mB| = (gamma |mA| + rA) |mB|, one GEMM), else
// |mA| (then |mA| (rB + gamma |mB|) + rA (|mB| + rB)). Sets its own rounding
// modes.
template <bool kTransposed>
void RumpBlock(const RumpFactors& f, const Eigen::MatrixXd& left, double gamma, int k, int kn, int c, int s,
               Eigen::Ref<Eigen::MatrixXd> mid, Eigen::Ref<Eigen::MatrixXd> rad) {
  using O = Orient<kTransposed>;
  {
    ScopedRounding nearest(FE_TONEAREST);
    mid.noalias() = f.a.mid().middleCols(k, kn) * O::Of(O::Part(f.b.mid(), k, kn, c, s));
  }
  // Every term non-negative and rounded upward: >= its exact value.
  ScopedRounding up(FE_UPWARD);
  const Eigen::MatrixXd abs_b = O::Part(f.b.mid(), k, kn, c, s).cwiseAbs();
  if (f.b_point) {
    rad.noalias() = left * O::Of(abs_b);
  } else {
    {
      const Eigen::MatrixXd r1 = O::Part(f.b.rad(), k, kn, c, s) + gamma * abs_b;
      rad.noalias() = left * O::Of(r1);
    }
    if (!f.a_point) {
      const Eigen::MatrixXd r2 = abs_b + O::Part(f.b.rad(), k, kn, c, s);
      rad.noalias() += f.a.rad().middleCols(k, kn) * O::Of(r2);
    }
  }
  rad.array() += static_cast<double>(kn) * kEta;
}

// left of RumpBlock for a's columns [k, k + kn).
Eigen::MatrixXd RumpLeft(const RumpFactors& f, double gamma, int k, int kn) {
  ScopedRounding up(FE_UPWARD);
  if (f.b_point) return gamma * f.a.mid().middleCols(k, kn).cwiseAbs() + f.a.rad().middleCols(k, kn);
  return f.a.mid().middleCols(k, kn).cwiseAbs();
}

// a B with Rump's radius (see the header), split as detail::SplitProduct says:
// by columns of the result (each entry one inner product of length n, the
// error model of the whole product), or by blocks K_1, ..., K_B of the inner
// dimension, the enclosures of a(:, K_j) B(K_j, :) (each with its own
// gamma_|K_j|) added in block order by operator+ (whose radius covers the
// additions' rounding).
template <bool kTransposed>
MidradMatrix RumpProduct(const MidradMatrix& a, const MidradMatrix& b) {
  const int inner = kTransposed ? b.cols() : b.rows(), cols = kTransposed ? b.rows() : b.cols();
  if (a.cols() != inner)
    throw std::invalid_argument(std::string("midrad product ") + (kTransposed ? "a b^T " : "") +
                                "of incompatible shapes (" + std::to_string(a.cols()) + " vs " +
                                std::to_string(inner) + ")");
  const int n = a.cols(), rows = a.rows();
  detail::GammaUpper(n);  // throws unless n u < 1/2
  const RumpFactors f{a, b, a.IsPoint(), b.IsPoint()};
  const detail::ProductSplit split = detail::SplitProduct(rows, n, cols);
  if (!split.inner) {
    const double gamma = detail::GammaUpper(n);
    const Eigen::MatrixXd left = RumpLeft(f, gamma, 0, n);
    Eigen::MatrixXd mid(rows, cols), rad(rows, cols);
    ForEachBlock(split.blocks, [&](int c, int s) {
      RumpBlock<kTransposed>(f, left, gamma, 0, n, c, s, mid.middleCols(c, s), rad.middleCols(c, s));
    });
    return MidradMatrix(std::move(mid), std::move(rad));
  }
  std::vector<Eigen::MatrixXd> mids(static_cast<size_t>(split.blocks.count())), rads(mids.size());
  ParallelFor(split.blocks.count(), [&](int first, int last) {
    for (int j = first; j < last; ++j) {
      const int k = split.blocks.Begin(j), kn = split.blocks.Size(j);
      const double gamma = detail::GammaUpper(kn);
      Eigen::MatrixXd& m = mids[static_cast<size_t>(j)];
      Eigen::MatrixXd& r = rads[static_cast<size_t>(j)];
      m.resize(rows, cols);
      r.resize(rows, cols);
      RumpBlock<kTransposed>(f, RumpLeft(f, gamma, k, kn), gamma, k, kn, 0, cols, m, r);
    }
  });
  MidradMatrix sum(std::move(mids[0]), std::move(rads[0]));
  for (size_t j = 1; j < mids.size(); ++j) sum = sum + MidradMatrix(std::move(mids[j]), std::move(rads[j]));
  return sum;
}

}  // namespace

MidradMatrix operator*(const MidradMatrix& a, const MidradMatrix& b) { return RumpProduct<false>(a, b); }
MidradMatrix TimesTransposed(const MidradMatrix& a, const MidradMatrix& b) { return RumpProduct<true>(a, b); }

namespace {

// a + sign * b entrywise: |fl(x + y) - (x + y)| <= u |x + y| <= u (|x| + |y|),
// and also <= u |fl(x + y)| / (1 - u) <= 2 u |fl(x + y)| (the smaller is taken:
// tight under cancellation); additions are exact in the subnormal range.
MidradMatrix AddSigned(const MidradMatrix& a, const MidradMatrix& b, double sign) {
  CheckSameShape(a, b);
  Eigen::MatrixXd mid(a.rows(), a.cols()), rad(a.rows(), a.cols());
  ForEachBlock(detail::EntrywiseColumnBlocks(a.rows(), a.cols()), [&](int c, int s) {
    const auto am = a.mid().middleCols(c, s).array(), bm = b.mid().middleCols(c, s).array();
    auto m = mid.middleCols(c, s).array();
    {
      ScopedRounding nearest(FE_TONEAREST);
      m = am + sign * bm;
    }
    ScopedRounding up(FE_UPWARD);
    rad.middleCols(c, s).array() = a.rad().middleCols(c, s).array() + b.rad().middleCols(c, s).array() +
                                   (kUnitRoundoff * (am.abs() + bm.abs())).min(2 * kUnitRoundoff * m.abs());
  });
  return MidradMatrix(std::move(mid), std::move(rad));
}

// Entrywise product of <am, ar> and <bm, br> (matrices of one shape):
// |xy - am bm| <= |am| br + ar (|bm| + br), plus the rounding of fl(am bm):
// u |am bm| + eta / 2.
MidradMatrix ProductOf(const Eigen::MatrixXd& am, const Eigen::MatrixXd& ar, const Eigen::MatrixXd& bm,
                       const Eigen::MatrixXd& br) {
  Eigen::MatrixXd mid(am.rows(), am.cols()), rad(am.rows(), am.cols());
  ForEachBlock(detail::EntrywiseColumnBlocks(static_cast<int>(am.rows()), static_cast<int>(am.cols())),
               [&](int c, int s) {
                 const auto xm = am.middleCols(c, s).array(), xr = ar.middleCols(c, s).array();
                 const auto ym = bm.middleCols(c, s).array(), yr = br.middleCols(c, s).array();
                 {
                   ScopedRounding nearest(FE_TONEAREST);
                   mid.middleCols(c, s).array() = xm * ym;
                 }
                 ScopedRounding up(FE_UPWARD);
                 rad.middleCols(c, s).array() =
                     xm.abs() * yr + xr * (ym.abs() + yr) + kUnitRoundoff * (xm.abs() * ym.abs()) + kEta;
               });
  return MidradMatrix(std::move(mid), std::move(rad));
}

}  // namespace

MidradMatrix operator+(const MidradMatrix& a, const MidradMatrix& b) { return AddSigned(a, b, 1.0); }
MidradMatrix operator-(const MidradMatrix& a, const MidradMatrix& b) { return AddSigned(a, b, -1.0); }

namespace {

// The split of ProductMinus: m = hi + lo with, per row (rows = true) or column,
// hi on the grid 2^(beta + e - 53), |hi| <= 2^e >= max |m|. *min_exp: the
// smallest e of a non-zero row/column. False when 2^(e + beta) would overflow.
bool SplitOnGrid(const Eigen::MatrixXd& m, bool rows, int beta, Eigen::MatrixXd* hi, Eigen::MatrixXd* lo,
                 int* min_exp) {
  ScopedRounding nearest(FE_TONEAREST);
  *hi = Eigen::MatrixXd::Zero(m.rows(), m.cols());
  *min_exp = std::numeric_limits<int>::max();
  const Eigen::Index count = rows ? m.rows() : m.cols();
  for (Eigen::Index k = 0; k < count; ++k) {
    const double mu = rows ? m.row(k).cwiseAbs().maxCoeff() : m.col(k).cwiseAbs().maxCoeff();
    if (mu == 0) continue;
    if (!std::isfinite(mu)) return false;
    int e = 0;
    std::frexp(mu, &e);  // mu < 2^e
    if (e + beta > 1000) return false;
    *min_exp = std::min(*min_exp, e);
    const double sigma = std::ldexp(1.0, e + beta);
    // (x + sigma) - sigma rounds x to the grid ulp(sigma) (exact subtraction, Sterbenz).
    if (rows) hi->row(k) = (m.row(k).array() + sigma) - sigma;
    else hi->col(k) = (m.col(k).array() + sigma) - sigma;
  }
  *lo = m - *hi;
  return true;
}

// <v, r + u |v|> (the extra radius covers any rounding of v).
MidradMatrix WithRoundingRadius(const Eigen::MatrixXd& v, const Eigen::MatrixXd& r) {
  Eigen::MatrixXd rad(v.rows(), v.cols());
  ForEachBlock(detail::EntrywiseColumnBlocks(static_cast<int>(v.rows()), static_cast<int>(v.cols())),
               [&](int c, int s) {
                 ScopedRounding up(FE_UPWARD);
                 rad.middleCols(c, s).array() =
                     r.middleCols(c, s).array() + kUnitRoundoff * v.middleCols(c, s).array().abs();
               });
  return MidradMatrix(v, std::move(rad));
}

}  // namespace

MidradMatrix ProductMinus(const MidradMatrix& x, const MidradMatrix& y, const MidradMatrix& c) {
  if (x.cols() != y.rows()) return x * y;  // throws the product's error
  const int n = std::max(1, x.cols());
  const int log2n = static_cast<int>(std::ceil(std::log2(static_cast<double>(n))));
  const int beta = (53 + log2n + 1) / 2;  // 2 beta >= 53 + ceil(log2 n)
  Eigen::MatrixXd x1, x2, y1, y2;
  int ex = 0, ey = 0;
  const bool split = SplitOnGrid(x.mid(), true, beta, &x1, &x2, &ex) && SplitOnGrid(y.mid(), false, beta, &y1, &y2, &ey);
  const bool any_zero = ex == std::numeric_limits<int>::max() || ey == std::numeric_limits<int>::max();
  // The product grid 2^(2 beta + ex + ey - 106) must stay normal.
  if (!split || (!any_zero && 2 * beta + ex + ey - 106 < -1022)) return x * y - c;
  Eigen::MatrixXd exact(x.rows(), y.cols());
  ForEachBlock(detail::MidradColumnBlocks(y.cols(), 1.0 * x.rows() * x.cols()), [&](int c, int s) {
    ScopedRounding nearest(FE_TONEAREST);
    // Every partial sum on the grid, below 2^53 units: no rounding.
    exact.middleCols(c, s).noalias() = x1 * y1.middleCols(c, s);
  });
  const MidradMatrix X1 = MidradMatrix::FromDoubles(x1), Y2 = WithRoundingRadius(y2, y.rad());
  const MidradMatrix X2 = WithRoundingRadius(x2, x.rad());
  return ((MidradMatrix::FromDoubles(exact) - c) + X1 * Y2) + X2 * y;
}

MidradMatrix CwiseProduct(const MidradMatrix& a, const MidradMatrix& b) {
  CheckSameShape(a, b);
  return ProductOf(a.mid(), a.rad(), b.mid(), b.rad());
}

MidradMatrix operator*(const Interval& s, const MidradMatrix& a) {
  double sm = 0, sr = 0;
  IntervalToMidrad(s, &sm, &sr);
  const Eigen::MatrixXd m = Eigen::MatrixXd::Constant(a.rows(), a.cols(), sm);
  const Eigen::MatrixXd r = Eigen::MatrixXd::Constant(a.rows(), a.cols(), sr);
  return ProductOf(m, r, a.mid(), a.rad());
}

MidradMatrix ScaleColumns(const MidradMatrix& a, const std::vector<Interval>& s) {
  if (static_cast<int>(s.size()) != a.cols()) throw std::invalid_argument("ScaleColumns: one factor per column");
  Eigen::MatrixXd m(a.rows(), a.cols()), r(a.rows(), a.cols());
  for (int j = 0; j < a.cols(); ++j) {
    double sm = 0, sr = 0;
    IntervalToMidrad(s[static_cast<size_t>(j)], &sm, &sr);
    m.col(j).setConstant(sm);
    r.col(j).setConstant(sr);
  }
  return ProductOf(m, r, a.mid(), a.rad());
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

namespace {

// tanh by Taylor polynomials around the anchors x_k = k h, h = 2^-8, k = 0..5120
// (x in [0, 20]); see the error model in midrad_matrix.h.
constexpr int kTanhDegree = 7;
constexpr double kTanhStep = 0x1p-8;
constexpr int kTanhAnchors = 5121;
constexpr double kTanhSaturation = 20.0;

struct TanhTable {
  // Per anchor: c[j] (nearest doubles of MPFI enclosures of the Taylor
  // coefficients a_j = tanh^(j)(x_k) / j!) and b[j] >= gamma_14 |c[j]| + r[j],
  // r[j] >= |c[j] - a_j| (rounded up).
  std::vector<double> c, b;
};

const TanhTable& TanhCoefficients() {
  static const TanhTable table = [] {
    TanhTable t;
    t.c.resize(static_cast<size_t>(kTanhAnchors) * (kTanhDegree + 1));
    t.b.resize(t.c.size());
    ScopedRounding nearest(FE_TONEAREST);
    ScopedIntervalPrecision bits(160);
    const double gamma = detail::GammaUpper(2 * kTanhDegree);
    std::vector<Interval> a(kTanhDegree + 1);
    for (int k = 0; k < kTanhAnchors; ++k) {
      // T' = 1 - T^2: (j + 1) a_{j+1} = [j == 0] - sum_{i <= j} a_i a_{j-i}.
      a[0] = Tanh(Interval(k * kTanhStep));
      for (int j = 0; j < kTanhDegree; ++j) {
        Interval sum;
        for (int i = 0; i <= j; ++i) sum += a[static_cast<size_t>(i)] * a[static_cast<size_t>(j - i)];
        a[static_cast<size_t>(j + 1)] = ((j == 0 ? Interval(1.0) : Interval(0.0)) - sum) / Interval(j + 1.0);
      }
      for (int j = 0; j <= kTanhDegree; ++j) {
        const size_t at = static_cast<size_t>(k) * (kTanhDegree + 1) + static_cast<size_t>(j);
        double r = 0;
        IntervalToMidrad(a[static_cast<size_t>(j)], &t.c[at], &r);
        ScopedRounding up(FE_UPWARD);
        t.b[at] = gamma * std::fabs(t.c[at]) + r;
      }
    }
    return t;
  }();
  return table;
}

// Tanh's two passes over the entries [begin, end) of a (column-major): y and
// the anchors in round-to-nearest, then the radii r in round-upward.
void TanhEntries(const TanhTable& table, const MidradMatrix& a, Eigen::Index begin, Eigen::Index end,
                 Eigen::MatrixXd* y, Eigen::MatrixXd* r) {
  std::vector<int> anchor(static_cast<size_t>(end - begin));
  std::vector<double> offset(anchor.size());
  {
    ScopedRounding nearest(FE_TONEAREST);
    for (Eigen::Index e = begin; e < end; ++e) {
      const size_t at = static_cast<size_t>(e - begin);
      const double m = a.mid().data()[e], x = std::fabs(m);
      if (!(x < kTanhSaturation)) {  // saturated, or NaN
        y->data()[e] = std::isnan(m) ? 0.0 : std::copysign(1.0, m);
        anchor[at] = std::isnan(m) ? -2 : -1;
        continue;
      }
      const int k = static_cast<int>(std::nearbyint(x / kTanhStep));
      const double d = x - k * kTanhStep;  // exact: both on the grid of ulp(x), |d| <= 2^-9
      const double* c = &table.c[static_cast<size_t>(k) * (kTanhDegree + 1)];
      double p = c[kTanhDegree];
      for (int j = kTanhDegree - 1; j >= 0; --j) p = p * d + c[j];
      y->data()[e] = std::copysign(p, m);
      anchor[at] = k;
      offset[at] = std::fabs(d);
    }
  }
  ScopedRounding up(FE_UPWARD);
  // Taylor remainder: |a_j| <= tan(1) < 1.6 (Cauchy on |z - x_k| = 1), so the
  // tail beyond degree 7 is <= 1.6 |d|^8 / (1 - |d|) < 2^-71; underflow in
  // Horner: <= 14 eta. Saturated: |1 - tanh(x)| < 2 e^-40 < 2^-56.
  for (Eigen::Index e = begin; e < end; ++e) {
    const size_t at = static_cast<size_t>(e - begin);
    const int k = anchor[at];
    double bound;
    if (k == -2) {
      bound = std::numeric_limits<double>::infinity();
    } else if (k == -1) {
      bound = 0x1p-56;
    } else {
      const double* bj = &table.b[static_cast<size_t>(k) * (kTanhDegree + 1)];
      const double d = offset[at];
      double s = bj[kTanhDegree];
      for (int j = kTanhDegree - 1; j >= 0; --j) s = s * d + bj[j];
      bound = s + 0x1p-71 + 2 * kTanhDegree * kEta;
    }
    r->data()[e] = a.rad().data()[e] + bound;  // Lip(tanh) = 1
  }
}

}  // namespace

MidradMatrix Tanh(const MidradMatrix& a, MidradMatrix* derivative) {
  const TanhTable& table = TanhCoefficients();  // made once, before any worker reads it
  Eigen::MatrixXd y(a.rows(), a.cols()), r(a.rows(), a.cols());
  const Eigen::Index rows = a.rows();
  ForEachBlock(detail::EntrywiseColumnBlocks(a.rows(), a.cols(), detail::kTanhEntryWork), [&](int c, int s) {
    TanhEntries(table, a, c * rows, (c + s) * rows, &y, &r);
  });
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
