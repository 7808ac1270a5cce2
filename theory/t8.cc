// theory/t8.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t8.h"

#include <cmath>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T8<T> T8<T>::Compute(const NetworkContext<T>& ctx, const T3<T>& t3f, const T5<T>& t5) {
  using std::sqrt;
  const int l = t3f.layer;
  T8 r = LabeledResult<T8>("T8", l, "frobenius");
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

#define NRC_THEORY_STATEMENT T8
NRC_THEORY_INSTANTIATE

}  // namespace nrc
