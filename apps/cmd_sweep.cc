// nrc sweep CONFIG.json: trains and checks every point of a grid (lambda,
// within-class std, width, depth, activation, loss, data, seed, ...) described
// by a sweep configuration (format: suite/sweep_config.h; example:
// examples/sweep-lambda-width.json), writes the report and prints the summary
// table. Resumable: finished points are kept, so an interrupted sweep
// restarted with the same command redoes only the unfinished points and ends
// with the same results. Problem options (--data, --widths, --lambda, ...)
// override every block's configuration.
// Sharded (suite/shard_spec.h, suite/suite_job.h): `--shard I/N` runs only
// the points of shard I of N (deterministic assignment; shards may share one
// --out folder and run at the same time, e.g. as a Slurm job array:
// examples/slurm-array.sh), and `--merge` then writes the report from the
// finished points of every shard, byte-identical to an unsharded run's.
// Exit status: 0 every verdict holds, 1 some verdict is violated, 2 usage or
// input error (bad configuration, unwritable folder) or a failed point.
#include <iostream>

#include "apps/commands.h"
#include "suite/problem_flags.h"
#include "suite/shard_spec.h"
#include "suite/suite_job.h"
#include "suite/sweep_config.h"

namespace nrc::cli {


void AddSweepCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand("sweep", "Train and check a grid of problems from a sweep configuration (resumable)");
  struct Options {
    std::string config, out;
    int jobs = DefaultJobs();
    bool no_pdf = false, print_points = false, quiet = false, merge = false, force = false;
    std::string shard;
    ProblemFlags flags;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("CONFIG", o->config, "sweep configuration (JSON; format in suite/sweep_config.h)")->required();
  cmd->add_option("--out", o->out, "output folder (default nrc-sweep-NAME)");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--jobs,-j", o->jobs, "points run in parallel, each in its own process (default: the cores)")
      ->check(CLI::Range(1, 256));
  cmd->add_flag("--no-pdf", o->no_pdf, "write the LaTeX but do not compile it");
  cmd->add_flag("--print-points", o->print_points, "list the points (name and run directory) and exit");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress lines");
  cmd->add_option("--shard", o->shard,
                  "I/N: run only the points of shard I of N (1 <= I <= N; deterministic; no report: see --merge)");
  cmd->add_flag("--merge", o->merge,
                "run nothing: write the report of the finished points of every shard in --out (all must be done)");
  o->flags.Register(cmd);
  cmd->callback([o, action]() {
    *action = [o]() {
      SweepConfig config;
      std::vector<SuitePoint> points;
      ShardSpec shard;
      try {
        if (!o->shard.empty()) shard = ShardSpec::Parse(o->shard);
        if (!shard.whole() && o->merge) throw UsageError("--shard and --merge exclude each other");
        config = SweepConfig::Load(o->config);
        if (o->flags.AnyProblemOption()) {
          if (o->flags.Lambdas().size() > 1) throw UsageError("--lambda lists belong in the configuration's grid");
          config.ApplyOverrides(o->flags.Overrides());
        }
        config.analysis = o->flags.Analysis(config.analysis);
        points = config.Expand();
        if (!shard.whole()) points = shard.Select(points);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      const std::string out = o->out.empty() ? "nrc-sweep-" + config.name : o->out;
      if (o->print_points) {
        for (const auto& p : points) std::cout << p.name << "\t" << (std::filesystem::path(out) / p.relative_dir).string() << "\n";
        return 0;
      }
      return RunSuite(config, out, o->jobs, o->no_pdf, o->quiet, o->force, &shard, o->merge);
    };
  });
}

}  // namespace nrc::cli
