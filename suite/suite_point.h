// nrc/suite/suite_point.h
//
// SuitePoint: one problem of a suite or sweep -- what to train and how to
// check it -- and where its run directory lives inside the output folder.
//
//   name          the training config's name: "BLOCK" for a single problem,
//                 "BLOCK[k=v,k=v]" for a grid point (reports/report_data.h
//                 groups and labels runs by this form)
//   relative_dir  "runs/BLOCK" or "runs/BLOCK/k=v,k=v", relative to the output
//                 folder
//   config        the TrainConfig (training/train_config.h), validated
//   analysis      how the statements are checked (reports/run_analysis.h)
//   shares_run_of empty, or the name of an earlier point with the same training
//                 configuration (but for the name) and analysis options: this
//                 point's relative_dir is that point's, nothing is trained or
//                 analysed for it, and its analysis is the other point's under
//                 this point's name (SuiteRunner)
//
// The run directory holds, besides what `nrc train` writes (config.json,
// model.json, data.csv, certificate.json, log.json): point.json (this
// point, written before any work), analysis.json (written last: its presence,
// with the run_id of model.json and this point's analysis options, means the
// point is finished) and worker.log (the worker process's output).
// JSON ("format": "nrc-point/1"): "name", "dir", "config" (TrainConfig::ToJson),
// "analysis" (RunAnalysis::Options::ToJson).
#ifndef NRC_SUITE_SUITE_POINT_H_
#define NRC_SUITE_SUITE_POINT_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "reports/run_analysis.h"
#include "training/train_config.h"

namespace nrc {

struct SuitePoint {
  static constexpr const char* kFileName = "point.json";

  std::string name;
  std::filesystem::path relative_dir;
  TrainConfig config;
  RunAnalysis::Options analysis;
  std::string shares_run_of;  // not in point.json: only a point that owns its run directory writes one

  nlohmann::ordered_json ToJson() const;
  // Throws std::invalid_argument naming the problem.
  static SuitePoint FromJson(const nlohmann::json& j);
  static SuitePoint Load(const std::filesystem::path& file);

  // A rough cost (samples x parameters) used to start the longest points first.
  double Cost() const;
  // True when the run directory's config.json (without "format"/"run_id")
  // is this point's configuration.
  bool SameConfig(const nlohmann::json& run_config) const;
};

}  // namespace nrc

#endif  // NRC_SUITE_SUITE_POINT_H_
