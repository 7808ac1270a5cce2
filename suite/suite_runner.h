// nrc/suite/suite_runner.h
//
// SuiteRunner: runs a list of SuitePoints (suite/suite_point.h) into one
// output folder, each point in its own worker process (`EXE _point RUN_DIR`,
// suite/point_worker.h; EXE is nrc itself, /proc/self/exe), at most
// options.jobs at a time, the most expensive first; reuses every point that
// is already finished (PointWorker::IsFinished), so an interrupted run
// restarted with the same points redoes only the unfinished ones and gets the
// same results. A point that shares another's run (SuitePoint::shares_run_of)
// starts no worker: it finishes with that point, with its analysis under its
// own name (reused, ran or failed as that point). A point's folder and
// point.json are created when its worker starts, not before.
//
// Before any work it checks that the output folder can be created and
// written and is nrc's (io/output_folder.h: empty, missing or marked, unless
// options.force), and that every distinct data set loads and fits its network
// (widths[0] = d, widths.back() = K): std::invalid_argument with one line
// otherwise, nothing started.
//
// Progress (stderr): a line per finished point ("[ 7/24] lambda-sweep[...]
// 4.1 s: 45 verdicts hold"); on a terminal also a status line redrawn in place
// (bar, counts, the running points with their elapsed time and their last
// progress line); `quiet` prints nothing.
//
// Priorities: with jobs > 1, a point whose estimated cost (SuitePoint::Cost)
// is at least the fair share of one job slot (the total cost of the points
// to run / jobs) decides when the run ends: it alone needs longer than the
// others need per slot. While such a point is in the run, every other worker
// runs at a lower priority (`nrc _point --nice 10`), so that on a machine
// with fewer cores than busy threads the long point gets every core its
// threads can use and the short points fill the rest (nrc verify: digits,
// about 80% of the suite's estimated cost, is that point). Only the order in
// which the kernel hands out CPU time changes: every worker computes the
// same results at any priority.
//
// Workers die with the runner (they ask the kernel for SIGKILL when their
// parent exits), and a worker's output goes to RUN_DIR/worker.log. A point
// whose worker fails is reported with the last "nrc: error:" line of its log;
// the others still run.
#ifndef NRC_SUITE_SUITE_RUNNER_H_
#define NRC_SUITE_SUITE_RUNNER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "reports/run_analysis.h"
#include "suite/suite_point.h"

namespace nrc {

struct SuiteRunner {
  struct Options {
    std::filesystem::path out = "nrc-out";
    int jobs = 1;
    std::filesystem::path exe = "/proc/self/exe";  // the nrc binary that has the _point command
    bool quiet = false;
    // Write into `out` even when it is a non-empty folder without nrc's
    // marker (io/output_folder.h); otherwise Validate refuses it.
    bool force = false;
  };
  struct PointResult {
    std::string name;
    std::filesystem::path dir;
    bool reused = false;  // finished before this run
    bool ok = false;
    std::string error;    // when !ok
    double seconds = 0;   // wall time of the worker (0 when reused)
  };
  struct Result {
    std::vector<PointResult> points;     // in the order given
    std::vector<RunAnalysis> analyses;   // of the points that are ok, in the order given
    int reused = 0, ran = 0, failed = 0;
    double seconds = 0;
  };

  static Result Run(const std::vector<SuitePoint>& points, const Options& options);
  // Per point (costs in the order of the queue): whether its worker runs at
  // the lower priority (see above). All false when jobs <= 1 or when no
  // point's cost reaches total / jobs; otherwise true exactly for the points
  // below that share.
  static std::vector<bool> LowerPriority(const std::vector<double>& costs, int jobs);
  // The checks Run makes before starting (writable folder, data sets load and fit).
  static void Validate(const std::vector<SuitePoint>& points, const Options& options);
};

}  // namespace nrc

#endif  // NRC_SUITE_SUITE_RUNNER_H_
