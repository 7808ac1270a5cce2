// Reports end to end on tiny trained networks: analyses (round trip, cache),
// grouping and series, the written files (deterministic, CSV shape), the
// summary table, the LaTeX compilation when a TeX engine is installed, and
// an unwritable output folder.
#include "reports/report_writer.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "io/atomic_file.h"
#include "io/output_folder.h"
#include "reports/report_data.h"
#include "reports/run_analysis.h"
#include "reports/summary_table.h"
#include "tests/support/temp_dir.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

fs::path TempDir(const std::string& name) {
  const fs::path dir = test::EmptiedProcessTempPath("nrc-report-test-", name);
  fs::create_directories(dir);
  return dir;
}

TrainConfig Tiny(const std::string& name, double lambda, double std_value) {
  TrainConfig c;
  c.name = name;
  char data[128];
  std::snprintf(data, sizeof data, "gauss:K=3,d=5,n=8,std=%g,seed=3", std_value);
  c.data = data;
  c.widths = {5, 6, 6, 3};
  c.activation = Activation::Parse("tanh");
  c.loss = Loss::Parse("mse");
  c.lambda = lambda;
  c.precision = "double";
  return c;
}

// Five runs trained once for the whole file: a lambda sweep and a std sweep.
class ReportTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    runs_dir_ = new fs::path(TempDir("runs"));
    analyses_ = new std::vector<RunAnalysis>();
    const std::vector<TrainConfig> configs = {
        Tiny("lam[lambda=0.001]", 1e-3, 0.1), Tiny("lam[lambda=0.01]", 1e-2, 0.1), Tiny("lam[lambda=0.1]", 1e-1, 0.1),
        Tiny("var[std=0.5]", 1e-2, 0.5), Tiny("var[std=0.05]", 1e-2, 0.05)};
    for (const auto& c : configs) {
      TrainOptions o;
      o.progress = false;
      const fs::path dir = *runs_dir_ / c.name;
      WriteRunDirectory(dir, Train(c, o));
      analyses_->push_back(RunAnalysis::Analyze(RunDirectory::Load(dir), RunAnalysis::Options()));
    }
  }
  static void TearDownTestSuite() {
    fs::remove_all(runs_dir_->parent_path());
    delete runs_dir_;
    delete analyses_;
  }
  static fs::path* runs_dir_;
  static std::vector<RunAnalysis>* analyses_;
};
fs::path* ReportTest::runs_dir_ = nullptr;
std::vector<RunAnalysis>* ReportTest::analyses_ = nullptr;

TEST_F(ReportTest, AnalysisHasEveryLayerAndSpectrum) {
  for (const auto& a : *analyses_) {
    ASSERT_EQ(a.layers.size(), 3u);
    EXPECT_EQ(a.K, 3);
    EXPECT_EQ(a.check_bits, 257);
    EXPECT_EQ(a.Count(Outcome::kViolated), 0) << a.name;
    EXPECT_FALSE(a.verdicts.empty());
    for (const auto& l : a.layers) {
      EXPECT_EQ(static_cast<int>(l.summary.sigma_W.size()), std::min(l.summary.rows, l.summary.cols));
      EXPECT_EQ(l.summary.sigma_R.size(), l.summary.sigma_W.size());
      // T4, as the figures show it: sigma_{K+j}(W_l) <= sigma_j(R_l) (up to rounding).
      for (std::size_t j = 0; j + a.K < l.summary.sigma_W.size(); ++j) {
        EXPECT_LE(l.summary.sigma_W[j + a.K], l.summary.sigma_R[j] * (1 + 1e-12) + 1e-30);
      }
      EXPECT_GE(l.stationarity_share, 0.0);
      EXPECT_LE(l.stationarity_share, 1.0);
    }
    EXPECT_TRUE(std::isfinite(a.grad_norm_2));
  }
  EXPECT_EQ((*analyses_)[0].within_std, 0.1);
}

TEST_F(ReportTest, AnalysisJsonRoundTripsAndIsCached) {
  const RunAnalysis& a = (*analyses_)[0];
  const RunAnalysis b = RunAnalysis::FromJson(nlohmann::json::parse(a.ToJson().dump()));
  EXPECT_EQ(a.ToJson().dump(), b.ToJson().dump());

  const fs::path dir = *runs_dir_ / a.name;
  a.Save(dir);
  const RunDirectory run = RunDirectory::Load(dir);
  RunAnalysis cached;
  EXPECT_TRUE(RunAnalysis::LoadCached(run, a.options, &cached));
  RunAnalysis::Options other;
  other.rank_threshold = 1e-2;
  EXPECT_FALSE(RunAnalysis::LoadCached(run, other, &cached));  // other options: not this analysis
  bool computed = true;
  (void)RunAnalysis::LoadOrAnalyze(RunDirectory::Load(dir), a.options, &computed);
  EXPECT_FALSE(computed);
}

TEST_F(ReportTest, GroupsAndSeriesComeFromNamesAndConfigs) {
  const ReportData d = ReportData::Build(*analyses_);
  ASSERT_EQ(d.groups.size(), 2u);
  EXPECT_EQ(d.groups[0].name, "lam");
  EXPECT_EQ(d.groups[0].labels[1], "lambda=0.01");
  ASSERT_EQ(d.series.size(), 2u);
  EXPECT_EQ(d.series[0].kind, ReportData::Series::Kind::kLambda);
  EXPECT_EQ(d.series[0].x, (std::vector<double>{1e-3, 1e-2, 1e-1}));
  EXPECT_EQ(d.series[1].kind, ReportData::Series::Kind::kVariability);
  EXPECT_EQ(d.series[1].x, (std::vector<double>{0.05, 0.5}));
  // First and last of each series get a spectrum figure.
  EXPECT_EQ(d.spectrum_runs, (std::vector<int>{0, 2, 3, 4}));

  std::vector<RunAnalysis> twice = {(*analyses_)[0], (*analyses_)[0]};
  EXPECT_THROW(ReportData::Build(twice), std::invalid_argument);
}

TEST_F(ReportTest, SummaryTableHasALinePerLayer) {
  const std::string t = SummaryTable::Render(ReportData::Build(*analyses_));
  std::istringstream in(t);
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) rows += line.rfind("lam[", 0) == 0 || line.rfind("var[", 0) == 0;
  EXPECT_EQ(rows, 5 * 3);
  EXPECT_NE(t.find("sigma_K+1"), std::string::npos);
  EXPECT_NE(t.find("T11 lam (lambda), layer 1"), std::string::npos);
}

TEST_F(ReportTest, WritesDeterministicFilesAndCompilesWhenTexIsInstalled) {
  const ReportData d = ReportData::Build(*analyses_);
  const fs::path a = TempDir("report-a"), b = TempDir("report-b");
  ReportWriter::Options o;
  o.compile = false;
  const auto ra = ReportWriter::Write(d, a, o);
  (void)ReportWriter::Write(d, b, o);
  ASSERT_FALSE(ra.files.empty());
  EXPECT_EQ(ra.files.front(), a / "main.tex");
  for (const auto& f : ra.files) {
    const fs::path rel = fs::relative(f, a);
    EXPECT_EQ(ReadWholeFile(f), ReadWholeFile(b / rel)) << rel;  // same data, same bytes
  }
  for (const char* f : {"tables/runs.tex", "data/layers.csv", "data/spectra.csv", "data/verdicts.csv",
                        "data/runs.csv", "data/series.csv", "report.json", "figures/lambda-01.tex",
                        "figures/rank-01.tex", "figures/variability-02.tex"}) {
    EXPECT_TRUE(fs::exists(a / f)) << f;
  }
  // layers.csv: a header and one line per run and layer, all with the header's field count.
  std::istringstream csv(ReadWholeFile(a / "data" / "layers.csv"));
  std::string header, line;
  std::getline(csv, header);
  const auto fields = std::count(header.begin(), header.end(), ',');
  int lines = 0;
  while (std::getline(csv, line)) {
    ++lines;
    EXPECT_EQ(std::count(line.begin(), line.end(), ','), fields) << line;
  }
  EXPECT_EQ(lines, 15);
  const std::string main = ReadWholeFile(a / "main.tex");
  EXPECT_NE(main.find("\\input{tables/01-lam}"), std::string::npos);
  EXPECT_NE(main.find("\\input{figures/variability-02}"), std::string::npos);

  if (LatexCompiler::FindEngine().empty()) GTEST_SKIP() << "no TeX engine installed (tools/setup --tex)";
  const auto latex = LatexCompiler::Compile(a / "main.tex", 300);
  EXPECT_TRUE(latex.ok) << latex.message;
  EXPECT_TRUE(fs::exists(a / "main.pdf"));
  EXPECT_GT(fs::file_size(a / "main.pdf"), 10000u);
}

TEST_F(ReportTest, UnwritableFolderIsAnError) {
  const fs::path dir = TempDir("blocked");
  WriteFileAtomically(dir / "file", "x");
  try {
    ReportWriter::Write(ReportData::Build(*analyses_), dir / "file" / "report", ReportWriter::Options());
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write"), std::string::npos) << e.what();
  }
}

// Issue 20: LaTeX writes main.pdf itself; below a claimed folder a link
// there is refused before the engine runs (nothing written behind it).
TEST(LatexCompilerTest, RefusesALinkAmongTheFilesTheEngineWrites) {
  const fs::path dir = TempDir("linked-pdf");
  OutputFolder::Claim(dir, false);
  WriteFileAtomically(dir.parent_path() / "users.pdf", "the user's own file");
  fs::create_symlink(dir.parent_path() / "users.pdf", dir / "main.pdf");
  WriteFileAtomically(dir / "main.tex", "\\documentclass{article}\n\\begin{document}x\\end{document}\n");
  try {
    (void)LatexCompiler::Compile(dir / "main.tex", 120);
    ADD_FAILURE() << "compiled through a link";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("main.pdf is a symbolic link"), std::string::npos) << e.what();
  }
  OutputFolder::CommitMarkers();
  EXPECT_EQ(ReadWholeFile(dir.parent_path() / "users.pdf"), "the user's own file");
  fs::remove_all(dir);
  fs::remove(dir.parent_path() / "users.pdf");
}

TEST(LatexCompilerTest, ReportsTheFirstErrorOfABrokenFile) {
  if (LatexCompiler::FindEngine().empty()) GTEST_SKIP() << "no TeX engine installed";
  const fs::path dir = TempDir("broken");
  WriteFileAtomically(dir / "main.tex", "\\documentclass{article}\n\\begin{document}\n\\undefinedmacro\n\\end{document}\n");
  const auto r = LatexCompiler::Compile(dir / "main.tex", 120);
  EXPECT_FALSE(r.ok);
  EXPECT_NE(r.message.find("Undefined control sequence"), std::string::npos) << r.message;
  fs::remove_all(dir.parent_path());
}

}  // namespace
}  // namespace nrc
