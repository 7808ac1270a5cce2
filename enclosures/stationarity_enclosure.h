// nrc/enclosures/stationarity_enclosure.h
//
// StationarityEnclosure: the quantities of the stationarity certificate
// (training/stationarity_certificate.h) as rigorous enclosures, from a
// MidradNetwork (enclosures/midrad_network.h: midpoint-radius double, the
// fast engine). Each Interval contains the exact value at the stored network:
//   grad_norm_2      ||grad J||_2 over all parameters (MidradNetwork::grad_norm)
//   grad_norm_inf    max |entry| of grad J (from the entries' magnitude bounds)
//   data_loss        J_data (MidradNetwork::data_loss)
//   objective        J = J_data + (lambda/2) sum ||W_l||_F^2 + (lambda_b/2) sum ||b_l||^2
//   per layer l = 1..L:
//     weight_fro, grad_W_fro, grad_b_norm   ||W_l||_F, ||G_l||_F, ||g_l||_2
//     mean_signal_norm   ||(1/N) Delta_l 1||_2 (T10's m_l)
//     signal_fro         ||(1/N) Delta_l E_{l-1}^T||_F
//     stationarity_share ||G_l||_F / (||G_l||_F + signal_fro), 0/0 := 0: the
//                        share is increasing in ||G_l||_F and decreasing in
//                        signal_fro, so its enclosure is
//                        [G_lo / (G_lo + s_hi), G_hi / (G_hi + s_lo)] (MPFI,
//                        outward), [0, 1] when G + s may vanish but need not;
//   max_stationarity_share  the hull of the layers' maxima.
// Error model: that of numerics/midrad_matrix.h and midrad_enclosures.h (every
// rounding accounted for; relative widths about n u of the terms, n the
// inner dimension, u = 2^-53), then MPFI at 53 bits for the scalars.
// Cost: one extra product Delta_l E_{l-1}^T per layer (as
// MidradNetwork::SignalTimesDeviations) on top of the network's own.
#ifndef NRC_ENCLOSURES_STATIONARITY_ENCLOSURE_H_
#define NRC_ENCLOSURES_STATIONARITY_ENCLOSURE_H_

#include <vector>

#include "enclosures/midrad_network.h"
#include "numerics/interval.h"

namespace nrc {

struct StationarityEnclosure {
  struct Layer {
    Interval weight_fro, grad_W_fro, grad_b_norm, mean_signal_norm, signal_fro, stationarity_share;
  };
  Interval grad_norm_2, grad_norm_inf, objective, data_loss;
  std::vector<Layer> layers;  // layers[l - 1] for l = 1..L
  Interval max_stationarity_share;

  static StationarityEnclosure Of(const MidradNetwork& net);
};

}  // namespace nrc

#endif  // NRC_ENCLOSURES_STATIONARITY_ENCLOSURE_H_
