// nrc/training/run_directory.h
//
// A run directory, written by `nrc train` and read by `nrc check`, `nrc report`
// and any outside tool. Layout (documented in the README):
//   config.json       the problem as configured (data source, architecture,
//                     lambda, seed, precision ladder): a TrainConfig JSON
//                     (training/train_config.h) plus "format" and "run_id";
//                     `nrc train DIR/config.json` repeats the run
//   model.json        architecture, activation, loss, lambda, lambda_b (exact
//                     decimal strings of the doubles used), the precision of
//                     the last stage, and every parameter as a decimal string
//                     with enough digits to round-trip at that precision
//   data.csv          the data trained on (after any standardisation), in the
//                     data/README.md CSV format, every value round-tripping
//                     ("%.17g"); its FNV-1a 64 hash is in model.json
//   certificate.json  the stationarity certificate ("grad_norm_2" at top level,
//                     per-layer entries), computed in MPFR
//                     (training/stationarity_certificate.h)
//   log.json          per-stage log (iterations, time, gradient norm); for a
//                     run that did not start from the seeded initialisation
//                     (nrc import, nrc polish) also "origin": where its
//                     starting point came from and how far polishing moved it
// Every file is written atomically (io/atomic_file.h) and carries the same
// "run_id" (a hash of the configuration and the parameters; data.csv is tied
// in by its hash), so a directory whose writing was interrupted -- new files
// beside old ones -- is detected by Load instead of being read as one run.
//
// model.json, "format": "nrc-model/1":
//   "run_id", "name", "widths": [d_0..d_L], "activation", "loss",
//   "bias": [bool per layer], "lambda", "lambda_b" (round-trip decimal strings),
//   "lambda_exact", "lambda_b_exact" (the exact decimal values of the doubles),
//   "precision" ("double", "mpfr:256", ...), "precision_bits", "decimal_digits",
//   "num_parameters",
//   "layers": [{"layer": l, "W": [[row 1 of W_l], ...] (d_l lists of d_{l-1}
//              strings: W[i][j] = W_l(i, j)), "b": [d_l strings] or null}],
//   "data": {"file": "data.csv", "fnv1a64": hex, "source", "N", "d", "K",
//            "class_names", "standardized",
//            "standardization": {"shift": [...], "scale": [...]} or null}.
#ifndef NRC_TRAINING_RUN_DIRECTORY_H_
#define NRC_TRAINING_RUN_DIRECTORY_H_

#include <nlohmann/json.hpp>

#include <filesystem>
#include <string>
#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/precision.h"

namespace nrc {

struct TrainResult;

struct RunDirectory {
  std::filesystem::path path;
  MlpSpec spec;
  Dataset data;
  Precision precision;       // precision of the last training stage
  nlohmann::json config;     // config.json
  nlohmann::json model;      // model.json
  nlohmann::json certificate;  // certificate.json (empty if absent)
  nlohmann::json log;          // log.json (empty if absent)
  std::string run_id;
  std::vector<std::string> parameters;  // MlpParameters::Flatten order

  // Reads and validates a run directory; throws std::runtime_error with a
  // one-line message naming the file and the problem.
  static RunDirectory Load(const std::filesystem::path& dir);

  // The stored parameters parsed in T (correctly rounded; exact whenever T has
  // at least the bits of `precision`).
  template <class T>
  MlpParameters<T> Parameters() const;
};

// Writes result into dir (created if missing; other files in it are left
// alone): data.csv, config.json, model.json, log.json, then certificate.json
// (only when the result has one). Throws std::runtime_error("cannot write
// ...") if a file cannot be written; each file is then either complete or
// untouched, and Load reports the mixed directory.
void WriteRunDirectory(const std::filesystem::path& dir, const TrainResult& result);

}  // namespace nrc

#endif  // NRC_TRAINING_RUN_DIRECTORY_H_
