// The suite commands' error paths, through the nrc binary: bad usage or input
// gives exit status 2 and one line "nrc: error: ..." naming the problem, and
// leaves no output behind; plus a small happy path of nrc verify --data, nrc
// report and nrc fuzz --data.
#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "tests/support/temp_dir.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

struct Outcome {
  int status = 0;
  std::string output;
};

fs::path Root() {
  static const fs::path root = test::FreshProcessTempDir("nrc-cli-test-");
  return root;
}

Outcome Nrc(std::vector<std::string> args) {
  args.insert(args.begin(), NRC_BINARY);
  ChildProcess::Options o;
  o.output_file = Root() / "output.txt";
  o.working_dir = Root();
  Outcome r;
  r.status = ChildProcess::Run(args, o, 600);
  r.output = ReadWholeFile(o.output_file);
  return r;
}

void ExpectUsageError(const std::vector<std::string>& args, const std::string& expected) {
  const Outcome r = Nrc(args);
  std::string command;
  for (const auto& a : args) command += a + " ";
  EXPECT_EQ(r.status, 2) << command << "\n" << r.output;
  const auto pos = r.output.find("nrc: error: ");
  ASSERT_NE(pos, std::string::npos) << command << "\n" << r.output;
  const std::string line = r.output.substr(pos);
  EXPECT_EQ(line.find('\n'), line.size() - 1) << "more than one line: " << r.output;
  EXPECT_NE(line.find(expected), std::string::npos) << command << " gave: " << line;
}

TEST(SuiteCliTest, UnwritableOutputFolder) {
  WriteFileAtomically(Root() / "a-file", "x");
  ExpectUsageError({"verify", "--out", (Root() / "a-file" / "out").string()}, "output folder");
  WriteFileAtomically(Root() / "ok.json", R"({"problem": "iris"})");
  ExpectUsageError({"sweep", (Root() / "ok.json").string(), "--out", (Root() / "a-file" / "out").string()},
                   "output folder");
  fs::create_directories(Root() / "empty");
  ExpectUsageError({"report", (Root() / "empty").string(), "--out", (Root() / "a-file" / "r").string()},
                   "output folder");
  ExpectUsageError({"fuzz", "--data", "iris", "--minutes", "0.01", "--out", (Root() / "a-file" / "f").string()},
                   "output folder");
}

TEST(SuiteCliTest, BadSweepConfigurations) {
  ExpectUsageError({"sweep", (Root() / "missing.json").string()}, "cannot read");
  WriteFileAtomically(Root() / "broken.json", "{\"problem\": \"iris\"");
  ExpectUsageError({"sweep", (Root() / "broken.json").string()}, "not valid JSON");
  WriteFileAtomically(Root() / "unknown.json", R"({"problem": "iris", "grid": {"lamda": [1]}})");
  ExpectUsageError({"sweep", (Root() / "unknown.json").string()}, "unknown grid axis 'lamda'");
  WriteFileAtomically(Root() / "std.json", R"({"problem": "iris", "grid": {"std": [1]}})");
  ExpectUsageError({"sweep", (Root() / "std.json").string()}, "needs Gaussian-cluster data");
  WriteFileAtomically(Root() / "lambda.json", R"({"problem": "iris", "config": {"lambda": 0}})");
  ExpectUsageError({"sweep", (Root() / "lambda.json").string()}, "lambda");
  WriteFileAtomically(Root() / "widths.json", R"({"problem": "iris", "config": {"widths": [5, 3]}})");
  ExpectUsageError({"sweep", (Root() / "widths.json").string(), "--out", (Root() / "never").string()}, "iris");
  EXPECT_FALSE(fs::exists(Root() / "never" / "runs"));  // nothing started
}

TEST(SuiteCliTest, BadOptionsAndInputs) {
  ExpectUsageError({"verify", "--data", (Root() / "nope.csv").string()}, "nope.csv");
  ExpectUsageError({"verify", "--data", "iris", "--lambda", "-1"}, "--lambda");
  ExpectUsageError({"verify", "--data", "iris", "--widths", "4,x,3"}, "--widths");
  ExpectUsageError({"verify", "--check-precision", "quad"}, "quad");
  ExpectUsageError({"verify", "--jobs", "0"}, "jobs");
  ExpectUsageError({"report", (Root() / "nothing-here").string()}, "no such file");
  fs::create_directories(Root() / "empty");
  ExpectUsageError({"report", (Root() / "empty").string()}, "no run directory");
  ExpectUsageError({"report"}, "give run directories");
  ExpectUsageError({"fuzz", "--build-dir", Root().string(), "--minutes", "0.01"}, "not a build tree");
  ExpectUsageError({"fuzz", "--minutes", "0"}, "--minutes");
}

TEST(SuiteCliTest, VerifyReportAndFuzzOnYourData) {
  // Your own CSV: 2 classes in 3 dimensions.
  std::string csv;
  for (int i = 0; i < 12; ++i) {
    const int c = i % 2;
    csv += std::to_string(c * 2 + 0.1 * (i % 3)) + "," + std::to_string(-c + 0.05 * i) + "," +
           std::to_string(0.2 * (i % 4)) + "," + std::to_string(c) + "\n";
  }
  WriteFileAtomically(Root() / "mine.csv", csv);
  Outcome r = Nrc({"verify", "--data", "mine.csv", "--widths", "3,5,2", "--lambda", "0.01,0.1", "--precision",
                   "double", "--out", "v", "--no-pdf", "--quiet"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("mine[lambda=0.01]"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(Root() / "v" / "report" / "main.tex"));
  EXPECT_TRUE(fs::exists(Root() / "v" / "summary.txt"));

  r = Nrc({"report", "v/runs", "--out", "r", "--no-pdf", "--quiet"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_EQ(ReadWholeFile(Root() / "r" / "data" / "layers.csv"),
            ReadWholeFile(Root() / "v" / "report" / "data" / "layers.csv"));

  r = Nrc({"fuzz", "--data", "mine.csv", "--widths", "3,4,2", "--minutes", "0.02", "--seed", "7", "--out", "f"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("theta fuzz campaign seed 7"), std::string::npos) << r.output;
  EXPECT_TRUE(fs::exists(Root() / "f" / "theta-campaign.json"));
}

// Issue 9 item 5: points whose training configurations agree but for the name
// are trained once (the first one's run directory) and reported under every
// name; a second run reuses them all.
TEST(SuiteCliTest, IdenticalTrainingsRunOnceAndAreReportedUnderEveryName) {
  WriteFileAtomically(Root() / "share.json", R"({"sweeps": [
      {"name": "a", "config": {"data": "gauss:K=2,d=3,n=6,std=0.1,seed=2", "widths": [3, 4, 2], "precision": "double"}},
      {"name": "b", "config": {"data": "gauss:K=2,d=3,n=6,std=0.1,seed=2", "widths": [3, 4, 2], "precision": "double"},
       "grid": {"lambda": [0.001, 0.01]}}]})");
  Outcome r = Nrc({"sweep", "share.json", "--out", "s", "--jobs", "1", "--no-pdf"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("b[lambda=0.001]: the run of a (same training)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("3 points: 3 run, 0 reused, 0 failed"), std::string::npos) << r.output;
  EXPECT_FALSE(fs::exists(Root() / "s" / "runs" / "b" / "lambda=0.001"));  // never trained
  EXPECT_TRUE(fs::exists(Root() / "s" / "runs" / "a" / "analysis.json"));
  EXPECT_TRUE(fs::exists(Root() / "s" / "runs" / "b" / "lambda=0.01" / "analysis.json"));
  const std::string summary = ReadWholeFile(Root() / "s" / "summary.txt");
  EXPECT_NE(summary.find("\na "), std::string::npos) << summary;
  EXPECT_NE(summary.find("b[lambda=0.001]"), std::string::npos) << summary;
  EXPECT_NE(summary.find("b[lambda=0.01]"), std::string::npos) << summary;
  EXPECT_NE(summary.find("3 runs"), std::string::npos) << summary;
  r = Nrc({"sweep", "share.json", "--out", "s", "--jobs", "1", "--no-pdf", "--quiet"});
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_NE(r.output.find("3 points: 0 run, 3 reused, 0 failed"), std::string::npos) << r.output;
}

// Issue 20: `nrc fuzz --out DIR` did not claim its folder and overwrote the
// user's files; it is claimed like every --out (marker check, --force), and
// the marker is written only when the command succeeded.
TEST(SuiteCliTest, FuzzClaimsItsFolder) {
  fs::create_directories(Root() / "userfuzz");
  WriteFileAtomically(Root() / "userfuzz" / "theta-campaign.json", "the user's own file");
  const std::vector<std::string> fuzz = {"fuzz", "--data", "gauss:K=2,d=3,n=6,std=0.1,seed=2", "--widths", "3,4,2",
                                         "--minutes", "0.01", "--seed", "7", "--out", "userfuzz"};
  ExpectUsageError(fuzz, "output folder userfuzz: folder is not empty and was not made by nrc");
  EXPECT_EQ(ReadWholeFile(Root() / "userfuzz" / "theta-campaign.json"), "the user's own file");
  EXPECT_FALSE(fs::exists(Root() / "userfuzz" / ".nrc"));
  std::vector<std::string> forced = fuzz;
  forced.push_back("--force");
  const Outcome r = Nrc(forced);
  ASSERT_EQ(r.status, 0) << r.output;
  EXPECT_TRUE(fs::exists(Root() / "userfuzz" / ".nrc"));
  EXPECT_NE(ReadWholeFile(Root() / "userfuzz" / "theta-campaign.json"), "the user's own file");
}

// Issue 20: a symbolic link inside an nrc folder (OUT/report, a point folder)
// was followed and the user's file behind it overwritten. It is refused with
// one line naming it, and nothing behind it changes.
TEST(SuiteCliTest, LinksInsideTheOutputFolderAreRefused) {
  WriteFileAtomically(Root() / "one.json", R"({"name": "one", "config":
      {"data": "gauss:K=2,d=3,n=6,std=0.1,seed=2", "widths": [3, 4, 2], "precision": "double"}})");
  const std::vector<std::string> sweep = {"sweep", "one.json", "--out", "ln", "--jobs", "1", "--no-pdf", "--quiet"};
  Outcome r = Nrc(sweep);
  ASSERT_EQ(r.status, 0) << r.output;
  const fs::path user = Root() / "users-folder";
  fs::create_directories(user);
  WriteFileAtomically(user / "main.tex", "the user's own file");
  WriteFileAtomically(user / "point.json", "the user's own file");

  fs::rename(Root() / "ln" / "report", Root() / "ln-report");
  fs::create_directory_symlink(user, Root() / "ln" / "report");
  ExpectUsageError(sweep, "ln/report is a symbolic link inside an nrc output folder");

  for (const char* f : {"main.tex", "point.json"}) EXPECT_EQ(ReadWholeFile(user / f), "the user's own file") << f;
  EXPECT_EQ(std::distance(fs::directory_iterator(user), fs::directory_iterator()), 2) << "wrote behind the link";

  // A point folder that is a link: refused, whether what it points to is a
  // finished run (not reused) or the user's folder (not written into).
  fs::remove(Root() / "ln" / "report");
  fs::rename(Root() / "ln-report", Root() / "ln" / "report");
  const fs::path run = Root() / "users-run";
  fs::rename(Root() / "ln" / "runs" / "one", run);
  fs::create_directory_symlink(run, Root() / "ln" / "runs" / "one");
  ExpectUsageError(sweep, "ln/runs/one is a symbolic link inside an nrc output folder");
  fs::remove(Root() / "ln" / "runs" / "one");
  fs::create_directory_symlink(user, Root() / "ln" / "runs" / "one");
  ExpectUsageError(sweep, "ln/runs/one is a symbolic link inside an nrc output folder");
  for (const char* f : {"main.tex", "point.json"}) EXPECT_EQ(ReadWholeFile(user / f), "the user's own file") << f;
  EXPECT_EQ(std::distance(fs::directory_iterator(user), fs::directory_iterator()), 2) << "wrote behind the link";
}

}  // namespace
}  // namespace nrc
