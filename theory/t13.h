// nrc/theory/t13.h
//
// T13 of spec/theorems.md (projected bound with optimal free directions;
// proof, in the general form with the leak term |||(I - Pi) P_l|||:
// theory/theory.md). Pi is an orthogonal projector of rank r <= K
// (theory/signal_projection.h): without a free bias onto span{S_1..S_K}
// (leak 0; r that span's dimension, a direction at rounding level dropped);
// with a free bias (lambda_b = 0), for each class c*, onto span{S_c : c != c*}
// (r <= K-1), leak = (1/lambda) ||(I - Pi) m_l|| ||mu_{c*}||. The smallest bound
// over c* is reported, naming c* (values within the error estimate of the
// minimum are ties, broken by the lowest class) (note "c* = label 2", the
// class's 0-based data label; term "dropped_class", -1 when none). T12 is the
// case r = K.
// Hypotheses: those of T2.
// Links (theory/certified_distance.h): dist <= dist_{K-r}((I-Pi)W) <= bound;
// dist_{K-r}((I-Pi)W) <= dist_{K-r}((I-Pi)R) + leak; the identity
// ||(I-Pi)P - leak matrix||_F = 0 (a check of the projector).
// Error model: s = SignalProjection::scale (SplitScale(l) + ||Delta_l||_F ||M||_F / (lambda N)).
// Terms: kTerms.
#ifndef NRC_THEORY_T13_H_
#define NRC_THEORY_T13_H_

#include <array>

#include "theory/certified_distance.h"
#include "theory/signal_projection.h"

namespace nrc {

template <class T>
struct T13 : CertifiedDistance<T> {
  static constexpr std::array<const char*, 10> kTerms = {
      "dist_K", "dist_{K-r}((I-Pi)W)", "grad_term", "cluster_term", "leak", "bound", "grad_share",
      "dist_{K-r}((I-Pi)R)", "rank_Pi", "dropped_class"};
  int dropped_class = -1;  // c* (0-based), -1: every class spanned
  T projected_R = T(0);    // dist_{K-r}((I - Pi) R_l)
  T leak = T(0);

  // The smallest bound over the projection's choices.
  static T13 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj, Norm norm);
  static T13 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm);
  // The bound for one projector. claimed_extra_rank = e > 0 uses dist_{K-r+e}
  // in place of dist_{K-r} everywhere (sigma_{K-r+2} for e = 1: the
  // off-by-one negative control, false in general); 0 for the statement.
  static T13 ForChoice(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj,
                       const typename SignalProjection<T>::Choice& choice, Norm norm, int claimed_extra_rank = 0);
};

#define NRC_T13_EXTERN_(T) extern template struct T13<T>;
NRC_FOR_EACH_SCALAR(NRC_T13_EXTERN_)
#undef NRC_T13_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T13_H_
