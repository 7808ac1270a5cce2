// nrc/io/json_numbers.h
//
// Doubles in JSON files nrc writes (check.json, analysis.json, report.json).
// JSON has no NaN or infinity: JsonNumber writes them as the strings "nan",
// "inf", "-inf" (finite values as JSON numbers, which nlohmann writes in
// shortest round-trip form, so a finite double reads back to the same bits);
// ReadJsonNumber reads those strings, null (as NaN) or a number, and throws
// std::runtime_error naming the value for anything else. The *s forms do the
// same element by element for a list.
#ifndef NRC_IO_JSON_NUMBERS_H_
#define NRC_IO_JSON_NUMBERS_H_

#include <nlohmann/json.hpp>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <vector>

namespace nrc {

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

inline nlohmann::ordered_json JsonNumbers(const std::vector<double>& v) {
  nlohmann::ordered_json a = nlohmann::ordered_json::array();
  for (double x : v) a.push_back(JsonNumber(x));
  return a;
}

inline std::vector<double> ReadJsonNumbers(const nlohmann::json& a) {
  if (!a.is_array()) throw std::runtime_error("expected a list of numbers, got " + a.dump());
  std::vector<double> v;
  for (const auto& x : a) v.push_back(ReadJsonNumber(x));
  return v;
}

}  // namespace nrc

#endif  // NRC_IO_JSON_NUMBERS_H_
