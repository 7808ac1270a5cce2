// nrc/proofs-check/compression_check.h
//
// What `nrc compress` reports and `nrc check` re-checks for a compressed
// network (spec T14): CheckCompression(source, factors, compressed, working,
// options) returns
//   measurement   plain numbers in double (no error control): accuracy and
//                 data loss of f and f~ on the source's data, parameter counts
//                 (dense before, factored after: weights + biases), ranks;
//   t14           T14 as a verdict (proofs-check/verdict.h): theory/t14.h in
//                 the working precision on the source's data, observed
//                 max-ratio ||f~(x) - f(x)||_2 <= e_L(x), ratio, precision,
//                 the source's ||grad J||_2; "proven" with the enclosures of
//                 the worst sample when the interval proof shows observed <=
//                 bound at EVERY sample (a proof that finds a sample violated
//                 makes it "violated");
//   proof         (options.prove and the activation supported by the interval
//                 path) CompressionProof by options.engine (midpoint-radius
//                 double by default, MPFI at options.proof_bits the reference;
//                 FromForward's scalars at options.proof_bits): per sample
//                 enclosures of e_L(x), the count of predictions proven kept
//                 (margin > sqrt(2) e_L in intervals), eps_l and ||W~_l||_2
//                 enclosures, and the T13 bound of each layer beside eps_l
//                 (from the working-precision check of the source, spectral).
// The data: the source run's training data (the verdict and `proof`), and
// options.test when given (measurement and `test_proof`: T14 and the
// predictions proven unchanged on every test sample).
#ifndef NRC_PROOFS_CHECK_COMPRESSION_CHECK_H_
#define NRC_PROOFS_CHECK_COMPRESSION_CHECK_H_

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <vector>

#include "numerics/precision.h"
#include "proofs-check/compression_proof.h"
#include "proofs-check/verdict.h"
#include "training/run_directory.h"

namespace nrc {

struct CompressionMeasurement {
  double accuracy_before = 0, accuracy_after = 0;  // fractions of the samples
  double loss_before = 0, loss_after = 0;          // J_data
  long long parameters_before = 0, parameters_after = 0;
  std::vector<int> ranks;            // 1..L
  std::vector<double> sigma_next;    // 1..L: sigma_{r_l+1}(W_l) in the working precision (0 past the rank)
  std::vector<double> eps;           // 1..L: ||W_l - W~_l||_2 in the working precision
  std::vector<double> t13_bound;     // 1..L: T13 spectral bound of dist_K(W_l) (theory/t13.h)
  // On the test data (CompressionCheckOptions::test), when given.
  bool has_test = false;
  int test_samples = 0;
  double test_accuracy_before = 0, test_accuracy_after = 0, test_loss_before = 0, test_loss_after = 0;
};

struct CompressionCheckOptions {
  bool prove = true;
  int proof_bits = 128;
  CompressionEngine engine = CompressionEngine::kMidrad;  // of the interval proof (compression_proof.h)
  const Dataset* test = nullptr;  // test data (standardised like the run's), or none
};

struct CompressionCheck {
  CompressionMeasurement measurement;
  Verdict t14;
  std::optional<CompressionProof> proof;
  std::optional<CompressionProof> test_proof;  // the same proof on the test data
  std::string proof_skipped;  // why there is no proof ("" when there is)

  nlohmann::json ToJson() const;
};

// compressed: the compressed network's parameter strings (CompressedParameters).
CompressionCheck CheckCompression(const RunDirectory& source, const LowRankFactors& factors,
                                  const std::vector<std::string>& compressed, const Precision& working,
                                  const CompressionCheckOptions& options);

struct CheckReport;  // proofs-check/check_report.h

// For a compressed run directory (compression.json present: nrc compress):
// loads its source (checked against the recorded run_id), runs
// CheckCompression at `working` (interval proof at proof_bits when prove) and
// appends the T14 verdict to report; returns the check (nullopt, nothing
// appended, for an ordinary run). Errors: those of CompressedRun::Load,
// LoadSource and CheckCompression.
std::optional<CompressionCheck> AppendCompressionVerdict(const RunDirectory& run, const Precision& working, bool prove,
                                                         int proof_bits, CheckReport* report);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_COMPRESSION_CHECK_H_
