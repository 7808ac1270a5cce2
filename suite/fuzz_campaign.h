// nrc/suite/fuzz_campaign.h
//
// FuzzCampaign: `nrc fuzz --minutes M [--seed S]` -- runs the property-test
// executables of the build tree (the ctest tests labelled `property`: theory's
// T1-T12 properties with their negative controls, the MLP gradient and
// Hessian properties, the numerics properties) again and again with fresh
// RapidCheck seeds for a time budget, and reports what was tried.
//
// Discovery: `ctest --test-dir BUILD -N -L LABEL --show-only=json-v1` (ctest
// from BUILD/CMakeCache.txt, else the PATH) gives each test's command line,
// environment and working directory; BUILD is Options::build_dir, or found
// upward from the nrc binary (BUILD/apps/nrc).
//
// Runs: each executable runs in turn (Options::jobs at a time) with
// RC_PARAMS="seed=S max_success=N" (N = Options::cases, default 200: the
// suite's default, which its negative controls are calibrated for), S drawn
// from a splitmix64 stream seeded with the campaign seed (Options::seed, or
// random and printed). No run starts after the budget; one still running at
// the end of the budget (plus a grace of a tenth of it, at least 30 s) is
// stopped, and only its finished properties are counted.
//
// Per property (gtest test "Suite.Name") the report gives the runs, the
// RapidCheck cases tried (from "OK, passed N tests", "Falsifiable after N
// tests", "Gave up after N tests", or the progress dots of RapidCheck's
// verbose_progress, which every run turns on: one per passed case, so a
// property that prints no statistics or is stopped midway is counted too;
// plain tests are listed with their runs and "-"), the failures and the seeds.
// A run that crashes inside a test counts as a failure of that test. A failing test's output is saved as
// OUT/counterexamples/TEST-seed-S.txt, headed by the command that reproduces
// it:
//   RC_PARAMS="seed=S max_success=N" ENV... EXE --gtest_filter=Suite.Name
// (RapidCheck derives each property's cases from the seed and the property's
// name, so the filtered run replays the same cases; RapidCheck's own
// "reproduce=..." line, when it prints one, is kept in the file too).
// Everything goes to OUT (default nrc-fuzz): campaign.json (the seeds, the
// runs, the per-property table), report.txt (the table), logs/ (the output
// of every run) and counterexamples/. OUT is claimed like every nrc output
// folder (io/output_folder.h): a non-empty folder nrc did not make is
// refused unless Options::force.
//
// Parts: discovery (fuzz_campaign_discovery.cc), the campaign loop
// (fuzz_campaign.cc), rendering (fuzz_campaign_report.cc).
//
// Errors: std::invalid_argument (one line) for a missing build tree, no
// property tests, an unwritable or foreign OUT.
#ifndef NRC_SUITE_FUZZ_CAMPAIGN_H_
#define NRC_SUITE_FUZZ_CAMPAIGN_H_

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace nrc {

struct FuzzCampaign {
  struct Options {
    double minutes = 5;
    bool seed_given = false;
    std::uint64_t seed = 0;
    std::filesystem::path build_dir;  // empty: found from the nrc binary
    std::filesystem::path out = "nrc-fuzz";
    bool force = false;               // write into a non-empty OUT nrc did not make
    int jobs = 1;
    int cases = 200;                  // RapidCheck max_success per run
    std::string label = "property";   // ctest label of the tests to run
    std::string filter;               // only tests whose ctest name contains this
    bool quiet = false;
  };
  struct TestCommand {
    std::string name;                 // ctest name, e.g. theory_t3_test
    std::vector<std::string> command; // as ctest runs it
    std::string executable;           // the test binary (for reproduction commands)
    std::vector<std::pair<std::string, std::string>> env;
    std::filesystem::path working_dir;
  };
  struct Property {
    std::string test;                 // ctest name
    std::string name;                 // gtest "Suite.Name"
    int runs = 0, failures = 0;
    long long cases = 0;              // RapidCheck cases tried (when counted)
    bool counted = false;             // some run printed (or implied) a case count
    std::vector<std::uint64_t> seeds;
    std::vector<std::string> counterexamples;  // files
  };
  struct RunRecord {
    std::string test;
    std::uint64_t seed = 0;
    int status = 0;
    bool stopped = false;             // stopped at the end of the budget
    double seconds = 0;
    std::string log;
  };
  struct Result {
    std::uint64_t campaign_seed = 0;
    std::vector<RunRecord> runs;
    std::vector<Property> properties;
    int failures = 0;
    double seconds = 0;
  };

  static std::vector<TestCommand> Discover(const std::filesystem::path& build_dir, const std::string& label);
  // The build tree of the running nrc binary (throws std::invalid_argument).
  static std::filesystem::path FindBuildDir();
  static Result Run(const Options& options);
  // The per-property table with the campaign seed and the run seeds.
  static std::string Render(const Result& result);
  // campaign.json: the options, the seeds, the runs and the per-property table.
  static std::string RenderJson(const Options& options, const std::filesystem::path& build_dir, const Result& result);
};

}  // namespace nrc

#endif  // NRC_SUITE_FUZZ_CAMPAIGN_H_
