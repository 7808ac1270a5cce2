// nrc/theory/t4.h
//
// T4 of spec/theorems.md (sigma_{K+j}(W_l) <= sigma_j(R_l), and its numerical-rank
// corollary; proof: theory/theory.md).
// Hypotheses: those of T2; the singular-value form needs min(d_l, d_{l-1}) > K
// (otherwise not applicable: W_l has rank <= K already).
//
// Tail(): one link per j (norm label "sv"); headline j = 1,
// sigma_{K+1}(W_l) <= sigma_1(R_l); the decided pair with the largest ratio is
// named in the note and the term worst_decided_ratio. Error model s = SplitScale(l).
// RankCorollary(): norm label "rank"; counts are decided with intervals: a
// singular value within its error e of t counts as "maybe", and a count link
// holds only if it holds for every resolution of the maybes, is violated only
// if it fails for every one, and is undecided otherwise.
// floor(||R_l||_F^2 / t^2) is capped at min(d_l, d_{l-1}) + 1 (larger values
// are vacuous: no count exceeds min(d_l, d_{l-1})).
// RankCorollary() throws std::invalid_argument naming the threshold unless it
// is finite and > 0.
// `rank` replaces K (K - 1 is T4's negative control).
#ifndef NRC_THEORY_T4_H_
#define NRC_THEORY_T4_H_

#include "theory/t2.h"

namespace nrc {

template <class T>
struct T4 : StatementResult<T> {
  // The terms Tail and RankCorollary results carry (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 3> kTailTerms = {"sigma_K+1(W)", "sigma_1(R)", "worst_decided_ratio"};
  static constexpr std::array<const char*, 4> kRankTerms = {"threshold", "rank_W", "K+rank_R", "K+frobenius_count"};
  int pairs = 0;  // number of j compared (Tail)
  int worst_j = 0;
  // Rank corollary counts (nominal, i.e. without the error intervals).
  int rank_W = 0, rank_R = 0, frobenius_count = 0;
  T threshold = T(0);
  static T4 Tail(const NetworkContext<T>& ctx, const T2<T>& t2, int rank = -1);
  static T4 RankCorollary(const NetworkContext<T>& ctx, const T2<T>& t2, const T& threshold, int rank = -1);
};

#define NRC_T4_EXTERN_(T) extern template struct T4<T>;
NRC_FOR_EACH_SCALAR(NRC_T4_EXTERN_)
#undef NRC_T4_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T4_H_
