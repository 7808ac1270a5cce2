// FuzzCampaign on a throw-away build tree whose only `property` test is
// suite/detail/fuzz_fixture.cc: cases are counted per property, the seeds
// are recorded, a failing property's counterexample is saved with a command
// that reproduces it, and the same campaign seed gives the same run seeds.
#include "suite/fuzz_campaign.h"

#include <gtest/gtest.h>

#include <filesystem>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "tests/support/temp_dir.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

fs::path FakeBuildTree() {
  const fs::path dir = test::ProcessTempPath("nrc-fuzz-test-");
  fs::create_directories(dir / "build");
  WriteFileAtomically(dir / "build" / "CMakeCache.txt", std::string("CMAKE_CTEST_COMMAND:INTERNAL=") + NRC_CTEST + "\n");
  WriteFileAtomically(dir / "build" / "CTestTestfile.cmake",
                      std::string("add_test(fixture_test \"") + NRC_FUZZ_FIXTURE +
                          "\")\nset_tests_properties(fixture_test PROPERTIES LABELS \"property\" "
                          "ENVIRONMENT \"NRC_FIXTURE=1\")\n");
  return dir;
}

TEST(FuzzCampaignTest, CountsCasesAndSavesReproducibleCounterexamples) {
  const fs::path dir = FakeBuildTree();
  const auto tests = FuzzCampaign::Discover(dir / "build", "property");
  ASSERT_EQ(tests.size(), 1u);
  EXPECT_EQ(tests[0].executable, NRC_FUZZ_FIXTURE);
  ASSERT_EQ(tests[0].env.size(), 1u);

  FuzzCampaign::Options o;
  o.minutes = 0.03;
  o.seed_given = true;
  o.seed = 11;
  o.build_dir = dir / "build";
  o.out = dir / "out";
  o.jobs = 1;
  o.quiet = true;
  const auto r = FuzzCampaign::Run(o);
  ASSERT_GE(r.runs.size(), 1u);
  EXPECT_EQ(r.campaign_seed, 11u);
  EXPECT_GE(r.failures, 1);
  const FuzzCampaign::Property *holds = nullptr, *fails = nullptr, *plain = nullptr;
  for (const auto& p : r.properties) {
    if (p.name == "Fixture.Holds") holds = &p;
    if (p.name == "Fixture.FailsForSomeInputs") fails = &p;
    if (p.name == "Fixture.Plain") plain = &p;
  }
  ASSERT_TRUE(holds && fails && plain);
  EXPECT_EQ(holds->cases, 200LL * holds->runs);
  EXPECT_EQ(holds->failures, 0);
  EXPECT_EQ(static_cast<int>(holds->seeds.size()), holds->runs);
  EXPECT_FALSE(plain->counted);
  EXPECT_EQ(fails->failures, fails->runs);
  ASSERT_FALSE(fails->counterexamples.empty());
  const std::string saved = ReadWholeFile(fails->counterexamples.front());
  EXPECT_NE(saved.find("Falsifiable"), std::string::npos);
  // The saved command reproduces the failure.
  const auto start = saved.find("RC_PARAMS=");
  ASSERT_NE(start, std::string::npos);
  const std::string command = saved.substr(start, saved.find('\n', start) - start);
  EXPECT_NE(command.find("--gtest_filter=Fixture.FailsForSomeInputs"), std::string::npos) << command;
  ChildProcess::Options co;
  co.output_file = dir / "repro.log";
  EXPECT_NE(ChildProcess::Run({"/bin/sh", "-c", command}, co, 60), 0);
  EXPECT_NE(ReadWholeFile(dir / "repro.log").find("Falsifiable"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir / "out" / "campaign.json"));
  const std::string table = FuzzCampaign::Render(r);
  EXPECT_NE(table.find("Fixture.Holds"), std::string::npos);
  EXPECT_NE(table.find("COUNTEREXAMPLE saved"), std::string::npos);

  // The same campaign seed draws the same run seeds.
  o.out = dir / "again";
  const auto again = FuzzCampaign::Run(o);
  ASSERT_GE(again.runs.size(), 1u);
  EXPECT_EQ(again.runs[0].seed, r.runs[0].seed);
  fs::remove_all(dir);
}

// Issue 20: the campaign's OUT is claimed like every nrc output folder: a
// non-empty folder nrc did not make is refused (nothing written into it)
// unless forced.
TEST(FuzzCampaignTest, RefusesAFolderNrcDidNotMakeUnlessForced) {
  const fs::path dir = FakeBuildTree();
  const fs::path out = dir / "users-folder";
  fs::create_directories(out);
  WriteFileAtomically(out / "report.txt", "the user's own file");
  FuzzCampaign::Options o;
  o.minutes = 0.01;
  o.seed_given = true;
  o.seed = 3;
  o.build_dir = dir / "build";
  o.out = out;
  o.quiet = true;
  try {
    (void)FuzzCampaign::Run(o);
    ADD_FAILURE() << "wrote into a folder nrc did not make";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("not made by nrc"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ReadWholeFile(out / "report.txt"), "the user's own file");
  EXPECT_FALSE(fs::exists(out / "logs"));
  o.force = true;
  (void)FuzzCampaign::Run(o);
  EXPECT_TRUE(fs::exists(out / "campaign.json"));
  fs::remove_all(dir);
}

TEST(FuzzCampaignTest, MissingBuildTreeIsAUsageError) {
  FuzzCampaign::Options o;
  o.build_dir = "/nonexistent-build";
  EXPECT_THROW(FuzzCampaign::Run(o), std::invalid_argument);
}

}  // namespace
}  // namespace nrc
