// theory/t14.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t14.h"

#include <algorithm>
#include <cmath>
#include <string>

#include "numerics/svd.h"
#include "theory/detail/instantiate.h"

namespace nrc {
namespace detail {

// The column norms ||M e_i||_2, i = 0..cols-1.
template <class T>
Vector<T> ColumnNorms(const Matrix<T>& M) {
  Vector<T> n(M.cols());
  for (Eigen::Index i = 0; i < M.cols(); ++i) n(i) = FrobeniusNorm(Vector<T>(M.col(i)));
  return n;
}

// T14's rounding scale s_i per sample (theory/t14.h, "Error model").
template <class T>
Vector<T> T14RoundingScale(const NetworkContext<T>& ctx, const MlpEvaluation<T>& tilde,
                           const std::vector<Matrix<T>>& Wt, const std::vector<T>& norm2_Wt) {
  const int L = ctx.L;
  Vector<T> s = Vector<T>::Zero(ctx.N);
  T chain(1);  // C_j = Lip^{L-j} prod_{k>j} max(||W_k||, ||W~_k||), built from j = L down
  for (int j = L; j >= 1; --j) {
    const T wf = FrobeniusNorm(ctx.W(j)) + FrobeniusNorm(Wt[j]);
    const Vector<T> z = ColumnNorms(ctx.eval.Z[j - 1]) + ColumnNorms(tilde.Z[j - 1]);
    const Vector<T> a = ColumnNorms(ctx.eval.A[j]) + ColumnNorms(tilde.A[j]);
    const T bn = T(2) * FrobeniusNorm(ctx.theta.b[j]);
    for (int i = 0; i < ctx.N; ++i) s(i) += chain * (wf * z(i) + bn + a(i));
    const T top = ctx.norm2_W[j] > norm2_Wt[j] ? ctx.norm2_W[j] : norm2_Wt[j];
    chain *= ctx.lipschitz * top;
  }
  return s;
}

// e_L(x_i) for every sample (T14's recursion, or a weakened variant).
template <class T>
Vector<T> T14Bound(const NetworkContext<T>& ctx, const std::vector<T>& eps, const std::vector<T>& norm2_Wt,
                   T14Variant variant) {
  const T lip = variant == T14Variant::kWithoutLipschitz ? T(1) : ctx.lipschitz;
  Vector<T> e = Vector<T>::Zero(ctx.N);
  for (int l = 1; l <= ctx.L; ++l) {
    const T wt = variant == T14Variant::kWithoutPropagation ? T(1) : norm2_Wt[l];
    const Vector<T> z = ColumnNorms(ctx.Input(l));
    e = (e * wt + z * eps[l]).eval();
    if (l < ctx.L) e *= lip;
  }
  return e;
}

// Predicted class (argmax, lowest index on ties) and margin f_c - max_{k != c} f_k.
template <class T>
int PredictedClass(const Matrix<T>& F, Eigen::Index i, T* margin) {
  int c = 0;
  for (Eigen::Index k = 1; k < F.rows(); ++k)
    if (F(k, i) > F(c, i)) c = static_cast<int>(k);
  if (margin) {
    bool first = true;
    T second(0);
    for (Eigen::Index k = 0; k < F.rows(); ++k) {
      if (k == c) continue;
      if (first || F(k, i) > second) second = F(k, i);
      first = false;
    }
    *margin = F(c, i) - second;
  }
  return c;
}

// The corollary (prediction kept): certified samples and the changed ones among them.
template <class T>
void T14Corollary(const NetworkContext<T>& ctx, const Matrix<T>& Ft, const Vector<T>& s, T14<T>* r) {
  using std::sqrt;
  const T root2 = sqrt(T(2));
  const Matrix<T>& F = ctx.eval.outputs();
  r->margin.resize(ctx.N);
  for (int i = 0; i < ctx.N; ++i) {
    T m(0);
    const int c = PredictedClass(F, i, &m);
    r->margin(i) = m;
    const T need = root2 * r->bound(i);
    if (!(m - need > ctx.error.Estimate(m, need, s(i)))) continue;
    ++r->certified;
    if (PredictedClass(Ft, i, static_cast<T*>(nullptr)) != c) ++r->changed;
  }
  auto q = Inequality<T>::LessEqual("#changed among " + std::to_string(r->certified) + " certified", T(r->changed),
                                    "0", T(0), T(0));
  q.decided = r->changed == 0 ? Outcome::kHolds : Outcome::kViolated;
  r->links.push_back(q);
}

}  // namespace detail

template <class T>
std::vector<Matrix<T>> T14<T>::Truncate(const MlpParameters<T>& theta, const std::vector<int>& ranks) {
  std::vector<Matrix<T>> out(theta.W.size());
  for (std::size_t l = 1; l < theta.W.size(); ++l) {
    const Svd<T> svd = ComputeSvd(theta.W[l], SvdMethod::kJacobi);
    const int r = std::max(0, std::min(ranks.at(l), static_cast<int>(svd.sigma.size())));
    out[l] = svd.u.leftCols(r) * svd.sigma.head(r).asDiagonal() * svd.v.leftCols(r).transpose();
  }
  return out;
}

template <class T>
T14<T> T14<T>::Compute(const NetworkContext<T>& ctx, const std::vector<Matrix<T>>& Wt, const std::vector<int>& ranks,
                       T14Variant variant) {
  T14 r;
  r.statement = "T14";
  r.norm = "per-sample";
  const int L = ctx.L;
  MlpParameters<T> theta = ctx.theta;
  r.eps.assign(L + 1, T(0));
  r.norm2_Wt.assign(L + 1, T(0));
  T eps_max(0);
  for (int l = 1; l <= L; ++l) {
    theta.W[l] = Wt.at(l);
    r.eps[l] = SpectralNorm(Matrix<T>(ctx.W(l) - Wt[l]));
    r.norm2_Wt[l] = SpectralNorm(Wt[l]);
    if (r.eps[l] > eps_max) eps_max = r.eps[l];
  }
  const MlpEvaluation<T> tilde = Evaluate(ctx.spec, theta, ctx.eval.Z[0], ctx.labels, EvaluationLevel::kObjective);
  const Vector<T> s = detail::T14RoundingScale(ctx, tilde, Wt, r.norm2_Wt);
  r.bound = detail::T14Bound(ctx, r.eps, r.norm2_Wt, variant);
  r.observed = detail::ColumnNorms(Matrix<T>(tilde.outputs() - ctx.eval.outputs()));
  r.error.resize(ctx.N);
  double worst = -1;
  int not_holding = 0;
  for (int i = 0; i < ctx.N; ++i) {
    auto q = Inequality<T>::LessEqual("||f~(x_" + std::to_string(i) + ") - f||", r.observed(i),
                                      "e_L(x_" + std::to_string(i) + ")", r.bound(i),
                                      ctx.error.Estimate(r.observed(i), r.bound(i), s(i)));
    r.error(i) = q.error;
    if (q.Ratio() > worst || r.worst_sample < 0) {
      worst = q.Ratio();
      r.worst_sample = i;
      r.headline = q;
    }
    if (q.Decide() != Outcome::kHolds) {
      r.links.push_back(q);
      ++not_holding;
    }
  }
  detail::T14Corollary(ctx, tilde.outputs(), s, &r);
  for (std::size_t l = 1; l < ranks.size() && static_cast<int>(l) <= L; ++l) {
    const Vector<T>& sw = ctx.sigma_W[l];
    const T sigma = ranks[l] < sw.size() ? T(sw(ranks[l])) : T(0);
    const T scale = FrobeniusNorm(ctx.W(l));
    r.links.push_back(Inequality<T>::Equal("eps_" + std::to_string(l), r.eps[l],
                                           "sigma_" + std::to_string(ranks[l] + 1) + "(W_" + std::to_string(l) + ")",
                                           sigma, ctx.error.Estimate(r.eps[l], sigma, scale), scale));
  }
  r.AddTerm("max_observed", r.observed.size() ? T(r.observed.maxCoeff()) : T(0));
  r.AddTerm("max_bound", r.bound.size() ? T(r.bound.maxCoeff()) : T(0));
  r.AddTerm("worst_sample", T(r.worst_sample));
  r.AddTerm("worst_ratio", T(worst));
  r.AddTerm("eps_max", eps_max);
  r.AddTerm("certified", T(r.certified));
  r.AddTerm("changed", T(r.changed));
  r.AddTerm("samples", T(ctx.N));
  r.note = "worst sample " + std::to_string(r.worst_sample) + "; " + std::to_string(r.certified) + " of " +
           std::to_string(ctx.N) + " predictions certified kept" +
           (not_holding ? "; " + std::to_string(not_holding) + " samples not decided holds" : "");
  return r;
}

#define NRC_THEORY_STATEMENT T14
NRC_THEORY_INSTANTIATE

}  // namespace nrc

