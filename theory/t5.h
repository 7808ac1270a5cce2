// nrc/theory/t5.h
//
// T5 of spec/theorems.md (from the signal to cluster variation; proof:
// theory/theory.md), as the chain of named quantities (e_i the within-class
// deviations of Z_{l-1}):
//   x0 = (1/N) ||Delta_l E^T||_F,  x1 = (1/N) sum_i ||delta_{l,i}|| ||e_i||,
//   x2 = (1/N) max_i ||delta_{l,i}|| TCV(Z_{l-1}),  y = (1/N) ||Delta_l||_F ||E||_F;
//   x0 <= x1 <= x2 and x1 <= y (sharper than the spec's x0 <= y, which it implies).
// Hypotheses: those of T2. Norm: Frobenius.
// Links: x0 <= x1, x1 <= x2, x1 <= y; headline x0 <= min(x2, y).
// Error model: s = ||Delta_l||_F ||Z_{l-1}||_F / N (E is formed with absolute
// error ~ N eps ||z_i||, the products and norms relative).
#ifndef NRC_THEORY_T5_H_
#define NRC_THEORY_T5_H_

#include "theory/t2.h"

namespace nrc {

template <class T>
struct T5 : StatementResult<T> {
  // The terms every applicable result carries (theory/terms_test.cc checks them).
  static constexpr std::array<const char*, 4> kTerms = {"x0", "x1", "x2_tcv", "y_sqrtV"};
  T x0 = T(0), x1 = T(0), x2 = T(0), y = T(0);
  static T5 Compute(const NetworkContext<T>& ctx, const T2<T>& t2);
};

#define NRC_T5_EXTERN_(T) extern template struct T5<T>;
NRC_FOR_EACH_SCALAR(NRC_T5_EXTERN_)
#undef NRC_T5_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_T5_H_
