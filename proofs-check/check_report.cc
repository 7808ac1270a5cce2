#include "proofs-check/check_report.h"

#include <stdexcept>

namespace nrc {

nlohmann::ordered_json LayerSummary::ToJson() const {
  nlohmann::ordered_json j;
  j["layer"] = layer;
  j["shape"] = {rows, cols};
  j["sigma_K+1"] = sigma_k1;
  j["tail"] = tail;
  j["grad_norm_F"] = grad_norm_F;
  j["T3_spectral"] = t3_spectral;
  j["T12_spectral"] = t12_spectral;
  j["T3"] = t3;
  j["T12"] = t12;
  j["T5"] = t5;
  j["T8"] = t8;
  j["T8tcv"] = t8_tcv;
  j["T9"] = t9;
  j["T9_best_k"] = t9_best_k;
  j["grad_share"] = grad_share;
  j["dist_K-1"] = dist_k_minus_1;
  j["T10"] = t10;
  j["numerical_rank"] = numerical_rank;
  j["rank_threshold"] = rank_threshold;
  j["V"] = v;
  j["TCV"] = tcv;
  j["NC1"] = nc1;
  return j;
}

int CheckReport::Count(Outcome o) const {
  int n = 0;
  for (const auto& v : verdicts) n += v.verdict == o ? 1 : 0;
  return n;
}

const Verdict& CheckReport::Find(const std::string& statement, int layer, const std::string& norm) const {
  for (const auto& v : verdicts)
    if (v.statement == statement && v.layer == layer && v.norm == norm) return v;
  throw std::out_of_range("no verdict for " + statement + " layer " + std::to_string(layer) + " norm " + norm);
}

nlohmann::ordered_json CheckReport::VerdictsJson() const {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (const auto& v : verdicts) a.push_back(v.ToJson());
  return a;
}

nlohmann::ordered_json CheckReport::ToJson() const {
  nlohmann::ordered_json j;
  j["network"] = network;
  j["precision"] = precision;
  j["num_samples"] = num_samples;
  j["grad_norm"] = grad_norm;
  j["data_loss"] = data_loss;
  j["objective"] = objective;
  nlohmann::ordered_json rows = nlohmann::ordered_json::array();
  for (const auto& l : layers) rows.push_back(l.ToJson());
  j["layers"] = rows;
  if (proof_bits > 0) {
    j["proof_bits"] = proof_bits;
    j["grad_norm_2_lower"] = grad_norm_2_lower;
    j["grad_norm_2_upper"] = grad_norm_2_upper;
  }
  if (!proof_note.empty()) j["proof_note"] = proof_note;
  if (!recheck_note.empty()) j["recheck_note"] = recheck_note;
  j["verdicts"] = VerdictsJson();
  return j;
}

}  // namespace nrc
