// nrc sweep --shard / --merge through GNU parallel (suite/shard_spec.h,
// suite/suite_job.h): a 4-point sweep run as 2 shards at the same time into
// one shared folder, then merged, gives a report byte-identical to an
// unsharded run (report data, JSON, LaTeX, summary); the shards write no
// report, leave no temporary or claim file behind (io/output_folder.h), and
// --merge refuses while a shard is missing. Skips (with a message) when GNU parallel is not installed
// (tools/setup installs it: Debian package `parallel`). Also
// examples/slurm-array.sh, run as on a login node with a stand-in `sbatch`
// that runs the array tasks and the merge job locally: same report.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <sstream>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tiny_sweep.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

const std::string kConfig = test::TinySweepConfig("shards", "[0.001, 0.01]");

fs::path Root() {
  static const fs::path root = test::ProcessTempPath("nrc-shard-test-");
  return root;
}

// The path of `program` in PATH, or "" when it is not installed.
std::string FindInPath(const std::string& program) {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path != nullptr ? path : "/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    const fs::path p = fs::path(dir.empty() ? "." : dir) / program;
    if (::access(p.c_str(), X_OK) == 0) return p.string();
  }
  return "";
}

int RunCommand(const std::vector<std::string>& argv, const fs::path& log) {
  ChildProcess::Options o;
  o.output_file = log;
  return ChildProcess::Run(argv, o, 600);
}

std::vector<std::string> Sweep(const fs::path& out, std::vector<std::string> extra) {
  std::vector<std::string> argv = {NRC_BINARY, "sweep", (Root() / "sweep.json").string(), "--out", out.string(),
                                   "--jobs", "1", "--no-pdf", "--quiet"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  return argv;
}

int StrayTemporaries(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    n += name.find(".tmp-") != std::string::npos || name.find(".nrc-write-test") != std::string::npos ||
         name.rfind(".nrc-claim-", 0) == 0 || name.rfind(".nrc-new-", 0) == 0;  // io/output_folder.h
  }
  return n;
}

class SweepShardTest : public ::testing::Test {
 protected:
  // One unsharded run, shared by the tests.
  static void SetUpTestSuite() {
    fs::remove_all(Root());
    fs::create_directories(Root());
    WriteFileAtomically(Root() / "sweep.json", kConfig);
    one_status_ = RunCommand(Sweep(Root() / "one", {}), Root() / "one.log");
  }
  static void TearDownTestSuite() { fs::remove_all(Root()); }
  void SetUp() override { ASSERT_EQ(one_status_, 0) << ReadWholeFile(Root() / "one.log"); }
  static int one_status_;
};
int SweepShardTest::one_status_ = -1;

void ExpectSameReport(const fs::path& one, const fs::path& sharded) {
  for (const char* f : {"report/report.json", "report/main.tex", "report/data/runs.csv", "report/data/layers.csv",
                        "report/data/spectra.csv", "report/data/verdicts.csv", "report/data/series.csv",
                        "summary.txt", "suite.json"}) {
    ASSERT_TRUE(fs::exists(one / f)) << f;
    ASSERT_TRUE(fs::exists(sharded / f)) << f;
    EXPECT_EQ(ReadWholeFile(one / f), ReadWholeFile(sharded / f)) << f << " differs between 1 run and the shards";
  }
}

TEST_F(SweepShardTest, TwoShardsThroughGnuParallelThenMergeEqualOneRun) {
  const std::string parallel = FindInPath("parallel");
  if (parallel.empty()) GTEST_SKIP() << "GNU parallel is not installed (Debian package `parallel`; tools/setup installs it)";
  const fs::path one = Root() / "one", sharded = Root() / "sharded";

  // --merge before any shard ran: refused, one line, nothing written.
  ASSERT_EQ(RunCommand(Sweep(sharded, {"--merge"}), Root() / "early.log"), 2) << ReadWholeFile(Root() / "early.log");
  EXPECT_NE(ReadWholeFile(Root() / "early.log").find("nrc: error: --merge: 4 of 4 points are not finished"),
            std::string::npos)
      << ReadWholeFile(Root() / "early.log");

  // The two shards at the same time (-j 2), each as its own nrc process.
  std::vector<std::string> argv = {parallel, "--will-cite", "-j", "2"};
  for (auto& a : Sweep(sharded, {"--shard", "{}/2"})) argv.push_back(a);
  for (const char* s : {":::", "1", "2"}) argv.push_back(s);
  ASSERT_EQ(RunCommand(argv, Root() / "parallel.log"), 0) << ReadWholeFile(Root() / "parallel.log");
  EXPECT_TRUE(fs::exists(sharded / "timings-shard-1-of-2.json"));
  EXPECT_TRUE(fs::exists(sharded / "timings-shard-2-of-2.json"));
  EXPECT_FALSE(fs::exists(sharded / "report")) << "a shard wrote a report";
  EXPECT_FALSE(fs::exists(sharded / "summary.txt")) << "a shard wrote a summary";
  EXPECT_EQ(StrayTemporaries(sharded), 0);

  ASSERT_EQ(RunCommand(Sweep(sharded, {"--merge"}), Root() / "merge.log"), 0) << ReadWholeFile(Root() / "merge.log");
  ExpectSameReport(one, sharded);
  EXPECT_EQ(StrayTemporaries(sharded), 0);
}

// examples/slurm-array.sh as on a login node; the stand-in sbatch runs every
// array task (SLURM_ARRAY_TASK_ID = 1..N, SLURM_ARRAY_TASK_COUNT = N) and then
// the --wrap merge job, in this process's machine, and prints a job id.
TEST_F(SweepShardTest, SlurmArrayExampleGivesTheSameReport) {
  const fs::path bin = Root() / "fake-bin", out = Root() / "slurm";
  fs::create_directories(bin);
  WriteFileAtomically(bin / "sbatch", R"(#!/bin/sh
array=""; wrap=""; script=""
while [ $# -gt 0 ]; do
  case "$1" in
    --array=*) array="${1#--array=}" ;;
    --wrap) shift; wrap="$1" ;;
    --*) ;;
    *) script="$1" ;;
  esac
  shift
done
if [ -n "$array" ]; then
  first=${array%-*}; last=${array#*-}; i=$first
  while [ "$i" -le "$last" ]; do
    SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$((last - first + 1)) "$script" || exit 1
    i=$((i + 1))
  done
  echo 1001
else
  sh -c "$wrap" || exit 1
  echo 1002
fi
)");
  fs::permissions(bin / "sbatch", fs::perms::owner_all);
  const char* path = std::getenv("PATH");
  ChildProcess::Options o;
  o.output_file = Root() / "slurm.log";
  o.env = {{"PATH", bin.string() + ":" + (path != nullptr ? path : "/usr/bin:/bin")},
           {"CONFIG", (Root() / "sweep.json").string()},
           {"OUT", out.string()},
           {"SHARDS", "2"},
           {"NRC", NRC_BINARY}};
  const std::string script = std::string(NRC_SOURCE_DIR) + "/examples/slurm-array.sh";
  ASSERT_EQ(ChildProcess::Run({script}, o, 600), 0) << ReadWholeFile(Root() / "slurm.log");
  EXPECT_TRUE(fs::exists(out / "timings-shard-1-of-2.json"));
  EXPECT_TRUE(fs::exists(out / "timings-shard-2-of-2.json"));
  ExpectSameReport(Root() / "one", out);
}

}  // namespace
}  // namespace nrc
