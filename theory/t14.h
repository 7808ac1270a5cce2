// nrc/theory/t14.h
//
// T14 of spec/theorems.md (certified compression: ||f~(x) - f(x)||_2 <= e_L(x),
// the recursion e_l of the spec, and the prediction-kept corollary; proof:
// theory/theory.md).
// Hypotheses: none beyond the Setting (any W~_l of W_l's shape).
//
// What Compute evaluates, on the samples of the context (ctx.eval.Z[0] = X):
//   observed[i]  ||f~(x_i) - f(x_i)||_2 (f~ evaluated in T, forward only);
//   bound[i]     e_L(x_i), the recursion above in T;
//   headline     observed <= bound at the sample with the largest ratio
//                observed / bound (worst_sample);
//   links        one per sample whose inequality is not decided "holds"
//                (every other sample holds, so nothing is hidden), then the
//                corollary: among the `certified` samples (margin - sqrt(2)
//                e_L decided > 0), the number whose prediction under f~
//                differs from f's is 0 (an integer identity decided here);
//                with `ranks` (W~ the rank-r_l truncation), the identities
//                eps_l = sigma_{r_l+1}(W_l), l = 1..L.
// Error model: per sample, s_i = sum_j C_j ((||W_j||_F + ||W~_j||_F)
// (||z_{j-1,i}|| + ||z~_{j-1,i}||) + 2 ||b_j|| + ||a_{j,i}|| + ||a~_{j,i}||),
// C_j = Lip^{L-j} prod_{k>j} max(||W_k||_2, ||W~_k||_2): the first-order
// rounding of both forward passes and of the differences W_l - W~_l (the
// property test theory/t14_test.cc checks in double that it absorbs double's
// rounding). Identities eps_l = sigma: scale ||W_l||_F.
// Terms: kTerms.
#ifndef NRC_THEORY_T14_H_
#define NRC_THEORY_T14_H_

#include <array>
#include <vector>

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

// Which bound T14::Compute evaluates: the statement, or one of the weakened
// versions the negative controls refute (false in general).
enum class T14Variant {
  kStatement,
  kWithoutLipschitz,    // Lip(s) replaced by 1
  kWithoutPropagation,  // ||W~_l||_2 replaced by 1 in the recursion
};

template <class T>
struct T14 : StatementResult<T> {
  static constexpr std::array<const char*, 8> kTerms = {
      "max_observed", "max_bound", "worst_sample", "worst_ratio", "eps_max", "certified", "changed", "samples"};
  std::vector<T> eps;       // 1..L: ||W_l - W~_l||_2 (index 0 unused)
  std::vector<T> norm2_Wt;  // 1..L: ||W~_l||_2
  Vector<T> observed;       // per sample ||f~(x_i) - f(x_i)||_2
  Vector<T> bound;          // per sample e_L(x_i)
  Vector<T> margin;         // per sample m(x_i) of f's predicted class
  Vector<T> error;          // per sample error estimate of observed <= bound
  int worst_sample = -1;
  int certified = 0;  // samples with margin > sqrt(2) e_L (decided)
  int changed = 0;    // certified samples whose prediction under f~ differs

  // Wt[l], l = 1..L (index 0 unused), each shaped as W_l. ranks (optional,
  // 1..L): W~ is the rank-ranks[l] truncation, adding the eps identities.
  static T14 Compute(const NetworkContext<T>& ctx, const std::vector<Matrix<T>>& Wt,
                     const std::vector<int>& ranks = {}, T14Variant variant = T14Variant::kStatement);
  // The best rank-r_l approximations U_r diag(sigma_r) V_r^T (Jacobi SVD in
  // T), ranks[l] for l = 1..L (clipped to min(d_l, d_{l-1})); index 0 empty.
  static std::vector<Matrix<T>> Truncate(const MlpParameters<T>& theta, const std::vector<int>& ranks);
};

#define NRC_T14_EXTERN_(T) extern template struct T14<T>;
NRC_FOR_EACH_SCALAR(NRC_T14_EXTERN_)
#undef NRC_T14_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T14_H_
