// nrc/theory/certified_distance.h
//
// The one argument behind every certified distance to low rank (T3, T10, T12,
// T13 of spec/theorems.md), written once:
//
//   W_l = X + E with X explicit of rank <= r <= k. Then (Eckart-Young on the rest)
//     dist_k(W_l) <= dist_{k-r}(E)     (r = k: |||E|||; spectral dist_{k-r} is
//                                        sigma_{k-r+1}, Frobenius the tail j > k-r),
//   and E = (1/lambda) (G_l-part) + (cluster part) + (further parts), so by the
//   triangle inequality (Weyl's inequality sigma_{i+j-1}(A+B) <= sigma_i(A) +
//   sigma_j(B) for the spectral dist; dist_m(A + B) <= |||A||| + dist_m(B) in
//   every unitarily invariant norm)
//     dist_{k-r}(E) <= grad_term + cluster_term + sum of the further parts =: bound,
//   where exactly one part (the cluster term) may itself be a dist_{k-r}.
//
//   T3:  X = P_l,                 r = K,    E = R_l;
//   T10: X = P_l + m_l mu_G^T/lambda, r = K-1, k = K-1, E = R'_l (mean term);
//   T12: X = Pi_l W_l,            r = K (declared), E = (I - Pi_l) W_l (leak term);
//   T13: X = Pi_l W_l,            r = rank Pi_l,    E = (I - Pi_l) W_l (leak term).
//
// Certify() records, in one call and from the same values, the fields below,
// the links dist <= residual <= bound, the headline dist <= bound, and the
// terms (dist, residual, grad_term, cluster_term, each further part, bound,
// grad_share = grad_term / bound), so no value is stored twice by hand.
//
// Decision: every link by Inequality::Decide with the error model's estimate
// for scale s (theory/error_model.h), except that when k >= min(d_l, d_{l-1})
// dist_k(W_l) is exactly 0 by shape and "dist <= x" is decided "holds" only for
// a finite (non-NaN, non-Inf) x >= 0 with a finite error estimate, and
// "undecided" otherwise (a NaN or infinite bound is never "holds"). The
// observed side is exact there and x is a computed norm (>= 0 with its true
// value), so a large error estimate does not make the comparison doubtful.
#ifndef NRC_THEORY_CERTIFIED_DISTANCE_H_
#define NRC_THEORY_CERTIFIED_DISTANCE_H_

#include <string>
#include <utility>
#include <vector>

#include "theory/network_context.h"
#include "theory/statement_result.h"

namespace nrc {

template <class T>
struct CertifiedDistance : StatementResult<T> {
  int k = 0;  // the target rank (K, or K - 1 for T10)
  int r = 0;  // the rank of the explicit part X
  T dist = T(0);      // dist_k(W_l) (Eckart-Young-Mirsky from sigma(W_l))
  T residual = T(0);  // dist_{k-r}(E)
  T grad_term = T(0), cluster_term = T(0);
  std::vector<std::pair<std::string, T>> parts;  // further parts of the bound
  T bound = T(0);     // grad_term + cluster_term + sum of parts

  // Fills everything above from the values given (residual_value:
  // dist_{k-r}(E), computed by the caller; residual_name: its name in the links
  // and terms; further: the parts of the bound beyond the gradient and cluster
  // terms, e.g. T10's mean term, T12/T13's leak).
  void Certify(const NetworkContext<T>& ctx, int l, Norm norm, int rank_k, int rank_x, const T& residual_value,
               const std::string& residual_name, const T& grad, const T& cluster,
               std::vector<std::pair<std::string, T>> further, const T& s);
  // Adds "bound <= other bound" (e.g. T12 <= T3) as a link.
  void CompareBound(const NetworkContext<T>& ctx, const std::string& name, const std::string& other_name,
                    const T& other, const T& s);
};

// A pre-decided comparison "0 <= x" (dist_k exactly 0 by shape): holds only for
// a finite x >= 0 with a finite error estimate; otherwise undecided.
template <class T>
void DecideExactZeroDistance(Inequality<T>& q) {
  const bool ok = IsFinite(q.rhs) && q.rhs >= T(0) && IsFinite(q.error);
  q.decided = ok ? Outcome::kHolds : Outcome::kUndecided;
}

#define NRC_CERTIFIED_DISTANCE_EXTERN_(T) extern template struct CertifiedDistance<T>;
NRC_FOR_EACH_SCALAR(NRC_CERTIFIED_DISTANCE_EXTERN_)
#undef NRC_CERTIFIED_DISTANCE_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_CERTIFIED_DISTANCE_H_
