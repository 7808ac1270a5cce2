// theory/t9.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t9.h"

#include <cmath>
#include <string>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T9<T> T9<T>::Bound(const NetworkContext<T>& ctx, int l) {
  using std::sqrt;
  T9 r = LabeledResult<T9>("T9", l, "frobenius");
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
  T9 r = LabeledResult<T9>("T9", m, squared_variation ? "V" : "TCV");
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

#define NRC_THEORY_STATEMENT T9
NRC_THEORY_INSTANTIATE

}  // namespace nrc
