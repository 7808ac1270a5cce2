// nrc/proofs-check/interval_proof.h
//
// Computer-assisted proofs of the statements about one stored network: the
// verdict level "proven" (theory/outcome.h).
//
// ProveVerdicts(spec, parameters, data, bits, &report) encloses the exact
// stored network in MPFI intervals at `bits` bits (proofs-check/interval_network.h:
// model.json's decimal strings, data.csv's values, lambda, all enclosed
// outward) and, per layer l, decides in interval arithmetic:
//   T3  spectral, frobenius:  dist_K(W_l) <= (1/lambda)(|||G_l||| + (1/N)|||Delta_l E^T|||)
//   T12 spectral, frobenius:  dist_K(W_l) <= (1/lambda)(|||G_l||| + (1/N)|||(I - Pi) Delta_l E^T|||),
//       Pi the exact orthogonal projector onto span{S_1..S_K} (I when d_l <= K):
//       Pi = B (B^T B)^{-1} B^T with a verified inverse (numerics/enclosures.h)
//       for the basis B = [S_1..S_K], or, on a layer with a free bias
//       (lambda_b = 0), B = [S_1..S_{K-1}, g_l] (the same span, since
//       S_K = N g_l - sum_{c<K} S_c, but well conditioned at a stationary
//       point where sum_c S_c -> 0); columns scaled by floating constants
//       (the span is unchanged).
//   T13 spectral, frobenius (spec T13): free-bias layer: for every c*, Pi_c* onto
//       span{S_c : c != c*} (r = K - 1), bound(c*) = (1/lambda)(|||G_l||| +
//       (1/N) sigma_{2}((I - Pi) Delta_l E^T) [Frobenius: the tail from 2 on]) +
//       (1/lambda)||(I - Pi) g_l|| ||mu_{c*}||, and the bound is the minimum over
//       c*; otherwise r = K and T13 is T12's instance.
//   T4  sv: sigma_{K+j}(W_l) <= sigma_j(R_l) for every j, R_l = (G_l - (1/N) Delta_l E^T)/lambda;
//       rank: #{j : sigma_j(W_l) > t} <= K + #{sigma_j(R_l) > t} and
//       <= K + floor(||R_l||_F^2 / t^2), t the double threshold of the record.
// Observed sides: Miyajima enclosures of sigma_j(W_l) from a floating SVD
// (dist_K by Eckart-Young-Mirsky; exactly 0 when min(d_l, d_{l-1}) <= K).
// Spectral norms of the bound side: Miyajima enclosures of sigma_1 (their lower
// end is ||M v||-type information, their upper end a certified bound);
// Frobenius norms directly. A first pass takes the SVDs in double; a layer
// with a claim left open is redone with every SVD in MPFR at `bits`.
//
// What "proven" guarantees: observed.upper <= bound.lower for the enclosures,
// so the inequality holds for the exact real numbers of the stored network
// (every real value of the parameters, data and lambda in their
// enclosures), independently of any rounding in nrc's floating code. The
// record keeps the enclosures (Verdict::enclosure). Interval evidence the
// other way (observed.lower > bound.upper) is a proof of violation:
// the verdict becomes "violated". Otherwise the floating verdict stays
// ("holds" is never upgraded without a proof; "violated" is never changed by
// a proof of the inequality: the note says so, a bug to investigate).
// A record missing from the report (T13 before the statement existed in the
// floating checks) is added with the interval verdict alone.
// Not proven here (stay as decided in floating point): T1, T2, T7 (identities
// that test nrc's own gradient code), T5, T6, T8-T10.
//
// The summary also gives an enclosure of ||grad J||_2 (grad_norm_2_upper:
// what the certificate can claim rigorously).
// Unsupported activations (GELU, SiLU, ReLU) skip the proofs (ran = false, reason).
#ifndef NRC_PROOFS_CHECK_INTERVAL_PROOF_H_
#define NRC_PROOFS_CHECK_INTERVAL_PROOF_H_

#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"
#include "proofs-check/check_report.h"

namespace nrc {

struct IntervalProofSummary {
  bool ran = false;
  std::string skipped;  // why not, when !ran
  int bits = 0;
  double grad_norm_2_lower = 0, grad_norm_2_upper = 0;
  int proven = 0, disproven = 0, attempted = 0;
  double seconds = 0;
};

// The interval precision for a network stored at precision p: the
// certificate's (64 bits more, so that stationarity-level quantities like
// g_l are resolved; at least 128).
int DefaultProofBits(const Precision& p);

// "Proven stationary at the certificate's level": the rigorous upper bound of
// ||grad J||_2 is at most twice the certificate's floating claim (the factor 2
// absorbs the claim's own rounding; at nrc's stationarity levels a network
// that is not stationary misses it by orders of magnitude).
inline bool ProvenStationary(double grad_norm_2_upper, double claimed) {
  return claimed >= 0 && grad_norm_2_upper <= 2 * claimed;
}

IntervalProofSummary ProveVerdicts(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                   const Dataset& data, int bits, CheckReport* report);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_INTERVAL_PROOF_H_
