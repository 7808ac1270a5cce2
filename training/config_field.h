// nrc/training/config_field.h
//
// ConfigField: the one validator of every problem, training and analysis
// option, used alike by the command-line flags (`nrc train`, `verify`,
// `sweep`, `check`, `fuzz`: suite/problem_flags.h) and the JSON readers
// (training/train_config.h, suite/sweep_config.h, reports/run_analysis.h).
// A flag's text is passed as a JSON string, so each field accepts its JSON
// form and its text form:
//   Lambda          number or decimal string; finite and > 0
//   LambdaB         number or decimal string, finite and >= 0, or the word
//                   "lambda" (the biases' decay follows lambda: nullopt)
//   Seed            unsigned 64-bit integer (JSON integer or decimal digits);
//                   negative, fractional or too large values are errors, never
//                   clamped
//   Widths          JSON list of integers or "16,16,4"; each 1..kMaxWidth,
//                   at least two
//   Width           one integer 1..kMaxWidth (a sweep's hidden width)
//   Activation, Loss         names (nets/activation.h, nets/loss.h)
//   TrainPrecision  "auto" or a precision name (numerics/precision.h)
//   Ladder          JSON list or "float128,mpfr:256": precision names or "auto"
//   CheckPrecision  a precision name ("auto" is not one)
//   RankThreshold   number or decimal string; finite, 0 < t < 1
//   Number, Integer, Bool, Text    the generic kinds the others build on
// Every error is std::invalid_argument("NAME ..."): NAME as the caller names
// the field ("config: 'lambda'", "--lambda"), the user's value quoted and cut
// to io/quoted.h's 60 characters, one line.
#ifndef NRC_TRAINING_CONFIG_FIELD_H_
#define NRC_TRAINING_CONFIG_FIELD_H_

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "nets/activation.h"
#include "nets/loss.h"

namespace nrc {

struct ConfigField {
  using Json = nlohmann::json;
  static constexpr long long kMaxWidth = 1000000;

  static double Lambda(const Json& v, const std::string& name);
  static std::optional<double> LambdaB(const Json& v, const std::string& name);
  static std::uint64_t Seed(const Json& v, const std::string& name);
  static std::vector<int> Widths(const Json& v, const std::string& name);
  static int Width(const Json& v, const std::string& name);
  static Activation ActivationOf(const Json& v, const std::string& name);
  static Loss LossOf(const Json& v, const std::string& name);
  static std::string TrainPrecision(const Json& v, const std::string& name);
  static std::vector<std::string> Ladder(const Json& v, const std::string& name);
  static std::string CheckPrecision(const Json& v, const std::string& name);
  static double RankThreshold(const Json& v, const std::string& name);

  // A finite number (JSON number or decimal string).
  static double Number(const Json& v, const std::string& name);
  // An integer lo..hi (JSON integer, an integral JSON number, or decimal digits).
  static long long Integer(const Json& v, const std::string& name, long long lo, long long hi);
  static bool Bool(const Json& v, const std::string& name);
  static std::string Text(const Json& v, const std::string& name);
  // "a,b,c" -> {"a", "b", "c"}; "" -> {}; empty items are kept (and rejected
  // by the field that reads them).
  static std::vector<std::string> SplitCommas(const std::string& text);
};

}  // namespace nrc

#endif  // NRC_TRAINING_CONFIG_FIELD_H_
