#include "io/atomic_file.h"

#include <gtest/gtest.h>

#include <filesystem>

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

}  // namespace
}  // namespace nrc
