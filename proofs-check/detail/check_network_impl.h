// Definitions of proofs-check/check_network.h (included only by the per-scalar
// units proofs-check/detail/instantiate_*.cc).
#ifndef NRC_PROOFS_CHECK_DETAIL_CHECK_NETWORK_IMPL_H_
#define NRC_PROOFS_CHECK_DETAIL_CHECK_NETWORK_IMPL_H_

#include <cstdio>
#include <string>

#include "proofs-check/check_network.h"
#include "theory/network_context.h"
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

template <class T>
Verdict MakeVerdict(const StatementResult<T>& r, const std::string& precision, double grad_norm) {
  Verdict v;
  v.statement = r.statement;
  v.layer = r.layer;
  v.norm = r.norm;
  v.observed = ToDouble(r.headline.lhs);
  v.bound = ToDouble(r.headline.rhs);
  // Identities (T1, T2, T7 for MSE): the ratio is |observed - bound| / error
  // estimate, <= 1 when the identity holds to rounding level.
  if (r.headline.relation == Relation::kEqual) {
    using std::abs;
    const T e = r.headline.error;
    v.ratio = e > T(0) ? ToDouble(T(abs(T(r.headline.lhs - r.headline.rhs)) / e)) : 0.0;
  } else {
    v.ratio = r.headline.Ratio();
  }
  v.verdict = r.outcome();
  v.precision = precision;
  v.grad_norm = grad_norm;
  v.error_estimate = ToDouble(r.headline.error);
  for (const auto& t : r.terms) v.slack.emplace_back(t.first, ToDouble(t.second));
  v.note = r.note;
  // Name the first link that is not "holds" (the headline's own verdict is in the numbers).
  if (const Inequality<T>* q = r.FirstUndecidedLink()) {
    char buf[160];
    std::snprintf(buf, sizeof buf, "%s: %.6g vs %.6g (error %.2g)", OutcomeName(q->Decide()), ToDouble(q->lhs),
                  ToDouble(q->rhs), ToDouble(q->error));
    v.note += (v.note.empty() ? "" : "; ") + std::string("link ") + q->Describe() + " " + buf;
  }
  return v;
}

template <class T>
CheckReport CheckNetwork(const MlpSpec& spec, const MlpParameters<T>& theta, const Dataset& data,
                         const CheckOptions& options) {
  const Matrix<T> X = data.Features<T>();
  const auto ctx = NetworkContext<T>::Build(spec, theta, X, data.labels);
  CheckReport rep;
  rep.network = spec.Describe();
  rep.precision = ctx.precision;
  rep.num_samples = ctx.N;
  rep.grad_norm = ToDouble(ctx.grad_norm);
  rep.data_loss = ToDouble(ctx.eval.data_loss);
  rep.objective = ToDouble(ctx.eval.objective);
  auto add = [&](const StatementResult<T>& r) {
    if (r.applicable) rep.verdicts.push_back(MakeVerdict(r, rep.precision, rep.grad_norm));
  };
  for (int l = 1; l <= ctx.L; ++l) {
    add(T1<T>::Compute(ctx, l));
    const auto t2 = T2<T>::Compute(ctx, l);
    add(t2);
    const auto t3s = T3<T>::Compute(ctx, t2, Norm::kSpectral);
    const auto t3f = T3<T>::Compute(ctx, t2, Norm::kFrobenius);
    add(t3s);
    add(t3f);
    const auto t12s = T12<T>::Compute(ctx, t2, t3s, Norm::kSpectral);
    const auto t12f = T12<T>::Compute(ctx, t2, t3f, Norm::kFrobenius);
    add(t12s);
    add(t12f);
    add(T4<T>::Tail(ctx, t2));
    const T threshold = T(options.rank_threshold) * ctx.norm2_W[l];
    // W_l = 0: a threshold relative to ||W_l||_2 is 0, outside the corollary
    // (t > 0; RankCorollary throws for it); the zero matrix has numerical rank 0.
    T4<T> t4r;
    if (ctx.norm2_W[l] > T(0)) {
      t4r = T4<T>::RankCorollary(ctx, t2, threshold);
      add(t4r);
    }
    const auto t5 = T5<T>::Compute(ctx, t2);
    add(t5);
    add(T6<T>::Compute(ctx, l));
    const auto t8 = T8<T>::Compute(ctx, t3f, t5);
    add(t8);
    const auto t9 = T9<T>::Bound(ctx, l);
    add(t9);
    if (l < ctx.L) {
      add(T9<T>::Propagation(ctx, l, true));
      add(T9<T>::Propagation(ctx, l, false));
    }
    add(T10<T>::Compute(ctx, t2, Norm::kSpectral));
    const auto t10f = T10<T>::Compute(ctx, t2, Norm::kFrobenius);
    add(t10f);

    LayerSummary row;
    row.layer = l;
    row.rows = static_cast<int>(ctx.W(l).rows());
    row.cols = static_cast<int>(ctx.W(l).cols());
    row.sigma_k1 = ToDouble(t3s.dist);
    row.tail = ToDouble(t3f.dist);
    row.grad_norm_F = ToDouble(FrobeniusNorm(ctx.G(l)));
    row.t3_spectral = ToDouble(t3s.bound);
    row.t12_spectral = ToDouble(t12s.bound);
    row.t3 = ToDouble(t3f.bound);
    row.t12 = ToDouble(t12f.bound);
    row.t5 = ToDouble(t8.t5);
    row.t8 = ToDouble(t8.t8);
    row.t8_tcv = ToDouble(t8.t8_tcv);
    row.t9 = ToDouble(t9.bound);
    row.t9_best_k = t9.best_k;
    row.grad_share = ToDouble(t8.t8 > T(0) ? T(t8.grad_term / t8.t8) : T(0));
    row.dist_k_minus_1 = ToDouble(t10f.dist);
    row.t10 = ToDouble(t10f.bound);
    row.numerical_rank = t4r.rank_W;
    row.rank_threshold = ToDouble(threshold);
    const auto& st = ctx.InputStats(l);
    row.v = ToDouble(st.v);
    row.tcv = ToDouble(st.tcv);
    row.nc1 = ToDouble(st.nc1);
    rep.layers.push_back(row);
  }
  add(T7<T>::Compute(ctx));
  return rep;
}

}  // namespace nrc

#define NRC_INSTANTIATE_CHECK_NETWORK(T)                                                                  \
  namespace nrc {                                                                                         \
  template CheckReport CheckNetwork<T>(const MlpSpec&, const MlpParameters<T>&, const Dataset&,           \
                                       const CheckOptions&);                                              \
  template Verdict MakeVerdict<T>(const StatementResult<T>&, const std::string&, double);                \
  }

#endif  // NRC_PROOFS_CHECK_DETAIL_CHECK_NETWORK_IMPL_H_
