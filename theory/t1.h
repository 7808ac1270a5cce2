// nrc/theory/t1.h
//
// T1 of spec/theorems.md (gradient identity; proof: theory/theory.md).
// Hypotheses: none beyond a valid network (lambda > 0).
// What is computed: the residual ||lambda W_l - G_l + (1/N) sum_i delta_{l,i} z_{l-1,i}^T||_F,
// the data term summed sample by sample (an order independent of the GEMM that
// nets/mlp.h uses for G_l), so the check exercises the gradient code.
// Headline: residual = 0 (an identity, verified to rounding level).
// Error model (theory/error_model.h) with s = lambda ||W_l||_F + ||G_l||_F
// + ||Delta_l||_F ||Z_{l-1}||_F / N: both sides are differences of these terms.
#ifndef NRC_THEORY_T1_H_
#define NRC_THEORY_T1_H_

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct T1 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 3> kTerms = {"residual", "lambda_W", "data_term"};
  T residual = T(0);
  static T1 Compute(const NetworkContext<T>& ctx, int l);
};

#define NRC_T1_EXTERN_(T) extern template struct T1<T>;
NRC_FOR_EACH_SCALAR(NRC_T1_EXTERN_)
#undef NRC_T1_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T1_H_
