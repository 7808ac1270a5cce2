// Unit tests for suite/point_worker.h: the worker hands the certificate it
// verified (reuse) or computed (training) to the analysis instead of
// recomputing it, and its analysis.json is the one an analysis that
// recomputes the certificate writes -- on a fresh training (MPFR certificate
// and midpoint-radius certificate) and on reuse of an existing training.
#include "suite/point_worker.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "io/json_reader.h"
#include "tests/support/temp_dir.h"
#include "training/run_directory.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

SuitePoint TinyPoint(const std::string& precision) {
  SuitePoint p;
  p.name = "tiny";
  p.relative_dir = "runs/tiny";
  p.config.name = "tiny";
  p.config.data = "gauss:K=3,d=4,n=6,std=0.2,seed=3";
  p.config.widths = {4, 5, 5, 3};
  p.config.precision = precision;
  return p;
}

// analysis.json without its seal, and the analysis of the same directory
// computed from scratch (certificate recomputed at the stored network).
void ExpectSameAsRecomputed(const fs::path& dir, const SuitePoint& point) {
  nlohmann::json written = JsonReader::ReadFile(dir / RunAnalysis::kFileName);
  const RunDirectory run = RunDirectory::Load(dir);
  const RunAnalysis fresh = RunAnalysis::Analyze(run, point.analysis);
  EXPECT_EQ(written.at("certificate_sha256").get<std::string>(), run.certificate.at("sha256").get<std::string>());
  written.erase("certificate_sha256");
  written.erase("sha256");
  EXPECT_EQ(written, nlohmann::json(fresh.ToJson()));
}

class PointWorkerTest : public ::testing::TestWithParam<const char*> {};

TEST_P(PointWorkerTest, AnalysisWithTheHandedCertificateIsTheRecomputedOne) {
  const fs::path dir = test::EmptiedProcessTempPath("nrc_point_worker_test_", GetParam());
  const SuitePoint point = TinyPoint(GetParam());
  fs::create_directories(dir);
  WriteFileAtomically(dir / SuitePoint::kFileName, point.ToJson().dump(2) + "\n");

  const PointWorker::Result trained = PointWorker::Run(dir, false);
  EXPECT_TRUE(trained.trained);
  ExpectSameAsRecomputed(dir, point);
  const std::string first = ReadWholeFile(dir / RunAnalysis::kFileName);

  // Reuse: the training is verified (certificate recomputed once) and analysed again.
  fs::remove(dir / RunAnalysis::kFileName);
  const PointWorker::Result reused = PointWorker::Run(dir, false);
  EXPECT_FALSE(reused.trained);
  EXPECT_EQ(ReadWholeFile(dir / RunAnalysis::kFileName), first);
  fs::remove_all(dir.parent_path());
}

// mpfr:128: the MPFR certificate; double: the midpoint-radius one (midrad53).
INSTANTIATE_TEST_SUITE_P(Engines, PointWorkerTest, ::testing::Values("mpfr:128", "double"));

}  // namespace
}  // namespace nrc
