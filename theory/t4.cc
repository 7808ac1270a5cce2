// theory/t4.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t4.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <string>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T4<T> T4<T>::Tail(const NetworkContext<T>& ctx, const T2<T>& t2, int rank) {
  const int l = t2.layer;
  T4 r = LabeledResult<T4>("T4", l, "sv");
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
  const int l = t2.layer;
  T4 r = LabeledResult<T4>("T4", l, "rank");
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

#define NRC_THEORY_STATEMENT T4
NRC_THEORY_INSTANTIATE

}  // namespace nrc
