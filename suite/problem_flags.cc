#include "suite/problem_flags.h"

#include <cmath>
#include <cstdlib>
#include <sstream>
#include <stdexcept>

#include "datasets/data_source.h"

namespace nrc {
namespace {

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) out.push_back(item);
  return out;
}

double ParseNumber(const std::string& text, const std::string& option) {
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0' || !std::isfinite(v)) {
    throw std::invalid_argument(option + ": '" + text + "' is not a number");
  }
  return v;
}

std::string BlockNameFor(const std::string& data) {
  if (data.rfind("gauss", 0) == 0) return "gauss";
  std::string base = data;
  const auto slash = base.find_last_of('/');
  if (slash != std::string::npos) base = base.substr(slash + 1);
  for (const char* ext : {".gz", ".csv"}) {
    const std::string e(ext);
    if (base.size() > e.size() && base.compare(base.size() - e.size(), e.size(), e) == 0) base.resize(base.size() - e.size());
  }
  std::string out;
  for (char c : base) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    out += ok ? c : '-';
  }
  if (out.empty() || out[0] == '.') out = "data";
  return out.substr(0, 64);
}

}  // namespace

void ProblemFlags::Register(CLI::App* cmd, bool with_problem, bool with_seed) {
  if (with_problem) {
    cmd->add_option("--data", data, "your data: a CSV file (data/README.md format), or iris, digits, gauss:...");
    cmd->add_option("--widths", widths, "d_0,...,K (default with --data: d,16,16,K)");
    cmd->add_option("--activation", activation, "tanh, sigmoid, softplus, identity, relu, leaky_relu[:SLOPE], gelu, silu");
    cmd->add_option("--loss", loss, "mse or ce");
    cmd->add_option("--lambda", lambda, "weight decay (> 0); a comma-separated list makes a lambda sweep");
    cmd->add_option("--lambda-b", lambda_b, "weight decay on the biases: 0 or lambda");
    if (with_seed) cmd->add_option("--seed", seed, "initialisation seed (>= 0)");
    cmd->add_option("--precision", precision, "last stage of the training ladder: auto, double, longdouble, float128, mpfr:BITS");
    cmd->add_option("--name", name, "name of the problem made from --data");
    bias_flag = cmd->add_flag("--bias,!--no-bias", bias_value, "biases on every layer (or none)");
    standardize_flag = cmd->add_flag("--standardize,!--no-standardize", standardize_value,
                                     "standardise the features (default with --data) or not");
  }
  cmd->add_option("--check-precision", check_precision, "precision of the checks (default mpfr:256)");
  cmd->add_option("--rank-threshold", rank_threshold, "numerical rank threshold relative to ||W_l||_2 (default 1e-3)");
}

bool ProblemFlags::AnyProblemOption() const {
  return !data.empty() || !widths.empty() || !activation.empty() || !loss.empty() || !lambda.empty() ||
         !lambda_b.empty() || !precision.empty() || seed >= 0 || (bias_flag && bias_flag->count() > 0) ||
         (standardize_flag && standardize_flag->count() > 0);
}

std::vector<double> ProblemFlags::Lambdas() const {
  std::vector<double> out;
  if (lambda.empty()) return out;
  for (const auto& item : SplitCommas(lambda)) {
    const double v = ParseNumber(item, "--lambda");
    if (!(v > 0)) throw std::invalid_argument("--lambda: " + item + " is not > 0");
    out.push_back(v);
  }
  return out;
}

nlohmann::json ProblemFlags::Overrides() const {
  nlohmann::json j = nlohmann::json::object();
  if (!data.empty()) j["data"] = data;
  if (!widths.empty()) {
    nlohmann::json w = nlohmann::json::array();
    for (const auto& item : SplitCommas(widths)) {
      char* end = nullptr;
      const long v = std::strtol(item.c_str(), &end, 10);
      if (item.empty() || *end != '\0' || v < 1) throw std::invalid_argument("--widths: '" + item + "' is not a width >= 1");
      w.push_back(v);
    }
    j["widths"] = w;
  }
  if (!activation.empty()) j["activation"] = activation;
  if (!loss.empty()) j["loss"] = loss;
  const auto lambdas = Lambdas();
  if (lambdas.size() == 1) j["lambda"] = lambdas.front();
  if (!lambda_b.empty()) {
    if (lambda_b == "lambda") {
      if (lambdas.size() != 1) throw std::invalid_argument("--lambda-b lambda needs a single --lambda value");
      j["lambda_b"] = lambdas.front();
    } else {
      j["lambda_b"] = ParseNumber(lambda_b, "--lambda-b");
    }
  }
  if (seed >= 0) j["seed"] = seed;
  if (!precision.empty()) {
    j["precision"] = precision;
    j["ladder"] = nlohmann::json::array();
  }
  if (bias_flag && bias_flag->count() > 0) j["bias"] = bias_value;
  if (standardize_flag && standardize_flag->count() > 0) j["standardize"] = standardize_value;
  return j;
}

RunAnalysis::Options ProblemFlags::Analysis(const RunAnalysis::Options& base) const {
  RunAnalysis::Options o = base;
  if (!check_precision.empty()) o.precision = check_precision;
  if (rank_threshold != 0) o.rank_threshold = rank_threshold;
  o.Validate();
  return o;
}

SweepConfig ProblemFlags::DataSweep() const {
  if (data.empty()) throw std::invalid_argument("--data is required to describe your own problem");
  nlohmann::json config = Overrides();
  if (!config.contains("standardize")) config["standardize"] = true;
  if (!config.contains("widths")) {
    const Dataset d = LoadDataSource(data);
    config["widths"] = {d.dim(), 16, 16, d.num_classes};
  }
  nlohmann::ordered_json block;
  block["name"] = name.empty() ? BlockNameFor(data) : name;
  block["config"] = nlohmann::ordered_json::parse(config.dump());
  const auto lambdas = Lambdas();
  if (lambdas.size() > 1) block["grid"] = {{"lambda", lambdas}};
  nlohmann::ordered_json j;
  j["name"] = block["name"];
  j["sweeps"] = nlohmann::ordered_json::array({block});
  SweepConfig c = SweepConfig::FromJson(j, ".", "data");
  c.analysis = Analysis(c.analysis);
  return c;
}

}  // namespace nrc
