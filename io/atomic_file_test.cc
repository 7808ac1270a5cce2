#include "io/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "io/child_process.h"
#include "io/output_folder.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

fs::path TempDir() {
  fs::path dir = fs::temp_directory_path() / ("nrc_atomic_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  return dir;
}

TEST(AtomicFile, WritesAndReplaces) {
  const fs::path f = TempDir() / "a.txt";
  WriteFileAtomically(f, "first");
  EXPECT_EQ(ReadWholeFile(f), "first");
  WriteFileAtomically(f, "second");
  EXPECT_EQ(ReadWholeFile(f), "second");
  for (const auto& e : fs::directory_iterator(f.parent_path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << "stray temporary " << e.path();
  }
}

TEST(AtomicFile, UnwritableTargetFailsAndKeepsTheOldFile) {
  const fs::path f = TempDir() / "keep.txt";
  WriteFileAtomically(f, "old");
  try {
    WriteFileAtomically(TempDir() / "no_such_dir" / "x.txt", "new");
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("cannot write"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("no_such_dir"), std::string::npos);
  }
  EXPECT_EQ(ReadWholeFile(f), "old");
  EXPECT_THROW(ReadWholeFile(TempDir() / "missing.txt"), std::runtime_error);
}

// Writers sharing a folder (sharded sweeps: processes on one or several
// machines, or threads of one process) never share a temporary name: many
// concurrent writers of one target leave it as one complete version, every
// write succeeds, and no temporary file is left. With a temporary name per
// process only, threads truncate and rename each other's temporary file
// (mixed contents or "cannot write ...: No such file or directory").
TEST(AtomicFile, ConcurrentWritersOfOneTargetNeverMix) {
  const fs::path f = TempDir() / "shared.json";
  constexpr int kWriters = 4, kRounds = 200;
  std::vector<std::string> versions;
  for (int w = 0; w < kWriters; ++w) versions.push_back(std::string(64 * 1024, static_cast<char>('a' + w)));
  std::vector<int> failures(kWriters, 0);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w) {
    threads.emplace_back([&, w]() {
      for (int r = 0; r < kRounds; ++r) {
        try {
          WriteFileAtomically(f, versions[w]);
        } catch (const std::exception&) {
          ++failures[w];
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int w = 0; w < kWriters; ++w) EXPECT_EQ(failures[w], 0) << "writer " << w;
  const std::string content = ReadWholeFile(f);
  bool complete = false;
  for (const auto& v : versions) complete = complete || content == v;
  EXPECT_TRUE(complete) << "the file mixes writers (" << content.size() << " bytes)";
  for (const auto& e : fs::directory_iterator(f.parent_path())) {
    EXPECT_EQ(e.path().string().find(".tmp-"), std::string::npos) << "stray temporary " << e.path();
  }
}

TEST(AtomicFile, UniqueFileSuffixDiffersPerCall) {
  const std::string a = UniqueFileSuffix(), b = UniqueFileSuffix();
  EXPECT_NE(a, b);
  EXPECT_NE(a.find(std::to_string(::getpid())), std::string::npos) << a;
}

// Issue 20: a symbolic link inside an nrc folder (a point folder, OUT/report)
// was followed and the user's file behind it overwritten. Below a claimed
// folder every way nrc writes refuses a link, naming it, and changes nothing
// behind it; the claimed folder itself may be a link (the user named it).
class AtomicFileLinks : public ::testing::Test {
 protected:
  void SetUp() override {
    base_ = TempDir() / "links";
    fs::remove_all(base_);
    fs::create_directories(base_ / "user");
    WriteFileAtomically(base_ / "user" / "main.tex", "the user's own file");
    out_ = base_ / "out";
    OutputFolder::Claim(out_, false);
    fs::create_directory_symlink(base_ / "user", out_ / "report");
    fs::create_symlink(base_ / "user" / "main.tex", out_ / "main.tex");
  }
  void TearDown() override {
    OutputFolder::CommitMarkers();
    EXPECT_EQ(ReadWholeFile(base_ / "user" / "main.tex"), "the user's own file");
    EXPECT_EQ(std::distance(fs::directory_iterator(base_ / "user"), fs::directory_iterator()), 1)
        << "something was written into the folder behind the link";
  }
  static void ExpectRefused(const std::function<void()>& write, const fs::path& link) {
    try {
      write();
      ADD_FAILURE() << "wrote through the link " << link;
    } catch (const std::runtime_error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(link.string() + " is a symbolic link inside an nrc output folder"), std::string::npos)
          << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    }
  }
  fs::path base_, out_;
};

TEST_F(AtomicFileLinks, WriteFileAtomicallyRefusesALinkedFolderAndALinkedFile) {
  ExpectRefused([&] { WriteFileAtomically(out_ / "report" / "main.tex", "nrc's"); }, out_ / "report");
  ExpectRefused([&] { WriteFileAtomically(out_ / "main.tex", "nrc's"); }, out_ / "main.tex");
  EXPECT_TRUE(fs::is_symlink(out_ / "main.tex"));
}

TEST_F(AtomicFileLinks, CreateFoldersRefusesALink) {
  ExpectRefused([&] { CreateFolders(out_ / "report" / "tables"); }, out_ / "report");
  CreateFolders(out_ / "points" / "p1");  // real folders are made
  EXPECT_TRUE(fs::is_directory(out_ / "points" / "p1"));
}

TEST_F(AtomicFileLinks, OpenFileForWritingRefusesALinkedLogFile) {
  ExpectRefused([&] { (void)OpenFileForWriting(out_ / "main.tex"); }, out_ / "main.tex");
  ExpectRefused([&] { (void)OpenFileForWriting(out_ / "report" / "worker.log"); }, out_ / "report");
  ChildProcess::Options o;
  o.output_file = out_ / "main.tex";
  ExpectRefused([&] { (void)ChildProcess::Run({"/bin/true"}, o); }, out_ / "main.tex");
}

TEST_F(AtomicFileLinks, RemoveFileAndCreateEmptyFileRefuseALinkedFolder) {
  ExpectRefused([&] { RemoveFile(out_ / "report" / "main.tex"); }, out_ / "report");
  ExpectRefused([&] { (void)CreateEmptyFile(out_ / "report" / ".nrc"); }, out_ / "report");
}

TEST_F(AtomicFileLinks, CheckNoLinkBelowOutputFolderRefusesALinkOnTheWay) {
  ExpectRefused([&] { CheckNoLinkBelowOutputFolder(out_ / "report" / "runs" / "p1"); }, out_ / "report");
  ExpectRefused([&] { CheckNoLinkBelowOutputFolder(out_ / "report"); }, out_ / "report");
  EXPECT_NO_THROW(CheckNoLinkBelowOutputFolder(out_ / "runs" / "missing"));
  EXPECT_NO_THROW(CheckNoLinkBelowOutputFolder(base_ / "user"));  // outside the claimed folder
}

TEST_F(AtomicFileLinks, TheClaimedFolderItselfMayBeALink) {
  const fs::path named = base_ / "named-by-the-user";
  fs::create_directory_symlink(out_, named);
  OutputFolder::Claim(named, false);
  WriteFileAtomically(named / "model.json", "{}");
  EXPECT_EQ(ReadWholeFile(out_ / "model.json"), "{}");
}

// Outside every claimed folder paths are used as given (a --json FILE, tests).
TEST(AtomicFile, OutsideOutputFoldersLinksAreTheUsersChoice) {
  const fs::path dir = TempDir() / "unclaimed";
  fs::remove_all(dir);
  fs::create_directories(dir / "real");
  fs::create_directory_symlink(dir / "real", dir / "link");
  WriteFileAtomically(dir / "link" / "a.txt", "through the user's link");
  EXPECT_EQ(ReadWholeFile(dir / "real" / "a.txt"), "through the user's link");
}

}  // namespace
}  // namespace nrc
