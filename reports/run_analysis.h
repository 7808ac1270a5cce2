// nrc/reports/run_analysis.h
//
// RunAnalysis: everything the reports show about one trained network, computed
// once from its run directory (training/run_directory.h) and cached beside it
// as RUN_DIR/analysis.json:
//   - the verdict records and the per-layer summary rows of proofs-check
//     (CheckRunDirectory in the analysis precision, default mpfr:256; every
//     statement T1-T10, T12, T13 of theorems.md; undecided verdicts re-checked
//     at 4x the bits; interval proofs upgrading verdicts to "proven" unless
//     options.proofs is false), the proofs' grad_norm_2_upper; the rows carry
//     the full spectra sigma_j(W_l) and sigma_j(R_l) (T2's R_l, same
//     precision), so that a figure can overlay T4's bounds
//     sigma_{K+j}(W_l) <= sigma_j(R_l);
//   - per layer sigma_K(W_l) for the summary table;
//   - per layer, the stationarity share ||G_l||_F / (||G_l||_F + (1/N)||Delta_l E^T||_F)
//     and the gradient norm from the run's MPFR certificate, recomputed at the
//     stored network and compared with certificate.json
//     (RunDirectory::VerifiedCertificate; NaN when the run has none);
//   - the problem: name, data source, network, K, N, lambda, lambda_b, the
//     within-class std of Gaussian-cluster data (NaN otherwise), the training
//     precision, and config.json without its "format"/"run_id" keys.
// Nothing in it depends on timing: the same run directory and options give a
// byte-identical analysis.json (doubles are written to round-trip).
//
// Numbers are rounded to double for reporting (the verdicts were decided in
// the analysis precision; doubles reach down to 1e-308, far below anything a
// trained network shows). JSON layout ("format": "nrc-analysis/3"; files of
// another format are recomputed): "run_id",
// "options" {"precision", "rank_threshold"}, "name", "data", "network", "K",
// "N", "depth", "lambda", "lambda_b", "within_std" (null when NaN),
// "train_precision", "check_precision", "check_bits", "grad_norm_2", "grad_norm_2_upper"
// (null without proofs), "proof_note", "recheck_note", "config",
// "layers": [{"summary": LayerSummary::ToJson(), "sigma_K", "has_sigma_K+1",
//   "stationarity_share", "proven", "holds",
//   "undecided", "violated", "attention": "T3 spectral: undecided; ..."}],
// "verdicts": [Verdict::ToJson()], "compression": CompressionSweep::ToJson()
// (proofs-check/compression_sweep.h: accuracy and predictions proven
// unchanged under rank-r truncation, spec T14; null when not computed:
// without proofs, or when CompressionSweep::Applicable is false; for a
// compressed run, `nrc compress`, the verdicts include T14 against its
// source, or proof_note says why not, e.g. the source moved); analysis.json (Save) adds
// "certificate_sha256" (the seal of the certificate it was made with, "" without:
// not in ToJson, since the certificate's seal covers its timings) and "sha256"
// (RunDirectory::Seal of the rest).
// A cached analysis is used only when its seal, its run_id (verified against
// the run's content by RunDirectory::Load) and its certificate_sha256 all
// match: "reused" means "verified unchanged"; anything else is recomputed.
//
// Errors: Analyze throws std::runtime_error / std::invalid_argument with a
// one-line message (bad precision, a run directory whose parameters do not fit).
// FromJson throws std::runtime_error naming the missing or mistyped key.
#ifndef NRC_REPORTS_RUN_ANALYSIS_H_
#define NRC_REPORTS_RUN_ANALYSIS_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "proofs-check/layer_summary.h"
#include "proofs-check/verdict.h"
#include "theory/outcome.h"
#include "training/run_directory.h"

namespace nrc {

struct RunAnalysis {
  // How the statements are checked (part of the cache key of analysis.json).
  struct Options {
    std::string precision = "mpfr:256";  // numerics/precision.h names
    double rank_threshold = 1e-3;        // T4's numerical rank: sigma_j > threshold * ||W_l||_2
    bool proofs = true;                  // interval proofs (proofs-check/interval_proof.h)
    nlohmann::ordered_json ToJson() const;
    static Options FromJson(const nlohmann::json& j);  // throws std::invalid_argument
    // Throws std::invalid_argument naming the bad field.
    void Validate() const;
    bool operator==(const Options& o) const {
      return precision == o.precision && rank_threshold == o.rank_threshold && proofs == o.proofs;
    }
  };

  struct Layer {
    LayerSummary summary;           // proofs-check's row: sigma_{K+1}, the chain's bounds, rank, spectra
    double sigma_k = 0;             // sigma_K(W_l) (0 when min(d_l, d_{l-1}) < K)
    bool has_sigma_k1 = false;      // min(d_l, d_{l-1}) > K: sigma_{K+1}(W_l) exists
    double stationarity_share = 0;  // from the certificate; NaN without one
    int proven = 0, holds = 0, undecided = 0, violated = 0;  // verdicts with this layer index
    std::string attention;          // "T3 spectral: undecided; ..." (every verdict that is neither "proven" nor "holds")
    Outcome Worst() const;
  };

  static constexpr const char* kFileName = "analysis.json";

  std::string run_id;
  std::string certificate_sha256;  // certificate.json's seal ("" without a certificate)
  Options options;
  std::string name, data, network;
  int K = 0, N = 0, depth = 0;
  double lambda = 0, lambda_b = 0;
  double within_std = 0;        // NaN unless the data is "gauss:..."
  std::string train_precision;  // the last stage of the ladder, e.g. "mpfr:256"
  std::string check_precision;  // e.g. "mpfr257" (ScalarTraits::Name of the analysis)
  int check_bits = 0;           // significand bits of the analysis precision
  double grad_norm_2 = 0;       // ||grad J||_2 from the certificate (NaN without one)
  double grad_norm_2_upper = 0;  // rigorous upper bound from the interval proofs (NaN without them)
  std::string proof_note, recheck_note;  // CheckReport's
  nlohmann::json config;        // config.json without "format" and "run_id"
  std::vector<Layer> layers;    // layers[l - 1] is layer l
  std::vector<Verdict> verdicts;
  nlohmann::json compression;   // CompressionSweep::ToJson(), or null

  int Count(Outcome o) const;
  Outcome Worst() const;
  // The bits of the coarser of the training and the analysis precision.
  int RoundingBits() const;
  // The rounding level of layer l's singular values:
  // max(d_l, d_{l-1}) 2^-RoundingBits() sigma_1(W_l). A singular value below
  // it is zero as far as the training and the analysis can tell.
  double RoundingLevel(int l) const;

  nlohmann::ordered_json ToJson() const;
  static RunAnalysis FromJson(const nlohmann::json& j);

  // Checks every statement on the run's network and collects the spectra.
  // `verified`: the run's certificate as RunDirectory::VerifiedCertificate
  // gives it, when the caller already has it (PointWorker: verified on reuse,
  // or RunDirectory::CertificateOfTraining right after training); null: it is
  // verified here (recomputed at the stored network).
  static RunAnalysis Analyze(const RunDirectory& run, const Options& options,
                             const StationarityCertificate* verified = nullptr);
  // RUN_DIR/analysis.json when LoadCached accepts it; otherwise Analyze
  // (which recomputes the certificate; nothing is written). Sets *computed
  // (if not null) to whether it had to analyse.
  static RunAnalysis LoadOrAnalyze(const RunDirectory& run, const Options& options, bool* computed = nullptr);
  // The cached analysis of a loaded (hence verified) run if its seal holds,
  // it belongs to this run (run_id) and certificate (certificate_sha256) and
  // was made with these options and no verdict contradicts its own stored
  // numbers (Verdict::Contradiction: an edited and resealed file); false
  // otherwise (never throws).
  static bool LoadCached(const RunDirectory& run, const Options& options, RunAnalysis* out);
  // Writes dir/analysis.json atomically, sealed.
  void Save(const std::filesystem::path& dir) const;
};

}  // namespace nrc

#endif  // NRC_REPORTS_RUN_ANALYSIS_H_
