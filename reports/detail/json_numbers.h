// Internals of nrc_reports: doubles in JSON. JSON has no NaN or infinity;
// they are written as the strings "nan", "inf", "-inf" (as proofs-check's
// verdict records do) and read back from those strings or from null.
#ifndef NRC_REPORTS_DETAIL_JSON_NUMBERS_H_
#define NRC_REPORTS_DETAIL_JSON_NUMBERS_H_

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace nrc::reports_detail {

inline nlohmann::ordered_json JsonNumber(double x) {
  if (std::isfinite(x)) return x;
  return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
}

inline double ReadJsonNumber(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  if (j.is_null()) return std::numeric_limits<double>::quiet_NaN();
  if (j.is_string()) {
    const std::string s = j.get<std::string>();
    if (s == "inf") return std::numeric_limits<double>::infinity();
    if (s == "-inf") return -std::numeric_limits<double>::infinity();
    if (s == "nan") return std::numeric_limits<double>::quiet_NaN();
  }
  throw std::runtime_error("expected a number, got " + j.dump());
}

}  // namespace nrc::reports_detail

#endif  // NRC_REPORTS_DETAIL_JSON_NUMBERS_H_
