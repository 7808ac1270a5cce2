// Definitions of the statement templates theory/t1.h ... theory/t12.h
// (included only by the per-scalar instantiation units
// theory/detail/instantiate_*.cc). Every formula cites its statement.
#ifndef NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_
#define NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "numerics/products.h"
#include "numerics/svd.h"
#include "theory/t1.h"
#include "theory/t10.h"
#include "theory/t12.h"
#include "theory/t2.h"
#include "theory/t3.h"
#include "theory/t4.h"
#include "theory/t5.h"
#include "theory/t6.h"
#include "theory/t7.h"
#include "theory/t8.h"
#include "theory/t9.h"

namespace nrc {
namespace detail {

template <class T>
T ColumnNorm(const Matrix<T>& A, Eigen::Index i) {
  return FrobeniusNorm(Vector<T>(A.col(i)));
}

template <class T>
T MinOf(const T& a, const T& b) {
  return a < b ? a : b;
}

// Index of the link with the largest ratio lhs/rhs (rhs = 0 < lhs counts as
// infinite), i.e. the one closest to (or furthest into) violation.
template <class T>
std::size_t WorstLink(const std::vector<Inequality<T>>& links, std::size_t begin, std::size_t end) {
  std::size_t worst = begin;
  double best = -1;
  for (std::size_t k = begin; k < end; ++k) {
    const double r = links[k].Ratio();
    if (r > best) {
      best = r;
      worst = k;
    }
  }
  return worst;
}

// dist_k(W_l) is exactly 0 when k >= min(d_l, d_{l-1}) (rank W_l <= min(d_l,
// d_{l-1})), and DistToRank then returns an exact 0: a link "dist <= x" with x
// a computed norm (never negative) holds with no rounding question.
template <class T>
bool DistIsExactlyZero(const NetworkContext<T>& ctx, int l, int k) {
  return k >= std::min(ctx.W(l).rows(), ctx.W(l).cols());
}
template <class T>
void HoldsIfExactZero(Inequality<T>& q, bool exact_zero) {
  if (exact_zero) q.decided = Outcome::kHolds;
}

template <class R>
void Label(R& r, const char* statement, int layer, std::string norm) {
  r.statement = statement;
  r.layer = layer;
  r.norm = std::move(norm);
}

}  // namespace detail

// ---- T1 -------------------------------------------------------------------
template <class T>
T1<T> T1<T>::Compute(const NetworkContext<T>& ctx, int l) {
  T1 r;
  detail::Label(r, "T1", l, "frobenius");
  const Matrix<T>& D = ctx.Delta(l);
  const Matrix<T>& Z = ctx.Input(l);
  Matrix<T> data = Matrix<T>::Zero(D.rows(), Z.rows());
  for (int i = 0; i < ctx.N; ++i) data.noalias() += D.col(i) * Z.col(i).transpose();
  data /= T(ctx.N);
  r.residual = FrobeniusNorm(Matrix<T>(ctx.lambda * ctx.W(l) - ctx.G(l) + data));
  const T lw = ctx.lambda * FrobeniusNorm(ctx.W(l));
  const T s = lw + FrobeniusNorm(ctx.G(l)) + FrobeniusNorm(D) * FrobeniusNorm(Z) / T(ctx.N);
  r.headline = Inequality<T>::Equal("||lambda W - G + Delta Z^T/N||_F", r.residual, "0", T(0),
                                    ctx.error.Estimate(r.residual, T(0), s), s);
  r.AddTerm("residual", r.residual);
  r.AddTerm("lambda_W", lw);
  r.AddTerm("data_term", FrobeniusNorm(data));
  return r;
}

// ---- T2 -------------------------------------------------------------------
template <class T>
T2<T> T2<T>::Compute(const NetworkContext<T>& ctx, int l, int rank) {
  T2 r;
  detail::Label(r, "T2", l, "frobenius");
  const int K = rank < 0 ? ctx.K : rank;
  const Matrix<T>& D = ctx.Delta(l);
  const auto& st = ctx.InputStats(l);
  const T N(ctx.N);
  const T inv_ln = T(1) / (ctx.lambda * N);
  r.P = Product(D, Matrix<T>(st.sample_means.transpose())) * (-inv_ln);
  r.DE = ProductABt(D, st.deviations) / N;
  r.R = (ctx.G(l) - r.DE) / ctx.lambda;
  r.S = Matrix<T>::Zero(D.rows(), ctx.K);
  for (int i = 0; i < ctx.N; ++i) r.S.col(ctx.labels[i]) += D.col(i);
  const Matrix<T> P_sum = Product(r.S, Matrix<T>(st.means.transpose())) * (-inv_ln);
  r.sigma_P = SingularValues(r.P, SvdMethod::kJacobi);
  r.sigma_R = SingularValues(r.R, SvdMethod::kJacobi);
  const int p = static_cast<int>(std::min(ctx.W(l).rows(), ctx.W(l).cols()));
  r.rank_bound = std::min(K, p);

  const T split = FrobeniusNorm(Matrix<T>(ctx.W(l) - r.P - r.R));
  const T s_split = ctx.SplitScale(l);
  r.headline =
      Inequality<T>::Equal("||W - P - R||_F", split, "0", T(0), ctx.error.Estimate(split, T(0), s_split), s_split);
  r.links.push_back(r.headline);
  const T s_p = FrobeniusNorm(D) * FrobeniusNorm(st.sample_means) * inv_ln;
  const T class_sum = FrobeniusNorm(Matrix<T>(r.P - P_sum));
  r.links.push_back(Inequality<T>::Equal("||P + S Mu^T/(lambda N)||_F", class_sum, "0", T(0),
                                         ctx.error.Estimate(class_sum, T(0), s_p), s_p));
  if (r.rank_bound < p) {
    const T tail = r.sigma_P(r.rank_bound);
    const T s_tail = FrobeniusNorm(r.P) + s_p;
    r.links.push_back(Inequality<T>::Equal("sigma_" + std::to_string(r.rank_bound + 1) + "(P)", tail, "0", T(0),
                                           ctx.error.Estimate(tail, T(0), s_tail), s_tail));
  }
  r.AddTerm("split_residual", split);
  r.AddTerm("class_sum_residual", class_sum);
  r.AddTerm("norm_P", FrobeniusNorm(r.P));
  r.AddTerm("norm_R", FrobeniusNorm(r.R));
  return r;
}

// ---- T3 -------------------------------------------------------------------
template <class T>
T3<T> T3<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  T3 r;
  const int l = t2.layer;
  detail::Label(r, "T3", l, NormName(norm));
  r.dist = DistToRank(ctx.sigma_W[l], ctx.K, norm);
  r.norm_R = norm == Norm::kSpectral ? (t2.sigma_R.size() > 0 ? T(t2.sigma_R(0)) : T(0)) : FrobeniusNorm(t2.R);
  r.grad_term = NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda;
  r.cluster_term = NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda;
  r.bound = r.grad_term + r.cluster_term;
  const T s = ctx.SplitScale(l);
  r.links.push_back(Inequality<T>::LessEqual("dist_K(W)", r.dist, "|||R|||", r.norm_R,
                                             ctx.error.Estimate(r.dist, r.norm_R, s)));
  r.links.push_back(Inequality<T>::LessEqual("|||R|||", r.norm_R, "T3 bound", r.bound,
                                             ctx.error.Estimate(r.norm_R, r.bound, s)));
  r.headline = Inequality<T>::LessEqual("dist_K(W)", r.dist, "T3 bound", r.bound,
                                        ctx.error.Estimate(r.dist, r.bound, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, ctx.K);
  detail::HoldsIfExactZero(r.links[0], zero);
  detail::HoldsIfExactZero(r.headline, zero);
  r.AddTerm("dist_K", r.dist);
  r.AddTerm("norm_R", r.norm_R);
  r.AddTerm("grad_term", r.grad_term);
  r.AddTerm("cluster_term", r.cluster_term);
  r.AddTerm("bound", r.bound);
  r.AddTerm("grad_share", r.bound > T(0) ? T(r.grad_term / r.bound) : T(0));
  return r;
}

// ---- T4 -------------------------------------------------------------------
template <class T>
T4<T> T4<T>::Tail(const NetworkContext<T>& ctx, const T2<T>& t2, int rank) {
  T4 r;
  const int l = t2.layer;
  detail::Label(r, "T4", l, "sv");
  const int k = rank < 0 ? ctx.K : rank;
  const Vector<T>& sw = ctx.sigma_W[l];
  const Vector<T>& sr = t2.sigma_R;
  r.pairs = static_cast<int>(sw.size()) - k;
  if (r.pairs <= 0) {
    r.pairs = 0;
    r.applicable = false;
    r.note = "min(d_l, d_{l-1}) <= " + std::to_string(k) + ": no tail";
    return r;
  }
  const T s = ctx.SplitScale(l);
  for (int j = 1; j <= r.pairs; ++j) {
    const T a = sw(k + j - 1), b = sr(j - 1);
    r.links.push_back(Inequality<T>::LessEqual("sigma_" + std::to_string(k + j) + "(W)", a,
                                               "sigma_" + std::to_string(j) + "(R)", b, ctx.error.Estimate(a, b, s)));
  }
  // Headline: j = 1, sigma_{K+1}(W_l) <= sigma_1(R_l). The worst decided pair is
  // named in the note (pairs where both sides are at rounding level, e.g. the
  // exactly vanishing singular values of a collapsed layer, are undecided).
  r.headline = r.links[0];
  r.worst_j = 1;
  double worst = -1;
  for (std::size_t j = 0; j < r.links.size(); ++j) {
    if (r.links[j].Decide() != Outcome::kHolds) continue;
    if (r.links[j].Ratio() > worst) {
      worst = r.links[j].Ratio();
      r.worst_j = static_cast<int>(j) + 1;
    }
  }
  r.AddTerm("sigma_K+1(W)", sw(k));
  r.AddTerm("sigma_1(R)", sr(0));
  r.AddTerm("worst_decided_ratio", T(worst < 0 ? 0.0 : worst));
  r.note = "worst decided j = " + std::to_string(r.worst_j) + " of " + std::to_string(r.pairs);
  return r;
}

template <class T>
T4<T> T4<T>::RankCorollary(const NetworkContext<T>& ctx, const T2<T>& t2, const T& threshold, int rank) {
  T4 r;
  const int l = t2.layer;
  detail::Label(r, "T4", l, "rank");
  // The corollary is stated for t > 0; NaN would reach floor(NaN) below
  // (undefined behaviour in the int conversion), and t <= 0 counts zero
  // singular values as "above".
  if (!IsFinite(threshold) || !(threshold > T(0))) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%g", ToDouble(threshold));
    throw std::invalid_argument(std::string("T4 rank corollary: threshold t = ") + buf + " must be finite and > 0");
  }
  const int k = rank < 0 ? ctx.K : rank;
  r.threshold = threshold;
  const T e = ctx.error.Estimate(T(0), T(0), ctx.SplitScale(l));
  auto count_above = [](const Vector<T>& s, const T& t) {
    int n = 0;
    for (Eigen::Index j = 0; j < s.size(); ++j) n += s(j) > t ? 1 : 0;
    return n;
  };
  const Vector<T>& sw = ctx.sigma_W[l];
  const Vector<T>& sr = t2.sigma_R;
  r.rank_W = count_above(sw, threshold);
  r.rank_R = count_above(sr, threshold);
  const int w_lo = count_above(sw, T(threshold + e)), w_hi = count_above(sw, T(threshold - e));
  const int r_lo = count_above(sr, T(threshold + e)), r_hi = count_above(sr, T(threshold - e));
  using std::floor;
  const T fr = FrobeniusNorm(t2.R);
  const T fr_lo = fr > e ? T(fr - e) : T(0), fr_hi = fr + e;
  const T t2sq = threshold * threshold;
  // floor(||R||_F^2 / t^2), capped at p + 1 (p = number of singular values):
  // any larger value is vacuous, and the cap keeps it an int.
  const int cap = static_cast<int>(sw.size()) + 1;
  auto capped_floor = [cap](const T& x) {
    return x >= T(cap) ? cap : static_cast<int>(ToDouble(floor(x)));
  };
  r.frobenius_count = capped_floor(T(fr * fr / t2sq));
  const int f_lo = capped_floor(T(fr_lo * fr_lo / t2sq));
  const int f_hi = capped_floor(T(fr_hi * fr_hi / t2sq));
  auto decide = [](int lhs_hi, int lhs_lo, int rhs_lo, int rhs_hi) {
    if (lhs_hi <= rhs_lo) return Outcome::kHolds;
    if (lhs_lo > rhs_hi) return Outcome::kViolated;
    return Outcome::kUndecided;
  };
  auto q1 = Inequality<T>::LessEqual("#{sigma_j(W) > t}", T(r.rank_W), "K + #{sigma_j(R) > t}", T(k + r.rank_R), T(0));
  q1.decided = decide(w_hi, w_lo, k + r_lo, k + r_hi);
  auto q2 = Inequality<T>::LessEqual("K + #{sigma_j(R) > t}", T(k + r.rank_R), "K + floor(||R||_F^2/t^2)",
                                     T(k + r.frobenius_count), T(0));
  q2.decided = decide(k + r_hi, k + r_lo, k + f_lo, k + f_hi);
  r.links = {q1, q2};
  r.headline = Inequality<T>::LessEqual("numerical rank of W", T(r.rank_W), "K + floor(||R||_F^2/t^2)",
                                        T(k + r.frobenius_count), T(0));
  r.headline.decided = decide(w_hi, w_lo, k + f_lo, k + f_hi);
  r.AddTerm("threshold", threshold);
  r.AddTerm("rank_W", T(r.rank_W));
  r.AddTerm("K+rank_R", T(k + r.rank_R));
  r.AddTerm("K+frobenius_count", T(k + r.frobenius_count));
  return r;
}

// ---- T5 -------------------------------------------------------------------
template <class T>
T5<T> T5<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2) {
  T5 r;
  const int l = t2.layer;
  detail::Label(r, "T5", l, "frobenius");
  const Matrix<T>& D = ctx.Delta(l);
  const auto& st = ctx.InputStats(l);
  const T N(ctx.N);
  r.x0 = FrobeniusNorm(t2.DE);
  T sum(0), dmax(0);
  for (int i = 0; i < ctx.N; ++i) {
    const T dn = detail::ColumnNorm(D, i);
    sum += dn * detail::ColumnNorm(st.deviations, i);
    if (dn > dmax) dmax = dn;
  }
  r.x1 = sum / N;
  r.x2 = dmax * st.tcv / N;
  r.y = FrobeniusNorm(D) * FrobeniusNorm(st.deviations) / N;
  const T s = FrobeniusNorm(D) * FrobeniusNorm(ctx.Input(l)) / N;
  const auto& err = ctx.error;
  r.links.push_back(Inequality<T>::LessEqual("x0", r.x0, "x1", r.x1, err.Estimate(r.x0, r.x1, s)));
  r.links.push_back(Inequality<T>::LessEqual("x1", r.x1, "x2 (TCV)", r.x2, err.Estimate(r.x1, r.x2, s)));
  r.links.push_back(Inequality<T>::LessEqual("x1", r.x1, "y (sqrt V)", r.y, err.Estimate(r.x1, r.y, s)));
  const T best = detail::MinOf(r.x2, r.y);
  r.headline = Inequality<T>::LessEqual("||Delta E^T||_F/N", r.x0, "min(x2, y)", best, err.Estimate(r.x0, best, s));
  r.AddTerm("x0", r.x0);
  r.AddTerm("x1", r.x1);
  r.AddTerm("x2_tcv", r.x2);
  r.AddTerm("y_sqrtV", r.y);
  return r;
}

// ---- T6 -------------------------------------------------------------------
template <class T>
T6<T> T6<T>::Compute(const NetworkContext<T>& ctx, int l, const T& scale) {
  T6 r;
  detail::Label(r, "T6", l, "per-sample");
  r.factor = ctx.backprop[l];
  if (l >= ctx.L) {
    r.applicable = false;
    r.note = "l = L: ||delta_L|| <= ||delta_L||";
    return r;
  }
  const Matrix<T>& D = ctx.Delta(l);
  const Matrix<T>& DL = ctx.Delta(ctx.L);
  for (int i = 0; i < ctx.N; ++i) {
    const T a = detail::ColumnNorm(D, i);
    const T b = scale * r.factor * detail::ColumnNorm(DL, i);
    r.links.push_back(Inequality<T>::LessEqual("||delta_l," + std::to_string(i) + "||", a,
                                               "C_l ||delta_L," + std::to_string(i) + "||", b,
                                               ctx.error.Estimate(a, b)));
  }
  const std::size_t w = detail::WorstLink(r.links, 0, r.links.size());
  r.worst_sample = static_cast<int>(w);
  r.headline = r.links[w];
  r.AddTerm("C_l", r.factor);
  r.note = "worst sample " + std::to_string(r.worst_sample);
  return r;
}

// ---- T7 -------------------------------------------------------------------
template <class T>
T7<T> T7<T>::Compute(const NetworkContext<T>& ctx) {
  using std::sqrt;
  return Compute(ctx, T(sqrt(T(2))));
}

template <class T>
T7<T> T7<T>::Compute(const NetworkContext<T>& ctx, const T& factor) {
  using std::abs;
  using std::sqrt;
  T7 r;
  const bool mse = ctx.spec.loss.kind() == LossKind::kMse;
  detail::Label(r, "T7", ctx.L, mse ? "mse" : "ce");
  const Matrix<T>& DL = ctx.Delta(ctx.L);
  const int N = ctx.N;
  r.delta_norm.resize(N);
  r.loss = ctx.eval.per_sample_loss;
  r.one_minus_p = Vector<T>::Zero(N);
  const T s = mse ? T(0) : T(T(1) + ctx.eval.outputs().cwiseAbs().maxCoeff());
  const auto& err = ctx.error;
  std::vector<Inequality<T>> finals;
  T ms(0);
  for (int i = 0; i < N; ++i) {
    const T dn = detail::ColumnNorm(DL, i);
    r.delta_norm(i) = dn;
    ms += dn * dn;
    const std::string who = "," + std::to_string(i);
    if (mse) {
      const T b = sqrt(T(2) * r.loss(i));
      finals.push_back(Inequality<T>::Equal("||delta_L" + who + "||", dn, "sqrt(2 loss" + who + ")", b,
                                            err.Estimate(dn, b, s)));
    } else {
      const T q = -DL(ctx.labels[i], i);  // 1 - p_{i,c(i)}
      r.one_minus_p(i) = q;
      const T fq = factor * q;
      const T m = detail::MinOf(T(1), r.loss(i));
      r.links.push_back(Inequality<T>::LessEqual("||delta_L" + who + "||", dn, "f (1 - p_c" + who + ")", fq,
                                                 err.Estimate(dn, fq, s)));
      r.links.push_back(Inequality<T>::LessEqual("1 - p_c" + who, q, "min(1, loss" + who + ")", m,
                                                 err.Estimate(q, m, s)));
      const T fm = factor * m;
      finals.push_back(Inequality<T>::LessEqual("||delta_L" + who + "||", dn, "f min(1, loss" + who + ")", fm,
                                                err.Estimate(dn, fm, s)));
    }
  }
  r.mean_square = ms / T(N);
  const T two_j = T(2) * ctx.eval.data_loss;
  const T s_ms = mse ? T(0) : T(s * s);
  r.links.push_back(mse ? Inequality<T>::Equal("mean ||delta_L||^2", r.mean_square, "2 J_data", two_j,
                                               err.Estimate(r.mean_square, two_j, s_ms))
                        : Inequality<T>::LessEqual("mean ||delta_L||^2", r.mean_square, "2 J_data", two_j,
                                                   err.Estimate(r.mean_square, two_j, s_ms)));
  const std::size_t w = detail::WorstLink(finals, 0, finals.size());
  r.worst_sample = static_cast<int>(w);
  r.headline = finals[w];
  for (auto& q : finals) r.links.push_back(std::move(q));
  r.AddTerm("mean_square_delta_L", r.mean_square);
  r.AddTerm("2J_data", two_j);
  r.note = "worst sample " + std::to_string(r.worst_sample);
  return r;
}

// ---- T8 -------------------------------------------------------------------
template <class T>
T8<T> T8<T>::Compute(const NetworkContext<T>& ctx, const T3<T>& t3f, const T5<T>& t5) {
  using std::sqrt;
  T8 r;
  const int l = t3f.layer;
  detail::Label(r, "T8", l, "frobenius");
  const auto& st = ctx.InputStats(l);
  const Matrix<T>& DL = ctx.Delta(ctx.L);
  const T N(ctx.N);
  r.factor = ctx.backprop[l];
  r.dist = t3f.dist;
  r.grad_term = t3f.grad_term;
  T sum(0), dmax(0);
  for (int i = 0; i < ctx.N; ++i) {
    const T dn = detail::ColumnNorm(DL, i);
    sum += dn * detail::ColumnNorm(st.deviations, i);
    if (dn > dmax) dmax = dn;
  }
  const T x1p = r.factor * sum / N;
  const T sqrt2j = sqrt(T(2) * ctx.eval.data_loss);
  const T sqrtv = sqrt(st.v);
  r.t3 = t3f.bound;
  r.t5 = r.grad_term + t5.x1 / ctx.lambda;
  r.t6 = r.grad_term + x1p / ctx.lambda;
  r.t8 = r.grad_term + r.factor * sqrt2j * sqrtv / ctx.lambda;
  r.t8_tcv = r.grad_term + r.factor * dmax * st.tcv / (N * ctx.lambda);
  const T s = ctx.SplitScale(l) + r.factor * FrobeniusNorm(DL) * FrobeniusNorm(ctx.Input(l)) / (N * ctx.lambda);
  const auto& err = ctx.error;
  auto link = [&](const char* a, const T& x, const char* b, const T& y) {
    r.links.push_back(Inequality<T>::LessEqual(a, x, b, y, err.Estimate(x, y, s)));
  };
  link("dist_K(W)_F", r.dist, "T3", r.t3);
  link("T3", r.t3, "T5", r.t5);
  if (l < ctx.L) link("T5", r.t5, "T6", r.t6);  // identical numbers when l = L (C_L = 1)
  link("T6", r.t6, "T8", r.t8);
  link("T6", r.t6, "T8tcv", r.t8_tcv);
  r.headline = Inequality<T>::LessEqual("dist_K(W)_F", r.dist, "T8", r.t8, err.Estimate(r.dist, r.t8, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, ctx.K);
  detail::HoldsIfExactZero(r.links[0], zero);
  detail::HoldsIfExactZero(r.headline, zero);
  r.AddTerm("dist_K", r.dist);
  r.AddTerm("grad_term", r.grad_term);
  r.AddTerm("T3", r.t3);
  r.AddTerm("T5", r.t5);
  r.AddTerm("T6", r.t6);
  r.AddTerm("T8", r.t8);
  r.AddTerm("T8tcv", r.t8_tcv);
  r.AddTerm("C_l", r.factor);
  r.AddTerm("sqrt(2J)", sqrt2j);
  r.AddTerm("sqrt(V)", sqrtv);
  r.AddTerm("grad_share", r.t8 > T(0) ? T(r.grad_term / r.t8) : T(0));
  return r;
}

// ---- T9 -------------------------------------------------------------------
template <class T>
T9<T> T9<T>::Bound(const NetworkContext<T>& ctx, int l) {
  using std::sqrt;
  T9 r;
  detail::Label(r, "T9", l, "frobenius");
  const T C = ctx.backprop[l];
  T best(0);
  for (int k = 0; k <= l - 1; ++k) {
    const T v = ctx.ForwardLipschitz(k, l - 1) * sqrt(ctx.stats[k].v);
    if (r.best_k < 0 || v < best) {
      best = v;
      r.best_k = k;
    }
  }
  const T grad = FrobeniusNorm(ctx.G(l)) / ctx.lambda;
  r.bound = grad + C * sqrt(T(2) * ctx.eval.data_loss) * best / ctx.lambda;
  r.dist = DistToRank(ctx.sigma_W[l], ctx.K, Norm::kFrobenius);
  const T s = ctx.SplitScale(l) + C * FrobeniusNorm(ctx.Delta(ctx.L)) * FrobeniusNorm(ctx.Input(l)) /
                                      (T(ctx.N) * ctx.lambda);
  r.headline = Inequality<T>::LessEqual("dist_K(W)_F", r.dist, "T9", r.bound, ctx.error.Estimate(r.dist, r.bound, s));
  detail::HoldsIfExactZero(r.headline, detail::DistIsExactlyZero(ctx, l, ctx.K));
  r.AddTerm("dist_K", r.dist);
  r.AddTerm("grad_term", grad);
  r.AddTerm("best_k", T(r.best_k));
  r.AddTerm("Lip*sqrt(V(Z_k))", best);
  r.AddTerm("sqrt(V(Z_{l-1}))", sqrt(ctx.stats[l - 1].v));
  r.AddTerm("T9", r.bound);
  r.note = "best k = " + std::to_string(r.best_k);
  return r;
}

template <class T>
T9<T> T9<T>::Propagation(const NetworkContext<T>& ctx, int m, bool squared_variation, const T& scale) {
  using std::sqrt;
  T9 r;
  detail::Label(r, "T9", m, squared_variation ? "V" : "TCV");
  const auto& sm = ctx.stats[m];
  for (int k = 0; k < m; ++k) {
    const T lip = ctx.ForwardLipschitz(k, m);
    const T F = ctx.ForwardRoundingScale(k, m);
    const auto& sk = ctx.stats[k];
    const std::string zk = "(Z_" + std::to_string(k) + ")";
    if (squared_variation) {
      const T b = scale * lip * lip * sk.v;
      r.links.push_back(Inequality<T>::LessEqual("V(Z_m)", sm.v, "Lip^2 V" + zk, b,
                                                 ctx.error.Estimate(sm.v, b, T(F * (T(2) * sqrt(sm.v) + F)))));
    } else {
      const T b = scale * T(2) * lip * sk.tcv;
      r.links.push_back(Inequality<T>::LessEqual("TCV(Z_m)", sm.tcv, "2 Lip TCV" + zk, b,
                                                 ctx.error.Estimate(sm.tcv, b, T(T(2) * T(ctx.N) * F))));
    }
  }
  const std::size_t w = detail::WorstLink(r.links, 0, r.links.size());
  r.best_k = static_cast<int>(w);
  r.headline = r.links[w];
  r.note = "tightest k = " + std::to_string(w);
  return r;
}

// ---- T10 ------------------------------------------------------------------
template <class T>
T10<T> T10<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  T10 r;
  const int l = t2.layer;
  detail::Label(r, "T10", l, NormName(norm));
  const Matrix<T>& D = ctx.Delta(l);
  const auto& st = ctx.InputStats(l);
  const Vector<T> m = D.rowwise().sum() / T(ctx.N);
  r.mean_signal_norm = FrobeniusNorm(m);
  const Matrix<T> Rp = t2.R - (m * st.global_mean.transpose()) / ctx.lambda;
  r.dist = DistToRank(ctx.sigma_W[l], ctx.K - 1, norm);
  r.norm_R = NetworkContext<T>::NormOf(Rp, norm);
  r.grad_term = NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda;
  r.mean_term = r.mean_signal_norm * FrobeniusNorm(st.global_mean) / ctx.lambda;
  r.cluster_term = NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda;
  r.bound = r.grad_term + r.mean_term + r.cluster_term;
  const T s = ctx.SplitScale(l) + r.mean_term;
  const auto& err = ctx.error;
  r.links.push_back(Inequality<T>::LessEqual("dist_{K-1}(W)", r.dist, "|||R'|||", r.norm_R,
                                             err.Estimate(r.dist, r.norm_R, s)));
  r.links.push_back(Inequality<T>::LessEqual("|||R'|||", r.norm_R, "T10 bound", r.bound,
                                             err.Estimate(r.norm_R, r.bound, s)));
  if (ctx.spec.has_bias(l)) {
    const Vector<T>& g = ctx.eval.gradient.b[l];
    const Vector<T>& b = ctx.theta.b[l];
    const T res = FrobeniusNorm(Vector<T>(m - (g - ctx.lambda_b * b)));
    const T s_res = FrobeniusNorm(g) + ctx.lambda_b * FrobeniusNorm(b) + r.mean_signal_norm;
    r.links.push_back(
        Inequality<T>::Equal("||m - (g - lambda_b b)||", res, "0", T(0), err.Estimate(res, T(0), s_res), s_res));
  }
  r.headline = Inequality<T>::LessEqual("dist_{K-1}(W)", r.dist, "T10 bound", r.bound,
                                        err.Estimate(r.dist, r.bound, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, ctx.K - 1);
  detail::HoldsIfExactZero(r.links[0], zero);
  detail::HoldsIfExactZero(r.headline, zero);
  r.AddTerm("dist_K-1", r.dist);
  r.AddTerm("norm_R'", r.norm_R);
  r.AddTerm("grad_term", r.grad_term);
  r.AddTerm("mean_term", r.mean_term);
  r.AddTerm("cluster_term", r.cluster_term);
  r.AddTerm("bound", r.bound);
  r.note = ctx.spec.has_bias(l) ? (ctx.spec.lambda_b == 0 ? "bias, lambda_b = 0: m_l = g_l" : "bias, lambda_b = lambda")
                                : "no bias";
  return r;
}

// ---- T12 ------------------------------------------------------------------
template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm) {
  T12 r;
  const int l = t2.layer;
  detail::Label(r, "T12", l, NormName(norm));
  const Matrix<T> Q = ComputeSvd(t2.S, SvdMethod::kJacobi).u;  // d_l x min(d_l, K)
  const Matrix<T> IPR = t2.R - Product(Q, ProductAtB(Q, t2.R));
  const Matrix<T> IPDE = t2.DE - Product(Q, ProductAtB(Q, t2.DE));
  r.dist = t3.dist;
  r.norm_R = NetworkContext<T>::NormOf(IPR, norm);
  r.grad_term = t3.grad_term;
  r.cluster_term = NetworkContext<T>::NormOf(IPDE, norm) / ctx.lambda;
  r.bound = r.grad_term + r.cluster_term;
  r.t3_bound = t3.bound;
  const T s = ctx.SplitScale(l);
  const auto& err = ctx.error;
  r.links.push_back(Inequality<T>::LessEqual("dist_K(W)", r.dist, "|||(I-Pi)R|||", r.norm_R,
                                             err.Estimate(r.dist, r.norm_R, s)));
  r.links.push_back(Inequality<T>::LessEqual("|||(I-Pi)R|||", r.norm_R, "T12 bound", r.bound,
                                             err.Estimate(r.norm_R, r.bound, s)));
  r.links.push_back(Inequality<T>::LessEqual("T12 bound", r.bound, "T3 bound", r.t3_bound,
                                             err.Estimate(r.bound, r.t3_bound, s)));
  r.headline = Inequality<T>::LessEqual("dist_K(W)", r.dist, "T12 bound", r.bound, err.Estimate(r.dist, r.bound, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, ctx.K);
  detail::HoldsIfExactZero(r.links[0], zero);
  detail::HoldsIfExactZero(r.headline, zero);
  r.AddTerm("dist_K", r.dist);
  r.AddTerm("norm_(I-Pi)R", r.norm_R);
  r.AddTerm("grad_term", r.grad_term);
  r.AddTerm("proj_cluster_term", r.cluster_term);
  r.AddTerm("bound", r.bound);
  r.AddTerm("T3_bound", r.t3_bound);
  return r;
}

}  // namespace nrc

#define NRC_INSTANTIATE_THEORY(T)   \
  namespace nrc {                   \
  template struct NetworkContext<T>; \
  template struct T1<T>;            \
  template struct T2<T>;            \
  template struct T3<T>;            \
  template struct T4<T>;            \
  template struct T5<T>;            \
  template struct T6<T>;            \
  template struct T7<T>;            \
  template struct T8<T>;            \
  template struct T9<T>;            \
  template struct T10<T>;           \
  template struct T12<T>;           \
  }

#endif  // NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_
