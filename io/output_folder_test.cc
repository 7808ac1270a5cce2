#include "io/output_folder.h"

#include <gtest/gtest.h>

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
  EXPECT_TRUE(fs::exists(dir / OutputFolder::kMarker));
  OutputFolder::Claim(dir, false);  // now it is nrc's
  EXPECT_EQ(ReadWholeFile(dir / "model.json"), "the user's own file");
}

TEST(OutputFolder, AcceptsMissingEmptyAndMarkedFolders) {
  const fs::path missing = Fresh("missing") / "a" / "b";
  OutputFolder::Claim(missing, false);
  EXPECT_TRUE(fs::exists(missing / OutputFolder::kMarker));
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
  const fs::path unused = Fresh("unused");
  const fs::path used = Fresh("used");
  const fs::path existing = Fresh("existing");
  fs::create_directories(existing);
  OutputFolder::Claim(unused, false);
  OutputFolder::Claim(used, false);
  OutputFolder::Claim(existing, false);
  WriteFileAtomically(used / "model.json", "{}");
  OutputFolder::RemoveCreatedIfEmpty();
  EXPECT_FALSE(fs::exists(unused));
  EXPECT_TRUE(fs::exists(used / "model.json"));
  EXPECT_TRUE(fs::exists(existing));  // not created by this process
}

}  // namespace
}  // namespace nrc
