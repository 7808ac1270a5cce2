#include "training/stage_log.h"

#include <cstdlib>
#include <stdexcept>

#include "numerics/precision.h"
#include "training/detail/short_decimal.h"

namespace nrc {

std::string AbbreviateDecimal(const std::string& decimal) {
  ScopedMpfrPrecision guard(64);
  try {
    return detail::ShortDecimal(ParseDecimal<Mpfr>(decimal));
  } catch (const std::invalid_argument&) {
    return decimal;
  }
}

nlohmann::json StageLog::ToJson() const {
  return {{"name", name},
          {"method", method},
          {"precision", precision},
          {"precision_bits", precision_bits},
          {"iterations", iterations},
          {"gradient_evaluations", gradient_evaluations},
          {"hessian_vector_products", hessian_vector_products},
          {"dense_hessians", dense_hessians},
          {"seconds", seconds},
          {"cpu_seconds", cpu_seconds},
          {"grad_norm_start", grad_norm_start},
          {"grad_norm_end", grad_norm_end},
          {"objective_end", objective_end},
          {"termination", termination},
          {"message", message},
          {"grad_norm_history", history}};
}

StageLog StageLog::FromJson(const nlohmann::json& j) {
  StageLog s;
  try {
    s.name = j.at("name").get<std::string>();
    s.method = j.at("method").get<std::string>();
    s.precision = j.at("precision").get<std::string>();
    s.precision_bits = j.at("precision_bits").get<int>();
    s.iterations = j.at("iterations").get<int>();
    s.gradient_evaluations = j.at("gradient_evaluations").get<int>();
    s.hessian_vector_products = j.at("hessian_vector_products").get<int>();
    s.dense_hessians = j.at("dense_hessians").get<int>();
    s.seconds = j.at("seconds").get<double>();
    s.cpu_seconds = j.at("cpu_seconds").get<double>();
    s.grad_norm_start = j.at("grad_norm_start").get<std::string>();
    s.grad_norm_end = j.at("grad_norm_end").get<std::string>();
    s.objective_end = j.at("objective_end").get<std::string>();
    s.termination = j.at("termination").get<std::string>();
    s.message = j.at("message").get<std::string>();
    s.history = j.at("grad_norm_history").get<std::vector<std::string>>();
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad stage entry: ") + e.what());
  }
  s.grad_norm_start_value = std::strtod(s.grad_norm_start.c_str(), nullptr);
  s.grad_norm_end_value = std::strtod(s.grad_norm_end.c_str(), nullptr);
  return s;
}

}  // namespace nrc
