#include "training/config_field.h"

#include "nets/mlp_limits.h"

#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "io/quoted.h"
#include "numerics/precision.h"

namespace nrc {
namespace {

using Json = nlohmann::json;

[[noreturn]] void Bad(const std::string& name, const std::string& problem) {
  throw std::invalid_argument(name + " " + problem);
}

// The value as the user wrote it, quoted and cut.
std::string Shown(const Json& v) { return Quoted(v.is_string() ? v.get<std::string>() : v.dump()); }

// A name-like string (activation, loss, precision): short, or it is no name.
std::string ShortText(const Json& v, const std::string& name, const std::string& what) {
  const std::string s = ConfigField::Text(v, name);
  if (s.size() > kMaxQuoted) Bad(name, Shown(v) + " is not " + what);
  return s;
}

// Wraps the parser of a name (Activation::Parse, ...) so that its message
// names the field.
template <class F>
auto Named(const std::string& name, F&& parse) -> decltype(parse()) {
  try {
    return parse();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(name + ": " + e.what());
  }
}

// A list field: a JSON list, or the comma-separated text of a flag; each item
// read by `item`.
template <class Item>
auto ListOf(const Json& v, const std::string& name, const std::string& what, Item item)
    -> std::vector<decltype(item(v, name))> {
  std::vector<decltype(item(v, name))> out;
  if (v.is_string()) {
    for (const auto& text : ConfigField::SplitCommas(v.get<std::string>())) out.push_back(item(Json(text), name));
  } else if (v.is_array()) {
    for (const auto& x : v) out.push_back(item(x, name));
  } else {
    Bad(name, "must be a list of " + what + " (got " + Shown(v) + ")");
  }
  return out;
}

bool AllDigits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  return true;
}

}  // namespace

std::vector<std::string> ConfigField::SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  if (text.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = text.find(',', start);
    out.push_back(text.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

std::string ConfigField::Text(const Json& v, const std::string& name) {
  if (!v.is_string()) Bad(name, "must be a string (got " + Quoted(v.dump()) + ")");
  return v.get<std::string>();
}

bool ConfigField::Bool(const Json& v, const std::string& name) {
  if (!v.is_boolean()) Bad(name, "must be true or false (got " + Shown(v) + ")");
  return v.get<bool>();
}

double ConfigField::Number(const Json& v, const std::string& name) {
  double x = 0;
  if (v.is_number()) {
    x = v.get<double>();
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    char* end = nullptr;
    x = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') Bad(name, "is not a number: " + Shown(v));
  } else {
    Bad(name, "must be a number (got " + Shown(v) + ")");
  }
  if (!std::isfinite(x)) Bad(name, "must be finite (got " + Shown(v) + ")");
  return x;
}

long long ConfigField::Integer(const Json& v, const std::string& name, long long lo, long long hi) {
  const std::string range = "an integer from " + std::to_string(lo) + " to " + std::to_string(hi);
  long double x = 0;
  if (v.is_number_unsigned()) {
    x = static_cast<long double>(v.get<unsigned long long>());
  } else if (v.is_number_integer()) {
    x = static_cast<long double>(v.get<long long>());
  } else if (v.is_number_float() && std::isfinite(v.get<double>()) && v.get<double>() == std::floor(v.get<double>())) {
    x = static_cast<long double>(v.get<double>());
  } else if (v.is_string()) {
    const std::string s = v.get<std::string>();
    const bool negative = !s.empty() && s[0] == '-';
    if (!AllDigits(negative ? s.substr(1) : s)) Bad(name, "must be " + range + " (got " + Shown(v) + ")");
    x = std::strtold(s.c_str(), nullptr);
  } else {
    Bad(name, "must be " + range + " (got " + Shown(v) + ")");
  }
  if (x < static_cast<long double>(lo) || x > static_cast<long double>(hi)) {
    Bad(name, "must be " + range + " (got " + Shown(v) + ")");
  }
  return static_cast<long long>(x);
}

std::uint64_t ConfigField::Seed(const Json& v, const std::string& name) {
  const std::string range = "an integer from 0 to " + std::to_string(std::numeric_limits<std::uint64_t>::max());
  if (v.is_number_unsigned()) return v.get<std::uint64_t>();
  if (v.is_number_integer() && v.get<long long>() >= 0) return static_cast<std::uint64_t>(v.get<long long>());
  if (v.is_string() && AllDigits(v.get<std::string>())) {
    errno = 0;
    const unsigned long long x = std::strtoull(v.get<std::string>().c_str(), nullptr, 10);
    if (errno != ERANGE) return x;
    Bad(name, "is out of range: must be " + range + " (got " + Shown(v) + ")");
  }
  if (v.is_number_float()) {
    const double d = v.get<double>();
    // 2^64 is exactly representable; every integral double below it fits.
    if (d >= 0 && d < 18446744073709551616.0 && d == std::floor(d)) return static_cast<std::uint64_t>(d);
  }
  Bad(name, "must be " + range + " (got " + Shown(v) + ")");
}

double ConfigField::Lambda(const Json& v, const std::string& name) {
  const double x = Number(v, name);
  if (!(x > 0 && x <= MlpLimits::kMaxLambda)) {
    Bad(name, "must be a number > 0 and <= 1e6 (nrc's limit: nets/mlp_limits.h) (got " + Shown(v) + ")");
  }
  return x;
}

std::optional<double> ConfigField::LambdaB(const Json& v, const std::string& name) {
  if (v.is_string() && v.get<std::string>() == "lambda") return std::nullopt;
  const double x = Number(v, name);
  if (!(x >= 0)) Bad(name, "must be 0, lambda, or the word lambda (got " + Shown(v) + ")");
  return x;
}

int ConfigField::Width(const Json& v, const std::string& name) {
  return static_cast<int>(Integer(v, name, 1, kMaxWidth));
}

std::vector<int> ConfigField::Widths(const Json& v, const std::string& name) {
  const std::vector<int> out = ListOf(v, name, "widths [d_0, ..., K]", Width);
  if (out.size() < 2) Bad(name, "needs at least the input width d_0 and the number of classes K (got " + Shown(v) + ")");
  return out;
}

Activation ConfigField::ActivationOf(const Json& v, const std::string& name) {
  const std::string s = ShortText(v, name, "an activation");
  return Named(name, [&] { return Activation::Parse(s); });
}

Loss ConfigField::LossOf(const Json& v, const std::string& name) {
  const std::string s = ShortText(v, name, "a loss (mse or ce)");
  return Named(name, [&] { return Loss::Parse(s); });
}

std::string ConfigField::CheckPrecision(const Json& v, const std::string& name) {
  const std::string s = ShortText(v, name, "a precision");
  (void)Named(name, [&] { return Precision::Parse(s); });
  return s;
}

std::string ConfigField::TrainPrecision(const Json& v, const std::string& name) {
  if (v.is_string() && v.get<std::string>() == "auto") return "auto";
  return CheckPrecision(v, name);
}

std::vector<std::string> ConfigField::Ladder(const Json& v, const std::string& name) {
  return ListOf(v, name, "precisions", TrainPrecision);
}

double ConfigField::RankThreshold(const Json& v, const std::string& name) {
  const double x = Number(v, name);
  if (!(x > 0 && x < 1)) Bad(name, "must be a number in (0, 1) (got " + Shown(v) + ")");
  return x;
}

}  // namespace nrc
