#include "training/stage_log.h"

#include <cstdlib>
#include <stdexcept>

#include "io/json_fields.h"
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

namespace {

// StageLog's JSON form (io/json_fields.h).
constexpr auto kStageFields = [](auto& s, auto&& field) {
  field("name", s.name);
  field("method", s.method);
  field("precision", s.precision);
  field("precision_bits", s.precision_bits);
  field("iterations", s.iterations);
  field("gradient_evaluations", s.gradient_evaluations);
  field("hessian_vector_products", s.hessian_vector_products);
  field("dense_hessians", s.dense_hessians);
  field("seconds", s.seconds);
  field("cpu_seconds", s.cpu_seconds);
  field("grad_norm_start", s.grad_norm_start);
  field("grad_norm_end", s.grad_norm_end);
  field("objective_end", s.objective_end);
  field("termination", s.termination);
  field("message", s.message);
  field("grad_norm_history", s.history);
};

}  // namespace

nlohmann::json StageLog::ToJson() const {
  nlohmann::json j = nlohmann::json::object();
  WriteJsonFields(j, *this, kStageFields);
  return j;
}

StageLog StageLog::FromJson(const nlohmann::json& j) {
  StageLog s;
  try {
    ReadJsonFields(j, &s, kStageFields);
  } catch (const nlohmann::json::exception& e) {
    throw std::runtime_error(std::string("bad stage entry: ") + e.what());
  }
  s.grad_norm_start_value = std::strtod(s.grad_norm_start.c_str(), nullptr);
  s.grad_norm_end_value = std::strtod(s.grad_norm_end.c_str(), nullptr);
  return s;
}

}  // namespace nrc
