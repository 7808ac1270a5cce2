#include "training/train_config.h"

#include <cmath>
#include <limits>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "io/json_fields.h"
#include "io/quoted.h"
#include "training/config_field.h"

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
      Bad(CutForMessage((where.empty() ? "" : where + ".") + it.key()), "is not a known key (expected one of " + list + ")");
    }
  }
}

// The name ConfigField prints for a key: "config: 'lbfgs.memory'".
std::string Key(const std::string& key) { return "config: '" + key + "'"; }

int Count(const json& j, const std::string& key, long long lo, long long hi) {
  return static_cast<int>(ConfigField::Integer(j, Key(key), lo, hi));
}
double Real(const json& j, const std::string& key) { return ConfigField::Number(j, Key(key)); }

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
// A name field: one of `names`, else 'must be "a", "b" or "c" (got "v")'.
void CheckOneOf(const std::string& v, const std::string& key, const std::vector<std::string>& names) {
  std::string list;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (names[i] == v) return;
    list += (i == 0 ? "" : i + 1 == names.size() ? " or " : ", ") + ("\"" + names[i] + "\"");
  }
  Bad(key, "must be " + list + " (got \"" + v.substr(0, 40) + "\")");
}

// A count field's bounds, given as the field's codec (io/json_fields.h: it
// is written as the int it is); doubles and strings need none.
struct Range {
  long long lo, hi;
  static int Write(int x) { return x; }
};

// One field list per stage section, for both directions of its JSON form
// (written by WriteJsonFields, read and validated by ReadSection).
constexpr auto kLbfgsFields = [](auto& s, auto&& field) {
  field("max_iterations", s.max_iterations, Range{0, kMaxCount});
  field("max_seconds", s.max_seconds);
  field("gradient_tolerance", s.gradient_tolerance);
  field("memory", s.memory, Range{1, 1000});
  field("float_until", s.float_until);
};
constexpr auto kNewtonFields = [](auto& s, auto&& field) {
  field("max_iterations", s.max_iterations, Range{0, kMaxCount});
  field("max_seconds", s.max_seconds);
  field("max_eigen_parameters", s.max_eigen_parameters, Range{0, kMaxCount});
  field("max_dense_parameters", s.max_dense_parameters, Range{0, kMaxCount});
  field("max_cg_iterations", s.max_cg_iterations, Range{0, kMaxCount});
  field("cg_tolerance", s.cg_tolerance);
  field("damping", s.damping);
  field("preconditioner", s.preconditioner);
  field("lbfgs_pairs", s.lbfgs_pairs, Range{1, 100000});
  field("gauss_newton_until", s.gauss_newton_until);
  field("mu", s.mu);
  field("negative_curvature", s.negative_curvature);
  field("target", s.target);
};
constexpr auto kPolishFields = [](auto& s, auto&& field) {
  field("max_iterations", s.max_iterations, Range{0, kMaxCount});
  field("max_seconds", s.max_seconds);
  field("max_cg_iterations", s.max_cg_iterations, Range{0, kMaxCount});
  field("cg_tolerance", s.cg_tolerance);
};

// Reads one field of a stage section, validated, with the error naming
// "section.key".
struct SectionFieldReader {
  const json& section;
  const std::string& name;
  std::string Where(const char* key) const { return name + "." + key; }
  void operator()(const char* key, int& member, Range r) const {
    if (section.contains(key)) member = Count(section[key], Where(key), r.lo, r.hi);
  }
  void operator()(const char* key, double& member) const {
    if (section.contains(key)) member = Real(section[key], Where(key));
  }
  void operator()(const char* key, std::string& member) const {
    if (section.contains(key)) member = ConfigField::Text(section[key], Key(Where(key)));
  }
};

// Reads section `name` of j (when present) into *s through its field list;
// unknown keys are refused.
template <class S, class Fields>
void ReadSection(const json& j, const std::string& name, S* s, const Fields& fields) {
  if (!j.contains(name)) return;
  const json& section = j[name];
  std::set<std::string> known;
  fields(*s, [&](const char* key, const auto&, auto...) { known.insert(key); });
  CheckKeys(section, name, known);
  fields(*s, SectionFieldReader{section, name});
}

}  // namespace

TrainConfig TrainConfig::FromJson(const json& j) {
  CheckKeys(j, "", {"name", "data", "standardize", "widths", "activation", "loss", "bias", "lambda", "lambda_b",
                    "seed", "precision", "ladder", "lbfgs", "newton", "polish", "format", "run_id"});
  if (j.contains("format") && !(j["format"].is_string() && j["format"].get<std::string>() == "nrc-config/1")) {
    Bad("format", "must be \"nrc-config/1\" (a run directory's config.json)");
  }
  TrainConfig c;
  if (j.contains("name")) c.name = ConfigField::Text(j["name"], Key("name"));
  if (!j.contains("data")) Bad("data", "is required (iris, digits, gauss:..., or a CSV path)");
  c.data = ConfigField::Text(j["data"], Key("data"));
  if (j.contains("standardize")) c.standardize = ConfigField::Bool(j["standardize"], Key("standardize"));
  if (!j.contains("widths")) Bad("widths", "is required ([d_0, ..., K])");
  c.widths = ConfigField::Widths(j["widths"], Key("widths"));
  if (j.contains("activation")) c.activation = ConfigField::ActivationOf(j["activation"], Key("activation"));
  if (j.contains("loss")) c.loss = ConfigField::LossOf(j["loss"], Key("loss"));
  if (j.contains("bias")) c.bias = ConfigField::Bool(j["bias"], Key("bias"));
  if (j.contains("lambda")) c.lambda = ConfigField::Lambda(j["lambda"], Key("lambda"));
  if (j.contains("lambda_b")) c.lambda_b = ConfigField::LambdaB(j["lambda_b"], Key("lambda_b")).value_or(c.lambda);
  if (j.contains("seed")) c.seed = ConfigField::Seed(j["seed"], Key("seed"));
  if (j.contains("precision")) c.precision = ConfigField::TrainPrecision(j["precision"], Key("precision"));
  if (j.contains("ladder")) c.ladder = ConfigField::Ladder(j["ladder"], Key("ladder"));
  ReadSection(j, "lbfgs", &c.lbfgs, kLbfgsFields);
  ReadSection(j, "newton", &c.newton, kNewtonFields);
  ReadSection(j, "polish", &c.polish, kPolishFields);
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
  WriteJsonFields(j["lbfgs"], lbfgs, kLbfgsFields);
  WriteJsonFields(j["newton"], newton, kNewtonFields);
  WriteJsonFields(j["polish"], polish, kPolishFields);
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
  CheckTolerance(lbfgs.float_until, "lbfgs.float_until");
  CheckCount(newton.max_iterations, "newton.max_iterations");
  CheckSeconds(newton.max_seconds, "newton.max_seconds");
  CheckCount(newton.max_eigen_parameters, "newton.max_eigen_parameters");
  CheckCount(newton.max_dense_parameters, "newton.max_dense_parameters");
  CheckCount(newton.max_cg_iterations, "newton.max_cg_iterations");
  CheckTolerance(newton.cg_tolerance, "newton.cg_tolerance");
  CheckTolerance(newton.damping, "newton.damping");
  CheckOneOf(newton.preconditioner, "newton.preconditioner", {"auto", "dense", "lbfgs", "kfac", "none"});
  CheckCount(newton.lbfgs_pairs, "newton.lbfgs_pairs", 1);
  CheckTolerance(newton.gauss_newton_until, "newton.gauss_newton_until");
  CheckOneOf(newton.target, "newton.target", {"minimum", "stationary"});
  CheckOneOf(newton.negative_curvature, "newton.negative_curvature", {"iterate", "direction"});
  if (!(newton.mu > 0) || !std::isfinite(newton.mu)) Bad("newton.mu", "must be finite and > 0");
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
