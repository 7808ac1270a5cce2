#include "proofs-check/check_report.h"

#include <stdexcept>
#include <string>
#include <vector>

#include "io/json_numbers.h"

namespace nrc {

namespace {

// Every field of LayerSummary with its JSON key, in print order: ToJson and
// FromJson both walk these lists, so a field cannot be written but not read.
struct NumberField {
  const char* key;
  double LayerSummary::*member;
};
struct IntField {
  const char* key;
  int LayerSummary::*member;
};
struct ListField {
  const char* key;
  std::vector<double> LayerSummary::*member;
};
constexpr IntField kIntFields[] = {
    {"layer", &LayerSummary::layer},
    {"T12_dropped_class", &LayerSummary::t12_dropped_class},
    {"T13_dropped_class", &LayerSummary::t13_dropped_class},
    {"T13_rank", &LayerSummary::t13_rank},
    {"T9_best_k", &LayerSummary::t9_best_k},
    {"numerical_rank", &LayerSummary::numerical_rank}};
constexpr NumberField kNumberFields[] = {
    {"sigma_K+1", &LayerSummary::sigma_k1},       {"tail", &LayerSummary::tail},
    {"grad_norm_F", &LayerSummary::grad_norm_F},  {"T3_spectral", &LayerSummary::t3_spectral},
    {"T12_spectral", &LayerSummary::t12_spectral}, {"T13_spectral", &LayerSummary::t13_spectral},
    {"T3", &LayerSummary::t3},                    {"T12", &LayerSummary::t12},
    {"T13", &LayerSummary::t13},                  {"T5", &LayerSummary::t5},
    {"T8", &LayerSummary::t8},                    {"T8tcv", &LayerSummary::t8_tcv},
    {"T9", &LayerSummary::t9},                    {"grad_share", &LayerSummary::grad_share},
    {"dist_K-1", &LayerSummary::dist_k_minus_1},  {"T10", &LayerSummary::t10},
    {"rank_threshold", &LayerSummary::rank_threshold}, {"V", &LayerSummary::v},
    {"TCV", &LayerSummary::tcv},                  {"NC1", &LayerSummary::nc1}};
constexpr ListField kListFields[] = {{"sigma_W", &LayerSummary::sigma_W}, {"sigma_R", &LayerSummary::sigma_R}};

}  // namespace

nlohmann::ordered_json LayerSummary::ToJson() const {
  nlohmann::ordered_json j;
  for (const auto& f : kIntFields) j[f.key] = this->*f.member;
  j["shape"] = {rows, cols};
  for (const auto& f : kNumberFields) j[f.key] = JsonNumber(this->*f.member);
  for (const auto& f : kListFields) j[f.key] = JsonNumbers(this->*f.member);
  return j;
}

LayerSummary LayerSummary::FromJson(const nlohmann::json& j) {
  LayerSummary s;
  try {
    for (const auto& f : kIntFields) s.*f.member = j.at(f.key).get<int>();
    s.rows = j.at("shape").at(0).get<int>();
    s.cols = j.at("shape").at(1).get<int>();
    for (const auto& f : kNumberFields) s.*f.member = ReadJsonNumber(j.at(f.key));
    for (const auto& f : kListFields) s.*f.member = ReadJsonNumbers(j.at(f.key));
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("layer summary: ") + e.what());
  }
  return s;
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
