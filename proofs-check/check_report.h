// nrc/proofs-check/check_report.h
//
// Everything `nrc check` produces for one network in one precision: the
// verdict records (proofs-check/verdict.h) and one summary row per layer
// (proofs-check/layer_summary.h). JSON adds, when the interval proofs ran,
// "proof_bits", "grad_norm_2_lower", "grad_norm_2_upper", "proof_note", and,
// when undecided verdicts were re-checked, "recheck_note".
#ifndef NRC_PROOFS_CHECK_CHECK_REPORT_H_
#define NRC_PROOFS_CHECK_CHECK_REPORT_H_

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "proofs-check/layer_summary.h"
#include "proofs-check/verdict.h"

namespace nrc {

struct CheckReport {
  std::string network;    // MlpSpec::Describe()
  std::string precision;  // e.g. "mpfr257"
  int num_samples = 0;
  double grad_norm = 0, data_loss = 0, objective = 0;
  std::vector<Verdict> verdicts;
  std::vector<LayerSummary> layers;
  // Interval proofs (proofs-check/interval_proof.h; proof_bits 0: not run):
  // a rigorous enclosure of ||grad J||_2 at the stored parameters, and a
  // one-line account (bits, time, or why they were skipped).
  int proof_bits = 0;
  double grad_norm_2_lower = 0, grad_norm_2_upper = 0;
  std::string proof_note;
  // The point the working precision computed at and its gradient there,
  // exactly (ToExactHexString, numerics/scalar.h): the stored decimals as the
  // working precision rounded them (MlpParameters::Flatten order), and G_l
  // (entry l - 1, column-major). The interval proofs of T1 and T2 compare
  // that gradient with the exact one (proofs-check/interval_proof.h). Not serialized.
  std::vector<std::string> working_parameters;
  int working_bits = 0;  // the working precision's significand bits
  std::vector<std::vector<std::string>> gradients;
  // Re-check of undecided verdicts at a higher precision ("" if none was needed).
  std::string recheck_note;

  int Count(Outcome o) const;
  // The verdict for (statement, layer, norm); throws std::out_of_range if absent.
  const Verdict& Find(const std::string& statement, int layer, const std::string& norm) const;
  // The list of verdict records (what `nrc check --json` prints).
  nlohmann::ordered_json VerdictsJson() const;
  // Verdicts, layer rows and the header fields.
  nlohmann::ordered_json ToJson() const;
};

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_CHECK_REPORT_H_
