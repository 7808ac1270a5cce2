// theory/t5.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t5.h"

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T5<T> T5<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2) {
  const int l = t2.layer;
  T5 r = LabeledResult<T5>("T5", l, "frobenius");
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

#define NRC_THEORY_STATEMENT T5
NRC_THEORY_INSTANTIATE

}  // namespace nrc
