// theory/t12.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t12.h"

#include <string>
#include <utility>
#include <vector>

#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm) {
  return Compute(ctx, t2, SignalProjection<T>::Compute(ctx, t2), t3, norm);
}

template <class T>
T12<T> T12<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                       const T3<T>& t3, Norm norm) {
  T12 r;
  const int l = t2.layer;
  detail::Label(r, "T12", l, NormName(norm));
  const T grad = NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda;
  const auto& c = proj.choices[detail::BestChoice(
      ctx, proj, [&](const auto& ch) { return T(ch.leak + DistToRank(ch.sigma_DE, 0, norm) / ctx.lambda); })];
  // X = Pi W_l (rank <= K), E = (I - Pi) W_l.
  const T norm_IPW = DistToRank(c.SigmaW(ctx, t2), 0, norm);
  const T norm_IPR = DistToRank(c.SigmaR(ctx, t2), 0, norm);
  r.dropped_class = c.dropped_class;
  r.leak = c.leak;
  r.t3_bound = t3.bound;
  const T s = proj.scale;
  std::vector<std::pair<std::string, T>> parts;
  parts.emplace_back("leak", c.leak);
  r.Certify(ctx, l, norm, ctx.K, ctx.K, norm_IPW, "|||(I-Pi)W|||", grad,
            DistToRank(c.sigma_DE, 0, norm) / ctx.lambda, std::move(parts), s);
  const T weyl = norm_IPR + c.leak;
  r.links.push_back(Inequality<T>::LessEqual("|||(I-Pi)W|||", r.residual, "|||(I-Pi)R||| + leak", weyl,
                                             ctx.error.Estimate(r.residual, weyl, s)));
  r.AddTerm("|||(I-Pi)R|||", norm_IPR);
  r.links.push_back(detail::ProjectorIdentity(ctx, c, s));
  if (!proj.free_bias) r.CompareBound(ctx, "T12 bound", "T3", t3.bound, s);
  else r.AddTerm("T3_bound", t3.bound);
  r.AddTerm("dropped_class", T(c.dropped_class));
  r.note = c.Describe();
  return r;
}

#define NRC_T12_INSTANTIATE_(T) template struct T12<T>;
NRC_FOR_EACH_SCALAR(NRC_T12_INSTANTIATE_)
#undef NRC_T12_INSTANTIATE_

}  // namespace nrc
