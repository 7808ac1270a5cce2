// nrc verify: the main job. With no arguments it runs the embedded default
// suite (suite/sweep_config.h, SweepConfig::DefaultSuite: gauss-k4 with MSE and
// cross-entropy, iris, digits, a lambda sweep and a within-class-std sweep on
// gauss-k4) through training and every check, writes everything under one
// output folder (suite/suite_job.h: runs/, report/ with the PDF, summary.txt)
// and prints one summary line per problem and layer. Finished points are
// reused, so a second run is fast. With --data FILE.csv it runs your problem
// instead (architecture, lambda and precision from the options); other
// problem options without --data apply to every problem of the default suite.
// Exit status: 0 every verdict holds (undecided ones are listed), 1 some
// verdict is violated, 2 usage/input error or a failed point.
#include <thread>

#include "apps/commands.h"
#include "suite/problem_flags.h"
#include "suite/suite_job.h"
#include "suite/sweep_config.h"

namespace nrc::cli {

int DefaultJobs() {
  const unsigned n = std::thread::hardware_concurrency();
  return n == 0 ? 1 : static_cast<int>(n);
}

int RunSuite(const SweepConfig& config, const std::string& out, int jobs, bool no_pdf, bool quiet, bool force,
             const ShardSpec* shard, bool merge) {
  SuiteJob::Options jo;
  if (shard != nullptr) jo.shard = *shard;
  jo.merge = merge;
  jo.out = out;
  jo.jobs = jobs;
  jo.compile = !no_pdf;
  jo.quiet = quiet;
  jo.force = force;
  return AsUsageError([&] { return SuiteJob::Run(config, jo); });
}

void AddVerifyCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand(
      "verify",
      "Run the default suite (or your --data problem): train, check T1-T10 and T12, write the report, print the "
      "summary table");
  struct Options {
    std::string out = "nrc-out";
    int jobs = DefaultJobs();
    bool no_pdf = false, print_config = false, quiet = false, force = false;
    ProblemFlags flags;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("--out", o->out, "output folder (default nrc-out)");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--jobs,-j", o->jobs, "problems run in parallel, each in its own process (default: the cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--no-pdf", o->no_pdf, "write the LaTeX but do not compile it");
  cmd->add_flag("--print-config", o->print_config,
                "print the suite as a sweep configuration (for nrc sweep) and exit");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress lines");
  o->flags.Register(cmd);
  cmd->callback([o, action]() {
    *action = [o]() {
      SweepConfig config;
      try {
        if (!o->flags.data.empty()) {
          config = o->flags.DataSweep();
        } else {
          config = SweepConfig::DefaultSuite();
          if (o->flags.AnyProblemOption()) {
            if (o->flags.Lambdas().size() > 1) throw UsageError("a list of --lambda values needs --data");
            config.ApplyOverrides(o->flags.Overrides());
          }
          config.analysis = o->flags.Analysis(config.analysis);
        }
        (void)config.Expand();  // every point valid before anything runs
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      if (o->print_config) {
        std::cout << config.ToJson().dump(2) << "\n";
        return 0;
      }
      return RunSuite(config, o->out, o->jobs, o->no_pdf, o->quiet, o->force);
    };
  });
}

}  // namespace nrc::cli
