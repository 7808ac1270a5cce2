// `nrc check`'s exit status and option checks, through the command's own
// action (what main() returns as the process exit status):
//   - 1 when a verdict is violated. Statements T1-T12 hold at every theta, so
//     a violated verdict needs a wrong statement: this test passes the command
//     a check that runs the real CheckNetwork and adds one deliberately wrong
//     statement (T7's MSE identity with sqrt(loss_i) in place of
//     sqrt(2 loss_i), T7's negative control), through the CheckFunction seam
//     of apps/commands.h; nothing of it is reachable from the nrc program;
//   - 0 on the same run directory with the real check;
//   - --rank-threshold <= 0, NaN or infinite is a usage error (exit 2);
//   - a run directory nrc did not make is not written into (exit 2).
#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <sstream>
#include <string>
#include <system_error>
#include <vector>

#include "apps/commands.h"
#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/stored_network_check.h"
#include "tests/support/temp_dir.h"
#include "theory/network_context.h"
#include "theory/t7.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {
namespace {

std::filesystem::path TempRunDir() {
  return test::ProcessTempPath("nrc-cmd-check-test-");
}

// A small run directory (gauss-k4's recipe on 3 classes in 4 dimensions,
// trained in double), written once per process.
const std::filesystem::path& RunDir() {
  static const std::filesystem::path dir = [] {
    TrainConfig c = ReferenceProblem("gauss-k4");
    c.name = "cmd-check-test";
    c.data = "gauss:K=3,d=4,n=8,std=0.1,seed=1";
    c.widths = {4, 6, 3};
    c.precision = "double";
    c.ladder.clear();
    TrainOptions options;
    options.certificate = false;
    const auto path = TempRunDir();
    WriteRunDirectory(path, Train(c, options));
    return path;
  }();
  return dir;
}

// Removes the run directory when the tests end.
class RemoveRunDir : public ::testing::Environment {
 public:
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(TempRunDir(), ignored);
  }
};
::testing::Environment* const kRemoveRunDir = ::testing::AddGlobalTestEnvironment(new RemoveRunDir);

// Runs `nrc check ARGS...` with `check` (the real one when empty); returns the
// exit status and stores standard output in *out.
int RunCheck(const std::vector<std::string>& args, const CheckFunction& check, std::string* out) {
  CLI::App app;
  Action action;
  if (check) {
    AddCheckCommand(app, &action, check);
  } else {
    AddCheckCommand(app, &action);
  }
  std::vector<std::string> words = {"nrc", "check"};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<const char*> argv;
  for (const auto& w : words) argv.push_back(w.c_str());
  app.parse(static_cast<int>(argv.size()), argv.data());
  std::ostringstream captured;
  auto* old = std::cout.rdbuf(captured.rdbuf());
  int status = -1;
  try {
    status = action();
  } catch (...) {
    std::cout.rdbuf(old);
    throw;
  }
  std::cout.rdbuf(old);
  if (out) *out = captured.str();
  return status;
}

// The real check plus a deliberately wrong statement: T7's MSE identity with
// sqrt(loss_i) in place of sqrt(2 loss_i) on the sample with the largest loss.
CheckReport CheckWithWrongStatement(const RunDirectory& run, const Precision&, const StoredCheckOptions& options) {
  CheckReport rep = CheckNetwork<double>(run.spec, run.Parameters<double>(), run.data, options.check);
  const auto ctx = NetworkContext<double>::Build(run.spec, run.Parameters<double>(), run.data.Features<double>(),
                                                 run.data.labels);
  const auto t7 = T7<double>::Compute(ctx);
  Eigen::Index i = 0;
  t7.loss.maxCoeff(&i);
  StatementResult<double> wrong;
  wrong.statement = "T7-wrong";
  wrong.layer = ctx.L;
  wrong.norm = "mse";
  const double b = std::sqrt(t7.loss(i));
  wrong.headline = Inequality<double>::Equal("||delta_L,i||", t7.delta_norm(i), "sqrt(loss_i)", b,
                                             ctx.error.Estimate(t7.delta_norm(i), b));
  rep.verdicts.push_back(MakeVerdict(wrong, rep.precision, rep.grad_norm));
  return rep;
}

TEST(NrcCheck, ViolatedVerdictGivesExitStatus1) {
  std::string out;
  const int status = RunCheck({RunDir().string(), "--precision", "double"}, CheckWithWrongStatement, &out);
  EXPECT_EQ(status, 1) << out;
  EXPECT_NE(out.find("T7-wrong"), std::string::npos) << out;
  EXPECT_NE(out.find(" 1 violated"), std::string::npos) << out;
  std::ifstream json(RunDir() / "check.json");
  const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("\"violated\""), std::string::npos);
}

TEST(NrcCheck, RealCheckOfTheSameRunGivesExitStatus0) {
  std::string out;
  EXPECT_EQ(RunCheck({RunDir().string(), "--precision", "double"}, {}, &out), 0) << out;
  EXPECT_NE(out.find(" 0 violated"), std::string::npos) << out;
}

TEST(NrcCheck, RankThresholdMustBeFiniteAndPositive) {
  for (const char* t : {"0", "-1", "-1e-3", "nan", "inf"}) {
    try {
      RunCheck({RunDir().string(), "--precision", "double", "--rank-threshold", t}, {}, nullptr);
      ADD_FAILURE() << "--rank-threshold " << t << " accepted";
    } catch (const UsageError& e) {  // main: "nrc: error: ...", exit status 2
      EXPECT_NE(std::string(e.what()).find("--rank-threshold"), std::string::npos) << e.what();
    } catch (const CLI::ParseError& e) {  // CLI11 rejected the number itself (also exit status 2)
      EXPECT_NE(std::string(e.what()).find("rank-threshold"), std::string::npos) << e.what();
    }
  }
  EXPECT_EQ(RunCheck({RunDir().string(), "--precision", "double", "--rank-threshold", "1e-2"}, {}, nullptr), 0);
}

// Issue 20: every folder nrc writes is claimed. check.json goes into the run
// directory, so one nrc did not make (no .nrc marker; here a copy without
// it, holding the user's own check.json) is refused before the check runs,
// pointing to --no-write, which checks it without writing.
TEST(NrcCheck, ARunDirectoryNrcDidNotMakeIsNotWrittenInto) {
  const std::filesystem::path copy = TempRunDir() / "copy-without-marker";
  std::filesystem::remove_all(copy);
  std::filesystem::create_directories(copy);
  for (const char* f : {"config.json", "model.json", "log.json", "data.csv"}) {
    std::filesystem::copy_file(RunDir() / f, copy / f);
  }
  std::ofstream(copy / "check.json") << "the user's own file";
  try {
    RunCheck({copy.string(), "--precision", "double"}, {}, nullptr);
    ADD_FAILURE() << "wrote check.json into a folder nrc did not make";
  } catch (const UsageError& e) {
    EXPECT_NE(std::string(e.what()).find("not made by nrc"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--no-write"), std::string::npos) << e.what();
    EXPECT_EQ(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  std::string out;
  EXPECT_EQ(RunCheck({copy.string(), "--precision", "double", "--no-write"}, {}, &out), 0) << out;
  std::ifstream json(copy / "check.json");
  const std::string text((std::istreambuf_iterator<char>(json)), std::istreambuf_iterator<char>());
  EXPECT_EQ(text, "the user's own file");
}

}  // namespace
}  // namespace nrc::cli
