#include "proofs-check/check_report.h"

#include <stdexcept>
#include <string>

#include "proofs-check/detail/json_numbers.h"

namespace nrc {

using json_detail::JsonNumber;
using json_detail::JsonNumbers;
using json_detail::ReadJsonNumber;
using json_detail::ReadJsonNumbers;

nlohmann::ordered_json LayerSummary::ToJson() const {
  nlohmann::ordered_json j;
  j["layer"] = layer;
  j["shape"] = {rows, cols};
  j["sigma_K+1"] = JsonNumber(sigma_k1);
  j["tail"] = JsonNumber(tail);
  j["grad_norm_F"] = JsonNumber(grad_norm_F);
  j["T3_spectral"] = JsonNumber(t3_spectral);
  j["T12_spectral"] = JsonNumber(t12_spectral);
  j["T13_spectral"] = JsonNumber(t13_spectral);
  j["T3"] = JsonNumber(t3);
  j["T12"] = JsonNumber(t12);
  j["T13"] = JsonNumber(t13);
  j["T12_dropped_class"] = t12_dropped_class;
  j["T13_dropped_class"] = t13_dropped_class;
  j["T13_rank"] = t13_rank;
  j["T5"] = JsonNumber(t5);
  j["T8"] = JsonNumber(t8);
  j["T8tcv"] = JsonNumber(t8_tcv);
  j["T9"] = JsonNumber(t9);
  j["T9_best_k"] = t9_best_k;
  j["grad_share"] = JsonNumber(grad_share);
  j["dist_K-1"] = JsonNumber(dist_k_minus_1);
  j["T10"] = JsonNumber(t10);
  j["numerical_rank"] = numerical_rank;
  j["rank_threshold"] = JsonNumber(rank_threshold);
  j["V"] = JsonNumber(v);
  j["TCV"] = JsonNumber(tcv);
  j["NC1"] = JsonNumber(nc1);
  j["sigma_W"] = JsonNumbers(sigma_W);
  j["sigma_R"] = JsonNumbers(sigma_R);
  return j;
}

LayerSummary LayerSummary::FromJson(const nlohmann::json& j) {
  LayerSummary s;
  try {
    s.layer = j.at("layer").get<int>();
    s.rows = j.at("shape").at(0).get<int>();
    s.cols = j.at("shape").at(1).get<int>();
    s.sigma_k1 = ReadJsonNumber(j.at("sigma_K+1"));
    s.tail = ReadJsonNumber(j.at("tail"));
    s.grad_norm_F = ReadJsonNumber(j.at("grad_norm_F"));
    s.t3_spectral = ReadJsonNumber(j.at("T3_spectral"));
    s.t12_spectral = ReadJsonNumber(j.at("T12_spectral"));
    s.t13_spectral = ReadJsonNumber(j.at("T13_spectral"));
    s.t3 = ReadJsonNumber(j.at("T3"));
    s.t12 = ReadJsonNumber(j.at("T12"));
    s.t13 = ReadJsonNumber(j.at("T13"));
    s.t12_dropped_class = j.at("T12_dropped_class").get<int>();
    s.t13_dropped_class = j.at("T13_dropped_class").get<int>();
    s.t13_rank = j.at("T13_rank").get<int>();
    s.t5 = ReadJsonNumber(j.at("T5"));
    s.t8 = ReadJsonNumber(j.at("T8"));
    s.t8_tcv = ReadJsonNumber(j.at("T8tcv"));
    s.t9 = ReadJsonNumber(j.at("T9"));
    s.t9_best_k = j.at("T9_best_k").get<int>();
    s.grad_share = ReadJsonNumber(j.at("grad_share"));
    s.dist_k_minus_1 = ReadJsonNumber(j.at("dist_K-1"));
    s.t10 = ReadJsonNumber(j.at("T10"));
    s.numerical_rank = j.at("numerical_rank").get<int>();
    s.rank_threshold = ReadJsonNumber(j.at("rank_threshold"));
    s.v = ReadJsonNumber(j.at("V"));
    s.tcv = ReadJsonNumber(j.at("TCV"));
    s.nc1 = ReadJsonNumber(j.at("NC1"));
    s.sigma_W = ReadJsonNumbers(j.at("sigma_W"));
    s.sigma_R = ReadJsonNumbers(j.at("sigma_R"));
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
  j["verdicts"] = VerdictsJson();
  return j;
}

}  // namespace nrc
