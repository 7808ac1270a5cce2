// nrc/theory/t2.h
//
// T2 of spec/theorems.md (rank-K split W_l = P_l + R_l; proof: theory/theory.md),
// with M, E the class statistics of Z_{l-1} (numerics/class_statistics.h).
// Hypotheses: every class present (N >= K).
// What is computed and kept for T3, T4, T10, T12: P (from Delta M^T, the
// definition), R, S = [S_1 ... S_K] (d_l x K), the signal-deviation product
// DE = (1/N) Delta_l E^T, and the singular values of P and R.
// Links (identities, to rounding level):
//   split:     ||W_l - P_l - R_l||_F = 0, s = SplitScale(l);
//   class sum: ||P_l + (1/(lambda N)) S Mu^T||_F = 0, s = ||Delta_l||_F ||M||_F / (lambda N);
//   rank:      sigma_{r+1}(P_l) = 0, r = min(K, d_l, d_{l-1}) (only when
//              r < min(d_l, d_{l-1})), s = ||P_l||_F + ||Delta_l||_F ||M||_F / (lambda N).
// Headline: the split.
#ifndef NRC_THEORY_T2_H_
#define NRC_THEORY_T2_H_

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct T2 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 4> kTerms = {"split_residual", "class_sum_residual", "norm_P", "norm_R"};
  Matrix<T> P, R, S, DE;
  Vector<T> sigma_P, sigma_R;
  int rank_bound = 0;
  // `rank` replaces K in the rank link (K for the statement; K - 1 is a
  // negative control: sigma_K(P_l) is not zero in general).
  static T2 Compute(const NetworkContext<T>& ctx, int l, int rank = -1);
};

#define NRC_T2_EXTERN_(T) extern template struct T2<T>;
NRC_FOR_EACH_SCALAR(NRC_T2_EXTERN_)
#undef NRC_T2_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T2_H_
