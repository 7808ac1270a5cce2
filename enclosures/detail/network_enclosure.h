// nrc/enclosures/detail/network_enclosure.h
//
// The members shared by the two engines' networks (IntervalNetwork: MPFI,
// MidradNetwork: midpoint-radius double): the quantities of theorems.md's
// "Setting", each a matrix of the engine's type containing the exact value.
// See enclosures/interval_network.h for their meaning.
#ifndef NRC_ENCLOSURES_DETAIL_NETWORK_ENCLOSURE_H_
#define NRC_ENCLOSURES_DETAIL_NETWORK_ENCLOSURE_H_

#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "numerics/interval.h"
#include "numerics/interval_matrix.h"

namespace nrc {
namespace detail {

// a b^T in MPFI (MidradMatrix has its own, numerics/midrad_matrix.h).
inline IntervalMatrix TimesTransposed(const IntervalMatrix& a, const IntervalMatrix& b) {
  return a * b.Transpose();
}

template <class M>
struct NetworkEnclosure {
  using Matrix = M;
  MlpSpec spec;
  int L = 0, K = 0, N = 0;
  std::vector<int> labels;
  Interval lambda, lambda_b;
  std::vector<M> W, b;              // 1..L (b[l]: d_l x 1, zero without bias)
  std::vector<M> Z, E, mu;          // 0..L-1
  std::vector<M> Delta, G, gb, S;   // 1..L
  Interval grad_norm;

  // spec, L, K, N, labels; lambda and lambda_b as the exact binary doubles
  // every precision uses (nets/mlp_spec.h).
  void SetSetting(const MlpSpec& s, const Dataset& data) {
    spec = s;
    L = s.depth();
    K = s.num_classes();
    N = data.size();
    labels = data.labels;
    lambda = Interval(s.lambda);
    lambda_b = Interval(s.lambda_b);
  }

  // G_l = (1/N) Delta_l Z_{l-1}^T + lambda W_l (inv_n encloses 1/N), after
  // the slots of G, g and S (1..L) are made.
  M WeightGradient(int l, const Interval& inv_n) const {
    return inv_n * TimesTransposed(Delta[l], Z[l - 1]) + lambda * W[l];
  }
  void ResizeGradients() {
    G.resize(L + 1);
    gb.resize(L + 1);
    S.resize(L + 1);
  }
};

}  // namespace detail
}  // namespace nrc

#endif  // NRC_ENCLOSURES_DETAIL_NETWORK_ENCLOSURE_H_
