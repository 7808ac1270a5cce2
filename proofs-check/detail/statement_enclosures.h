// nrc/proofs-check/detail/statement_enclosures.h
//
// Enclosures of the statements T6, T7, T8, T9 and T10 (spec/theorems.md) on
// an IntervalNetwork (MPFI) or a MidradNetwork (midpoint-radius double): one
// template for both engines, shared by the prover (proofs-check/interval_proof.cc)
// and its negative controls (interval_proof_test.cc). Every interval contains
// the exact value of its quantity at the stored network. Instantiated for
// Net = IntervalNetwork and MidradNetwork.
//
// Each statement is enclosed as its headline observed <= bound (the instance
// the floating check reports: the same worst sample or layer k) plus every
// further inequality of its proof chain as a link lhs <= rhs. A statement is
// proven when every link and the headline are separated (upper <= lower).
// Where two sides of a link share a term (the gradient term of T8's chain),
// the link compares the differing terms only: equivalent, since the shared
// term and 1/lambda > 0 are the same real numbers on both sides.
//
// Constants (NetworkConstantsEnclosure):
//   lip        Lip(s): exact for every supported activation (1, 1/4, max(1, |a|));
//   norm2_W    ||W_k||_2 = sigma_1(W_k) (Miyajima enclosures, two-sided);
//   backprop   C_l = Lip^{L-l} prod_{k>l} ||W_k||_2 (C_L = 1 exactly);
//   v, tcv     V(Z_k) = ||E_k||_F^2 / N and TCV(Z_k) = sum_i ||e_{k,i}||;
//   delta_L    ||delta_{L,i}|| per sample;
//   loss       loss_i: MSE (1/2)||delta_{L,i}||^2 (delta_L = f - y: the
//              definition); CE -log p_{i,c(i)} = -log1p(-q), q = 1 - p_c =
//              -delta_{L,c(i),i} (delta_L = p - e_c) intersected with [0, 1]
//              (MPFR's correctly rounded log1p, outward; q's enclosure
//              reaching 1 gives loss up to +infinity, never a NaN);
//   two_j      2 J_data = (2/N) sum_i loss_i.
// Negative controls: each function takes the deliberately wrong variant the
// tests must refute (a scaled bound, a dropped term).
#ifndef NRC_PROOFS_CHECK_DETAIL_STATEMENT_ENCLOSURES_H_
#define NRC_PROOFS_CHECK_DETAIL_STATEMENT_ENCLOSURES_H_

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "numerics/interval.h"
#include "proofs-check/detail/layer_enclosures.h"

namespace nrc {
namespace detail {

// One enclosed statement: headline observed <= bound and the links of its
// proof. observed/bound nullopt: not enclosed (note says why). provable =
// false: the statement is an identity the enclosures cannot separate (note
// says why); no engine can decide it, so no fallback is tried.
struct StatementEnclosure {
  std::string statement, norm;
  int layer = 0;
  std::optional<Interval> observed, bound;
  std::vector<std::pair<Interval, Interval>> links;  // lhs <= rhs
  bool provable = true;
  std::string note;
};

// A failed SVD enclosure of W_k leaves ||W_k||_2 in [0, an upper bound]
// (its claims are then not proven, never wrongly proven).
struct NetworkConstantsEnclosure {
  Interval lip, two_j;
  std::vector<Interval> norm2_W, backprop;  // 1..L
  std::vector<Interval> v, tcv;             // 0..L-1
  std::vector<Interval> delta_L, loss;      // per sample
  // Lambda_{k,m} = prod_{j=k+1}^{m} Lip ||W_j||_2 (1 for k = m).
  Interval ForwardLipschitz(int k, int m) const;
};
template <class Net>
NetworkConstantsEnclosure EncloseNetworkConstants(const Net& net, const SingularValueEncloser<typename Net::Matrix>& sv);

// T6 on layer l < L: ||delta_{l,i}|| <= scale C_l ||delta_{L,i}|| for every
// sample (the links), headline the sample `worst` (< 0: the largest ratio of
// the midpoints). scale = 1 for the statement.
template <class Net>
StatementEnclosure EncloseT6(const Net& net, const NetworkConstantsEnclosure& c, int l, int worst,
                             const Interval& scale = Interval(1.0));

// T7 on the output layer. CE: ||delta_{L,i}|| <= factor (1 - p_c) and
// 1 - p_c <= min(1, loss_i) per sample, (1/N) sum ||delta_{L,i}||^2 <= 2 J_data;
// headline ||delta_{L,w}|| <= factor min(1, loss_w) for the sample `worst`.
// factor = sqrt(2) for the statement (1 is the negative control). K = 2: the
// first link is the identity ||p - e_c|| = sqrt(2)(1 - p_c) (not a link; the
// headline is separated directly). MSE: an identity by definition
// (provable = false).
template <class Net>
StatementEnclosure EncloseT7(const Net& net, const NetworkConstantsEnclosure& c, int worst,
                             std::optional<Interval> factor = std::nullopt);

// The per-layer inputs of T8 and T10 the prover already has.
// nullopt: that enclosure failed (the claims using it are not formed).
struct LayerNorms {
  std::optional<Interval> dist_F;                // dist_K(W_l)_F
  Interval grad_F, grad_2;                       // ||G_l||_F, ||G_l||_2
  Interval de_F;                                 // (1/N)||Delta_l E^T||_F
  std::optional<Interval> de_2;                  // (1/N)||Delta_l E^T||_2
  T5ChainEnclosure t5;                           // x1 = (1/N) sum_i ||delta_{l,i}|| ||e_i|| for T8
  std::optional<std::vector<Interval>> sigma_W;  // enclosures of every sigma_j(W_l)
};
// All of them for layer l; signal_times_deviations = net.SignalTimesDeviations(l).
template <class Net>
LayerNorms EncloseLayerNorms(const Net& net, int l, const typename Net::Matrix& signal_times_deviations,
                             const SingularValueEncloser<typename Net::Matrix>& sv);

// T8 (frobenius): dist_K(W_l)_F <= (1/lambda)[||G_l||_F + C_l sqrt(2 J_data) sqrt(V(Z_{l-1}))],
// links dist <= T3, T3 <= T5 (x0 <= x1), T5 <= T6 (l < L), T6 <= T8, T6 <= T8tcv.
// with_grad = false drops ||G_l||_F (negative control).
template <class Net>
StatementEnclosure EncloseT8(const Net& net, const NetworkConstantsEnclosure& c, int l, const LayerNorms& n,
                             bool with_grad = true);

// T9 bound (frobenius): T8 with min_k Lambda_{k,l-1} sqrt(V(Z_k)).
StatementEnclosure EncloseT9Bound(const NetworkConstantsEnclosure& c, int l, const LayerNorms& n,
                                  const Interval& lambda, bool with_grad = true);

// T9 propagation on embedding m (1 <= m <= L-1): for every k < m,
// V(Z_m) <= scale Lambda_{k,m}^2 V(Z_k) (squared) or TCV(Z_m) <= scale 2 Lambda_{k,m} TCV(Z_k);
// headline k = `worst` (< 0: the largest ratio of the midpoints).
StatementEnclosure EncloseT9Propagation(const NetworkConstantsEnclosure& c, int m, bool squared, int worst,
                                        const Interval& scale = Interval(1.0));

// T10 on layer l (K >= 2), spectral or Frobenius, the headline
// dist_{K-1}(W_l) <= (1/lambda)(|||G_l||| + ||m_l|| ||mu_G|| + |||Delta_l E^T|||/N),
// m_l = (1/N) Delta_l 1, mu_G = (1/N) Z_{l-1} 1. As for T3, the intermediate
// |||R'_l||| (R'_l = (G_l - m_l mu_G^T - Delta_l E^T / N) / lambda) is not a
// link: near stationarity it equals the bound up to ||G_l||, ||m_l|| ~ 1e-75,
// and the headline follows from the triangle inequality, not from it.
// with_mean = false drops the middle term (the spec's negative control).
template <class Net>
StatementEnclosure EncloseT10(const Net& net, int l, bool frobenius, const LayerNorms& n, bool with_mean = true);

// The links alone: every one separated (lhs.upper <= rhs.lower), or some one
// separated the wrong way (rhs.upper < lhs.lower).
bool LinksSeparated(const StatementEnclosure& s);
bool SomeLinkRefuted(const StatementEnclosure& s);

// The index after `key` in a floating verdict's note ("worst sample 12"), or -1.
int IndexInNote(const std::string& note, const std::string& key);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_DETAIL_STATEMENT_ENCLOSURES_H_
