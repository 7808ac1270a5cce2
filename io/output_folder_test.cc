#include "io/output_folder.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "tests/support/temp_dir.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

fs::path Fresh(const std::string& name) { return test::EmptiedProcessTempPath("nrc_outfolder_", name); }

// Issue 11: a non-empty folder nrc did not make (it holds the user's own
// model.json) was silently overwritten.
TEST(OutputFolder, RefusesAForeignNonEmptyFolderUnlessForced) {
  const fs::path dir = Fresh("foreign");
  fs::create_directories(dir);
  WriteFileAtomically(dir / "model.json", "the user's own file");
  try {
    OutputFolder::Claim(dir, false);
    FAIL() << "claimed a foreign folder";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not made by nrc"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("--force"), std::string::npos) << e.what();
  }
  EXPECT_FALSE(fs::exists(dir / OutputFolder::kMarker));
  OutputFolder::Claim(dir, true);
  EXPECT_FALSE(fs::exists(dir / OutputFolder::kMarker)) << "marked before the command succeeded";
  OutputFolder::CommitMarkers();  // the command succeeded
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));
  OutputFolder::Claim(dir, false);  // now it is nrc's
  OutputFolder::CommitMarkers();
  EXPECT_EQ(ReadWholeFile(dir / "model.json"), "the user's own file");
}

// Issue 20: a failed `train --out userdir --force` left the marker, and a
// later run without --force then overwrote the user's model.json.
TEST(OutputFolder, AFailedForcedCommandLeavesNoMarker) {
  const fs::path dir = Fresh("forced");
  fs::create_directories(dir);
  WriteFileAtomically(dir / "model.json", "the user's own file");
  OutputFolder::Claim(dir, true);
  WriteFileAtomically(dir / "data.csv", "written by the failed command");
  OutputFolder::Mark(dir);  // as WriteRunDirectory does: waits for success
  OutputFolder::RemoveCreatedIfEmpty();  // the command failed
  EXPECT_FALSE(fs::exists(dir / OutputFolder::kMarker));
  EXPECT_THROW(OutputFolder::Claim(dir, false), std::invalid_argument);
  EXPECT_EQ(ReadWholeFile(dir / "model.json"), "the user's own file");
  for (const auto& e : fs::directory_iterator(dir)) {
    EXPECT_NE(e.path().filename().string().rfind(".nrc", 0), 0u) << "left behind: " << e.path();
  }
}

// A failed command takes back the marker it wrote into an empty folder (the
// folder stays: it was there before); a succeeded one keeps it.
TEST(OutputFolder, MarkerInAnEmptyFolderStaysOnlyWhenTheCommandSucceeds) {
  const fs::path dir = Fresh("empty_user");
  fs::create_directories(dir);
  OutputFolder::Claim(dir, false);
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));  // at once: other claimers see it
  OutputFolder::RemoveCreatedIfEmpty();
  ASSERT_TRUE(fs::is_directory(dir));
  EXPECT_TRUE(fs::is_empty(dir));
  OutputFolder::Claim(dir, false);
  OutputFolder::CommitMarkers();
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));
  EXPECT_EQ(std::distance(fs::directory_iterator(dir), fs::directory_iterator()), 1) << "claim file left";
}

// A folder holding only nrc's own claim files and temporary folders (another
// claimer in the middle of its claim, or one killed there) is nrc's; a claim
// file of a dead process of this machine is removed by the next claim.
TEST(OutputFolder, AFolderHoldingOnlyNrcsClaimFilesIsNrcs) {
  const fs::path dir = Fresh("claims_only");
  fs::create_directories(dir / (std::string(OutputFolder::kNewPrefix) + "elsewhere-1-0"));
  std::string host = UniqueFileSuffix();
  host.erase(host.rfind('-'));
  host.erase(host.rfind('-'));
  // The process id of a child that has exited: dead, and not reused yet.
  const pid_t dead = ::fork();
  if (dead == 0) ::_exit(0);
  ASSERT_GT(dead, 0);
  ASSERT_EQ(::waitpid(dead, nullptr, 0), dead);
  const fs::path stale = dir / (std::string(OutputFolder::kClaimPrefix) + host + "-" + std::to_string(dead) + "-0");
  const fs::path remote = dir / (std::string(OutputFolder::kClaimPrefix) + "another-machine-123-0");
  WriteFileAtomically(stale, "");
  WriteFileAtomically(remote, "");
  EXPECT_TRUE(OutputFolder::IsClaimable(dir));
  OutputFolder::Claim(dir, false);
  OutputFolder::CommitMarkers();
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));
  EXPECT_FALSE(fs::exists(stale)) << "the claim file of a dead process stays";
  EXPECT_TRUE(fs::exists(remote)) << "removed the claim file of a process on another machine";
}

TEST(OutputFolder, RefusesALinkToNothingAndAnEmptyName) {
  const fs::path dir = Fresh("dangling");
  fs::create_directories(dir);
  fs::create_symlink(dir / "nowhere", dir / "out");
  EXPECT_THROW(OutputFolder::Claim(dir / "out", false), std::invalid_argument);
  EXPECT_FALSE(fs::exists(dir / "nowhere"));
  EXPECT_THROW(OutputFolder::Claim("", false), std::invalid_argument);
}

// The point worker's folder: made by the sweep for it; a link is refused.
TEST(OutputFolder, AdoptRefusesALink) {
  const fs::path dir = Fresh("adopt");
  fs::create_directories(dir / "real");
  fs::create_directory_symlink(dir / "real", dir / "link");
  EXPECT_NO_THROW(OutputFolder::Adopt(dir / "real"));
  EXPECT_THROW(OutputFolder::Adopt(dir / "link"), std::invalid_argument);
  EXPECT_THROW(OutputFolder::Adopt(dir / "missing"), std::invalid_argument);
}

TEST(OutputFolder, AcceptsMissingEmptyAndMarkedFolders) {
  const fs::path missing = Fresh("missing") / "a" / "b";
  OutputFolder::Claim(missing, false);
  EXPECT_TRUE(fs::exists(missing / OutputFolder::kMarker));
  EXPECT_TRUE(fs::exists(missing.parent_path() / OutputFolder::kMarker));
  const fs::path slash = Fresh("slash");
  OutputFolder::Claim(slash.string() + "//", false);
  EXPECT_TRUE(fs::exists(slash / OutputFolder::kMarker));
  const fs::path empty = Fresh("empty");
  fs::create_directories(empty);
  OutputFolder::Claim(empty, false);
  EXPECT_TRUE(fs::exists(empty / OutputFolder::kMarker));
}

TEST(OutputFolder, RefusesAFile) {
  const fs::path dir = Fresh("file");
  fs::create_directories(dir.parent_path());
  WriteFileAtomically(dir, "x");
  EXPECT_THROW(OutputFolder::Claim(dir, true), std::invalid_argument);
}

// Issue 11: a failed run left an empty --out folder.
TEST(OutputFolder, RemovesTheFoldersItCreatedWhenTheyStayEmpty) {
  const fs::path unused = Fresh("unused") / "a" / "b";
  const fs::path used = Fresh("used");
  const fs::path existing = Fresh("existing");
  fs::create_directories(existing);
  OutputFolder::Claim(unused, false);
  OutputFolder::Claim(used, false);
  OutputFolder::Claim(existing, false);
  WriteFileAtomically(used / "model.json", "{}");
  OutputFolder::RemoveCreatedIfEmpty();
  EXPECT_FALSE(fs::exists(unused.parent_path().parent_path())) << "a created parent stays";
  EXPECT_TRUE(fs::exists(used / "model.json"));
  EXPECT_TRUE(fs::exists(existing));  // not created by this process
}

// Issue 16: a failed command removed the folder it created although another
// shard had claimed it and was about to write into it.
TEST(OutputFolder, AFailedCreatorNeverRemovesAFolderAnotherProcessClaimed) {
  const fs::path dir = Fresh("shared");
  OutputFolder::Claim(dir, false);  // this process creates it
  int ready[2], go[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(go), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // another shard: claims, waits, then writes
    char byte = 0;
    int status = 0;
    try {
      OutputFolder::Claim(dir, false);
      if (::write(ready[1], &byte, 1) != 1) status = 3;
      if (::read(go[0], &byte, 1) != 1) status = 4;
      CreateEmptyFile(dir / "written-by-the-other-shard");
      OutputFolder::CommitMarkers();
    } catch (const std::exception&) {
      status = 1;
    }
    ::_exit(status);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  OutputFolder::RemoveCreatedIfEmpty();  // this process's command failed
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));
  ASSERT_EQ(::write(go[1], &byte, 1), 1);
  int status = -1;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_TRUE(fs::exists(dir / "written-by-the-other-shard"));
  for (int fd : {ready[0], ready[1], go[0], go[1]}) ::close(fd);
}

}  // namespace
}  // namespace nrc
