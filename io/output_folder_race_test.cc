// Issue 16: claiming one new output folder from many processes at once (a
// Slurm array or GNU parallel starting every shard of a sweep into one --out)
// must never refuse a claim, and a claimer that fails must never remove the
// folder from under the others.
//
// Each round forks 16 real processes (separate address spaces, as separate
// nrc commands are) that wait behind a barrier (one pipe whose write end the
// parent closes: every child's read returns at the same moment), then claim
// the same missing folder ROOT/round-R/shared (its parent is missing too).
// In every second round, every fourth claimer then fails like a command does
// (OutputFolder::RemoveCreatedIfEmpty, at once); the others each write a file
// of their own into the folder. After the round every child must have exited
// 0, every surviving claimer's file must be there, the marker too, and no
// temporary claim file may be left.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "io/output_folder.h"
#include "tests/support/temp_dir.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

constexpr int kProcesses = 16;
constexpr int kRounds = 200;

// The child's side: wait for the barrier, claim, then fail or write.
[[noreturn]] void Claimer(int barrier, const fs::path& dir, int index, bool fail) {
  char byte;
  while (::read(barrier, &byte, 1) < 0) {
  }
  int status = 0;
  try {
    OutputFolder::Claim(dir, false);
    if (fail) {
      OutputFolder::RemoveCreatedIfEmpty();
    } else {
      CreateEmptyFile(dir / ("claimer-" + std::to_string(index)));  // no fsync: 3200 of them
      OutputFolder::CommitMarkers();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "claimer %d: %s\n", index, e.what());
    status = 1;
  }
  std::fflush(stderr);
  ::_exit(status);
}

// Temporary names nrc uses while it claims or writes (none may be left).
int Temporaries(const fs::path& dir) {
  int n = 0;
  for (const auto& e : fs::directory_iterator(dir)) {
    const std::string name = e.path().filename().string();
    n += name.rfind(".nrc-", 0) == 0 || name.find(".tmp-") != std::string::npos;
  }
  return n;
}

TEST(OutputFolderRace, SixteenProcessesClaimOneNewFolderAtOnceForTwoHundredRounds) {
  const fs::path root = test::FreshProcessTempDir("nrc_outfolder_race_");
  int first_failed_round = -1, failed_claims = 0, lost = 0;
  for (int round = 0; round < kRounds; ++round) {
    const fs::path dir = root / ("round-" + std::to_string(round)) / "shared";
    int barrier[2];
    ASSERT_EQ(::pipe(barrier), 0);
    std::vector<pid_t> children;
    std::vector<bool> fails;
    for (int i = 0; i < kProcesses; ++i) {
      const bool fail = round % 2 == 1 && i % 4 == 0;
      const pid_t pid = ::fork();
      ASSERT_GE(pid, 0) << "fork failed";
      if (pid == 0) {
        ::close(barrier[1]);
        Claimer(barrier[0], dir, i, fail);
      }
      children.push_back(pid);
      fails.push_back(fail);
    }
    ::close(barrier[0]);
    ::close(barrier[1]);  // the barrier opens: every child's read returns now
    int failed_here = 0;
    for (pid_t pid : children) {
      int status = 0;
      ASSERT_EQ(::waitpid(pid, &status, 0), pid);
      failed_here += !(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
    int lost_here = 0;
    for (int i = 0; i < kProcesses; ++i) {
      if (!fails[i]) lost_here += !fs::exists(dir / ("claimer-" + std::to_string(i)));
    }
    if ((failed_here > 0 || lost_here > 0) && first_failed_round < 0) first_failed_round = round;
    failed_claims += failed_here;
    lost += lost_here;
    if (lost_here == 0 && failed_here == 0) {
      EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker)) << "round " << round;
      EXPECT_EQ(Temporaries(dir), 0) << "round " << round;
      EXPECT_EQ(Temporaries(dir.parent_path()), 0) << "round " << round;
    }
  }
  EXPECT_EQ(failed_claims, 0) << "of " << kRounds * kProcesses << " claims; first failure in round "
                              << first_failed_round + 1 << " of " << kRounds;
  EXPECT_EQ(lost, 0) << "files of successful claimers lost; first in round " << first_failed_round + 1;
  if (first_failed_round < 0) fs::remove_all(root);
}

}  // namespace
}  // namespace nrc
