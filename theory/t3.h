// nrc/theory/t3.h
//
// T3 (certified distance to rank K; every theta). For every unitarily
// invariant norm, here spectral and Frobenius,
//   dist_K(W_l) <= |||R_l||| <= (1/lambda) ( |||G_l||| + (1/N) |||Delta_l E^T||| ).
// Proof: P_l (T2) has rank <= K, so dist_K(W_l) <= |||W_l - P_l||| = |||R_l|||;
// then the triangle inequality. At a stationary point (G_l = 0) this is the
// paper's bound; away from one the G_l term pays for the missing stationarity.
// Hypotheses: those of T2.
// Quantities: dist = dist_K(W_l) (Eckart-Young-Mirsky from sigma(W_l));
// norm_R = |||R_l|||; grad_term = |||G_l||| / lambda; cluster_term =
// |||Delta_l E^T||| / (lambda N); bound = grad_term + cluster_term.
// Links: dist <= norm_R <= bound; headline dist <= bound.
// Error model: s = SplitScale(l) for every link (R is a difference of those
// terms; dist comes from an SVD accurate to eps ||W_l||_2).
#ifndef NRC_THEORY_T3_H_
#define NRC_THEORY_T3_H_

#include "theory/t2.h"

namespace nrc {

template <class T>
struct T3 : StatementResult<T> {
  T dist = T(0), norm_R = T(0), grad_term = T(0), cluster_term = T(0), bound = T(0);
  static T3 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm);
};

#define NRC_T3_EXTERN_(T) extern template struct T3<T>;
NRC_FOR_EACH_SCALAR(NRC_T3_EXTERN_)
#undef NRC_T3_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T3_H_
