// Helpers shared by the statement definitions theory/t*.cc (internal).
#ifndef NRC_THEORY_DETAIL_STATEMENT_HELPERS_H_
#define NRC_THEORY_DETAIL_STATEMENT_HELPERS_H_

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "numerics/norms.h"
#include "theory/certified_distance.h"
#include "theory/inequality.h"
#include "theory/labeled_result.h"
#include "theory/network_context.h"
#include "theory/signal_projection.h"

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

// The headline of a per-sample statement (T6, T7): the link of `links` with
// the largest ratio, its index kept as worst_sample and named in the note.
template <class R, class T>
void HeadlineAtWorstSample(R& r, const std::vector<Inequality<T>>& links) {
  const std::size_t w = WorstLink(links, 0, links.size());
  r.worst_sample = static_cast<int>(w);
  r.headline = links[w];
  r.note = "worst sample " + std::to_string(r.worst_sample);
}

// The projected certificate shared by T12 (j = 0) and T13 (j = K - r): with
// X = Pi W_l of rank <= K - j and E = (I - Pi) W_l, Certify's links, then
// dist_j((I-Pi)W) <= dist_j((I-Pi)R) + leak (Weyl) and the projector identity.
// Returns dist_j((I-Pi)R).
template <class R, class T>
T CertifyProjected(R& r, const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                   const typename SignalProjection<T>::Choice& c, Norm norm, int j, const std::string& w_name,
                   const std::string& r_name) {
  const int l = t2.layer;
  const T dist_IPW = DistToRank(c.SigmaW(ctx, t2), j, norm);
  const T dist_IPR = DistToRank(c.SigmaR(ctx, t2), j, norm);
  r.dropped_class = c.dropped_class;
  r.leak = c.leak;
  const T s = proj.scale;
  std::vector<std::pair<std::string, T>> parts;
  parts.emplace_back("leak", c.leak);
  r.Certify(ctx, l, norm, ctx.K, ctx.K - j, dist_IPW, w_name, NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda,
            DistToRank(c.sigma_DE, j, norm) / ctx.lambda, std::move(parts), s);
  const T weyl = dist_IPR + c.leak;
  r.links.push_back(
      Inequality<T>::LessEqual(w_name, dist_IPW, r_name + " + leak", weyl, ctx.error.Estimate(dist_IPW, weyl, s)));
  r.AddTerm(r_name, dist_IPR);
  r.links.push_back(ProjectorIdentity(ctx, c, s));
  return dist_IPR;
}

// The class a projected statement dropped (-1: none), as a term and the note.
template <class R, class T>
void NameChoice(R& r, const typename SignalProjection<T>::Choice& c) {
  r.AddTerm("dropped_class", T(c.dropped_class));
  r.note = c.Describe();
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_THEORY_DETAIL_STATEMENT_HELPERS_H_
