// nrc/proofs-check/compression_prover.h
//
// CompressionProver: the T14 proof (CompressionProof, proofs-check/compression_proof.h)
// of many compressions of one stored network on one input matrix, with the
// original network's enclosures computed once: its parameters (MPFI at
// `bits`, and their midpoint-radius hulls), its forward pass (F, ||z_{l-1}(x_i)||_2)
// in the chosen engine, and ||W_l||_2 when a layer is kept.
//
// Prove(factors, replace): layers l with replace[l] != 0 (index 0 unused) take
// W~_l = U_l Vt_l (the factors' doubles as exact reals); the others keep W_l
// exactly, with eps_l = [0, 0] and ||W~_l||_2 the enclosure of ||W_l||_2.
// An empty `replace` replaces every layer. Then the compressed network's
// forward pass, eps_l, ||W~_l||_2 and CompressionProof::FromForward, as
// CompressionProof::Prove:
//   kMidrad: midpoint-radius double throughout. The samples whose T14
//     comparison the output enclosures leave open (at ranks at or above a
//     layer's numerical rank, where f~ - f is far below the outputs' double
//     widths) get a second enclosure of ||f~ - f||_2 from the difference pass
//     (CompressionProof::EncloseDifferenceNorms), intersected with the first;
//     for it, W~_l - W_l of a layer whose eps_l is at the rounding level of
//     W_l's double hull is formed in MPFI at `bits` and then as
//     midpoint-radius hull (width ~u of the difference itself), and that
//     eps_l (hence every sample's e_L) is enclosed again from it and
//     intersected with its first enclosure (the returned eps). Every sample
//     whose T14 or kept decision is still open (CompressionProof::open) is
//     re-decided by the MPFI engine at `bits` on those samples alone (their
//     entries are then the MPFI ones; mpfi_samples counts them);
//   kMpfi: every operation in MPFI at `bits`.
// Same result as CompressionProof::Prove for the same factors (that is a
// call of this class), so a report built on it agrees with `nrc compress`.
// The returned proof also carries after_class: f~'s class per sample from
// the midpoints of its output enclosure (argmax, lowest index on ties; no
// error control), for the accuracy reported beside the proof.
// The MPFI pass of the original network is computed for the open samples of
// each call, or, once a call leaves more than half of the samples open (a
// sweep over ranks at or above a layer's numerical rank), for every sample
// and cached; each column's enclosure is the same either way, so the result
// does not depend on the cache.
// Lifetime: X is referenced, not copied (it can be hundreds of MB); it must
// outlive the prover. Not thread-safe (the ||W_l||_2 enclosures are cached).
// Errors: std::invalid_argument for an activation the interval path does not
// support, factors that do not fit the architecture, or a `replace` of the
// wrong length.
#ifndef NRC_PROOFS_CHECK_COMPRESSION_PROVER_H_
#define NRC_PROOFS_CHECK_COMPRESSION_PROVER_H_

#include <Eigen/Core>

#include <optional>
#include <string>
#include <vector>

#include "nets/mlp_spec.h"
#include "numerics/interval_matrix.h"
#include "numerics/midrad_matrix.h"
#include "proofs-check/compression_proof.h"

namespace nrc {

class CompressionProver {
 public:
  CompressionProver(const MlpSpec& spec, const std::vector<std::string>& parameters, const Eigen::MatrixXd& X,
                    int bits, CompressionEngine engine = CompressionEngine::kMidrad);
  CompressionProof Prove(const LowRankFactors& factors, const std::vector<char>& replace = {}) const;
  // The original network's outputs' enclosure (K x N), from the chosen engine.
  const IntervalMatrix& original_outputs() const { return original_.F; }

 private:
  // Compressed weights (1..L; kept layers are copies of W), eps_l and ||W~_l||_2 in one engine.
  template <class M>
  void Replace(const std::vector<M>& W, const LowRankFactors& factors, const std::vector<char>& replace,
               std::vector<std::optional<Interval>>* norm_W, std::vector<M>* Wt, std::vector<Interval>* eps,
               std::vector<Interval>* norm_Wt) const;
  // W~_l - W_l (1..L), empty for the kept layers (exactly 0). For a replaced
  // layer whose *eps enclosure is resolved to 2^-20 of itself, Wt[l] - mW_[l]
  // (the midpoint-radius hulls already resolve the difference); otherwise
  // (eps_l at the hulls' rounding level) formed in MPFI at bits_ from W_ and
  // the factors and then as midpoint-radius hull (width ~u of the difference
  // itself; one MPFI product of d_l x r_l x d_{l-1}), with (*eps)[l]
  // intersected with its Miyajima enclosure.
  std::vector<MidradMatrix> Differences(const LowRankFactors& factors, const std::vector<char>& replace,
                                        const std::vector<MidradMatrix>& Wt, std::vector<Interval>* eps) const;
  // The midpoint-radius proof (before the MPFI re-decisions).
  CompressionProof ProveMidrad(const LowRankFactors& factors, const std::vector<char>& replace) const;
  // The MPFI proof on the columns `open` of X.
  CompressionProof ProveMpfi(const LowRankFactors& factors, const std::vector<char>& replace,
                             const std::vector<Eigen::Index>& open) const;

  MlpSpec spec_;
  const Eigen::MatrixXd* X_;
  int bits_;
  CompressionEngine engine_;
  std::vector<IntervalMatrix> W_, b_;
  std::vector<MidradMatrix> mW_, mb_;
  mutable std::vector<std::optional<Interval>> norm_W_, mpfi_norm_W_;  // cached ||W_l||_2 (1..L)
  mutable CompressionForward original_;                 // F and z_norm of the chosen engine; Ft per call
  mutable std::optional<CompressionForward> mpfi_original_;  // kMidrad: the MPFI pass over every sample, once cached
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSION_PROVER_H_
