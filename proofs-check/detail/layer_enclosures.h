// nrc/proofs-check/detail/layer_enclosures.h
//
// Enclosures of one layer's T5 chain and of its T12/T13 bounds on an
// IntervalNetwork (enclosures/interval_network.h, MPFI) or a MidradNetwork
// (enclosures/midrad_network.h, midpoint-radius double): one template for
// both engines, shared by the prover (proofs-check/interval_proof.cc) and its
// negative controls (interval_proof_test.cc). Each interval contains the
// exact value of its quantity at the stored network (decimal weights and
// data as stored). Instantiated for Net = IntervalNetwork and MidradNetwork.
#ifndef NRC_PROOFS_CHECK_DETAIL_LAYER_ENCLOSURES_H_
#define NRC_PROOFS_CHECK_DETAIL_LAYER_ENCLOSURES_H_

#include <functional>
#include <optional>
#include <string>

#include "enclosures/interval_network.h"
#include "enclosures/midrad_network.h"
#include "numerics/enclosures.h"
#include "numerics/interval.h"
#include "numerics/interval_matrix.h"
#include "numerics/midrad_enclosures.h"

namespace nrc {
namespace detail {

// T5 on layer l (spec/theorems.md): x0 = (1/N)||Delta_l E^T||_F,
// x1 = (1/N) sum_i ||delta_i|| ||e_i||, x2 = (1/N) max_i ||delta_i|| TCV(Z_{l-1}),
// y = (1/N)||Delta_l||_F ||E||_F. `signal_times_deviations` is
// net.SignalTimesDeviations(l) (passed in: the prover reuses it for T3).
struct T5ChainEnclosure {
  Interval x0, x1, x2, y;
};
template <class Net>
T5ChainEnclosure EncloseT5Chain(const Net& net, int l, const typename Net::Matrix& signal_times_deviations);

// Enclosures of the singular values of a matrix (double or MPFR SVD, as the
// prover's pass decides).
template <class Matrix>
using SingularValueEncloser = std::function<SingularValueEnclosure(const Matrix&)>;

// T12 and T13 on layer l, for the projector choices of
// theory/signal_projection.h: without a free bias, Pi onto span{S_1..S_K};
// with one (lambda_b = 0), per dropped class c*, Pi onto span{S_c : c != c*}
// plus the rank-one leak (1/lambda)||(I - Pi) g_l|| ||mu_{c*}||; Pi = I when
// the spanning columns number at least d_l. Each bound is the minimum over
// the choices (Min of the enclosures encloses the minimum of the exact values):
//   T12: (1/lambda)(|||G_l||| + |||(I - Pi) Delta_l E^T / N|||) + leak
//   T13: (1/lambda)(|||G_l||| + dist_{K-r+e}((I - Pi) Delta_l E^T / N)) + leak
// with grad_spectral, grad_frobenius enclosures of ||G_l||_2 and ||G_l||_F,
// r the rank of Pi and e = claimed_extra_rank: 0 for the statement, e = 1 the
// off-by-one negative control (sigma_{K-r+2}: false in general). nullopt
// bounds, with the reason in `note`, when a Gram matrix of the spanning
// columns is not verifiably invertible or an SVD enclosure fails.
struct ProjectedBoundsEnclosure {
  std::optional<Interval> t12_spectral, t12_frobenius, t13_spectral, t13_frobenius;
  std::string note;
};
template <class Net>
ProjectedBoundsEnclosure EncloseProjectedBounds(const Net& net, int l, const Interval& grad_spectral,
                                                const Interval& grad_frobenius,
                                                const typename Net::Matrix& signal_times_deviations,
                                                const SingularValueEncloser<typename Net::Matrix>& sv,
                                                int claimed_extra_rank = 0);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_DETAIL_LAYER_ENCLOSURES_H_
