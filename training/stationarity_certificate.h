// nrc/training/stationarity_certificate.h
//
// StationarityCertificate: how stationary a trained network is
// (certificate.json), by one of two engines:
//  - "midrad53" (the fast engine): every quantity below enclosed rigorously in
//    midpoint-radius double arithmetic at the stored network
//    (enclosures/stationarity_enclosure.h: BLAS-speed products, tanh by a
//    tabulated polynomial with a written error bound, other elementwise
//    functions by MPFR at 53 bits); each string is the enclosure's midpoint
//    ("%.17g"), grad_norm_2_error a rigorous bound of |grad_norm_2 - ||grad
//    J||_2| (the radius, not an estimate), grad_norm_2_upper the upper end;
//    precision_bits = 53. The Hessian section as below.
//  - "mpfr" (the reference): computed in MPFR well above the precision the
//    network was trained in, as described next.
// options.engine = kAuto (the default) computes the fast certificate and
// keeps it when every quantity is resolved to options.fast_relative_radius
// (radius <= that times the magnitude; an enclosure of exactly 0 counts as
// resolved) and falls back to the MPFR certificate otherwise: a network
// trained to stationarity below double resolution (||grad J|| ~ 1e-30 after
// an MPFR stage) has a fast enclosure like [0, 1e-14] and gets the MPFR one.
// The fallback recomputes everything in MPFR (one gradient evaluation gives
// all quantities), so its cost is that of the reference. kFast and kMpfr
// force one engine.
//
// Which point is certified: the parameters as given -- decimal strings in
// MlpParameters::Flatten order, as stored in model.json. nrc writes them as
// the exact decimal expansions of the trained binary values
// (training/parameter_strings.h), so the stored strings, the trained point and
// the point evaluated here are one and the same; the strings are parsed at
// `bits` (and bits + 32) MPFR bits, which represents them exactly whenever
// bits >= the bits they were trained in (the default: + 64). A string with
// more digits than that (an edited or foreign file) is rounded to `bits`, and
// the certificate is then about that rounded point.
//
// ComputeCertificate(spec, data, parameters, options) parses the parameters
// as above, upcasts the data exactly (doubles) and evaluates, in MPFR at `bits`:
//   grad_norm_2, grad_norm_inf   ||grad J||_2 and max |entry| over all parameters
//   objective, data_loss         J and J_data
//   per layer l = 1..L:
//     weight_fro          ||W_l||_F
//     grad_W_fro          ||G_l||_F,  G_l = (1/N) Delta_l Z_{l-1}^T + lambda W_l
//     grad_b_norm         ||g_l||_2 (0 without a bias)
//     mean_signal_norm    ||m_l||_2, m_l = (1/N) Delta_l 1 (T10)
//     signal_fro          (1/N) ||Delta_l E_{l-1}^T||_F, E_{l-1} the within-class
//                         deviations of Z_{l-1} (numerics/class_statistics.h)
//     stationarity_share  ||G_l||_F / (||G_l||_F + signal_fro): the fraction of
//                         T3's Frobenius bound owed to imperfect stationarity
//                         (0/0 := 0, a layer whose bound is zero altogether)
//   max_stationarity_share  over the layers.
// Error estimate: the gradient is evaluated a second time at bits + 32;
// grad_norm_2_error = ||g(bits) - g(bits + 32)||_2 estimates the rounding
// error of g(bits) (it bounds | ||g(bits)||_2 - ||g(bits+32)||_2 |), so a
// reader can see that grad_norm_2 is not rounding noise.
// grad_norm_2_upper: an interval-arithmetic upper bound of ||grad J||_2 (not
// an estimate; JSON key present only when computed).
//
// Hessian spectrum at the parameters rounded to double, by P:
//   P <= max_eigen_parameters: every eigenvalue (Eigen's SelfAdjointEigenSolver);
//     reports the num_eigenvalues smallest and the largest;
//   P <= max_dense_parameters: the inertia only, by Sylvester's law from the
//     LDL^T factorisations (Eigen's LDLT, diagonal pivoting) of H + tau I and
//     H - tau I, where a Cholesky factor of H + tau I (blocked, ~5x faster),
//     when it exists, stands for the first (no eigenvalue below -tau, as
//     LDL^T would count in exact arithmetic); the largest eigenvalue by 50
//     power iterations (a lower
//     estimate of ||H||_2, good to a few digits);
//   P > max_dense_parameters: method "lanczos", "estimate": true -- no P x P
//     matrix (and no spectrum, reason given, when not even kMinLanczosSteps
//     steps fit options.lanczos_budget: Fashion-MNIST's 60000 images with
//     784-256-256-10 need P N = 1.6e10 per step, about 10^11 flops);
//     lanczos_steps (options.lanczos_steps, default 200, cut to the budget) Lanczos
//     steps with full reorthogonalisation on exact double Hessian-vector
//     products (numerics/lanczos_eigenvalues.h); smallest_eigenvalues are the
//     num_eigenvalues smallest Ritz values with smallest_residuals (an
//     eigenvalue of H lies within each residual of its Ritz value, and
//     lambda_min(H) <= the first; but a smaller eigenvalue may have been
//     missed: an estimate), largest_eigenvalue the largest Ritz value
//     (<= ||H||_2, with largest_residual); num_negative = #{theta + residual
//     < -tau}, negative eigenvalues found (a lower bound on their number);
//     null_dimension = -1 (not determined);
//   rounding_threshold tau = P eps_double max|mu| (a generous estimate of the
//     absolute error of computed eigenvalues, from the rounding of the
//     Hessian-vector products and of the factorisation), num_negative =
//     #{mu < -tau} (> 0: a saddle, not a minimum) and null_dimension =
//     #{|mu| <= tau} (exact symmetries: e.g. the bias of a dead neuron when
//     lambda_b = 0).
//
// Errors: std::invalid_argument for a parameter count or shapes that do not
// match, or an unparsable parameter string. Runs under its own
// ScopedMpfrPrecision (restores the caller's).
#ifndef NRC_TRAINING_STATIONARITY_CERTIFICATE_H_
#define NRC_TRAINING_STATIONARITY_CERTIFICATE_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include <memory>

#include "datasets/dataset.h"
#include "enclosures/stationarity_enclosure.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"
#include "training/progress_line.h"

namespace nrc {

enum class CertificateEngine { kAuto, kFast, kMpfr };

// Fewer Lanczos steps than this give no useful smallest Ritz value.
constexpr int kMinLanczosSteps = 20;

struct CertificateOptions {
  CertificateEngine engine = CertificateEngine::kAuto;
  // kAuto keeps the fast certificate when every quantity's radius is at most
  // this times its magnitude (six significant digits at the default).
  double fast_relative_radius = 1e-6;
  // MPFR bits of the evaluation; 0 = parameters_precision.WorkingBits() + 64,
  // at least 128.
  int bits = 0;
  Precision parameters_precision;  // what the parameters were trained in
  int max_eigen_parameters = 2000;  // full spectrum up to this P
  int max_dense_parameters = 6000;  // inertia (LDLT) up to this P
  int num_eigenvalues = 10;
  bool hessian = true;  // false: skip the spectrum (available = false)
  int lanczos_steps = 200;  // beyond max_dense_parameters
  // The Lanczos work budget: steps * P * N (parameter-sample products; one
  // Hessian-vector product costs about 3 gradients, ~6 P N flops each) at
  // most this; fewer steps when they do not fit, and no spectrum when fewer
  // than kMinLanczosSteps fit (reason says so). 0: no budget.
  double lanczos_budget = 4e10;
  ProgressLine* progress = nullptr;  // phase lines (may be null)
};

struct LayerStationarity {
  int layer = 0;
  bool has_bias = false;
  std::string weight_fro, grad_W_fro, grad_b_norm, mean_signal_norm, signal_fro, stationarity_share;
  double stationarity_share_value = 0;
};

struct HessianSpectrum {
  bool available = false;
  std::string method;  // "eigen", "inertia" or "lanczos"
  bool estimate = false;  // lanczos: Ritz values, not a factorisation
  std::string reason;  // why not, when unavailable
  std::vector<double> smallest;  // ascending ("eigen" only)
  double largest = 0;
  double rounding_threshold = 0;
  int num_negative = 0;
  int null_dimension = 0;  // -1: not determined (lanczos)
  std::vector<double> smallest_residuals;  // lanczos
  double largest_residual = 0;             // lanczos
  int lanczos_steps = 0;                   // lanczos
  double seconds = 0;
};

struct StationarityCertificate {
  std::string engine = "mpfr";      // "mpfr" or "midrad53" (JSON "engine"; absent = "mpfr")
  int bits = 0;                     // MPFR bits used (53 for midrad53)
  std::string parameters_precision;
  int num_parameters = 0;
  int num_samples = 0;
  std::string grad_norm_2, grad_norm_inf, grad_norm_2_error;
  // A rigorous upper bound of ||grad J||_2 at the stored decimal parameters
  // (interval arithmetic, enclosures/interval_network.h, at `bits`),
  // rounded up to 7 digits; "" when the activation is not supported there.
  std::string grad_norm_2_upper;
  double grad_norm_2_value = 0;
  std::string objective, data_loss;
  std::vector<LayerStationarity> layers;
  std::string max_stationarity_share;
  double max_stationarity_share_value = 0;
  HessianSpectrum hessian;
  double seconds = 0;
  // midrad53 only, not stored: the enclosures whose midpoints the strings are.
  std::shared_ptr<const StationarityEnclosure> enclosure;

  // certificate.json (documented in docs/run-directories.md); FromJson reads it back and
  // throws std::runtime_error on a missing or mistyped key.
  nlohmann::json ToJson() const;
  static StationarityCertificate FromJson(const nlohmann::json& j);
};

// The MPFR bits of a certificate (and of the interval proofs) for parameters
// stored at `p`: 64 more than p's, at least 128.
int DefaultCertificateBits(const Precision& p);

StationarityCertificate ComputeCertificate(const MlpSpec& spec, const Dataset& data,
                                           const std::vector<std::string>& parameters,
                                           const CertificateOptions& options);

// The options that recompute `stored` at the same network (its engine and
// bits; no Hessian): what RunDirectory::VerifiedCertificate uses.
CertificateOptions RecomputeOptions(const StationarityCertificate& stored, const Precision& parameters_precision);

// Throws std::runtime_error(where + "FIELD is X, but the stored network gives
// Y (edited or stale certificate)") unless `stored` is the certificate that
// `recomputed` (same engine, from RecomputeOptions) says: for "mpfr" every
// number the same string; for "midrad53" every stored midpoint within the
// recomputed enclosure widened by its width (the midpoints of two correct
// enclosures differ in their last bits between machines: Eigen's GEMM
// blocking follows the cache sizes), grad_norm_2_upper >= the recomputed lower
// end, and the counts and shapes equal.
void CheckSameCertificate(const StationarityCertificate& stored, const StationarityCertificate& recomputed,
                          const std::string& where);

}  // namespace nrc

#endif  // NRC_TRAINING_STATIONARITY_CERTIFICATE_H_
