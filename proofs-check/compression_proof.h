// nrc/proofs-check/compression_proof.h
//
// T14 (spec/theorems.md, certified compression) proven per input in interval
// arithmetic, for a stored network f (model.json's exact decimal strings) and
// a compressed network f~ that replaces each W_l by W~_l = U_l Vt_l, the
// product of two double matrices taken as EXACT real numbers (the factors of
// compression.json; biases unchanged).
//
// CompressionProof::Prove encloses, at `bits` bits (MPFI):
//   eps[l]      ||W_l - W~_l||_2: Miyajima enclosure of sigma_1 of the interval
//               matrix W_l - U_l Vt_l (numerics/enclosures.h; [0, SpectralNormUpper]
//               when the floating SVD cannot be verified);
//   norm_Wt[l]  ||W~_l||_2 alike;
//   per sample x_i (the columns of X, exact doubles):
//     bound[i]     e_L(x_i), T14's recursion in intervals from eps, norm_Wt,
//                  Lip(s) (exact for the interval path's activations: 1, 1/4,
//                  max(1, |slope|)) and ||z_{l-1}(x_i)||_2 of f's interval
//                  forward pass;
//     observed[i]  ||f~(x_i) - f(x_i)||_2 from both interval forward passes;
//     predicted[i] f's predicted class c when proven (F_c - F_k > 0 for every
//                  k != c in intervals), else -1;
//     kept[i]      the corollary proven: F_c - F_k > sqrt(2) e_L for every
//                  k != c, in intervals (so f~ predicts c: proven without
//                  evaluating f~).
//   holds       observed[i].upper <= bound[i].lower for every i (T14 proven at
//               every sample); violated_samples counts observed.lower >
//               bound.upper (a proof of violation; never expected).
//
// Engines. The work is two forward passes and the 2L norm enclosures;
// everything else is O(N L K) interval scalars (FromForward, MPFI at the
// current precision). FromForward takes only the per-sample enclosures of
// ||z_{l-1}(x)||_2 and of the outputs of f and f~, so either engine supplies
// them without changing the proof:
//   kMidrad (Prove's default; the samples whose decisions its widths leave
//     open are re-decided by kMpfi): midpoint-radius double (numerics/midrad_matrix.h,
//     Rump 1999): the parameter strings enclosed in MPFI and then in their
//     midpoint-radius hulls, products as double GEMMs with a rigorous radius,
//     activations enclosed rigorously (enclosures/detail/activation_enclosures.h:
//     tanh by verified Taylor polynomials, the others by MPFR per entry),
//     eps_l and ||W~_l||_2 by the midpoint-radius Miyajima enclosure
//     (numerics/midrad_enclosures.h). Widths ~ n u relative (u = 2^-53): the
//     bound and the margins are resolved to ~1e-13 of their size, whatever
//     `bits`. Cost: a few double GEMMs per layer.
//   kMpfi (the reference): every operation in MPFI at `bits` bits
//     (enclosures/interval_network.h), about 0.1 us per multiply-add at 128 bits.
//   The difference pass (kMidrad; CompressionProver runs it on the samples
//     whose T14 comparison the output enclosures leave open): F and Ft are
//     each resolved to ~u of the OUTPUTS, so their difference carries an
//     absolute width ~1e-16 |f| however small f~ - f is; at ranks at or above
//     a layer's numerical rank (eps_l at double's rounding level) that leaves
//     T14 open. EncloseDifferenceNorms encloses f~ - f directly, layer by
//     layer, with widths relative to the difference itself (see there);
//     FromForward intersects it with ||Ft - F|| (both rigorous).
// Both enclose the same exact quantities, so the fast enclosures contain the
// MPFI ones' midpoints whenever both are correct (compression_regression_test checks it).
// Errors: std::invalid_argument for an activation the interval path does not
// support, or factors that do not fit the architecture.
#ifndef NRC_PROOFS_CHECK_COMPRESSION_PROOF_H_
#define NRC_PROOFS_CHECK_COMPRESSION_PROOF_H_

#include <Eigen/Core>

#include <string>
#include <vector>

#include "nets/mlp_spec.h"
#include "numerics/interval_matrix.h"
#include "numerics/midrad_matrix.h"

namespace nrc {

// W~_l = U[l] * Vt[l] (l = 1..L; index 0 unused). U[l]: d_l x r_l, Vt[l]: r_l x d_{l-1}.
struct LowRankFactors {
  std::vector<Eigen::MatrixXd> U, Vt;
  int rank(int l) const { return static_cast<int>(U[static_cast<std::size_t>(l)].cols()); }
  // Numbers stored: sum_l r_l (d_l + d_{l-1}) (biases not included).
  long long StoredWeights() const;
};

enum class CompressionEngine { kMidrad, kMpfi };
// "midrad" / "mpfi"; ParseCompressionEngine throws std::invalid_argument for other names.
const char* CompressionEngineName(CompressionEngine e);
CompressionEngine ParseCompressionEngine(const std::string& name);

// What one engine's forward passes give the proof, per sample i.
struct CompressionForward {
  std::vector<std::vector<Interval>> z_norm;  // [l][i] = ||z_{l-1}(x_i)||_2, l = 1..L (index 0 unused)
  IntervalMatrix F, Ft;                       // outputs of f and f~ (K x N)
  // Optional (empty: none): a second enclosure of ||f~(x_i) - f(x_i)||_2 per
  // sample (EncloseDifferenceNorms; [0, +inf] where not computed). FromForward's
  // observed is then its intersection with ColumnNorms(Ft - F).
  std::vector<Interval> difference_norm;
};

struct CompressionProof {
  CompressionEngine engine = CompressionEngine::kMpfi;  // of the forward passes and eps, norm_Wt
  int bits = 0;  // MPFI precision of FromForward's scalars (and of every operation for kMpfi)
  std::vector<Interval> eps, norm_Wt;  // 1..L
  std::vector<Interval> observed, bound;
  std::vector<int> predicted;
  std::vector<char> kept;
  // f~'s class per sample from the midpoints of its output enclosure (argmax,
  // lowest index on ties): no error control, for the accuracy beside the proof.
  std::vector<int> after_class;
  int kept_count = 0;
  int held_samples = 0;      // observed.upper <= bound.lower
  int violated_samples = 0;  // observed.lower > bound.upper
  int worst_sample = -1;     // largest observed.upper / bound.lower
  // Per sample: 1 when the enclosures' widths leave T14 or the kept decision
  // open (neither proven nor disproven, or no proven argmax).
  std::vector<char> open;
  // kMidrad: the open samples re-decided by the MPFI engine at `bits` (their
  // entries above are the MPFI ones).
  int mpfi_samples = 0;
  bool holds() const { return held_samples == static_cast<int>(observed.size()); }
  // kept_count, held_samples, violated_samples, worst_sample from the per-sample entries.
  void Recount();

  // An enclosure of ||A||_2 (Miyajima; [0, SpectralNormUpper] when the
  // floating SVD cannot be verified; [0, 0] for an empty matrix).
  static Interval SpectralNorm(const IntervalMatrix& a);
  static Interval SpectralNorm(const MidradMatrix& a);
  // U_l Vt_l as an interval matrix (exact entries up to the interval precision),
  // or as a midpoint-radius matrix (a double GEMM with Rump's radius).
  static IntervalMatrix Product(const LowRankFactors& factors, int l);
  static MidradMatrix ProductMidrad(const LowRankFactors& factors, int l);
  // std::invalid_argument naming the layer when the factors do not fit the architecture.
  static void CheckFactors(const MlpSpec& spec, const LowRankFactors& factors);
  // eps and norm_Wt of the factors against the enclosed W (1..L), in either engine.
  static void EncloseLayerNorms(const std::vector<IntervalMatrix>& W, const LowRankFactors& factors,
                                std::vector<Interval>* eps, std::vector<Interval>* norm_Wt);
  static void EncloseLayerNorms(const std::vector<MidradMatrix>& W, const LowRankFactors& factors,
                                std::vector<Interval>* eps, std::vector<Interval>* norm_Wt);
  // Either engine, chosen by the matrix type M: IntervalMatrix (MPFI at the
  // current interval precision) or MidradMatrix (midpoint-radius in double;
  // outputs and norms returned as MPFI intervals at the current precision).
  // EncloseOriginal: f's forward pass (F, z_norm; Ft left empty);
  // EncloseOutputs: the outputs of the network with weights Wt (1..L) and f's
  // biases; Enclose: both, f~ with U_l Vt_l (Product / ProductMidrad) and b.
  template <class M>
  static CompressionForward EncloseOriginal(const MlpSpec& spec, const std::vector<M>& W, const std::vector<M>& b,
                                            const Eigen::MatrixXd& X);
  template <class M>
  static IntervalMatrix EncloseOutputs(const MlpSpec& spec, const std::vector<M>& Wt, const std::vector<M>& b,
                                       const Eigen::MatrixXd& X);
  template <class M>
  static CompressionForward Enclose(const MlpSpec& spec, const std::vector<M>& W, const std::vector<M>& b,
                                    const LowRankFactors& factors, const Eigen::MatrixXd& X);
  // An enclosure of ||f~(x_i) - f(x_i)||_2 for every column x_i of X whose
  // width is relative to the difference, not to the outputs: with f's
  // pre-activations z_l = W_l a_{l-1} + b_l (a_0 = x, a_l = s(z_l)), f~'s
  // z~_l, a~_l alike, and D_l = z~_l - z_l,
  //   D_l = (W~_l - W_l) a_{l-1} + W~_l (a~_{l-1} - a_{l-1})   (biases cancel; a~_0 = a_0),
  //   a~_l - a_l = s'(xi) D_l entrywise, xi between z_l and z~_l
  // (mean value theorem; for (leaky) ReLU the difference quotient lies in the
  // hull of the one-sided slopes, which EncloseActivation's s' encloses on an
  // interval containing 0). In midpoint-radius arithmetic: z_l from f's
  // forward pass (W, b), the segment [z_l, z~_l] inside z_l + [0, 1] D_l, s'
  // enclosed on that set (enclosures/detail/activation_enclosures.h, every
  // activation the interval path supports), and ||D_L(:, i)||_2 by ColumnNorms.
  // Inputs (1..L; index 0 unused): W, b enclose f's parameters, Wt encloses
  // W~_l, dW encloses W~_l - W_l (an EMPTY dW[l] means exactly 0: a kept
  // layer); the enclosure of dW must be tight relative to ITSELF (formed in
  // MPFI from the exact parameters and then converted, as CompressionProver
  // does), since its width enters D directly. X: exact inputs (d_0 x N).
  // Cost: f's forward pass plus two products and one activation enclosure
  // per layer.
  static std::vector<Interval> EncloseDifferenceNorms(const MlpSpec& spec, const std::vector<MidradMatrix>& W,
                                                      const std::vector<MidradMatrix>& b,
                                                      const std::vector<MidradMatrix>& Wt,
                                                      const std::vector<MidradMatrix>& dW, const Eigen::MatrixXd& X);
  // The proof from any engine's forward enclosures (sets engine = kMpfi; the
  // caller names another engine).
  static CompressionProof FromForward(const MlpSpec& spec, const std::vector<Interval>& eps,
                                      const std::vector<Interval>& norm_Wt, const CompressionForward& fwd);
  // Everything: parameters are model.json's strings (Flatten order), X is
  // d_0 x N; FromForward's scalars (and, for kMpfi, every operation) at `bits`.
  // CompressionProver(spec, parameters, X, bits, engine).Prove(factors)
  // (proofs-check/compression_prover.h: the open samples of kMidrad re-decided in MPFI).
  static CompressionProof Prove(const MlpSpec& spec, const std::vector<std::string>& parameters,
                                const LowRankFactors& factors, const Eigen::MatrixXd& X, int bits,
                                CompressionEngine engine = CompressionEngine::kMidrad);
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSION_PROOF_H_
