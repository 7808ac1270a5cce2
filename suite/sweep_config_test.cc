// Sweep configurations: the default suite, grid expansion (names, folders,
// axes), overrides, and every kind of bad configuration (one-line errors).
#include "suite/sweep_config.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "io/atomic_file.h"

namespace nrc {
namespace {

using nlohmann::ordered_json;
namespace fs = std::filesystem;

SweepConfig Parse(const std::string& text) { return SweepConfig::FromJson(ordered_json::parse(text), ".", "t"); }

std::string ErrorOf(const std::string& text) {
  try {
    (void)Parse(text).Expand();
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

TEST(SweepConfigTest, DefaultSuiteHasTheIssuesProblems) {
  const auto points = SweepConfig::DefaultSuite().Expand();
  ASSERT_EQ(points.size(), 22u);
  EXPECT_EQ(points[0].name, "gauss-k4");
  EXPECT_EQ(points[0].relative_dir, fs::path("runs/gauss-k4"));
  EXPECT_EQ(points[3].name, "digits");
  EXPECT_EQ(points[3].config.TargetPrecision().ToString(), "double");
  int lambdas = 0, stds = 0;
  double lo = 1, hi = 0;
  for (const auto& p : points) {
    if (p.name.rfind("lambda-sweep[", 0) == 0) {
      ++lambdas;
      lo = std::min(lo, p.config.lambda);
      hi = std::max(hi, p.config.lambda);
    }
    stds += p.name.rfind("std-sweep[", 0) == 0;
  }
  EXPECT_GE(lambdas, 7);
  EXPECT_EQ(lo, 1e-4);
  EXPECT_EQ(hi, 1e-1);
  EXPECT_GE(stds, 5);
  EXPECT_EQ(points[4].name, "lambda-sweep[lambda=0.0001]");
  EXPECT_EQ(points[4].relative_dir, fs::path("runs/lambda-sweep/lambda=0.0001"));
  // The default suite round-trips through its JSON form (what --print-config prints).
  const auto again = SweepConfig::FromJson(SweepConfig::DefaultSuite().ToJson(), ".", "x").Expand();
  ASSERT_EQ(again.size(), points.size());
  for (std::size_t i = 0; i < points.size(); ++i) EXPECT_EQ(again[i].ToJson(), points[i].ToJson());
}

TEST(SweepConfigTest, GridIsTheCartesianProductFirstAxisOutermost) {
  const auto points = Parse(R"({"name": "s", "problem": "gauss-k4",
      "grid": {"std": [0.5, 0.01], "width": [8, 12], "seed": [1, 2, 3]}})")
                          .Expand();
  ASSERT_EQ(points.size(), 12u);
  EXPECT_EQ(points[0].name, "s[std=0.5,width=8,seed=1]");
  EXPECT_EQ(points[1].name, "s[std=0.5,width=8,seed=2]");
  EXPECT_EQ(points[11].name, "s[std=0.01,width=12,seed=3]");
  EXPECT_EQ(points[11].config.data, "gauss:K=4,d=16,n=50,std=0.01,center=1,seed=1");
  EXPECT_EQ(points[11].config.widths, (std::vector<int>{16, 12, 12, 4}));
  EXPECT_EQ(points[11].config.seed, 3u);
  EXPECT_EQ(points[11].relative_dir, fs::path("runs/s/std=0.01,width=12,seed=3"));
}

TEST(SweepConfigTest, DepthWidthsActivationLossAndLambdaB) {
  auto points = Parse(R"({"problem": "gauss-k4", "config": {"lambda_b": 0.001},
      "grid": {"depth": [1, 4], "lambda": [0.01]}})")
                    .Expand();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].config.widths, (std::vector<int>{16, 4}));
  EXPECT_EQ(points[1].config.widths, (std::vector<int>{16, 16, 16, 16, 4}));
  EXPECT_EQ(points[1].config.lambda_b, 0.01);  // regularised biases follow lambda
  points = Parse(R"({"problem": "iris", "grid": {"widths": [[4, 3], [4, 8, 3]], "activation": ["gelu"],
      "loss": ["ce"], "precision": ["float128"]}})")
               .Expand();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[1].name, "t[widths=4-8-3,activation=gelu,loss=ce,precision=float128]");
  EXPECT_EQ(points[1].config.loss.Name(), "ce");
  EXPECT_EQ(points[1].config.TargetPrecision().ToString(), "float128");
  EXPECT_TRUE(points[1].config.ladder.empty());
}

TEST(SweepConfigTest, OverridesApplyToEveryBlockBeforeTheGrid) {
  SweepConfig c = SweepConfig::DefaultSuite();
  c.ApplyOverrides({{"precision", "float128"}, {"ladder", nlohmann::json::array()}});
  for (const auto& p : c.Expand()) EXPECT_EQ(p.config.TargetPrecision().ToString(), "float128") << p.name;
}

TEST(SweepConfigTest, ProblemFileRelativeToTheSweepFile) {
  const fs::path dir = fs::temp_directory_path() / ("nrc-sweep-test-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  WriteFileAtomically(dir / "base.json", R"({"data": "gauss:K=2,d=3,n=4", "widths": [3, 4, 2]})");
  WriteFileAtomically(dir / "sweep.json", R"({"problem": "base.json", "grid": {"lambda": ["1e-2", 0.1]}})");
  const SweepConfig c = SweepConfig::Load(dir / "sweep.json");
  EXPECT_EQ(c.name, "sweep");  // the file's stem
  const auto points = c.Expand();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(points[0].config.lambda, 1e-2);
  EXPECT_EQ(points[0].name, "sweep[lambda=1e-2]");
  WriteFileAtomically(dir / "broken.json", "{\"problem\": ");
  try {
    SweepConfig::Load(dir / "broken.json");
    FAIL();
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("broken.json: not valid JSON"), std::string::npos) << e.what();
  }
  fs::remove_all(dir);
}

TEST(SweepConfigTest, BadConfigurationsNameTheProblem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"([1, 2])", "top level must be a JSON object"},
      {R"({"problem": "gauss-k4", "gird": {}})", "unknown key 'gird'"},
      {R"({"problem": "no-such-problem"})", "neither a reference problem"},
      {R"({"grid": {"lambda": [1]}})", "needs a 'problem' or a 'config'"},
      {R"({"problem": "gauss-k4", "grid": {"lambdas": [1]}})", "unknown grid axis 'lambdas'"},
      {R"({"problem": "gauss-k4", "grid": {"lambda": []}})", "must be a non-empty list"},
      {R"({"problem": "gauss-k4", "grid": {"lambda": [-1]}})", "lambda"},
      {R"({"problem": "gauss-k4", "grid": {"lambda": ["abc"]}})", "'\"abc\"' is not a number"},
      {R"({"problem": "iris", "grid": {"std": [0.1]}})", "axis 'std' needs Gaussian-cluster data"},
      {R"({"problem": "gauss-k4", "grid": {"widths": [[16, 4]], "width": [3]}})", "cannot be combined"},
      {R"({"problem": "gauss-k4", "grid": {"lambda": [0.1, 0.1]}})", "two points are named"},
      {R"({"sweeps": [{"name": "a", "problem": "iris"}, {"problem": "iris"}]})", "needs a 'name'"},
      {R"({"sweeps": [{"name": "a", "problem": "iris"}, {"name": "a", "problem": "iris"}]})", "two blocks are named 'a'"},
      {R"({"name": "bad/name", "problem": "iris"})", "name 'bad/name'"},
      {R"({"problem": "iris", "config": {"activation": "nope"}})", "activation"},
      {R"({"analysis": {"precision": "quad"}, "problem": "iris"})", "analysis"},
  };
  for (const auto& [text, expected] : cases) {
    const std::string e = ErrorOf(text);
    EXPECT_NE(e.find(expected), std::string::npos) << text << " gave: '" << e << "'";
    EXPECT_EQ(e.find('\n'), std::string::npos) << e;
    EXPECT_EQ(e.rfind("sweep config: ", 0), 0u) << e;
  }
}

}  // namespace
}  // namespace nrc
