#include "suite/point_worker.h"

#include <chrono>

#include "io/json_reader.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The existing run directory, if it is a complete training of `point` whose
// content and certificate verify (RunDirectory::Load checks every hash,
// VerifiedCertificate recomputes the certificate at the stored network; the
// verified certificate goes to *certificate for the analysis).
bool ReusableRun(const SuitePoint& point, const std::filesystem::path& dir, RunDirectory* out,
                 StationarityCertificate* certificate) {
  std::error_code ec;
  if (!std::filesystem::exists(dir / "model.json", ec)) return false;
  try {
    RunDirectory run = RunDirectory::Load(dir);
    if (run.certificate.is_null() || !point.SameConfig(run.config)) return false;
    *certificate = run.VerifiedCertificate();
    *out = std::move(run);
    return true;
  } catch (const std::exception&) {
    return false;  // a mixed, damaged or edited directory: train again
  }
}

}  // namespace

PointWorker::Result PointWorker::Run(const std::filesystem::path& dir, bool progress) {
  Result r;
  const SuitePoint point = SuitePoint::Load(dir / SuitePoint::kFileName);
  RunDirectory run;
  StationarityCertificate certificate;  // verified: the analysis does not recompute it
  if (!ReusableRun(point, dir, &run, &certificate)) {
    const auto start = std::chrono::steady_clock::now();
    TrainOptions options;
    options.progress = progress;
    const TrainResult trained = Train(point.config, options);
    WriteRunDirectory(dir, trained);
    r.trained = true;
    r.train_seconds = Since(start);
    run = RunDirectory::Load(dir);
    certificate = run.CertificateOfTraining(trained);
  }
  const auto start = std::chrono::steady_clock::now();
  const RunAnalysis analysis = RunAnalysis::Analyze(run, point.analysis, &certificate);
  analysis.Save(dir);
  r.analysis_seconds = Since(start);
  return r;
}

bool PointWorker::IsFinished(const SuitePoint& point, const std::filesystem::path& dir, RunAnalysis* out) {
  try {
    std::error_code ec;
    if (!std::filesystem::exists(dir / RunAnalysis::kFileName, ec)) return false;
    const RunDirectory run = RunDirectory::Load(dir);  // verifies every hash and seal
    if (!point.SameConfig(run.config)) return false;
    RunAnalysis a;
    if (!RunAnalysis::LoadCached(run, point.analysis, &a)) return false;
    *out = std::move(a);
    return true;
  } catch (const std::exception&) {
    return false;
  }
}

}  // namespace nrc
