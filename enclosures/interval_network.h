// nrc/enclosures/interval_network.h
//
// IntervalNetwork: the quantities of theorems.md's "Setting" enclosed in
// interval arithmetic (numerics/interval_matrix.h) for the EXACT stored
// network: the parameters are the decimal strings of model.json, each
// enclosed by outward rounding (Interval::FromDecimal: nothing is rounded
// before enclosure); the data are the doubles of data.csv and lambda,
// lambda_b the doubles of model.json, taken exactly: these binary values are
// what every precision trains and checks with (nets/mlp_spec.h, data.csv's
// "%.17g" strings round-trip to them). Every matrix below contains the
// exact value of the corresponding quantity of that network (the interval
// forward and backward passes of nets/mlp.h's formulas):
//   Z[k]      z_k, k = 0..L-1 (d_k x N);   A, S1 pre-activations and s'(a);
//   Delta[l]  Delta_l (d_l x N);  G[l] = (1/N) Delta_l Z_{l-1}^T + lambda W_l;
//   gb[l]     g_l = (1/N) Delta_l 1 + lambda_b b_l (d_l x 1; zero without bias);
//   E[k], mu[k] (d_k x K, column c = mu_c)  class statistics of Z_k;
//   S[l]      [S_1 ... S_K] (d_l x K), S_c = sum_{c(i)=c} delta_{l,i};
//   grad_norm ||grad J||_2 over all parameters.
// Supported: activations tanh, sigmoid, softplus, identity, leaky ReLU, ReLU
// (s'(0) = 0 convention, as the spec; enclosures/detail/activation_enclosures.h);
// losses MSE and CE. Build throws
// std::invalid_argument("... not supported by the interval path") otherwise.
// Cost: the products of one gradient evaluation plus Delta_l E^T, in MPFI
// at IntervalPrecisionBits() (about 0.1 us per multiply-add at 128 bits).
#ifndef NRC_ENCLOSURES_INTERVAL_NETWORK_H_
#define NRC_ENCLOSURES_INTERVAL_NETWORK_H_

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "enclosures/detail/network_enclosure.h"
#include "nets/mlp_spec.h"
#include "numerics/interval_matrix.h"

namespace nrc {

struct IntervalNetwork : detail::NetworkEnclosure<IntervalMatrix> {
  // True when the interval path supports this activation and loss.
  static bool Supports(const MlpSpec& spec, std::string* why = nullptr);
  // parameters: decimal strings (or exact hexadecimal ones, Interval::FromText)
  // in MlpParameters::Flatten order.
  static IntervalNetwork Build(const MlpSpec& spec, const std::vector<std::string>& parameters, const Dataset& data);
  // The inputs' checks of Build (std::invalid_argument) and the enclosures of
  // W_l, b_l (1..L) from the parameter strings (shared with MidradNetwork).
  static void EncloseParameters(const MlpSpec& spec, const std::vector<std::string>& parameters, const Dataset& data,
                                std::vector<IntervalMatrix>* W, std::vector<IntervalMatrix>* b);

  // (1/N) Delta_l E_{l-1}^T.
  IntervalMatrix SignalTimesDeviations(int l) const;

  // The parameters alone: W[l], b[l] (l = 1..L; b[l] zero without bias)
  // enclosing the decimal (or hexadecimal) strings, in Flatten order.
  static void EncloseParameters(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                std::vector<IntervalMatrix>* W, std::vector<IntervalMatrix>* b);
  // The forward pass alone, for any enclosed parameters W, b (1..L) and
  // inputs Z0 (d_0 x N): fills Z[0..L-1] (Z[0] = Z0) and, when S1 is not
  // null, S1[1..L-1] = s'(A_l); returns the outputs A_L (K x N).
  static IntervalMatrix Forward(const MlpSpec& spec, const std::vector<IntervalMatrix>& W,
                                const std::vector<IntervalMatrix>& b, IntervalMatrix Z0,
                                std::vector<IntervalMatrix>* Z, std::vector<IntervalMatrix>* S1 = nullptr);
};

}  // namespace nrc

#endif  // NRC_ENCLOSURES_INTERVAL_NETWORK_H_
