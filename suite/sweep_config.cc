#include "suite/sweep_config.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>
#include <stdexcept>

#include "datasets/data_source.h"
#include "io/atomic_file.h"
#include "io/json_reader.h"
#include "io/quoted.h"
#include "training/config_field.h"
#include "training/reference_problems.h"

namespace nrc {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;
namespace fs = std::filesystem;

constexpr long long kMaxDepth = 1000;  // weight matrices of a "depth" axis value

[[noreturn]] void Bad(const std::string& message) { throw std::invalid_argument("sweep config: " + message); }

void CheckKeys(const ordered_json& j, const std::string& where, const std::set<std::string>& known) {
  for (auto it = j.begin(); it != j.end(); ++it) {
    if (!known.count(it.key())) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      Bad(where + "unknown key " + Quoted(it.key()) + " (expected " + list + ")");
    }
  }
}

bool ValidName(const std::string& name) {
  if (name.empty() || name[0] == '.' || name.size() > 64) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return true;
}

// The shortest decimal that reads back as x.
std::string ShortestDouble(double x) {
  char buf[40];
  for (int digits = 1; digits <= 17; ++digits) {
    std::snprintf(buf, sizeof buf, "%.*g", digits, x);
    if (std::strtod(buf, nullptr) == x) break;
  }
  return buf;
}

// Sweep values are read by the validators of the training config (training/
// config_field.h); ConfigField takes plain JSON.
json Plain(const ordered_json& v) { return json(v); }
int WidthOf(const ordered_json& v, const std::string& what) { return ConfigField::Width(Plain(v), what); }

std::string Sanitize(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.' || c == '+' || c == ':';
    out += ok ? c : '_';
  }
  return out;
}

// The label of one axis value in a point's name.
std::string Label(const std::string& axis, const ordered_json& v) {
  if (axis == "widths") {
    std::string s;
    for (const auto& w : v) s += (s.empty() ? "" : "-") + std::to_string(w.get<long long>());
    return s;
  }
  if (axis == "data") {
    const std::string d = v.get<std::string>();
    if (d.find('/') != std::string::npos) return Sanitize(fs::path(d).stem().string());
    return Sanitize(d);
  }
  if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
  if (v.is_number_unsigned()) return std::to_string(v.get<unsigned long long>());
  if (v.is_number_integer()) return std::to_string(v.get<long long>());
  if (v.is_number()) {
    // The shortest %g form that reads back as the same double: "0.001" as
    // before for values of up to 6 digits, and two distinct values (1.0000001
    // and 1.0000002) never share a point name.
    const double x = v.get<double>();
    char buf[32];
    for (int digits = 1; digits <= 17; ++digits) {
      std::snprintf(buf, sizeof buf, "%.*g", digits, x);
      if (std::strtod(buf, nullptr) == x) break;
    }
    return buf;
  }
  if (v.is_string()) return Sanitize(v.get<std::string>());
  return Sanitize(v.dump());
}

std::string GaussWithStd(const std::string& source, double std_value, const std::string& where) {
  if (source.rfind("gauss", 0) != 0) Bad(where + "axis 'std' needs Gaussian-cluster data (gauss:...), not " + Quoted(source));
  try {
    (void)ParseGaussianSource(source);
  } catch (const std::invalid_argument& e) {
    Bad(where + CutForMessage(e.what(), 200));
  }
  if (!(std::isfinite(std_value) && std_value >= 0)) Bad(where + "std must be finite and >= 0");
  // The source as written with its std= replaced (or added): a grid value equal
  // to the base's std gives the base's data string, so that point shares the
  // base problem's training (Expand).
  const std::string std_item = "std=" + ShortestDouble(std_value);
  const auto colon = source.find(':');
  std::string out = "gauss:";
  bool replaced = false;
  for (const auto& item : ConfigField::SplitCommas(colon == std::string::npos ? "" : source.substr(colon + 1))) {
    const bool is_std = item.rfind("std=", 0) == 0;
    out += (out.back() == ':' ? "" : ",") + (is_std ? std_item : item);
    replaced = replaced || is_std;
  }
  if (!replaced) out += (out.back() == ':' ? "" : ",") + std_item;
  (void)ParseGaussianSource(out);  // still valid
  return out;
}

std::vector<int> Widths(const ordered_json& j, const std::string& where) {
  if (!j.contains("widths") || !j["widths"].is_array()) Bad(where + "the problem has no 'widths'");
  return ConfigField::Widths(Plain(j["widths"]), where + "widths");
}

// Applies the axes of one grid point to the base config, in an order that
// makes them independent of how they are listed.
void ApplyAxes(ordered_json* j, const std::vector<std::pair<std::string, ordered_json>>& values,
               const std::string& where) {
  auto find = [&](const std::string& axis) -> const ordered_json* {
    for (const auto& [k, v] : values)
      if (k == axis) return &v;
    return nullptr;
  };
  if (auto v = find("data")) {
    if (!v->is_string()) Bad(where + "axis 'data': values must be strings");
    (*j)["data"] = *v;
  }
  if (auto v = find("std")) {
    (*j)["data"] = GaussWithStd(j->value("data", std::string()), ConfigField::Number(Plain(*v), where + "std"), where);
  }
  if (auto v = find("widths")) {
    if (!v->is_array()) Bad(where + "axis 'widths': values must be lists of integers");
    (*j)["widths"] = ConfigField::Widths(Plain(*v), where + "widths");
  }
  const ordered_json* width = find("width");
  if (auto v = find("depth")) {
    const long long L = ConfigField::Integer(Plain(*v), where + "depth", 1, kMaxDepth);
    std::vector<int> w = Widths(*j, where);
    int hidden = width ? WidthOf(*width, where + "width") : (w.size() > 2 ? w[1] : 0);
    if (L > 1 && hidden <= 0) Bad(where + "axis 'depth' needs a hidden width: add a 'width' axis");
    std::vector<int> nw{w.front()};
    for (long long k = 1; k < L; ++k) nw.push_back(hidden);
    nw.push_back(w.back());
    (*j)["widths"] = nw;
  }
  if (width) {
    std::vector<int> w = Widths(*j, where);
    if (w.size() < 3) Bad(where + "axis 'width' needs a network with a hidden layer");
    const int h = WidthOf(*width, where + "width");
    for (std::size_t k = 1; k + 1 < w.size(); ++k) w[k] = h;
    (*j)["widths"] = w;
  }
  if (auto v = find("lambda")) {
    const double lambda = ConfigField::Lambda(Plain(*v), where + "lambda");
    const double old_lambda = j->contains("lambda") ? ConfigField::Lambda(Plain((*j)["lambda"]), where + "lambda") : 1e-3;
    // lambda_b follows lambda when it is the word "lambda" or equals lambda.
    const auto old_lambda_b = j->contains("lambda_b") ? ConfigField::LambdaB(Plain((*j)["lambda_b"]), where + "lambda_b")
                                                       : std::optional<double>(0.0);
    (*j)["lambda"] = lambda;
    if (old_lambda_b && *old_lambda_b != 0 && *old_lambda_b == old_lambda) (*j)["lambda_b"] = lambda;
  }
  for (const char* key : {"activation", "loss"}) {
    if (auto v = find(key)) {
      if (!v->is_string()) Bad(where + "axis '" + key + "': values must be strings");
      (*j)[key] = *v;
    }
  }
  if (auto v = find("precision")) {
    if (!v->is_string()) Bad(where + "axis 'precision': values must be strings");
    (*j)["precision"] = *v;
    (*j)["ladder"] = ordered_json::array();
  }
  if (auto v = find("bias")) {
    if (!v->is_boolean()) Bad(where + "axis 'bias': values must be true or false");
    (*j)["bias"] = *v;
  }
  if (auto v = find("seed")) (*j)["seed"] = ConfigField::Seed(Plain(*v), where + "seed");
}

const std::set<std::string> kAxes = {"lambda", "std",  "width", "depth", "widths", "activation",
                                     "loss",   "data", "bias",  "seed",  "precision"};

SweepConfig::Block ParseBlock(const ordered_json& b, const fs::path& base_dir, const std::string& default_name,
                              const std::string& where) {
  if (!b.is_object()) Bad(where + "a sweep block must be a JSON object");
  CheckKeys(b, where, {"name", "problem", "config", "grid"});
  SweepConfig::Block block;
  block.name = default_name;
  if (b.contains("name")) {
    if (!b["name"].is_string()) Bad(where + "'name' must be a string");
    block.name = b["name"].get<std::string>();
  }
  if (!ValidName(block.name)) Bad(where + "name " + Quoted(block.name) + " must be 1-64 letters, digits, '-', '_' or '.'");
  const std::string w = where.empty() ? "block '" + block.name + "': " : where;
  if (b.contains("problem")) {
    if (!b["problem"].is_string()) Bad(w + "'problem' must be a string");
    block.problem = b["problem"].get<std::string>();
    if (!IsReferenceProblem(block.problem)) {
      fs::path p = block.problem;
      if (p.is_relative()) p = base_dir / p;
      std::error_code ec;
      if (!fs::is_regular_file(p, ec)) {
        std::string list;
        for (const auto& n : ReferenceProblemNames()) list += (list.empty() ? "" : ", ") + n;
        Bad(w + "problem " + Quoted(block.problem) + " is neither a reference problem (" + list +
            ") nor a readable config file");
      }
      block.problem = p.string();
    }
  }
  if (b.contains("config")) {
    if (!b["config"].is_object()) Bad(w + "'config' must be a JSON object of training-config keys");
    block.config = b["config"];
  }
  if (block.problem.empty() && block.config.empty()) Bad(w + "needs a 'problem' or a 'config'");
  if (b.contains("grid")) {
    double points = 1;  // the product of the axis lengths (a double: it cannot overflow)
    if (!b["grid"].is_object()) Bad(w + "'grid' must be a JSON object {axis: [values]}");
    for (auto it = b["grid"].begin(); it != b["grid"].end(); ++it) {
      if (!kAxes.count(it.key())) {
        std::string list;
        for (const auto& k : kAxes) list += (list.empty() ? "" : ", ") + k;
        Bad(w + "unknown grid axis " + Quoted(it.key()) + " (expected " + list + ")");
      }
      if (!it->is_array() || it->empty()) Bad(w + "grid axis '" + it.key() + "' must be a non-empty list");
      points *= static_cast<double>(it->size());
    }
    if (b["grid"].contains("widths") && (b["grid"].contains("width") || b["grid"].contains("depth"))) {
      Bad(w + "grid axis 'widths' cannot be combined with 'width' or 'depth'");
    }
    if (points > SweepConfig::kMaxPoints) {
      char count[32];
      std::snprintf(count, sizeof count, "%.0f", points);
      Bad(w + "the grid has " + count + " points, more than " + std::to_string(SweepConfig::kMaxPoints) +
          ": split it into several sweeps");
    }
    block.grid = b["grid"];
  }
  return block;
}

ordered_json BaseConfig(const SweepConfig::Block& block, const std::string& where) {
  ordered_json base = ordered_json::object();
  if (!block.problem.empty()) {
    if (IsReferenceProblem(block.problem)) {
      base = ordered_json(ReferenceProblem(block.problem).ToJson());
    } else {
      try {
        base = JsonReader::ReadOrderedFile(block.problem);
      } catch (const std::exception& e) {
        Bad(where + e.what());
      }
      if (!base.is_object()) Bad(where + block.problem + ": a training config must be a JSON object");
      base.erase("format");
      base.erase("run_id");
    }
  }
  for (auto it = block.config.begin(); it != block.config.end(); ++it) base[it.key()] = it.value();
  if (block.config.contains("precision") && !block.config.contains("ladder")) base["ladder"] = ordered_json::array();
  return base;
}

}  // namespace

SweepConfig SweepConfig::FromJson(const ordered_json& j, const fs::path& base_dir, const std::string& default_name) {
  if (!j.is_object()) Bad("the top level must be a JSON object");
  CheckKeys(j, "", {"format", "name", "analysis", "sweeps", "problem", "config", "grid"});
  SweepConfig c;
  if (j.contains("format") && !(j["format"].is_string() && j["format"] == "nrc-sweep/1")) {
    Bad("'format' must be \"nrc-sweep/1\"");
  }
  c.name = default_name.empty() ? "sweep" : default_name;
  if (j.contains("name")) {
    if (!j["name"].is_string()) Bad("'name' must be a string");
    c.name = j["name"].get<std::string>();
  }
  if (!ValidName(c.name)) Bad("name " + Quoted(c.name) + " must be 1-64 letters, digits, '-', '_' or '.'");
  if (j.contains("analysis")) {
    try {
      c.analysis = RunAnalysis::Options::FromJson(j["analysis"]);
    } catch (const std::invalid_argument& e) {
      Bad(std::string("analysis: ") + e.what());
    }
  }
  const bool inline_block = j.contains("problem") || j.contains("config") || j.contains("grid");
  if (j.contains("sweeps")) {
    if (inline_block) Bad("give either 'sweeps' or one block's 'problem'/'config'/'grid' at the top level, not both");
    if (!j["sweeps"].is_array() || j["sweeps"].empty()) Bad("'sweeps' must be a non-empty list of blocks");
    int k = 0;
    for (const auto& b : j["sweeps"]) {
      ++k;
      if (j["sweeps"].size() > 1 && !(b.is_object() && b.contains("name"))) {
        Bad("sweeps[" + std::to_string(k) + "] needs a 'name' (there are several blocks)");
      }
      c.blocks.push_back(ParseBlock(b, base_dir, c.name, ""));
    }
  } else if (inline_block) {
    ordered_json b = ordered_json::object();
    for (const char* key : {"problem", "config", "grid"})
      if (j.contains(key)) b[key] = j[key];
    c.blocks.push_back(ParseBlock(b, base_dir, c.name, ""));
  } else {
    Bad("nothing to run: give 'sweeps' or a 'problem'/'config' (see suite/sweep_config.h)");
  }
  std::set<std::string> names;
  for (const auto& b : c.blocks)
    if (!names.insert(b.name).second) Bad("two blocks are named '" + b.name + "'");
  return c;
}

SweepConfig SweepConfig::Load(const fs::path& file) {
  ordered_json j;
  try {
    j = JsonReader::ReadOrderedFile(file);
  } catch (const std::runtime_error& e) {  // cannot read
    throw std::invalid_argument(e.what());
  }
  try {
    return FromJson(j, file.parent_path().empty() ? fs::path(".") : file.parent_path(), file.stem().string());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(file.string() + ": " + e.what());
  }
}

SweepConfig SweepConfig::DefaultSuite() {
  static const char* kDefault = R"({
    "format": "nrc-sweep/1",
    "name": "default",
    "analysis": {"precision": "mpfr:256", "rank_threshold": 1e-3},
    "sweeps": [
      {"name": "gauss-k4", "problem": "gauss-k4"},
      {"name": "gauss-k4-ce", "problem": "gauss-k4-ce"},
      {"name": "iris", "problem": "iris"},
      {"name": "digits", "problem": "digits"},
      {"name": "lambda-sweep", "problem": "gauss-k4",
       "grid": {"lambda": [1e-4, 2e-4, 5e-4, 1e-3, 2e-3, 5e-3, 1e-2, 2e-2, 5e-2, 1e-1]}},
      {"name": "std-sweep", "problem": "gauss-k4",
       "grid": {"std": [1, 0.5, 0.2, 0.1, 0.05, 0.02, 0.01, 0.001]}}
    ]
  })";
  return FromJson(JsonReader::ParseOrdered(kDefault, "the default sweep"), ".", "default");
}

ordered_json SweepConfig::ToJson() const {
  ordered_json j;
  j["format"] = "nrc-sweep/1";
  j["name"] = name;
  j["analysis"] = analysis.ToJson();
  j["sweeps"] = ordered_json::array();
  for (const auto& b : blocks) {
    ordered_json o;
    o["name"] = b.name;
    if (!b.problem.empty()) o["problem"] = b.problem;
    if (!b.config.empty()) o["config"] = b.config;
    if (!b.grid.empty()) o["grid"] = b.grid;
    j["sweeps"].push_back(o);
  }
  return j;
}

void SweepConfig::ApplyOverrides(const json& overrides) {
  for (auto& b : blocks) {
    for (auto it = overrides.begin(); it != overrides.end(); ++it) b.config[it.key()] = it.value();
  }
}

std::vector<SuitePoint> SweepConfig::Expand() const {
  double total = 0;
  for (const auto& block : blocks) {
    double n = 1;
    for (const auto& axis : block.grid) n *= static_cast<double>(axis.size());
    total += n;
  }
  if (total > kMaxPoints) {
    char count[32];
    std::snprintf(count, sizeof count, "%.0f", total);
    Bad(std::string("the sweep has ") + count + " points, more than " + std::to_string(kMaxPoints) +
        ": split it into several sweeps");
  }
  std::vector<SuitePoint> points;
  std::set<std::string> names;
  // Points whose training configurations agree but for the name train once:
  // the first one's run directory serves the others (SuitePoint::shares_run_of).
  std::map<std::string, std::size_t> trained;
  for (const auto& block : blocks) {
    const std::string where = "block '" + block.name + "': ";
    const ordered_json base = BaseConfig(block, where);
    std::vector<std::pair<std::string, std::vector<ordered_json>>> axes;
    for (auto it = block.grid.begin(); it != block.grid.end(); ++it) {
      axes.emplace_back(it.key(), std::vector<ordered_json>(it->begin(), it->end()));
    }
    std::vector<std::size_t> index(axes.size(), 0);
    while (true) {
      std::vector<std::pair<std::string, ordered_json>> values;
      std::string label;
      for (std::size_t a = 0; a < axes.size(); ++a) {
        values.emplace_back(axes[a].first, axes[a].second[index[a]]);
        label += (label.empty() ? "" : ",") + axes[a].first + "=" + Label(axes[a].first, axes[a].second[index[a]]);
      }
      SuitePoint p;
      p.name = axes.empty() ? block.name : block.name + "[" + label + "]";
      p.relative_dir = axes.empty() ? fs::path("runs") / block.name : fs::path("runs") / block.name / label;
      const std::string pw = where + (axes.empty() ? "" : "point '" + label + "': ");
      ordered_json j = base;
      try {
        ApplyAxes(&j, values, pw);
      } catch (const std::invalid_argument& e) {  // a ConfigField message: prefix it
        const std::string m = e.what();
        if (m.rfind("sweep config: ", 0) == 0) throw;
        Bad(m);
      }
      j["name"] = p.name;
      try {
        p.config = TrainConfig::FromJson(json(j));
      } catch (const std::invalid_argument& e) {
        Bad(pw + e.what());
      }
      p.analysis = analysis;
      if (!names.insert(p.name).second) Bad(pw + "two points are named '" + p.name + "' (repeated grid values?)");
      json training = p.config.ToJson();
      training.erase("name");
      const auto [it, first] = trained.emplace(training.dump() + p.analysis.ToJson().dump(), points.size());
      if (!first) {
        p.relative_dir = points[it->second].relative_dir;
        p.shares_run_of = points[it->second].name;
      }
      points.push_back(std::move(p));
      // Next index, the last axis fastest.
      int a = static_cast<int>(axes.size()) - 1;
      while (a >= 0 && ++index[a] == axes[a].second.size()) index[a--] = 0;
      if (a < 0) break;
    }
  }
  return points;
}

}  // namespace nrc
