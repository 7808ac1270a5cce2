// Sweep configurations: the default suite, grid expansion (names, folders,
// axes), overrides, and every kind of bad configuration (one-line errors).
#include "suite/sweep_config.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "tests/support/temp_dir.h"

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
  EXPECT_EQ(points[11].config.data, "gauss:K=4,d=16,n=50,std=0.01,seed=1");
  EXPECT_EQ(points[11].config.widths, (std::vector<int>{16, 12, 12, 4}));
  EXPECT_EQ(points[11].config.seed, 3u);
  EXPECT_EQ(points[11].relative_dir, fs::path("runs/s/std=0.01,width=12,seed=3"));
}

// Issue 20: point names printed 6 digits, so two distinct lambdas were
// refused as "repeated grid values"; values of up to 6 digits keep their names.
TEST(SweepConfigTest, PointNamesTellEveryDistinctValueApart) {
  const auto points = Parse(R"({"name": "s", "problem": "gauss-k4",
      "grid": {"lambda": [1.0000001e-3, 1.0000002e-3, 0.001, 2e-4, 1e-5]}})")
                          .Expand();
  ASSERT_EQ(points.size(), 5u);
  EXPECT_EQ(points[0].name, "s[lambda=0.0010000001]");
  EXPECT_EQ(points[1].name, "s[lambda=0.0010000002]");
  EXPECT_EQ(points[2].name, "s[lambda=0.001]");
  EXPECT_EQ(points[3].name, "s[lambda=0.0002]");
  EXPECT_EQ(points[4].name, "s[lambda=1e-05]");
  // The same value twice is still an error.
  EXPECT_NE(ErrorOf(R"({"name": "s", "problem": "gauss-k4", "grid": {"lambda": [0.1, 0.1]}})").find("repeated grid values"),
            std::string::npos);
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
  const fs::path dir = test::ProcessTempPath("nrc-sweep-test-");
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
      {R"({"problem": "gauss-k4", "grid": {"lambda": ["abc"]}})", "is not a number: 'abc'"},
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

// Issue 9 item 5: gauss-k4, lambda-sweep[lambda=0.001] and std-sweep[std=0.1]
// are one training configuration; the suite trains it once.
TEST(SweepConfigTest, DefaultSuiteTrainsGaussK4Once) {
  const auto points = SweepConfig::DefaultSuite().Expand();
  std::vector<std::string> sharing;
  for (const auto& p : points) {
    if (p.shares_run_of.empty()) continue;
    EXPECT_EQ(p.shares_run_of, "gauss-k4") << p.name;
    EXPECT_EQ(p.relative_dir, fs::path("runs/gauss-k4")) << p.name;
    sharing.push_back(p.name);
  }
  EXPECT_EQ(sharing, (std::vector<std::string>{"lambda-sweep[lambda=0.001]", "std-sweep[std=0.1]"}));
  // Points that differ in anything but the name keep their own runs.
  const auto other = Parse(R"({"sweeps": [{"name": "a", "problem": "gauss-k4"},
      {"name": "b", "problem": "gauss-k4", "config": {"seed": 2}}]})")
                         .Expand();
  EXPECT_TRUE(other[1].shares_run_of.empty());
  EXPECT_EQ(other[1].relative_dir, fs::path("runs/b"));
}

// Issue 11: a 999,999-point grid allocated 2.3 GB before training anything.
TEST(SweepConfigTest, HugeGridIsAClearErrorBeforeAnythingIsAllocated) {
  std::string values;
  for (int i = 1; i <= 999; ++i) values += (values.empty() ? "" : ",") + std::to_string(i);
  const std::string e = ErrorOf(R"({"problem": "gauss-k4", "grid": {"seed": [)" + values + R"(], "width": [)" +
                                values + "]}}");
  EXPECT_NE(e.find("the grid has 998001 points, more than 10000"), std::string::npos) << e;
  // The limit holds for the whole sweep too.
  std::string blocks;
  for (int b = 0; b < 3; ++b) {
    blocks += std::string(b ? "," : "") + R"({"name": "b)" + std::to_string(b) +
              R"(", "problem": "gauss-k4", "grid": {"seed": [)" + values + R"(], "width": [1, 2, 3, 4]}})";
  }
  EXPECT_NE(ErrorOf(R"({"sweeps": [)" + blocks + "]}").find("the sweep has 11988 points"), std::string::npos);
}

// Issue 11: the same values are valid in a sweep config as on the command line
// (training/config_field.h): rank_threshold in (0, 1) and finite, seeds as
// unsigned 64-bit integers, lambda_b "lambda".
TEST(SweepConfigTest, ValuesAreValidatedAsOnTheCommandLine) {
  EXPECT_NE(ErrorOf(R"({"analysis": {"rank_threshold": -1}, "problem": "iris"})").find("must be a number in (0, 1)"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"analysis": {"rank_threshold": "nan"}, "problem": "iris"})").find("must be finite"),
            std::string::npos);
  EXPECT_NE(ErrorOf(R"({"problem": "iris", "grid": {"seed": [99999999999999999999]}})").find("seed must be an integer"),
            std::string::npos);
  const auto points = Parse(R"({"problem": "iris", "grid": {"seed": [18446744073709551615]}})").Expand();
  EXPECT_EQ(points[0].config.seed, 18446744073709551615ull);
  EXPECT_EQ(points[0].name, "t[seed=18446744073709551615]");
  const auto b = Parse(R"({"problem": "iris", "config": {"lambda_b": "lambda"}, "grid": {"lambda": [0.01, 0.1]}})")
                     .Expand();
  EXPECT_EQ(b[1].config.lambda_b, 0.1);
  const std::string huge(1 << 20, 'x');
  EXPECT_LT(ErrorOf(R"({"name": ")" + huge + R"(", "problem": "iris"})").size(), 300u);
  EXPECT_LT(ErrorOf(R"({"problem": ")" + huge + R"("})").size(), 400u);
}

// Issue 11: duplicate keys and deep nesting in a sweep file are one-line errors
// (deep nesting crashed nrc sweep with a stack overflow).
TEST(SweepConfigTest, DuplicateKeysAndDeepNestingAreErrors) {
  const fs::path dir = test::ProcessTempPath("nrc-sweep-json-");
  fs::create_directories(dir);
  auto load_error = [&](const std::string& text) {
    WriteFileAtomically(dir / "s.json", text);
    try {
      (void)SweepConfig::Load(dir / "s.json").Expand();
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(load_error(R"({"problem": "iris", "grid": {"lambda": [0.1]}, "grid": {"lambda": [0.2]}})")
                .find("duplicate key 'grid'"),
            std::string::npos);
  const int n = 100000;
  std::string deep = R"({"problem": "iris", "config": {"name": )";
  for (int i = 0; i < n; ++i) deep += "{\"a\": ";
  deep += "1" + std::string(n, '}') + "}}";
  EXPECT_NE(load_error(deep).find("nested deeper than 64 levels"), std::string::npos);
  // A problem file is read the same way.
  WriteFileAtomically(dir / "base.json", R"({"data": "iris", "widths": [4, 3], "widths": [4, 5, 3]})");
  EXPECT_NE(load_error(R"({"problem": "base.json"})").find("duplicate key 'widths'"), std::string::npos);
  fs::remove_all(dir);
}

}  // namespace
}  // namespace nrc
