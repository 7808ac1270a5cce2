// nrc/theory/t6.h
//
// T6 of spec/theorems.md (back-propagated signal bound; proof: theory/theory.md):
// per sample, ||delta_{l,i}|| <= C_l ||delta_{L,i}||, C_l = Lip(s)^{L-l} prod_{k>l} ||W_k||_2.
// Hypotheses: |s'| <= Lip(s) everywhere (ReLU-type: s'(0) = 0 resp. the left
// slope, nets/activation.h). Not applicable for l = L (C_L = 1, a tautology).
// Links: one per sample; headline the sample with the largest ratio.
// Error model: s = 0 (each backward step has relative error <= gamma_d sqrt(d)
// with respect to Lip ||W_k||_2 ||delta_{k,i}||, i.e. relative to the bound).
#ifndef NRC_THEORY_T6_H_
#define NRC_THEORY_T6_H_

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct T6 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 1> kTerms = {"C_l"};
  T factor = T(1);  // C_l
  int worst_sample = -1;
  // `scale` multiplies the bound (1 for the statement; 1/2 is a negative control).
  static T6 Compute(const NetworkContext<T>& ctx, int l, const T& scale = T(1));
};

#define NRC_T6_EXTERN_(T) extern template struct T6<T>;
NRC_FOR_EACH_SCALAR(NRC_T6_EXTERN_)
#undef NRC_T6_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T6_H_
