#include "io/atomic_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

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

}  // namespace
}  // namespace nrc
