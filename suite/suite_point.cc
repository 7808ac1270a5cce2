#include "suite/suite_point.h"

#include <stdexcept>

#include "io/json_reader.h"

namespace nrc {

nlohmann::ordered_json SuitePoint::ToJson() const {
  nlohmann::ordered_json j;
  j["format"] = "nrc-point/1";
  j["name"] = name;
  j["dir"] = relative_dir.string();
  j["config"] = nlohmann::ordered_json(config.ToJson());
  j["analysis"] = analysis.ToJson();
  return j;
}

SuitePoint SuitePoint::FromJson(const nlohmann::json& j) {
  SuitePoint p;
  try {
    if (j.at("format").get<std::string>() != "nrc-point/1") throw std::invalid_argument("point: unknown format");
    p.name = j.at("name").get<std::string>();
    p.relative_dir = j.at("dir").get<std::string>();
    p.config = TrainConfig::FromJson(j.at("config"));
    p.analysis = RunAnalysis::Options::FromJson(j.at("analysis"));
  } catch (const nlohmann::json::exception& e) {
    throw std::invalid_argument(std::string("point: ") + e.what());
  }
  return p;
}

SuitePoint SuitePoint::Load(const std::filesystem::path& file) {
  return FromJson(JsonReader::ReadFile(file));
}

double SuitePoint::Cost() const {
  // The number of samples is not known without loading the data; the bundled
  // digits set is the one large one.
  const double samples = config.data == "digits" ? 1797 : (config.data == "iris" ? 150 : 200);
  const double precision_factor = config.TargetPrecision().kind == ScalarKind::kMpfr ? 1.0 : 2.0;
  return samples * config.Spec().NumParameters() * precision_factor;
}

bool SuitePoint::SameConfig(const nlohmann::json& run_config) const {
  if (!run_config.is_object()) return false;
  nlohmann::json c = run_config;
  c.erase("format");
  c.erase("run_id");
  return c == config.ToJson();
}

}  // namespace nrc
