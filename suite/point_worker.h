// nrc/suite/point_worker.h
//
// PointWorker: does one SuitePoint (suite/suite_point.h) in the current
// process -- the body of the hidden `nrc _point RUN_DIR` command that
// SuiteRunner starts once per point, so that every point has its own process
// (MPFR's default precision is process-global) and points run in parallel.
//
// Run(dir):
//   1. reads dir/point.json;
//   2. reuses the training when dir already holds a run directory
//      (training/run_directory.h) of exactly this configuration whose hashes
//      verify and whose certificate agrees with its recomputation at the
//      stored network; otherwise trains (training/trainer.h, progress lines on
//      stderr when asked) and writes the run directory;
//   3. analyses it (reports/run_analysis.h) and writes dir/analysis.json last.
//      The analysis gets the certificate verified in step 2 (reuse) or the one
//      the training computed in this process for the directory it wrote
//      (RunDirectory::CertificateOfTraining): it is not recomputed twice.
// Every file is written atomically, so an interrupted worker leaves either
// the earlier files or the new ones; a point is finished exactly when
// IsFinished says so. Deterministic: training is (training/trainer.h, as long
// as no stage hits a wall-clock limit) and so is the analysis.
// Errors propagate as exceptions (std::runtime_error / invalid_argument, one line).
#ifndef NRC_SUITE_POINT_WORKER_H_
#define NRC_SUITE_POINT_WORKER_H_

#include <filesystem>

#include "reports/run_analysis.h"
#include "suite/suite_point.h"

namespace nrc {

struct PointWorker {
  struct Result {
    bool trained = false;    // false: an existing training was reused
    double train_seconds = 0, analysis_seconds = 0;
  };
  static Result Run(const std::filesystem::path& dir, bool progress);
  // "Reused" means "verified unchanged": dir loads as a run directory (every
  // content hash and seal verifies, training/run_directory.h), its config is
  // `point`'s configuration, and dir/analysis.json passes
  // RunAnalysis::LoadCached (its seal holds, it belongs to this run_id and
  // certificate, made with `point`'s options). Loads it into *out when true.
  // Never throws.
  static bool IsFinished(const SuitePoint& point, const std::filesystem::path& dir, RunAnalysis* out);
};

}  // namespace nrc

#endif  // NRC_SUITE_POINT_WORKER_H_
