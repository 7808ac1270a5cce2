// nrc/theory/t10.h
//
// T10 of spec/theorems.md (rank K-1 with free biases; proof: theory/theory.md),
// with m_l = (1/N) Delta_l 1, mu_G the global mean of Z_{l-1} and
//   R'_l = (1/lambda) (G_l - m_l mu_G^T - (1/N) Delta_l E^T).
// Dropping the middle term ||m_l|| ||mu_G|| is the negative control (false without a bias).
// Hypotheses: those of T2; K >= 2.
// This is theory/certified_distance.h with k = r = K-1, E = R'_l, the mean term
// a further part. Links: dist_{K-1} <= |||R'||| <= bound; with a bias also the identity
// m_l = g_l - lambda_b b_l. Error model s = SplitScale(l) + ||m_l|| ||mu_G|| / lambda.
// Terms: kTerms.
#ifndef NRC_THEORY_T10_H_
#define NRC_THEORY_T10_H_

#include <array>

#include "theory/certified_distance.h"
#include "theory/t2.h"

namespace nrc {

template <class T>
struct T10 : CertifiedDistance<T> {
  static constexpr std::array<const char*, 7> kTerms = {"dist_K-1", "|||R'|||", "grad_term", "mean_term",
                                                        "cluster_term", "bound", "grad_share"};
  T mean_signal_norm = T(0);  // ||m_l||
  static T10 Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm);
};

#define NRC_T10_EXTERN_(T) extern template struct T10<T>;
NRC_FOR_EACH_SCALAR(NRC_T10_EXTERN_)
#undef NRC_T10_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T10_H_
