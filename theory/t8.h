// nrc/theory/t8.h
//
// T8 of spec/theorems.md (the paper's explicit bound, sqrt and TCV forms;
// proof: theory/theory.md), C_l as in T6.
// The chain, every link computed (x1 as in T5, x1' = (C_l/N) sum_i ||delta_{L,i}|| ||e_i||):
//   dist <= T3 = (||G||_F + x0)/lambda                         (T3)
//        <= T5 = (||G||_F + x1)/lambda                         (T5)
//        <= T6 = (||G||_F + x1')/lambda                        (T6 per sample)
//        <= T8 = (||G||_F + C_l sqrt(2 J_data) sqrt(V))/lambda (T7, Cauchy-Schwarz)
//   and T6 <= T8tcv = (||G||_F + C_l max ||delta_L|| TCV / N)/lambda.
// It holds for CE as well (T7; theory/theory.md).
// Hypotheses: those of T2 and T6. Headline: dist <= T8 (sqrt form).
// Terms: every bound, the gradient share grad_term / T8, and the ratios
// T5/T3 and T8/T5, i.e. what each link of T3 -> T5 -> T8 loses.
// Error model: s = SplitScale(l) for links involving dist or T3, else
// ||G_l||_F / lambda + C_l ||Delta_L||_F ||Z_{l-1}||_F / (lambda N).
#ifndef NRC_THEORY_T8_H_
#define NRC_THEORY_T8_H_

#include "theory/t3.h"
#include "theory/t5.h"

namespace nrc {

template <class T>
struct T8 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 13> kTerms = {"dist_K", "grad_term", "T3", "T5", "T6", "T8", "T8tcv", "C_l", "sqrt(2J)", "sqrt(V)", "grad_share", "T5/T3", "T8/T5"};
  T dist = T(0), grad_term = T(0);
  T t3 = T(0), t5 = T(0), t6 = T(0), t8 = T(0), t8_tcv = T(0);
  T factor = T(1);  // C_l
  // t3f must be T3 in the Frobenius norm for the same layer.
  static T8 Compute(const NetworkContext<T>& ctx, const T3<T>& t3f, const T5<T>& t5);
};

#define NRC_T8_EXTERN_(T) extern template struct T8<T>;
NRC_FOR_EACH_SCALAR(NRC_T8_EXTERN_)
#undef NRC_T8_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T8_H_
