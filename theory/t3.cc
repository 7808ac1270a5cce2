// theory/t3.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t3.h"

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T3<T> T3<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  const int l = t2.layer;
  T3 r = LabeledResult<T3>("T3", l, NormName(norm));
  // X = P_l (rank <= K), E = R_l.
  const T norm_R = norm == Norm::kSpectral ? (t2.sigma_R.size() > 0 ? T(t2.sigma_R(0)) : T(0)) : FrobeniusNorm(t2.R);
  r.Certify(ctx, l, norm, ctx.K, ctx.K, norm_R, "|||R|||", NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda,
            NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda, {}, ctx.SplitScale(l));
  return r;
}

#define NRC_THEORY_STATEMENT T3
NRC_THEORY_INSTANTIATE

}  // namespace nrc
