// nrc/theory/t7.h
//
// T7 of spec/theorems.md (loss-gradient bounds, per sample; proof and the
// consequence (1/N) sum_i ||delta_{L,i}||^2 <= 2 J_data for MSE and CE, which T8
// uses: theory/theory.md).
// 1 - p_{i,c(i)} is read as -delta_{L,c(i),i} (no cancellation near p = 1).
// Hypotheses: one-hot targets (nets/loss.h). Layer: L (the output).
// Links: per sample (MSE: the identity; CE: both inequalities), and the mean
// square link; headline the worst sample of the final per-sample bound.
// Error model: MSE s = 0; CE s = 1 + max_i ||f(x_i)||_inf (softmax and the
// shifted log-sum-exp have absolute errors ~ eps and ~ eps |f|).
#ifndef NRC_THEORY_T7_H_
#define NRC_THEORY_T7_H_

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct T7 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 2> kTerms = {"mean_square_delta_L", "2J_data"};
  Vector<T> delta_norm;   // ||delta_{L,i}||
  Vector<T> one_minus_p;  // 1 - p_{i,c(i)} (CE only)
  Vector<T> loss;         // loss_i
  T mean_square = T(0);   // (1/N) sum_i ||delta_{L,i}||^2
  int worst_sample = -1;
  // `factor` replaces sqrt(2) in the CE bounds (sqrt(2) for the statement; 1
  // is T7's negative control).
  static T7 Compute(const NetworkContext<T>& ctx, const T& factor);
  static T7 Compute(const NetworkContext<T>& ctx);
};

#define NRC_T7_EXTERN_(T) extern template struct T7<T>;
NRC_FOR_EACH_SCALAR(NRC_T7_EXTERN_)
#undef NRC_T7_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T7_H_
