// nrc/theory/t9.h
//
// T9 of spec/theorems.md (within-class variability of earlier layers; proof:
// theory/theory.md), with Lambda_{k,m} = prod_{j=k+1}^{m} Lip(s) ||W_j||_2 >= Lip(phi_{k->m}).
// Hypotheses: those of T8.
// Bound(): layer l, norm "frobenius": dist_K(W_l)_F <= (1/lambda)[||G_l||_F +
//   C_l sqrt(2 J_data) min_k Lambda_{k,l-1} sqrt(V(Z_k))], best k in `best_k`.
//   Error model s = SplitScale(l).
// Propagation(): embedding m (1 <= m <= L-1), norm "V" or "TCV": one link per
//   k < m; headline the k with the largest ratio. Error model: the forward
//   pass from z_k to z_m rounds (theory/network_context.h,
//   ForwardRoundingScale F): s_V = F (2 sqrt(V(Z_m)) + F), s_TCV = 2 N F.
// `scale` multiplies the propagation bounds (1 for the statement; 1/2 is a
// negative control).
#ifndef NRC_THEORY_T9_H_
#define NRC_THEORY_T9_H_

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct T9 : StatementResult<T> {
  // The terms Bound results carry (Propagation: none; theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 6> kBoundTerms = {"dist_K", "grad_term", "best_k", "Lip*sqrt(V(Z_k))",
                                                             "sqrt(V(Z_{l-1}))", "T9"};
  int best_k = -1;
  T bound = T(0), dist = T(0);
  static T9 Bound(const NetworkContext<T>& ctx, int l);
  static T9 Propagation(const NetworkContext<T>& ctx, int m, bool squared_variation, const T& scale = T(1));
};

#define NRC_T9_EXTERN_(T) extern template struct T9<T>;
NRC_FOR_EACH_SCALAR(NRC_T9_EXTERN_)
#undef NRC_T9_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T9_H_
