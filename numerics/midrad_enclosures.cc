// Compiled with -frounding-math (numerics/CMakeLists.txt): see the error
// model in midrad_enclosures.h and midrad_matrix.h.
#include "numerics/midrad_enclosures.h"

#include <Eigen/LU>

#include <algorithm>
#include <cmath>

#include "numerics/detail/midrad_blocks.h"
#include "numerics/detail/miyajima.h"
#include "numerics/detail/rounding_mode.h"
#include "numerics/svd.h"

namespace nrc {
namespace {

using detail::ScopedRounding;

// Entrywise magnitude bounds: lower max(0, |mid| - rad) (rounded down), upper |mid| + rad (rounded up).
Eigen::ArrayXXd MagnitudeLower(const MidradMatrix& a) {
  Eigen::ArrayXXd m(a.rows(), a.cols());
  ForEachBlock(detail::EntrywiseColumnBlocks(a.rows(), a.cols()), [&](int c, int s) {
    ScopedRounding down(FE_DOWNWARD);
    m.middleCols(c, s) = (a.mid().middleCols(c, s).array().abs() - a.rad().middleCols(c, s).array()).max(0.0);
  });
  return m;
}
Eigen::ArrayXXd MagnitudeUpper(const MidradMatrix& a) {
  Eigen::ArrayXXd m(a.rows(), a.cols());
  ForEachBlock(detail::EntrywiseColumnBlocks(a.rows(), a.cols()), [&](int c, int s) {
    ScopedRounding up(FE_UPWARD);
    m.middleCols(c, s) = a.mid().middleCols(c, s).array().abs() + a.rad().middleCols(c, s).array();
  });
  return m;
}

// [sqrt(sum lo^2) rounded down, sqrt(sum hi^2) rounded up].
Interval NormBetween(const Eigen::ArrayXXd& lo, const Eigen::ArrayXXd& hi) {
  double l, h;
  {
    ScopedRounding down(FE_DOWNWARD);
    l = std::sqrt(lo.square().sum());
  }
  {
    ScopedRounding up(FE_UPWARD);
    h = std::sqrt(hi.square().sum());
  }
  if (std::isnan(l) || std::isnan(h)) return Interval(0.0, HUGE_VAL);
  return Interval(l, h);
}

// Collatz-Wielandt: for M >= 0 and any x > 0, rho(M^T M) <= max_i (M^T M x)_i / x_i.
double PerronUpper(const Eigen::MatrixXd& m) {
  Eigen::VectorXd x = Eigen::VectorXd::Ones(m.cols());
  {
    ScopedRounding nearest(FE_TONEAREST);
    for (int it = 0; it < 4; ++it) {
      Eigen::VectorXd y = m.transpose() * (m * x);
      const double top = y.maxCoeff();
      if (!(top > 0) || !std::isfinite(top)) break;
      x = (y / top).cwiseMax(0x1p-40);  // stays positive
    }
  }
  ScopedRounding up(FE_UPWARD);
  const Eigen::VectorXd y = m.transpose() * (m * x);
  return std::sqrt((y.array() / x.array()).maxCoeff());
}

}  // namespace

Interval FrobeniusNorm(const MidradMatrix& a) { return NormBetween(MagnitudeLower(a), MagnitudeUpper(a)); }

std::vector<Interval> ColumnNorms(const MidradMatrix& a) {
  const Eigen::ArrayXXd lo = MagnitudeLower(a), hi = MagnitudeUpper(a);
  std::vector<Interval> n;
  n.reserve(static_cast<size_t>(a.cols()));
  for (int j = 0; j < a.cols(); ++j) n.push_back(NormBetween(lo.col(j), hi.col(j)));
  return n;
}

double SpectralNormUpper(const MidradMatrix& a) {
  if (a.rows() == 0 || a.cols() == 0) return 0;
  if (!a.AllFinite()) return HUGE_VAL;
  const Eigen::ArrayXXd m = MagnitudeUpper(a);
  const double perron = PerronUpper(m.matrix());
  ScopedRounding up(FE_UPWARD);
  const double frobenius = std::sqrt(m.square().sum());
  const double one = m.colwise().sum().maxCoeff(), inf = m.rowwise().sum().maxCoeff();
  const double r = std::min({frobenius, std::sqrt(one * inf), perron});
  return std::isnan(r) ? HUGE_VAL : r;
}

namespace {

// Miyajima's bounds from the double SVD of mid(a) by `method` (a with rows >= cols).
SingularValueEnclosure EncloseWithSvd(const MidradMatrix& a, SvdMethod method) {
  const int n = a.cols();
  Svd<double> svd;
  {
    ScopedRounding nearest(FE_TONEAREST);
    svd = ComputeSvd<double>(a.mid(), method);
  }
  if (!svd.u.allFinite() || !svd.v.allFinite()) return SingularValueEnclosure{};
  // U S in midpoint-radius arithmetic (each entry one rounded product), then
  // (U S) V^T - A as a verified product.
  std::vector<Interval> s;
  s.reserve(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) s.emplace_back(svd.sigma(i));
  const MidradMatrix U = MidradMatrix::FromDoubles(svd.u), V = MidradMatrix::FromDoubles(svd.v);
  const MidradMatrix Vt = V.Transpose();
  const MidradMatrix I = MidradMatrix::Identity(n);
  // The residuals with one error-free splitting (ProductMinus): radii about
  // u |residual| instead of n u |factors|.
  return detail::MiyajimaBounds(s, SpectralNormUpper(ProductMinus(ScaleColumns(U, s), Vt, a)),
                                SpectralNormUpper(ProductMinus(Vt, V, I)),
                                SpectralNormUpper(ProductMinus(U.Transpose(), U, I)));
}

}  // namespace

SingularValueEnclosure EncloseSingularValues(const MidradMatrix& a_in) {
  const MidradMatrix a = a_in.rows() >= a_in.cols() ? a_in : a_in.Transpose();
  if (a.cols() == 0) {
    SingularValueEnclosure out;
    out.ok = true;
    return out;
  }
  if (!a.AllFinite()) return SingularValueEnclosure{};
  SingularValueEnclosure out = EncloseWithSvd(a, SvdMethod::kBidiagonalDC);
  // Eigen 3.4.0's BDCSVD is occasionally far from backward stable (a relative
  // residual of 1e-2 on a 16 x 16 matrix: midrad_matrix_test's
  // SingularValuesStayTightWhereBdcsvdIsInaccurate): the enclosure stays
  // rigorous but wide. A backward-stable SVD leaves e at about
  // sqrt(m n) u sigma_1 plus ||rad(a)||_2; above 2^-30 sigma_1 plus twice that
  // radius, the one-sided Jacobi SVD is tried too and the enclosure with the
  // smaller e kept (a heuristic threshold: either enclosure is rigorous).
  const bool usable = out.ok && !out.sigma.empty();
  if (usable && out.e <= 0x1p-30 * out.sigma[0].Upper()) return out;
  if (usable && out.e <= 0x1p-30 * out.sigma[0].Upper() +
                             2 * SpectralNormUpper(MidradMatrix(a.rad(), Eigen::MatrixXd::Zero(a.rows(), a.cols()))))
    return out;
  SingularValueEnclosure jacobi = EncloseWithSvd(a, SvdMethod::kJacobi);
  return jacobi.ok && (!out.ok || jacobi.e < out.e) ? jacobi : out;
}

bool EncloseInverse(const MidradMatrix& g, MidradMatrix* inverse) {
  const int n = g.rows();
  if (n != g.cols()) return false;
  if (n == 0) {
    *inverse = MidradMatrix(0, 0);
    return true;
  }
  Eigen::MatrixXd x;
  {
    ScopedRounding nearest(FE_TONEAREST);
    x = g.mid().inverse();
  }
  if (!x.allFinite()) return false;
  const MidradMatrix X = MidradMatrix::FromDoubles(x);
  const Eigen::ArrayXXd residual = MagnitudeUpper(MidradMatrix::Identity(n) - X * g);
  double alpha, xinf;
  {
    ScopedRounding up(FE_UPWARD);
    alpha = residual.rowwise().sum().maxCoeff();
    xinf = x.cwiseAbs().rowwise().sum().maxCoeff();
  }
  if (!(alpha < 1)) return false;
  const double d = (Interval(xinf) * Interval(alpha) / (Interval(1.0) - Interval(alpha))).Upper();
  if (!std::isfinite(d)) return false;
  *inverse = MidradMatrix(x, Eigen::MatrixXd::Constant(n, n, d));
  return true;
}

}  // namespace nrc
