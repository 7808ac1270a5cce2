#include "suite/problem_flags.h"

#include <stdexcept>

#include "datasets/data_source.h"
#include "training/config_field.h"

namespace nrc {
namespace {

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

void ProblemFlags::Register(CLI::App* cmd, unsigned parts) {
  if (parts & kProblem) {
    cmd->add_option("--data", data,
                    "your data: a CSV, IDX or .npy file, idx:IMAGES,LABELS, npy:X,Y, iris, digits, fashion-mnist, "
                    "gauss:... (docs/data.md)");
    cmd->add_option("--n", n, "a class-balanced subset of N samples of the data (seeded: SOURCE@n=N[,seed=S])");
    cmd->add_option("--widths", widths, "d_0,...,K (default with --data: d,16,16,K)");
    cmd->add_option("--activation", activation, "tanh, sigmoid, softplus, identity, relu, leaky_relu[:SLOPE], gelu, silu");
    cmd->add_option("--loss", loss, "mse or ce");
    cmd->add_option("--lambda", lambda, "weight decay (> 0); a comma-separated list makes a lambda sweep");
    cmd->add_option("--lambda-b", lambda_b, "weight decay on the biases: 0 or lambda");
    cmd->add_option("--precision", precision, "last stage of the training ladder: auto, double, longdouble, float128, mpfr:BITS");
    cmd->add_option("--ladder", ladder, "polishing precisions, comma-separated, ending with --precision");
    cmd->add_option("--name", name, "name of the problem (of the run for nrc train)");
    bias_flag = cmd->add_flag("--bias,!--no-bias", bias_value, "biases on every layer (or none)");
    standardize_flag = cmd->add_flag("--standardize,!--no-standardize", standardize_value,
                                     "standardise the features (default with --data) or not");
  }
  if (parts & kSeed) cmd->add_option("--seed", seed, "initialisation seed (0 to 2^64-1)");
  if (parts & kAnalysis) {
    cmd->add_option("--check-precision", check_precision, "precision of the checks (default mpfr:256)");
    cmd->add_option("--rank-threshold", rank_threshold, "numerical rank threshold relative to ||W_l||_2, in (0, 1) (default 1e-3)");
  }
}

bool ProblemFlags::AnyProblemOption() const {
  return !data.empty() || !n.empty() || !widths.empty() || !activation.empty() || !loss.empty() || !lambda.empty() ||
         !lambda_b.empty() || !precision.empty() || !ladder.empty() || !seed.empty() ||
         (bias_flag && bias_flag->count() > 0) || (standardize_flag && standardize_flag->count() > 0);
}

std::vector<double> ProblemFlags::Lambdas() const {
  std::vector<double> out;
  for (const auto& item : ConfigField::SplitCommas(lambda)) out.push_back(ConfigField::Lambda(item, "--lambda"));
  return out;
}

std::string ProblemFlags::SubsetOf(const std::string& source) const {
  if (n.empty()) return source;
  return WithSubset(source, static_cast<int>(ConfigField::Integer(n, "--n", 1, 100000000)));
}

nlohmann::json ProblemFlags::Overrides() const {
  using Json = nlohmann::json;
  Json j = Json::object();
  if (!data.empty()) j["data"] = SubsetOf(data);
  if (!widths.empty()) j["widths"] = ConfigField::Widths(widths, "--widths");
  if (!activation.empty()) j["activation"] = ConfigField::ActivationOf(activation, "--activation").Name();
  if (!loss.empty()) j["loss"] = ConfigField::LossOf(loss, "--loss").Name();
  const auto lambdas = Lambdas();
  if (lambdas.size() == 1) j["lambda"] = lambdas.front();
  if (!lambda_b.empty()) {
    const auto b = ConfigField::LambdaB(lambda_b, "--lambda-b");
    j["lambda_b"] = b ? Json(*b) : Json("lambda");
  }
  if (!seed.empty()) j["seed"] = ConfigField::Seed(seed, "--seed");
  if (!precision.empty()) {
    j["precision"] = ConfigField::TrainPrecision(precision, "--precision");
    j["ladder"] = Json::array();
  }
  if (!ladder.empty()) j["ladder"] = ConfigField::Ladder(ladder, "--ladder");
  if (bias_flag && bias_flag->count() > 0) j["bias"] = bias_value;
  if (standardize_flag && standardize_flag->count() > 0) j["standardize"] = standardize_value;
  return j;
}

RunAnalysis::Options ProblemFlags::Analysis(const RunAnalysis::Options& base) const {
  RunAnalysis::Options o = base;
  if (!check_precision.empty()) o.precision = ConfigField::CheckPrecision(check_precision, "--check-precision");
  if (!rank_threshold.empty()) o.rank_threshold = ConfigField::RankThreshold(rank_threshold, "--rank-threshold");
  o.Validate();
  return o;
}

SweepConfig ProblemFlags::DataSweep() const {
  if (data.empty()) throw std::invalid_argument("--data is required to describe your own problem");
  nlohmann::json config = Overrides();
  if (!config.contains("standardize")) config["standardize"] = true;
  if (!config.contains("widths")) {
    const Dataset d = LoadDataSource(SubsetOf(data));
    config["widths"] = {d.dim(), 16, 16, d.num_classes};
  }
  nlohmann::ordered_json block;
  block["name"] = name.empty() ? BlockNameFor(data) : name;
  block["config"] = nlohmann::ordered_json(config);
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
