// nrc sweep, resumable: a sweep killed midway (SIGKILL to nrc; its worker
// dies with it) and restarted with the same command redoes only the
// unfinished points and ends with byte-identical results (report data, JSON,
// summary) to an uninterrupted sweep; so does a sweep restarted after a
// point's files were damaged (a simulated interrupted write). The worker's
// death is waited for, not slept on (issue 16: no timing dependence).
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <filesystem>
#include <thread>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "tests/support/temp_dir.h"
#include "tests/support/tiny_sweep.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

const std::string kConfig = test::TinySweepConfig("resume", "[0.001, 0.01, 0.1]");
constexpr int kPoints = 6;

fs::path Root() {
  static const fs::path root = test::ProcessTempPath("nrc-resume-test-");
  return root;
}

int Finished(const fs::path& out) {
  int n = 0;
  std::error_code ec;
  if (!fs::exists(out / "runs", ec)) return 0;
  for (auto it = fs::recursive_directory_iterator(out / "runs", ec); it != fs::recursive_directory_iterator();
       it.increment(ec)) {
    if (ec) break;
    n += it->path().filename() == "analysis.json";
  }
  return n;
}

std::vector<std::string> SweepCommand(const fs::path& out) {
  return {NRC_BINARY, "sweep", (Root() / "sweep.json").string(), "--out", out.string(), "--jobs", "1", "--no-pdf",
          "--quiet"};
}

int RunToEnd(const fs::path& out) {
  ChildProcess::Options o;
  o.output_file = out.string() + ".log";
  return ChildProcess::Run(SweepCommand(out), o, 600);
}

void ExpectSameResults(const fs::path& a, const fs::path& b) {
  for (const char* f : {"report/data/runs.csv", "report/data/layers.csv", "report/data/spectra.csv",
                        "report/data/verdicts.csv", "report/data/series.csv", "report/report.json", "summary.txt",
                        "report/main.tex"}) {
    ASSERT_TRUE(fs::exists(a / f)) << f;
    ASSERT_TRUE(fs::exists(b / f)) << f;
    EXPECT_EQ(ReadWholeFile(a / f), ReadWholeFile(b / f)) << f << " differs";
  }
}

int Reused(const fs::path& out) {
  const auto t = nlohmann::json::parse(ReadWholeFile(out / "timings.json"));
  int n = 0;
  for (const auto& p : t["points"]) n += p["reused"].get<bool>();
  return n;
}

TEST(SweepResumeTest, KilledMidwayAndRestartedGivesTheUninterruptedResults) {
  fs::remove_all(Root());
  fs::create_directories(Root());
  WriteFileAtomically(Root() / "sweep.json", kConfig);

  const fs::path a = Root() / "uninterrupted", b = Root() / "interrupted";
  ASSERT_EQ(RunToEnd(a), 0) << ReadWholeFile(a.string() + ".log");
  EXPECT_EQ(Finished(a), kPoints);

  // The test adopts orphans (child subreaper), and nrc runs in a process
  // group of its own, which its worker joins: once nrc is killed, the worker
  // becomes this process's child and is waited for below, so no worker can
  // finish a point after the count (a fixed sleep could not promise that on
  // a loaded machine) or write beside the restarted sweep.
  ASSERT_EQ(::prctl(PR_SET_CHILD_SUBREAPER, 1), 0);
  ChildProcess::Options o;
  o.output_file = b.string() + ".log";
  o.new_process_group = true;
  ChildProcess sweep = ChildProcess::Spawn(SweepCommand(b), o);
  const auto start = std::chrono::steady_clock::now();
  while (Finished(b) < 2 && sweep.running() && !sweep.Poll(nullptr) &&
         std::chrono::steady_clock::now() - start < std::chrono::minutes(5)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_EQ(::kill(sweep.pid(), SIGKILL), 0);  // nrc alone: its worker must die with it (PR_SET_PDEATHSIG)
  const pid_t group = sweep.pid();
  sweep.Wait();
  while (::waitpid(-group, nullptr, 0) > 0 || errno == EINTR) {
  }
  EXPECT_EQ(errno, ECHILD);
  const int done = Finished(b);
  ASSERT_GE(done, 1);
  ASSERT_LT(done, kPoints) << "the sweep finished before it could be interrupted";
  EXPECT_FALSE(fs::exists(b / "report" / "report.json"));

  ASSERT_EQ(RunToEnd(b), 0) << ReadWholeFile(b.string() + ".log");
  EXPECT_EQ(Reused(b), done);  // only the unfinished points were redone
  ExpectSameResults(a, b);

  // A damaged point (an interrupted write left a model.json of another run):
  // redone, same results; the other points are reused.
  const fs::path point = b / "runs" / "resume" / "std=0.5,lambda=0.01";
  ASSERT_TRUE(fs::exists(point / "analysis.json"));
  WriteFileAtomically(point / "model.json", "{\"format\": \"nrc-model/1\", \"run_id\": \"0000\"}");
  ASSERT_EQ(RunToEnd(b), 0) << ReadWholeFile(b.string() + ".log");
  EXPECT_EQ(Reused(b), kPoints - 1);
  ExpectSameResults(a, b);
  fs::remove_all(Root());
}

}  // namespace
}  // namespace nrc
