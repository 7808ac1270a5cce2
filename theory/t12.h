// nrc/theory/t12.h
//
// T12 of spec/theorems.md (projected certified bound; proof, and the
// free-bias form below: theory/theory.md). Reported beside T3 and T13 in
// every table.
// Deterministic projector (theory/signal_projection.h): without a free bias,
// Pi_l projects onto span{S_1..S_K} (no basis completion). With a free bias
// (lambda_b = 0) the K columns have rank K-1 up to N g_{b,l} (-> 0 at
// stationarity), so T12 drops one class c* exactly as T13 does: Pi_l onto
// span{S_c : c != c*} (rank <= K-1 <= K), and (I - Pi_l) P_l is the rank-one
// leak -(1/lambda) (I - Pi_l) m_l mu_{c*}^T, added to the bound.
// The smallest bound over c* is reported, naming c* (note; term "dropped_class").
// Hypotheses: those of T2.
// Links: dist <= |||(I-Pi)W||| <= bound; |||(I-Pi)W||| <= |||(I-Pi)R||| + leak;
// the projector identity (theory/t13.h); without a free bias also bound <= T3's bound
// (with one, the leak term can exceed what the projection saves away from
// stationarity). Error model s = SignalProjection::scale. Terms: kTerms.
#ifndef NRC_THEORY_T12_H_
#define NRC_THEORY_T12_H_

#include <array>

#include "theory/signal_projection.h"
#include "theory/t3.h"

namespace nrc {

template <class T>
struct T12 : CertifiedDistance<T> {
  static constexpr std::array<const char*, 10> kTerms = {
      "dist_K", "|||(I-Pi)W|||", "grad_term", "cluster_term", "leak", "bound", "grad_share", "|||(I-Pi)R|||",
      "T3_bound", "dropped_class"};
  int dropped_class = -1;  // c* (0-based), -1: every class spanned
  T t3_bound = T(0), leak = T(0);
  // t3 must be T3 in the same norm for the same layer.
  static T12 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const SignalProjection<T>& proj, const T3<T>& t3,
                     Norm norm);
  static T12 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm);
};

#define NRC_T12_EXTERN_(T) extern template struct T12<T>;
NRC_FOR_EACH_SCALAR(NRC_T12_EXTERN_)
#undef NRC_T12_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T12_H_
