// theory/t6.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t6.h"

#include <string>

#include "theory/detail/statement_helpers.h"

namespace nrc {

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

#define NRC_T6_INSTANTIATE_(T) template struct T6<T>;
NRC_FOR_EACH_SCALAR(NRC_T6_INSTANTIATE_)
#undef NRC_T6_INSTANTIATE_

}  // namespace nrc
