// theory/t12.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t12.h"

#include <string>
#include <utility>
#include <vector>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm) {
  return Compute(ctx, t2, SignalProjection<T>::Compute(ctx, t2), t3, norm);
}

template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                       const T3<T>& t3, Norm norm) {
  const int l = t2.layer;
  T12 r = LabeledResult<T12>("T12", l, NormName(norm));
  const auto& c = proj.choices[detail::BestChoice(
      ctx, proj, [&](const auto& ch) { return T(ch.leak + DistToRank(ch.sigma_DE, 0, norm) / ctx.lambda); })];
  // X = Pi W_l (rank <= K), E = (I - Pi) W_l.
  r.t3_bound = t3.bound;
  detail::CertifyProjected(r, ctx, t2, proj, c, norm, 0, "|||(I-Pi)W|||", "|||(I-Pi)R|||");
  if (!proj.free_bias) r.CompareBound(ctx, "T12 bound", "T3", t3.bound, proj.scale);
  else r.AddTerm("T3_bound", t3.bound);
  detail::NameChoice<T12<T>, T>(r, c);
  return r;
}

#define NRC_THEORY_STATEMENT T12
NRC_THEORY_INSTANTIATE

}  // namespace nrc
