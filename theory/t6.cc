// theory/t6.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t6.h"

#include <string>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T6<T> T6<T>::Compute(const NetworkContext<T>& ctx, int l, const T& scale) {
  T6 r = LabeledResult<T6>("T6", l, "per-sample");
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
  detail::HeadlineAtWorstSample(r, r.links);
  r.AddTerm("C_l", r.factor);
  return r;
}

#define NRC_THEORY_STATEMENT T6
NRC_THEORY_INSTANTIATE

}  // namespace nrc
