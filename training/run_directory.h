// nrc/training/run_directory.h
//
// A run directory, written by `nrc train` and read by `nrc check`, `nrc report`
// and any outside tool. Layout (documented in the README):
//   config.json       the problem as configured (data source, architecture,
//                     lambda, seed, precision ladder)
//   model.json        architecture, activation, loss, lambda, lambda_b (exact
//                     decimal strings of the doubles used), the precision of
//                     the last stage, and every parameter as a decimal string
//                     with enough digits to round-trip at that precision
//   data.csv          the data trained on (after any standardisation), in the
//                     data/README.md CSV format, every value round-tripping
//   certificate.json  the stationarity certificate ("grad_norm_2" at top level,
//                     per-layer entries), computed in MPFR
//   log.json          per-stage log (iterations, time, gradient norm)
// Every file is written atomically (io/atomic_file.h).
#ifndef NRC_TRAINING_RUN_DIRECTORY_H_
#define NRC_TRAINING_RUN_DIRECTORY_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"

namespace nrc {

struct RunDirectory {
  std::filesystem::path path;
  MlpSpec spec;
  Dataset data;
  Precision precision;       // precision of the last training stage
  nlohmann::json config;     // config.json
  nlohmann::json model;      // model.json
  nlohmann::json certificate;  // certificate.json (empty if absent)

  // Reads and validates a run directory; throws std::runtime_error with a
  // one-line message naming the file and the problem.
  static RunDirectory Load(const std::filesystem::path& dir);

  // The stored parameters parsed in T (correctly rounded; exact whenever T has
  // at least the bits of `precision`).
  template <class T>
  MlpParameters<T> Parameters() const;
};

}  // namespace nrc

#endif  // NRC_TRAINING_RUN_DIRECTORY_H_
