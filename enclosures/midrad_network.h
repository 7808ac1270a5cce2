// nrc/enclosures/midrad_network.h
//
// MidradNetwork: the quantities of IntervalNetwork (enclosures/interval_network.h,
// same names, same formulas, same contract: each matrix contains the exact
// value of its quantity at the stored network) enclosed in midpoint-radius
// double arithmetic (numerics/midrad_matrix.h, Rump 1999), the fast engine of
// the proofs. Inputs as IntervalNetwork: the parameter strings enclosed in
// MPFI (outward) and then in their midpoint-radius hulls (radius ~ ulp/2 of
// each weight); the data and lambda exact doubles.
// Arithmetic: every product is a double GEMM plus Rump's radius (two GEMMs
// in round-upward); activations s, s' by correctly rounded MPFR per entry
// (enclosures/detail/activation_enclosures.h); the CE signal per entry in
// MPFI at 53 bits. Class sums (S_c, mu_c) are products by the exact one-hot
// matrix; column selections are exact copies.
// Widths: relative ~ n u per product (u = 2^-53), so quantities far below the
// double resolution of their terms (||grad J|| of a network trained to
// MPFR stationarity, T1/T2 gaps) are enclosed but not resolved: the prover
// falls back to the MPFI path for those (proofs-check/interval_proof.h).
// Cost: about 3x the double gradient's GEMMs plus, per hidden unit and
// sample, a degree-7 polynomial for tanh (numerics/midrad_matrix.h) or a few
// MPFI calls for the other activations. Every pass runs on NRC_THREADS
// threads (numerics/midrad_matrix.h, "Threads"), the per-sample MPFI passes
// (other activations, the CE signal and loss) over fixed blocks of samples
// with the block sums of the loss added in block order: the same bits for
// every thread count.
#ifndef NRC_ENCLOSURES_MIDRAD_NETWORK_H_
#define NRC_ENCLOSURES_MIDRAD_NETWORK_H_

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "enclosures/detail/network_enclosure.h"
#include "nets/mlp_spec.h"
#include "numerics/interval.h"
#include "numerics/midrad_matrix.h"

namespace nrc {

struct MidradNetwork : detail::NetworkEnclosure<MidradMatrix> {
  // Same inputs and errors as IntervalNetwork::Build.
  static MidradNetwork Build(const MlpSpec& spec, const std::vector<std::string>& parameters, const Dataset& data);
  // The same from enclosures of W_l, b_l (indices 1..L; entry 0 unused), e.g.
  // exact doubles (MidradMatrix::FromDoubles): what Build does after
  // enclosing the parameter strings. Shapes are the caller's contract.
  static MidradNetwork FromEnclosedParameters(const MlpSpec& spec, std::vector<MidradMatrix> W,
                                              std::vector<MidradMatrix> b, const Dataset& data);

  // Per-layer enclosures (1..L; entry 0 left empty) as midpoint-radius hulls
  // (MidradMatrix::FromIntervals of each): what Build does with the enclosed
  // parameter strings.
  static std::vector<MidradMatrix> FromIntervals(const std::vector<IntervalMatrix>& m);

  // (1/N) Delta_l E_{l-1}^T.
  MidradMatrix SignalTimesDeviations(int l) const;

  // The forward pass alone, as IntervalNetwork::Forward: for any enclosed
  // parameters W, b (1..L) and inputs Z0 (d_0 x N), fills Z[0..L-1] (Z[0] =
  // Z0) and, when S1 is not null, S1[1..L-1] = s'(A_l); returns A_L (K x N).
  static MidradMatrix Forward(const MlpSpec& spec, const std::vector<MidradMatrix>& W,
                              const std::vector<MidradMatrix>& b, MidradMatrix Z0, std::vector<MidradMatrix>* Z,
                              std::vector<MidradMatrix>* S1 = nullptr);

  // J_data = (1/N) sum_i loss_i (MSE: (1/2) ||f_i - e_{c(i)}||^2; CE:
  // log sum_j exp(f_ij) - f_{i c(i)}, per sample in MPFI at 53 bits).
  Interval data_loss;
};

}  // namespace nrc

#endif  // NRC_ENCLOSURES_MIDRAD_NETWORK_H_
