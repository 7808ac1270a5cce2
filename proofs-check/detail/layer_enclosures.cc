#include "proofs-check/detail/layer_enclosures.h"

#include <cmath>
#include <vector>

namespace nrc {
namespace detail {
namespace {

IntervalMatrix Columns(const IntervalMatrix& a, const std::vector<int>& cols) {
  IntervalMatrix r(a.rows(), static_cast<int>(cols.size()));
  for (int i = 0; i < a.rows(); ++i)
    for (size_t j = 0; j < cols.size(); ++j) r(i, static_cast<int>(j)) = a(i, cols[j]);
  return r;
}
MidradMatrix Columns(const MidradMatrix& a, const std::vector<int>& cols) { return a.Columns(cols); }

IntervalMatrix ScaleColumns(const IntervalMatrix& a, const std::vector<Interval>& s) {
  IntervalMatrix r = a;
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) r(i, j) *= s[static_cast<size_t>(j)];
  return r;
}

// The exact orthogonal projector I - Pi onto the complement of span(columns of B)
// (columns scaled by floating constants first), or nullopt when the Gram
// matrix cannot be inverted rigorously.
template <class Matrix>
std::optional<Matrix> ComplementProjector(const Matrix& basis) {
  const int d = basis.rows(), r = basis.cols();
  if (r == 0) return Matrix::Identity(d);
  if (r >= d) return std::nullopt;  // handled by the caller (Pi = I)
  const Eigen::MatrixXd mid = basis.Mid();
  std::vector<Interval> scale;
  for (int j = 0; j < r; ++j) {
    const double n = mid.col(j).norm();
    if (!(n > 0) || !std::isfinite(n)) return std::nullopt;
    scale.emplace_back(1.0 / n);  // any positive constant: the span is unchanged
  }
  const Matrix B = ScaleColumns(basis, scale);
  const Matrix Bt = B.Transpose();
  Matrix inv;
  if (!EncloseInverse(Bt * B, &inv)) return std::nullopt;
  return Matrix::Identity(d) - B * (inv * Bt);
}

}  // namespace

template <class Net>
T5ChainEnclosure EncloseT5Chain(const Net& net, int l, const typename Net::Matrix& signal_times_deviations) {
  const typename Net::Matrix& E = net.E[l - 1];
  const std::vector<Interval> dn = ColumnNorms(net.Delta[l]), en = ColumnNorms(E);
  const Interval inv_n = Interval(1.0) / Interval(static_cast<double>(net.N));
  Interval sum, dmax, tcv;
  for (size_t i = 0; i < dn.size(); ++i) {
    sum += dn[i] * en[i];
    dmax = Max(dmax, dn[i]);
    tcv += en[i];
  }
  T5ChainEnclosure t;
  t.x0 = FrobeniusNorm(signal_times_deviations);
  t.x1 = inv_n * sum;
  t.x2 = inv_n * dmax * tcv;
  t.y = inv_n * FrobeniusNorm(net.Delta[l]) * FrobeniusNorm(E);
  return t;
}

template <class Net>
ProjectedBoundsEnclosure EncloseProjectedBounds(const Net& net, int l, const Interval& G2, const Interval& GF,
                                                const typename Net::Matrix& DE,
                                                const SingularValueEncloser<typename Net::Matrix>& sv,
                                                int claimed_extra_rank) {
  using Matrix = typename Net::Matrix;
  const int K = net.K;
  const Interval inv_lambda = Interval(1.0) / net.lambda;
  ProjectedBoundsEnclosure out;
  std::optional<Interval>&t12s = out.t12_spectral, &t12f = out.t12_frobenius;
  std::optional<Interval>&t13s = out.t13_spectral, &t13f = out.t13_frobenius;
  std::string& note = out.note;
  const int d = net.W[l].rows();
  const bool free_bias = net.spec.has_bias(l) && net.spec.lambda_b == 0.0;
  const int spanned = free_bias ? K - 1 : K;
  if (d <= spanned) {
    t12s = t13s = inv_lambda * G2;
    t12f = t13f = inv_lambda * GF;
    note = "Pi = I (d_l <= " + std::to_string(spanned) + ")";
  } else {
    int best_c = -1;
    bool all = true;
    for (int cs = free_bias ? 0 : -1; cs < (free_bias ? K : 0) && all; ++cs) {
      std::vector<int> cols;
      for (int c = 0; c < K; ++c)
        if (c != cs) cols.push_back(c);
      const auto IP = ComplementProjector(Columns(net.S[l], cols));
      if (!IP) {
        all = false;
        break;
      }
      const Matrix PDE = *IP * DE;
      const SingularValueEnclosure s = sv(PDE);
      if (!s.ok) {
        all = false;
        break;
      }
      // |||.||| of the whole matrix: sigma_1, and the Frobenius norm directly (tighter).
      const Interval PDE_F = FrobeniusNorm(PDE);
      // T13's r: K with every class spanned, K - 1 with c* dropped (dist_{K-r},
      // or dist_{K-r+e} for the negative control).
      const int k = K - static_cast<int>(cols.size()) + claimed_extra_rank;
      const Interval leak = cs < 0 ? Interval(0.0)
                                   : inv_lambda * FrobeniusNorm(*IP * net.gb[l]) * FrobeniusNorm(net.mu[l - 1].Col(cs));
      const Interval b12s = inv_lambda * (G2 + TailNorm(s.sigma, 0, false)) + leak;
      const Interval b12f = inv_lambda * (GF + PDE_F) + leak;
      const Interval b13s = inv_lambda * (G2 + TailNorm(s.sigma, k, false)) + leak;
      const Interval b13f = inv_lambda * (GF + (k == 0 ? PDE_F : TailNorm(s.sigma, k, true))) + leak;
      if (!t12s || b12s.Mid() < t12s->Mid()) best_c = cs;
      t12s = t12s ? Min(*t12s, b12s) : b12s;
      t12f = t12f ? Min(*t12f, b12f) : b12f;
      t13s = t13s ? Min(*t13s, b13s) : b13s;
      t13f = t13f ? Min(*t13f, b13f) : b13f;
    }
    if (!all) t12s = t12f = t13s = t13f = std::nullopt;
    note = !all               ? "a Gram matrix of the spanning columns S_c is not verifiably invertible"
           : free_bias        ? "min over c* of Pi onto span{S_c : c != c*} plus leak (T12 spectral smallest at c* = " +
                                  std::to_string(best_c) + ")"
                              : "Pi onto span{S_1..S_K}";
  }
  return out;
}

template T5ChainEnclosure EncloseT5Chain<IntervalNetwork>(const IntervalNetwork&, int, const IntervalMatrix&);
template T5ChainEnclosure EncloseT5Chain<MidradNetwork>(const MidradNetwork&, int, const MidradMatrix&);
template ProjectedBoundsEnclosure EncloseProjectedBounds<IntervalNetwork>(
    const IntervalNetwork&, int, const Interval&, const Interval&, const IntervalMatrix&,
    const SingularValueEncloser<IntervalMatrix>&, int);
template ProjectedBoundsEnclosure EncloseProjectedBounds<MidradNetwork>(const MidradNetwork&, int, const Interval&,
                                                                        const Interval&, const MidradMatrix&,
                                                                        const SingularValueEncloser<MidradMatrix>&, int);

}  // namespace detail
}  // namespace nrc
