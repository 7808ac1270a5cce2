// theory/t13.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t13.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T13<T> T13<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  return Compute(ctx, t2, SignalProjection<T>::Compute(ctx, t2), norm);
}

template <class T>
T13<T> T13<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj, Norm norm) {
  const std::size_t best = detail::BestChoice(ctx, proj, [&](const auto& ch) {
    return T(ch.leak + DistToRank(ch.sigma_DE, std::max(0, ctx.K - ch.rank), norm) / ctx.lambda);
  });
  return ForChoice(ctx, t2, proj, proj.choices[best], norm);
}

template <class T>
T13<T> T13<T>::ForChoice(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                         const typename SignalProjection<T>::Choice& c, Norm norm, int claimed_extra_rank) {
  const int l = t2.layer;
  T13 r = LabeledResult<T13>("T13", l, NormName(norm));
  const int j = std::max(0, ctx.K - c.rank + claimed_extra_rank);  // dist_{K-r}
  // X = Pi W_l (rank <= r), E = (I - Pi) W_l.
  r.projected_R = detail::CertifyProjected(r, ctx, t2, proj, c, norm, j, "dist_{K-r}((I-Pi)W)", "dist_{K-r}((I-Pi)R)");
  r.AddTerm("rank_Pi", T(c.rank));
  detail::NameChoice<T13<T>, T>(r, c);
  return r;
}

#define NRC_THEORY_STATEMENT T13
NRC_THEORY_INSTANTIATE

}  // namespace nrc
