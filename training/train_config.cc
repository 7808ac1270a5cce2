#include "training/train_config.h"

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>

namespace nrc {
namespace {

using nlohmann::json;

[[noreturn]] void Bad(const std::string& key, const std::string& problem) {
  throw std::invalid_argument("config: '" + key + "' " + problem);
}

void CheckKeys(const json& j, const std::string& where, const std::set<std::string>& known) {
  if (!j.is_object()) Bad(where.empty() ? "(top level)" : where, "must be a JSON object");
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!known.count(it.key())) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      Bad((where.empty() ? "" : where + ".") + it.key(), "is not a known key (expected one of " + list + ")");
    }
  }
}

std::string GetString(const json& j, const std::string& key) {
  if (!j.is_string()) Bad(key, "must be a string");
  return j.get<std::string>();
}

bool GetBool(const json& j, const std::string& key) {
  if (!j.is_boolean()) Bad(key, "must be true or false");
  return j.get<bool>();
}

// A number, or a decimal string (so that a config can spell lambda exactly as
// in a paper: "1e-3"); the nearest double.
double GetDouble(const json& j, const std::string& key) {
  double v = 0;
  if (j.is_number()) {
    v = j.get<double>();
  } else if (j.is_string()) {
    const std::string s = j.get<std::string>();
    char* end = nullptr;
    v = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0') Bad(key, "is not a number: '" + s + "'");
  } else {
    Bad(key, "must be a number");
  }
  if (!std::isfinite(v)) Bad(key, "must be finite");
  return v;
}

long long GetInteger(const json& j, const std::string& key, long long lo, long long hi) {
  if (!j.is_number_integer() && !(j.is_number_float() && j.get<double>() == std::floor(j.get<double>()))) {
    Bad(key, "must be an integer");
  }
  const double d = j.get<double>();
  if (d < static_cast<double>(lo) || d > static_cast<double>(hi)) {
    Bad(key, "must be between " + std::to_string(lo) + " and " + std::to_string(hi));
  }
  return j.is_number_unsigned() ? static_cast<long long>(j.get<unsigned long long>()) : j.get<long long>();
}

constexpr long long kMaxCount = 100000000;

void CheckCount(int v, const std::string& key, int lo = 0) {
  if (v < lo) Bad(key, "must be >= " + std::to_string(lo) + " (got " + std::to_string(v) + ")");
}
void CheckSeconds(double v, const std::string& key) {
  if (!(std::isfinite(v) && v > 0)) Bad(key, "must be a finite number of seconds > 0");
}
void CheckTolerance(double v, const std::string& key) {
  if (!(std::isfinite(v) && v >= 0)) Bad(key, "must be finite and >= 0");
}

}  // namespace

TrainConfig TrainConfig::FromJson(const json& j) {
  CheckKeys(j, "", {"name", "data", "standardize", "widths", "activation", "loss", "bias", "lambda", "lambda_b",
                    "seed", "precision", "ladder", "lbfgs", "newton", "polish", "format", "run_id"});
  if (j.contains("format") && !(j["format"].is_string() && j["format"].get<std::string>() == "nrc-config/1")) {
    Bad("format", "must be \"nrc-config/1\" (a run directory's config.json)");
  }
  TrainConfig c;
  if (j.contains("name")) c.name = GetString(j["name"], "name");
  if (!j.contains("data")) Bad("data", "is required (iris, digits, gauss:..., or a CSV path)");
  c.data = GetString(j["data"], "data");
  if (j.contains("standardize")) c.standardize = GetBool(j["standardize"], "standardize");
  if (!j.contains("widths")) Bad("widths", "is required ([d_0, ..., K])");
  if (!j["widths"].is_array()) Bad("widths", "must be a list of integers");
  for (const auto& w : j["widths"]) c.widths.push_back(static_cast<int>(GetInteger(w, "widths", -kMaxCount, kMaxCount)));
  try {
    if (j.contains("activation")) c.activation = Activation::Parse(GetString(j["activation"], "activation"));
    if (j.contains("loss")) c.loss = Loss::Parse(GetString(j["loss"], "loss"));
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("config: ") + e.what());
  }
  if (j.contains("bias")) c.bias = GetBool(j["bias"], "bias");
  if (j.contains("lambda")) c.lambda = GetDouble(j["lambda"], "lambda");
  if (j.contains("lambda_b")) c.lambda_b = GetDouble(j["lambda_b"], "lambda_b");
  if (j.contains("seed")) {
    c.seed = static_cast<std::uint64_t>(GetInteger(j["seed"], "seed", 0, std::numeric_limits<long long>::max()));
  }
  if (j.contains("precision")) c.precision = GetString(j["precision"], "precision");
  if (j.contains("ladder")) {
    if (!j["ladder"].is_array()) Bad("ladder", "must be a list of precisions");
    for (const auto& p : j["ladder"]) c.ladder.push_back(GetString(p, "ladder"));
  }
  if (j.contains("lbfgs")) {
    const json& s = j["lbfgs"];
    CheckKeys(s, "lbfgs", {"max_iterations", "max_seconds", "gradient_tolerance", "memory"});
    if (s.contains("max_iterations")) c.lbfgs.max_iterations = static_cast<int>(GetInteger(s["max_iterations"], "lbfgs.max_iterations", 0, kMaxCount));
    if (s.contains("max_seconds")) c.lbfgs.max_seconds = GetDouble(s["max_seconds"], "lbfgs.max_seconds");
    if (s.contains("gradient_tolerance")) c.lbfgs.gradient_tolerance = GetDouble(s["gradient_tolerance"], "lbfgs.gradient_tolerance");
    if (s.contains("memory")) c.lbfgs.memory = static_cast<int>(GetInteger(s["memory"], "lbfgs.memory", 1, 1000));
  }
  if (j.contains("newton")) {
    const json& s = j["newton"];
    CheckKeys(s, "newton", {"max_iterations", "max_seconds", "max_eigen_parameters", "max_dense_parameters", "max_cg_iterations", "cg_tolerance", "damping"});
    if (s.contains("max_iterations")) c.newton.max_iterations = static_cast<int>(GetInteger(s["max_iterations"], "newton.max_iterations", 0, kMaxCount));
    if (s.contains("max_seconds")) c.newton.max_seconds = GetDouble(s["max_seconds"], "newton.max_seconds");
    if (s.contains("max_eigen_parameters")) c.newton.max_eigen_parameters = static_cast<int>(GetInteger(s["max_eigen_parameters"], "newton.max_eigen_parameters", 0, kMaxCount));
    if (s.contains("max_dense_parameters")) c.newton.max_dense_parameters = static_cast<int>(GetInteger(s["max_dense_parameters"], "newton.max_dense_parameters", 0, kMaxCount));
    if (s.contains("max_cg_iterations")) c.newton.max_cg_iterations = static_cast<int>(GetInteger(s["max_cg_iterations"], "newton.max_cg_iterations", 0, kMaxCount));
    if (s.contains("cg_tolerance")) c.newton.cg_tolerance = GetDouble(s["cg_tolerance"], "newton.cg_tolerance");
    if (s.contains("damping")) c.newton.damping = GetDouble(s["damping"], "newton.damping");
  }
  if (j.contains("polish")) {
    const json& s = j["polish"];
    CheckKeys(s, "polish", {"max_iterations", "max_seconds", "max_cg_iterations", "cg_tolerance"});
    if (s.contains("max_iterations")) c.polish.max_iterations = static_cast<int>(GetInteger(s["max_iterations"], "polish.max_iterations", 0, kMaxCount));
    if (s.contains("max_seconds")) c.polish.max_seconds = GetDouble(s["max_seconds"], "polish.max_seconds");
    if (s.contains("max_cg_iterations")) c.polish.max_cg_iterations = static_cast<int>(GetInteger(s["max_cg_iterations"], "polish.max_cg_iterations", 0, kMaxCount));
    if (s.contains("cg_tolerance")) c.polish.cg_tolerance = GetDouble(s["cg_tolerance"], "polish.cg_tolerance");
  }
  c.Validate();
  return c;
}

json TrainConfig::ToJson() const {
  json j;
  j["name"] = name;
  j["data"] = data;
  j["standardize"] = standardize;
  j["widths"] = widths;
  j["activation"] = activation.Name();
  j["loss"] = loss.Name();
  j["bias"] = bias;
  j["lambda"] = lambda;
  j["lambda_b"] = lambda_b;
  j["seed"] = seed;
  j["precision"] = precision;
  j["ladder"] = ladder;
  j["lbfgs"] = {{"max_iterations", lbfgs.max_iterations},
                {"max_seconds", lbfgs.max_seconds},
                {"gradient_tolerance", lbfgs.gradient_tolerance},
                {"memory", lbfgs.memory}};
  j["newton"] = {{"max_iterations", newton.max_iterations},
                 {"max_seconds", newton.max_seconds},
                 {"max_eigen_parameters", newton.max_eigen_parameters},
                 {"max_dense_parameters", newton.max_dense_parameters},
                 {"max_cg_iterations", newton.max_cg_iterations},
                 {"cg_tolerance", newton.cg_tolerance},
                 {"damping", newton.damping}};
  j["polish"] = {{"max_iterations", polish.max_iterations},
                 {"max_seconds", polish.max_seconds},
                 {"max_cg_iterations", polish.max_cg_iterations},
                 {"cg_tolerance", polish.cg_tolerance}};
  return j;
}

MlpSpec TrainConfig::Spec() const { return MlpSpec::Uniform(widths, activation, loss, bias, lambda, lambda_b); }

void TrainConfig::Validate() const {
  if (name.empty() || name.find_first_of("/\\\n\r\t") != std::string::npos) {
    Bad("name", "must be non-empty and contain no '/', '\\' or control characters");
  }
  if (data.empty()) Bad("data", "is empty");
  if (widths.size() < 2) Bad("widths", "needs at least the input width d_0 and the number of classes K");
  try {
    Spec().Validate();
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("config: ") + e.what());
  }
  CheckCount(lbfgs.max_iterations, "lbfgs.max_iterations");
  CheckSeconds(lbfgs.max_seconds, "lbfgs.max_seconds");
  CheckTolerance(lbfgs.gradient_tolerance, "lbfgs.gradient_tolerance");
  CheckCount(lbfgs.memory, "lbfgs.memory", 1);
  CheckCount(newton.max_iterations, "newton.max_iterations");
  CheckSeconds(newton.max_seconds, "newton.max_seconds");
  CheckCount(newton.max_eigen_parameters, "newton.max_eigen_parameters");
  CheckCount(newton.max_dense_parameters, "newton.max_dense_parameters");
  CheckCount(newton.max_cg_iterations, "newton.max_cg_iterations");
  CheckTolerance(newton.cg_tolerance, "newton.cg_tolerance");
  CheckTolerance(newton.damping, "newton.damping");
  CheckCount(polish.max_iterations, "polish.max_iterations");
  CheckSeconds(polish.max_seconds, "polish.max_seconds");
  CheckCount(polish.max_cg_iterations, "polish.max_cg_iterations");
  CheckTolerance(polish.cg_tolerance, "polish.cg_tolerance");
  TargetPrecision();
  PolishLadder();
}

Precision TrainConfig::TargetPrecision() const {
  if (precision == "auto") {
    return Precision::Parse(Spec().NumParameters() <= newton.max_eigen_parameters ? "mpfr:256" : "double");
  }
  try {
    return Precision::Parse(precision);
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("config: 'precision': ") + e.what());
  }
}

std::vector<Precision> TrainConfig::PolishLadder() const {
  const Precision target = TargetPrecision();
  std::vector<Precision> out;
  if (ladder.empty()) {
    if (!(target == Precision::Parse("double"))) out.push_back(target);
    return out;
  }
  for (const auto& p : ladder) {
    try {
      out.push_back(p == "auto" ? target : Precision::Parse(p));
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument(std::string("config: 'ladder': ") + e.what());
    }
  }
  if (!(out.back() == target)) {
    Bad("ladder", "must end with the target precision " + target.ToString() + " (ends with " +
                      out.back().ToString() + ")");
  }
  return out;
}

}  // namespace nrc
