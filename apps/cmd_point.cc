// nrc _point RUN_DIR (hidden): the worker process of nrc verify/sweep/report.
// Trains (or reuses) and analyses the point described by RUN_DIR/point.json
// (suite/point_worker.h). With --parent PID it dies with that process (so an
// interrupted suite leaves no workers behind) and exits at once if PID is no
// longer its parent. With --nice N it lowers its own priority by N first
// (SuiteRunner: the workers that do not decide when the suite ends).
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cstdio>

#include "apps/commands.h"
#include "io/output_folder.h"
#include "suite/point_worker.h"

namespace nrc::cli {

void AddPointCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand("_point", "worker of nrc verify/sweep/report (internal)");
  cmd->group("");  // hidden from --help
  struct Options {
    std::string dir;
    long long parent = 0;
    bool progress = false;
    int nice = 0;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("RUN_DIR", o->dir, "run directory holding point.json")->required();
  cmd->add_option("--parent", o->parent, "die with this process");
  cmd->add_flag("--progress", o->progress, "progress lines on stderr");
  cmd->add_option("--nice", o->nice, "lower this worker's priority by N (0-19) before any work")
      ->check(CLI::Range(0, 19));
  cmd->callback([o, action]() {
    *action = [o]() {
      if (o->parent > 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (::getppid() != static_cast<pid_t>(o->parent)) return 3;  // the parent is already gone
      }
      // Before any thread exists: threads inherit it. A refusal only leaves
      // the priority as it was (the results do not depend on it).
      if (o->nice > 0) {
        const int now = ::nice(o->nice);  // -1 (with errno) when refused
        static_cast<void>(now);
      }
      OutputFolder::Adopt(o->dir);  // made by the sweep for this worker: no link below it is followed
      const PointWorker::Result r = PointWorker::Run(o->dir, o->progress);
      std::fprintf(stderr, "point done: %s %.1f s, analysis %.1f s\n", r.trained ? "trained" : "training reused",
                   r.train_seconds, r.analysis_seconds);
      return 0;
    };
  });
}

}  // namespace nrc::cli
