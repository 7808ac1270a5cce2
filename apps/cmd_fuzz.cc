// nrc fuzz --minutes M [--seed S]: a fuzzing campaign. Runs the property-test
// executables of the build tree (ctest label `property`) again and again with
// fresh RapidCheck seeds for M minutes, prints the cases tried per property
// and the seeds, and saves every counterexample with the command that
// reproduces it (suite/fuzz_campaign.h). With --data FILE.csv (and the
// network options) it fuzzes the statements at random parameter points on
// your data instead (suite/theta_fuzz.h).
// Exit status: 0 nothing failed, 1 a counterexample was found, 2 usage or
// input error (no build tree, no property tests, unwritable folder).
#include <iostream>
#include <thread>

#include "apps/commands.h"
#include "suite/fuzz_campaign.h"
#include "suite/problem_flags.h"
#include "suite/theta_fuzz.h"
#include "training/config_field.h"

namespace nrc::cli {


void AddFuzzCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand(
      "fuzz", "Fuzzing campaign: the property tests with fresh seeds for a time budget (or random parameters on --data)");
  struct Options {
    FuzzCampaign::Options campaign;
    std::string build_dir, out = "nrc-fuzz";
    bool force = false;
    std::string seed;  // the campaign's seed, not the initialisation seed
    ProblemFlags flags;
  };
  auto o = std::make_shared<Options>();
  o->campaign.jobs = DefaultJobs();
  cmd->add_option("--minutes,-m", o->campaign.minutes, "time budget in minutes (default 5)");
  cmd->add_option("--seed", o->seed,
                  "campaign seed, 0 to 2^64-1 (default: random; printed) -- the same seed replays the same runs");
  cmd->add_option("--build-dir", o->build_dir, "build tree with the property tests (default: the one of this nrc)");
  cmd->add_option("--out", o->out, "output folder (default nrc-fuzz)");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--jobs,-j", o->campaign.jobs, "test executables run in parallel (default: the cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_option("--cases", o->campaign.cases, "RapidCheck max_success per run (default 200)")->check(CLI::Range(1, 100000000));
  cmd->add_option("--label", o->campaign.label, "ctest label of the tests (default property)");
  cmd->add_option("--filter", o->campaign.filter, "only tests whose ctest name contains this");
  o->flags.Register(cmd, ProblemFlags::kProblem | ProblemFlags::kAnalysis);
  cmd->callback([o, action]() {
    *action = [o]() {
      // A finite budget: "inf" or 1e300 minutes would be a campaign without end
      // (and overflow the deadline's clock arithmetic). One week at most.
      if (!(o->campaign.minutes > 0 && o->campaign.minutes <= 10080)) {
        throw UsageError("--minutes must be > 0 and at most 10080 (one week)");
      }
      const bool seed_given = !o->seed.empty();
      std::uint64_t seed = 0;
      AsUsageError([&] { if (seed_given) seed = ConfigField::Seed(o->seed, "--seed"); });
      if (!o->flags.data.empty()) {
        ThetaFuzz::Options t;
        try {
          const auto points = o->flags.DataSweep().Expand();
          if (points.size() != 1) throw UsageError("--data fuzzing takes one --lambda value");
          t.config = points.front().config;
          t.precision = o->flags.Analysis({}).precision;
        } catch (const std::invalid_argument& e) {
          throw UsageError(e.what());
        }
        t.minutes = o->campaign.minutes;
        t.seed_given = seed_given;
        t.seed = seed;
        t.out = o->out;
        t.force = o->force;
        ThetaFuzz::Result r = AsUsageError([&] { return ThetaFuzz::Run(t); });
        std::cout << ThetaFuzz::Render(r, t);
        return r.violated > 0 ? 1 : 0;
      }
      if (o->flags.AnyProblemOption()) throw UsageError("network options need --data (they describe your problem)");
      FuzzCampaign::Options c = o->campaign;
      c.seed_given = seed_given;
      c.seed = seed;
      c.build_dir = o->build_dir;
      c.out = o->out;
      c.force = o->force;
      FuzzCampaign::Result r = AsUsageError([&] { return FuzzCampaign::Run(c); });
      std::cout << FuzzCampaign::Render(r);
      std::cout << "campaign written to " << (c.out / "campaign.json").string() << " and "
                << (c.out / "report.txt").string() << "\n";
      return r.failures > 0 ? 1 : 0;
    };
  });
}

}  // namespace nrc::cli
