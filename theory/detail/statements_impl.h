// Definitions of the statement templates theory/t1.h ... theory/t13.h,
// theory/certified_distance.h and theory/signal_projection.h
// (included only by the per-scalar instantiation units
// theory/detail/instantiate_*.cc). Every formula cites its statement.
#ifndef NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_
#define NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_

#include <algorithm>
#include <cmath>
#include <string>

#include "numerics/products.h"
#include "numerics/svd.h"
#include "theory/certified_distance.h"
#include "theory/signal_projection.h"
#include "theory/t1.h"
#include "theory/t10.h"
#include "theory/t12.h"
#include "theory/t13.h"
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
// d_{l-1})), and DistToRank then returns an exact 0 (theory/certified_distance.h
// decides those links).
template <class T>
bool DistIsExactlyZero(const NetworkContext<T>& ctx, int l, int k) {
  return k >= std::min(ctx.W(l).rows(), ctx.W(l).cols());
}
template <class T>
void HoldsIfExactZero(Inequality<T>& q, bool exact_zero) {
  if (exact_zero) DecideExactZeroDistance(q);
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
                                    ctx.error.Estimate(r.residual, T(0), s));
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
  r.headline = Inequality<T>::Equal("||W - P - R||_F", split, "0", T(0), ctx.error.Estimate(split, T(0), s_split));
  r.links.push_back(r.headline);
  const T s_p = FrobeniusNorm(D) * FrobeniusNorm(st.sample_means) * inv_ln;
  const T class_sum = FrobeniusNorm(Matrix<T>(r.P - P_sum));
  r.links.push_back(Inequality<T>::Equal("||P + S Mu^T/(lambda N)||_F", class_sum, "0", T(0),
                                         ctx.error.Estimate(class_sum, T(0), s_p)));
  if (r.rank_bound < p) {
    const T tail = r.sigma_P(r.rank_bound);
    r.links.push_back(Inequality<T>::Equal("sigma_" + std::to_string(r.rank_bound + 1) + "(P)", tail, "0", T(0),
                                           ctx.error.Estimate(tail, T(0), FrobeniusNorm(r.P) + s_p)));
  }
  r.AddTerm("split_residual", split);
  r.AddTerm("class_sum_residual", class_sum);
  r.AddTerm("norm_P", FrobeniusNorm(r.P));
  r.AddTerm("norm_R", FrobeniusNorm(r.R));
  return r;
}

// ---- The certified-distance shape (T3, T10, T12, T13) ---------------------
template <class T>
void CertifiedDistance<T>::Certify(const NetworkContext<T>& ctx, int l, Norm norm, int rank_k, int rank_x,
                                   const T& residual_value, const std::string& residual_name, const T& grad,
                                   const T& cluster, std::vector<std::pair<std::string, T>> further, const T& s) {
  k = rank_k;
  r = rank_x;
  dist = DistToRank(ctx.sigma_W[l], rank_k, norm);
  residual = residual_value;
  grad_term = grad;
  cluster_term = cluster;
  parts = std::move(further);
  bound = grad_term + cluster_term;
  for (const auto& p : parts) bound += p.second;
  const std::string dk = rank_k == ctx.K ? "dist_K" : rank_k == ctx.K - 1 ? "dist_K-1" : "dist_" + std::to_string(rank_k);
  const std::string dw = rank_k == ctx.K ? "dist_K(W)" : rank_k == ctx.K - 1 ? "dist_{K-1}(W)" : dk + "(W)";
  const std::string bn = this->statement + " bound";
  const auto& err = ctx.error;
  this->links.push_back(Inequality<T>::LessEqual(dw, dist, residual_name, residual, err.Estimate(dist, residual, s)));
  this->links.push_back(Inequality<T>::LessEqual(residual_name, residual, bn, bound, err.Estimate(residual, bound, s)));
  this->headline = Inequality<T>::LessEqual(dw, dist, bn, bound, err.Estimate(dist, bound, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, rank_k);
  detail::HoldsIfExactZero(this->links[0], zero);
  detail::HoldsIfExactZero(this->headline, zero);
  this->AddTerm(dk, dist);
  this->AddTerm(residual_name, residual);
  this->AddTerm("grad_term", grad_term);
  this->AddTerm("cluster_term", cluster_term);
  for (const auto& p : parts) this->AddTerm(p.first, p.second);
  this->AddTerm("bound", bound);
  this->AddTerm("grad_share", bound > T(0) ? T(grad_term / bound) : T(0));
}

template <class T>
void CertifiedDistance<T>::CompareBound(const NetworkContext<T>& ctx, const std::string& name,
                                        const std::string& other_name, const T& other, const T& s) {
  this->links.push_back(Inequality<T>::LessEqual(name, bound, other_name, other, ctx.error.Estimate(bound, other, s)));
  this->AddTerm(other_name + "_bound", other);
}

// ---- T3 -------------------------------------------------------------------
template <class T>
T3<T> T3<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  T3 r;
  const int l = t2.layer;
  detail::Label(r, "T3", l, NormName(norm));
  // X = P_l (rank <= K), E = R_l.
  const T norm_R = norm == Norm::kSpectral ? (t2.sigma_R.size() > 0 ? T(t2.sigma_R(0)) : T(0)) : FrobeniusNorm(t2.R);
  r.Certify(ctx, l, norm, ctx.K, ctx.K, norm_R, "|||R|||", NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda,
            NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda, {}, ctx.SplitScale(l));
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
  r.AddTerm("T5/T3", r.t3 > T(0) ? T(r.t5 / r.t3) : T(0));
  r.AddTerm("T8/T5", r.t5 > T(0) ? T(r.t8 / r.t5) : T(0));
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
  // X = P_l + m_l mu_G^T / lambda (rank <= K-1), E = R'_l.
  const Matrix<T> Rp = t2.R - (m * st.global_mean.transpose()) / ctx.lambda;
  const T mean_term = r.mean_signal_norm * FrobeniusNorm(st.global_mean) / ctx.lambda;
  const T s = ctx.SplitScale(l) + mean_term;
  r.Certify(ctx, l, norm, ctx.K - 1, ctx.K - 1, NetworkContext<T>::NormOf(Rp, norm), "|||R'|||",
            NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda, NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda,
            {{"mean_term", mean_term}}, s);
  if (ctx.spec.has_bias(l)) {
    const Vector<T>& g = ctx.eval.gradient.b[l];
    const Vector<T>& b = ctx.theta.b[l];
    const T res = FrobeniusNorm(Vector<T>(m - (g - ctx.lambda_b * b)));
    r.links.push_back(Inequality<T>::Equal("||m - (g - lambda_b b)||", res, "0", T(0),
                                           ctx.error.Estimate(res, T(0), FrobeniusNorm(g) + ctx.lambda_b * FrobeniusNorm(b) +
                                                                             r.mean_signal_norm)));
  }
  r.note = ctx.spec.has_bias(l) ? (ctx.spec.lambda_b == 0 ? "bias, lambda_b = 0: m_l = g_l" : "bias, lambda_b = lambda")
                                : "no bias";
  return r;
}

// ---- T12, T13: the projector (theory/signal_projection.h) ------------------
template <class T>
typename SignalProjection<T>::Choice SignalProjection<T>::Choice::Span(const NetworkContext<T>& ctx, const T2<T>& t2,
                                                                        const Matrix<T>& columns, int dropped_class) {
  Choice c;
  c.dropped_class = dropped_class;
  c.columns = static_cast<int>(columns.cols());
  const int l = t2.layer;
  const Svd<T> svd = ComputeSvd(columns, SvdMethod::kJacobi);
  const T tau = svd.sigma.size() > 0 ? ctx.error.Estimate(T(0), T(0), T(svd.sigma(0))) : T(0);
  int rank = 0;
  while (rank < svd.sigma.size() && svd.sigma(rank) > tau) ++rank;
  c.rank = rank;
  c.basis = svd.u.leftCols(rank);
  c.sigma_DE = SingularValues(c.Project(t2.DE), SvdMethod::kJacobi);
  // (I - Pi) P_l and, for a dropped class, the rank-one matrix it equals.
  Matrix<T> leak_matrix = Matrix<T>::Zero(t2.P.rows(), t2.P.cols());
  if (dropped_class >= 0) {
    const Vector<T> m = ctx.Delta(l).rowwise().sum() / T(ctx.N);
    const Vector<T> pm = c.Project(Matrix<T>(m)).col(0);
    const Vector<T> mu = ctx.InputStats(l).means.col(dropped_class);
    c.leak = FrobeniusNorm(pm) * FrobeniusNorm(mu) / ctx.lambda;
    // (I - Pi) S_c = 0 for c != c*, S_{c*} = N m_l - sum_{c != c*} S_c, so
    // (I - Pi) P_l = -(1/lambda) (I - Pi) m_l mu_{c*}^T (T13).
    leak_matrix = -(pm * mu.transpose()) / ctx.lambda;
  }
  const Matrix<T> proj_P = c.Project(t2.P);
  c.identity_residual = FrobeniusNorm(Matrix<T>(proj_P - leak_matrix));
  return c;
}

template <class T>
Matrix<T> SignalProjection<T>::Choice::Project(const Matrix<T>& A) const {
  if (basis.cols() == 0) return A;
  return A - Product(basis, ProductAtB(basis, A));
}

template <class T>
const Vector<T>& SignalProjection<T>::Choice::SigmaW(const NetworkContext<T>& ctx, const T2<T>& t2) const {
  if (!have_sigma_W) sigma_W_cache = SingularValues(Project(ctx.W(t2.layer)), SvdMethod::kJacobi);
  have_sigma_W = true;
  return sigma_W_cache;
}

template <class T>
const Vector<T>& SignalProjection<T>::Choice::SigmaR(const NetworkContext<T>& ctx, const T2<T>& t2) const {
  if (!have_sigma_R) sigma_R_cache = SingularValues(Project(t2.R), SvdMethod::kJacobi);
  have_sigma_R = true;
  return sigma_R_cache;
}

template <class T>
std::string SignalProjection<T>::Choice::Describe() const {
  const std::string r = "r = " + std::to_string(rank);
  return dropped_class < 0 ? "span of all classes, " + r : "c* = label " + std::to_string(dropped_class) + ", " + r;
}

template <class T>
SignalProjection<T> SignalProjection<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2) {
  SignalProjection p;
  const int l = t2.layer;
  p.layer = l;
  p.free_bias = ctx.spec.has_bias(l) && ctx.spec.lambda_b == 0.0;
  const auto& st = ctx.InputStats(l);
  p.scale = ctx.SplitScale(l) + FrobeniusNorm(ctx.Delta(l)) * FrobeniusNorm(st.sample_means) / (ctx.lambda * T(ctx.N));
  if (!p.free_bias) {
    p.choices.push_back(Choice::Span(ctx, t2, t2.S, -1));
    return p;
  }
  for (int cs = 0; cs < ctx.K; ++cs) {
    Matrix<T> cols(t2.S.rows(), ctx.K - 1);
    for (int c = 0, j = 0; c < ctx.K; ++c)
      if (c != cs) cols.col(j++) = t2.S.col(c);
    p.choices.push_back(Choice::Span(ctx, t2, cols, cs));
  }
  return p;
}

namespace detail {

// The projector-identity link of T12/T13: (I - Pi) P_l = leak matrix.
template <class T>
Inequality<T> ProjectorIdentity(const NetworkContext<T>& ctx, const typename SignalProjection<T>::Choice& c,
                                const T& s) {
  return Inequality<T>::Equal("||(I-Pi)P - leak||_F", c.identity_residual, "0", T(0),
                              ctx.error.Estimate(c.identity_residual, T(0), s));
}

// Index of the choice with the smallest value of `bound(choice)`. Values
// within the comparison error estimate of the minimum count as ties, broken by
// the lowest index, so the named class does not depend on rounding noise.
template <class T, class F>
std::size_t BestChoice(const NetworkContext<T>& ctx, const SignalProjection<T>& proj, F&& bound) {
  std::vector<T> values;
  for (const auto& c : proj.choices) values.push_back(bound(c));
  T best = values[0];
  for (const T& v : values)
    if (v < best) best = v;
  const T tol = ctx.error.Estimate(best, best, proj.scale);
  for (std::size_t i = 0; i < values.size(); ++i)
    if (values[i] <= best + tol) return i;
  return 0;
}

}  // namespace detail

// ---- T12 ------------------------------------------------------------------
template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm) {
  return Compute(ctx, t2, SignalProjection<T>::Compute(ctx, t2), t3, norm);
}

template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                       const T3<T>& t3, Norm norm) {
  T12 r;
  const int l = t2.layer;
  detail::Label(r, "T12", l, NormName(norm));
  const T grad = NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda;
  const auto& c = proj.choices[detail::BestChoice(
      ctx, proj, [&](const auto& ch) { return T(ch.leak + DistToRank(ch.sigma_DE, 0, norm) / ctx.lambda); })];
  // X = Pi W_l (rank <= K), E = (I - Pi) W_l.
  const T norm_IPW = DistToRank(c.SigmaW(ctx, t2), 0, norm);
  const T norm_IPR = DistToRank(c.SigmaR(ctx, t2), 0, norm);
  r.dropped_class = c.dropped_class;
  r.leak = c.leak;
  r.t3_bound = t3.bound;
  const T s = proj.scale;
  std::vector<std::pair<std::string, T>> parts;
  parts.emplace_back("leak", c.leak);
  r.Certify(ctx, l, norm, ctx.K, ctx.K, norm_IPW, "|||(I-Pi)W|||", grad,
            DistToRank(c.sigma_DE, 0, norm) / ctx.lambda, std::move(parts), s);
  const T weyl = norm_IPR + c.leak;
  r.links.push_back(Inequality<T>::LessEqual("|||(I-Pi)W|||", r.residual, "|||(I-Pi)R||| + leak", weyl,
                                             ctx.error.Estimate(r.residual, weyl, s)));
  r.AddTerm("|||(I-Pi)R|||", norm_IPR);
  r.links.push_back(detail::ProjectorIdentity(ctx, c, s));
  if (!proj.free_bias) r.CompareBound(ctx, "T12 bound", "T3", t3.bound, s);
  else r.AddTerm("T3_bound", t3.bound);
  r.AddTerm("dropped_class", T(c.dropped_class));
  r.note = c.Describe();
  return r;
}

// ---- T13 ------------------------------------------------------------------
template <class T>
T13<T> T13<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  return Compute(ctx, t2, SignalProjection<T>::Compute(ctx, t2), norm);
}

template <class T>
T13<T> T13<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj, Norm norm) {
  const std::size_t best = detail::BestChoice(ctx, proj, [&](const auto& ch) {
    return T(ch.leak + DistToRank(ch.sigma_DE, std::max(0, ctx.K - ch.rank), norm) / ctx.lambda);
  });
  return ForChoice(ctx, t2, proj, proj.choices[best], norm);
}

template <class T>
T13<T> T13<T>::ForChoice(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                         const typename SignalProjection<T>::Choice& c, Norm norm, int claimed_extra_rank) {
  T13 r;
  const int l = t2.layer;
  detail::Label(r, "T13", l, NormName(norm));
  const int j = std::max(0, ctx.K - c.rank + claimed_extra_rank);  // dist_{K-r}
  // X = Pi W_l (rank <= r), E = (I - Pi) W_l.
  const T dist_IPW = DistToRank(c.SigmaW(ctx, t2), j, norm);
  r.projected_R = DistToRank(c.SigmaR(ctx, t2), j, norm);
  r.dropped_class = c.dropped_class;
  r.leak = c.leak;
  const T s = proj.scale;
  std::vector<std::pair<std::string, T>> parts;
  parts.emplace_back("leak", c.leak);
  r.Certify(ctx, l, norm, ctx.K, ctx.K - j, dist_IPW, "dist_{K-r}((I-Pi)W)",
            NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda, DistToRank(c.sigma_DE, j, norm) / ctx.lambda,
            std::move(parts), s);
  const T weyl = r.projected_R + c.leak;
  r.links.push_back(Inequality<T>::LessEqual("dist_{K-r}((I-Pi)W)", dist_IPW, "dist_{K-r}((I-Pi)R) + leak", weyl,
                                             ctx.error.Estimate(dist_IPW, weyl, s)));
  r.AddTerm("dist_{K-r}((I-Pi)R)", r.projected_R);
  r.links.push_back(detail::ProjectorIdentity(ctx, c, s));
  r.AddTerm("rank_Pi", T(c.rank));
  r.AddTerm("dropped_class", T(c.dropped_class));
  r.note = c.Describe();
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
  template struct CertifiedDistance<T>; \
  template struct SignalProjection<T>; \
  template struct T12<T>;           \
  template struct T13<T>;           \
  }

#endif  // NRC_THEORY_DETAIL_STATEMENTS_IMPL_H_
