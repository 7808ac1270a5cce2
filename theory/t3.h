// nrc/theory/t3.h
//
// T3 of spec/theorems.md (certified distance to rank K, spectral and
// Frobenius; proof: theory/theory.md).
// Hypotheses: those of T2.
// This is theory/certified_distance.h with X = P_l (rank <= K = r), E = R_l.
// Quantities: dist = dist_K(W_l) (Eckart-Young-Mirsky from sigma(W_l));
// residual = |||R_l|||; grad_term = |||G_l||| / lambda; cluster_term =
// |||Delta_l E^T||| / (lambda N); bound = grad_term + cluster_term.
// Links: dist <= residual <= bound; headline dist <= bound. Terms: kTerms.
// Error model: s = SplitScale(l) for every link (R is a difference of those
// terms; dist comes from an SVD accurate to eps ||W_l||_2).
#ifndef NRC_THEORY_T3_H_
#define NRC_THEORY_T3_H_

#include <array>

#include "theory/certified_distance.h"
#include "theory/t2.h"

namespace nrc {

template <class T>
struct T3 : CertifiedDistance<T> {
  static constexpr std::array<const char*, 6> kTerms = {"dist_K", "|||R|||", "grad_term", "cluster_term", "bound",
                                                        "grad_share"};
  static T3 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm);
};

#define NRC_T3_EXTERN_(T) extern template struct T3<T>;
NRC_FOR_EACH_SCALAR(NRC_T3_EXTERN_)
#undef NRC_T3_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T3_H_
