// nrc/proofs-check/interval_proof.h
//
// Computer-assisted proofs of the statements about one stored network: the
// verdict level "proven" (theory/outcome.h).
//
// ProveVerdicts(spec, parameters, data, bits, &report) encloses the exact
// stored network in MPFI intervals at `bits` bits (enclosures/interval_network.h:
// model.json's decimal strings, data.csv's values, lambda, all enclosed
// outward) and, per layer l, decides in interval arithmetic:
//   T1, T2 (identities that test nrc's gradient code; frobenius): at the
//       working-precision point theta_w (CheckReport::working_parameters, the
//       stored decimals as the working precision rounded them, enclosed
//       exactly), with G_nrc the working-precision gradient
//       (CheckReport::gradients, exact) the exact residuals are
//       ||lambda W_l - G_nrc + (1/N) Delta_l Z^T||_F = ||G_nrc - G_l(theta_w)||_F and
//       ||W_l - P_l - R_l(G_nrc)||_F = ||G_nrc - G_l(theta_w)||_F / lambda;
//       proven: at most the floating verdict's error estimate (never
//       "disproven": G_l is defined by the identity). rank P_l <= K is exact
//       (P_l = -(1/(lambda N)) [S_c] [mu_c]^T, a product through K columns).
//       The network at theta_w is enclosed at max(bits, working bits + 32
//       rounded up to whole 64-bit limbs)
//       (one more interval network evaluation). Skipped for a verdict
//       re-decided at a higher precision, and when the report carries no
//       gradients.
//   T5  frobenius: the chain x0 <= x1 <= min(x2, y) of theory/t5.h, every link
//       separated.
//   T3  spectral, frobenius:  dist_K(W_l) <= (1/lambda)(|||G_l||| + (1/N)|||Delta_l E^T|||)
//   T12 spectral, frobenius: the instance the floating check reports
//       (theory/t12.h, theory/signal_projection.h). Without a free bias:
//       dist_K(W_l) <= (1/lambda)(|||G_l||| + (1/N)|||(I - Pi) Delta_l E^T|||),
//       Pi the exact orthogonal projector onto span{S_1..S_K}:
//       I - Pi = I - B (B^T B)^{-1} B^T with a verified inverse
//       (numerics/enclosures.h), columns of B scaled by floating constants
//       (the span is unchanged). With a free bias (lambda_b = 0): for every
//       dropped class c*, Pi_c* onto span{S_c : c != c*}, and the bound
//       (1/lambda)(|||G_l||| + (1/N)|||(I - Pi_c*) Delta_l E^T|||)
//       + (1/lambda)||(I - Pi_c*) g_l|| ||mu_c*|| (the leak; mu of Z_{l-1});
//       the bound is the minimum over c*. Pi = I when the spanned columns
//       number at least d_l (K, or K - 1 with a free bias).
//   T13 spectral, frobenius (spec T13): the same projectors with the tail
//       dist_{K-r}: r = K (every class spanned: T12's bound), or r = K - 1
//       with c* dropped (sigma_2 of the projected Delta_l E^T, Frobenius: the
//       tail from 2 on), plus the leak; minimum over c*.
//   T4  sv: sigma_{K+j}(W_l) <= sigma_j(R_l) for every j, R_l = (G_l - (1/N) Delta_l E^T)/lambda;
//       rank: #{j : sigma_j(W_l) > t} <= K + #{sigma_j(R_l) > t} and
//       <= K + floor(||R_l||_F^2 / t^2), t the double threshold of the record.
// Observed sides: Miyajima enclosures of sigma_j(W_l) from a floating SVD
// (dist_K by Eckart-Young-Mirsky; exactly 0 when min(d_l, d_{l-1}) <= K).
// Spectral norms of the bound side: Miyajima enclosures of sigma_1 (their lower
// end is ||M v||-type information, their upper end a certified bound);
// Frobenius norms directly. A first pass takes the SVDs in double; a layer
// with a claim left open is redone with every SVD in MPFR at `bits`, and one
// still open with the network enclosed again at 2 * bits (the enclosure's
// "bits" says which).
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
//   T6  per-sample: ||delta_{l,i}|| <= C_l ||delta_{L,i}|| for every sample i,
//       C_l = Lip^{L-l} prod_{k>l} ||W_k||_2 (Miyajima enclosures of sigma_1).
//   T7  ce: per sample ||delta_L|| <= sqrt(2)(1 - p_c) <= sqrt(2) min(1, loss_i)
//       (loss_i = -log1p(delta_{L,c,i}), MPFR outward) and the mean square
//       <= 2 J_data. mse: an identity by definition (delta_L = f - y): not
//       provable by enclosures; the floating verdict stays with that reason.
//   T8  frobenius: the chain dist <= T3 <= T5 <= T6 <= T8, T6 <= T8tcv.
//   T9  frobenius (min over k), V and TCV propagation (every k < m).
//   T10 spectral, frobenius: dist_{K-1}(W_l) <= |||R'_l||| <= bound.
//   (proofs-check/detail/statement_enclosures.h; each on the instance the
//   floating verdict reports: its worst sample or k.)
// Both engines (ProofEngine below) run this same claim logic; only the
// arithmetic of the enclosures differs.
//
// The summary also gives an enclosure of ||grad J||_2 (grad_norm_2_upper:
// what the certificate can claim rigorously).
// Unsupported activations (GELU, SiLU) skip the proofs (ran = false, reason).
#ifndef NRC_PROOFS_CHECK_INTERVAL_PROOF_H_
#define NRC_PROOFS_CHECK_INTERVAL_PROOF_H_

#include <cmath>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"
#include "proofs-check/check_report.h"

namespace nrc {

// Which arithmetic encloses the quantities of the claims:
//   kMpfi  MPFI at `bits` (enclosures/interval_network.h), the reference;
//   kFast  midpoint-radius double (enclosures/midrad_network.h: BLAS-speed
//          products, correctly rounded MPFR elementwise functions, Miyajima
//          singular values from a double SVD). Every claim the fast
//          enclosures leave open (neither proven nor disproven: too close to
//          decide in double, e.g. T1/T2 against a 256-bit error estimate, or
//          a collapsed layer) is decided again by the MPFI engine, for that
//          layer's open claims only (the other claims keep their fast
//          verdict); likewise ||grad J||_2 when the fast upper bound misses
//          the stationarity claim. The shared claim logic (LayerProver,
//          detail/layer_enclosures.h) is one template for both engines.
// The verdict's note names the engine that decided it ("proven by midrad53",
// "proven by mpfi192"), and VerdictEnclosure::bits is 53 for midrad53.
enum class ProofEngine { kFast, kMpfi };
std::string ProofEngineName(ProofEngine e);          // "fast", "mpfi"
ProofEngine ParseProofEngine(const std::string& name);  // std::invalid_argument otherwise

struct ProofOptions {
  ProofEngine engine = ProofEngine::kMpfi;
  // kFast: re-decide open claims with MPFI (false: the fast verdicts alone,
  // for the engines' comparison tests and the benchmarks).
  bool fallback = true;
  // > 0: the certificate's claimed ||grad J||_2; the fast enclosure of
  // ||grad J||_2 falls back to MPFI unless it proves stationarity at that level.
  double stationarity_claim = 0;
};

struct IntervalProofSummary {
  bool ran = false;
  ProofEngine engine = ProofEngine::kMpfi;
  int fallbacks = 0;              // claims re-decided by MPFI (kFast)
  std::string grad_norm_engine;   // "midrad53" or "mpfi<bits>"
  double fast_grad_norm_2_upper = 0;  // kFast: the midpoint-radius upper bound (before any fallback)
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
// that is not stationary misses it by orders of magnitude). Never for a NaN or
// infinite bound or claim: an enclosure [x, inf] proves nothing.
inline bool ProvenStationary(double grad_norm_2_upper, double claimed) {
  return std::isfinite(grad_norm_2_upper) && std::isfinite(claimed) && claimed >= 0 &&
         grad_norm_2_upper <= 2 * claimed;
}

IntervalProofSummary ProveVerdicts(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                   const Dataset& data, int bits, CheckReport* report,
                                   const ProofOptions& options = ProofOptions());

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_INTERVAL_PROOF_H_
