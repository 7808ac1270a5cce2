// nrc/suite/sweep_config.h
//
// SweepConfig: a set of problems to train and check, as `nrc sweep CONFIG.json`
// reads it; `nrc verify`'s default suite is one too (DefaultSuite(); print it
// with `nrc verify --print-config`, edit it, run it with `nrc sweep`).
//
// Format (JSON; unknown keys are errors, so a typo never silently does nothing):
//   {
//     "format": "nrc-sweep/1",            optional
//     "name": "my-sweep",                 optional, default: the file's stem
//     "analysis": {"precision": "mpfr:256", "rank_threshold": 1e-3},   optional
//     "sweeps": [ BLOCK, ... ]            or the keys of one BLOCK at top level
//   }
//   BLOCK = {
//     "name": "lambda-sweep",             required with several blocks (default:
//                                         the sweep's name); letters, digits, "-_."
//     "problem": "gauss-k4",              a reference problem (training/
//                                         reference_problems.h) or a training
//                                         config file (relative to the sweep file)
//     "config": {...},                    training-config keys (training/
//                                         train_config.h) set on top of
//                                         "problem"; with no "problem" it must
//                                         hold at least "data" and "widths"
//     "grid": {AXIS: [values], ...}       optional; the points are the Cartesian
//                                         product, the first axis outermost
//   }
//   AXIS, each a non-empty list:
//     "lambda"      numbers (or decimal strings) > 0; lambda_b follows lambda
//                   when the base problem regularises its biases
//     "std"         within-class std of Gaussian-cluster data ("gauss:..."
//                   sources only; replaces std= in the data source)
//     "width"       hidden width (every hidden layer)
//     "depth"       number of weight matrices L (hidden layers of the base's
//                   first hidden width, or "width")
//     "widths"      explicit lists [d_0, ..., K] (not with width/depth)
//     "activation", "loss", "data", "precision"   strings
//     "bias"        booleans
//     "seed"        integers >= 0 (initialisation seed)
//   A grid point is named BLOCK[axis=value,...] (values as %g for numbers,
//   widths as 16-16-4) and trained in OUT/runs/BLOCK/axis=value,...; a block
//   without grid is one point named BLOCK in OUT/runs/BLOCK. Points whose
//   training configurations (and analysis options) agree but for the name are
//   trained once: the first of them in the order of the blocks owns the run
//   directory, the others share it (SuitePoint::shares_run_of) and are
//   reported under their own names. In the default suite, gauss-k4,
//   lambda-sweep[lambda=0.001] and std-sweep[std=0.1] are one training.
//   A sweep has at most kMaxPoints points (a larger grid is an error before
//   anything is allocated or created).
//   Every value is checked by the validators of training/config_field.h (the
//   same as the command line's); the file is read by io/json_reader.h
//   (duplicate keys and nesting deeper than 64 levels are errors).
//
// Expand() builds and validates every point's TrainConfig; it throws
// std::invalid_argument("sweep config: ...") naming the block, the point and
// the key for anything wrong (including two points with the same name).
// Overrides (`--data`, `--widths`, `--lambda`, ... on the command line) are
// training-config keys applied to every block's base before the grid.
#ifndef NRC_SUITE_SWEEP_CONFIG_H_
#define NRC_SUITE_SWEEP_CONFIG_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "reports/run_analysis.h"
#include "suite/suite_point.h"

namespace nrc {

struct SweepConfig {
  struct Block {
    std::string name;
    std::string problem;               // reference name or config file path (resolved), may be empty
    nlohmann::ordered_json config = nlohmann::ordered_json::object();
    nlohmann::ordered_json grid = nlohmann::ordered_json::object();
  };

  static constexpr int kMaxPoints = 10000;

  std::string name = "sweep";
  RunAnalysis::Options analysis;
  std::vector<Block> blocks;

  // `base_dir` resolves relative "problem" file paths. Throws std::invalid_argument.
  static SweepConfig FromJson(const nlohmann::ordered_json& j, const std::filesystem::path& base_dir,
                              const std::string& default_name);
  // Reads and parses a file; errors name the file.
  static SweepConfig Load(const std::filesystem::path& file);
  // The embedded default suite of `nrc verify`: gauss-k4 (MSE), gauss-k4-ce,
  // iris, digits (double stage), a lambda sweep on gauss-k4 (10 values from
  // 1e-4 to 1e-1) and a within-class std sweep on gauss-k4 (std 1 to 1e-3).
  static SweepConfig DefaultSuite();

  nlohmann::ordered_json ToJson() const;
  // Sets `overrides` (training-config keys) in every block's "config".
  void ApplyOverrides(const nlohmann::json& overrides);
  std::vector<SuitePoint> Expand() const;
};

}  // namespace nrc

#endif  // NRC_SUITE_SWEEP_CONFIG_H_
