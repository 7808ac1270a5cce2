// theory/t13.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t13.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

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
  T13 r;
  const int l = t2.layer;
  detail::Label(r, "T13", l, NormName(norm));
  const int j = std::max(0, ctx.K - c.rank + claimed_extra_rank);  // dist_{K-r}
  // X = Pi W_l (rank <= r), E = (I - Pi) W_l.
  const T dist_IPW = DistToRank(c.SigmaW(ctx, t2), j, norm);
  r.projected_R = DistToRank(c.SigmaR(ctx, t2), j, norm);
  r.dropped_class = c.dropped_class;
  r.leak = c.leak;
  const T s = proj.scale;
  std::vector<std::pair<std::string, T>> parts;
  parts.emplace_back("leak", c.leak);
  r.Certify(ctx, l, norm, ctx.K, ctx.K - j, dist_IPW, "dist_{K-r}((I-Pi)W)",
            NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda, DistToRank(c.sigma_DE, j, norm) / ctx.lambda,
            std::move(parts), s);
  const T weyl = r.projected_R + c.leak;
  r.links.push_back(Inequality<T>::LessEqual("dist_{K-r}((I-Pi)W)", dist_IPW, "dist_{K-r}((I-Pi)R) + leak", weyl,
                                             ctx.error.Estimate(dist_IPW, weyl, s)));
  r.AddTerm("dist_{K-r}((I-Pi)R)", r.projected_R);
  r.links.push_back(detail::ProjectorIdentity(ctx, c, s));
  r.AddTerm("rank_Pi", T(c.rank));
  r.AddTerm("dropped_class", T(c.dropped_class));
  r.note = c.Describe();
  return r;
}

#define NRC_T13_INSTANTIATE_(T) template struct T13<T>;
NRC_FOR_EACH_SCALAR(NRC_T13_INSTANTIATE_)
#undef NRC_T13_INSTANTIATE_

}  // namespace nrc
