// nrc/proofs-check/check_report.h
//
// Everything `nrc check` produces for one network in one precision: the
// verdict records (proofs-check/verdict.h) and one summary row per layer
// (proofs-check/layer_summary.h).
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
