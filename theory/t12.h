// nrc/theory/t12.h
//
// T12 (projected certified bound, the project's own; every theta). Let
// Pi_l = Q Q^T with Q an orthonormal basis of a space of dimension <= K that
// contains span{S_1, ..., S_K} (here: the thin left singular vectors of the
// d_l x K matrix S = [S_1 ... S_K], which span such a space with no rank
// decision: columns of zero singular values complete the basis). P_l + Pi_l R_l
// has rank <= K, so
//   dist_K(W_l) <= |||(I - Pi_l) R_l||| <= (1/lambda) ( |||G_l||| + (1/N) |||(I - Pi_l) Delta_l E^T||| )
// and the right side is <= T3's (projections do not increase unitarily
// invariant norms). Reported beside T3 in every table.
// Hypotheses: those of T2.
// Links: dist <= |||(I-Pi)R||| <= bound <= T3's bound. Error model s = SplitScale(l).
#ifndef NRC_THEORY_T12_H_
#define NRC_THEORY_T12_H_

#include "theory/t3.h"

namespace nrc {

template <class T>
struct T12 : StatementResult<T> {
  T dist = T(0), norm_R = T(0), grad_term = T(0), cluster_term = T(0), bound = T(0), t3_bound = T(0);
  // t3 must be T3 in the same norm for the same layer.
  static T12 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, const T3<T>& t3, Norm norm);
};

#define NRC_T12_EXTERN_(T) extern template struct T12<T>;
NRC_FOR_EACH_SCALAR(NRC_T12_EXTERN_)
#undef NRC_T12_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T12_H_
