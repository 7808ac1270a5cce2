// nrc/suite/suite_job.h
//
// SuiteJob: what `nrc verify`, `nrc sweep` and `nrc report` have in common --
// run the points (SuiteRunner), write the report, print the summary table.
//
// Output folder layout (OUT = Options::out):
//   OUT/runs/BLOCK[/AXIS=V,...]/  one run directory per point
//                                 (training/run_directory.h) plus point.json,
//                                 analysis.json, worker.log
//   OUT/report/                   main.tex, main.pdf, tables/, figures/, data/*.csv,
//                                 report.json (reports/report_writer.h)
//   OUT/summary.txt               the summary table printed on the terminal
//   OUT/suite.json                the sweep configuration that was run
//                                 (nrc sweep accepts it)
//   OUT/timings.json              wall times: per point (and whether it was
//                                 reused), the LaTeX compilation, the total --
//                                 kept out of the report so that the report's
//                                 files depend on the results only
// Exit status: 2 if a point failed (its error is printed), else 1 if any
// verdict is violated, else 0 (undecided verdicts are counted and listed).
//
// Shards (Options::shard, suite/shard_spec.h): a shard runs only its own
// points into OUT/runs/ and writes OUT/suite.json and
// OUT/timings-shard-I-of-N.json, but no report and no summary (those need
// every point); its exit status covers its own points. Shards of one sweep
// may run at the same time into one shared OUT (each point's files are its
// own; every file is written atomically under a temporary name of its own,
// io/atomic_file.h). Options::merge then writes the report from the union:
// it refuses (std::invalid_argument naming the missing points) unless every
// point is finished, and otherwise is exactly the run that reuses every point
// -- so report/ and summary.txt are byte-identical to an unsharded run's.
#ifndef NRC_SUITE_SUITE_JOB_H_
#define NRC_SUITE_SUITE_JOB_H_

#include <filesystem>
#include <string>
#include <vector>

#include "reports/run_analysis.h"
#include "suite/shard_spec.h"
#include "suite/suite_runner.h"
#include "suite/sweep_config.h"

namespace nrc {

struct SuiteJob {
  struct Options {
    std::filesystem::path out = "nrc-out";
    int jobs = 1;
    bool compile = true;
    bool quiet = false;    // no progress lines (the summary is still printed)
    bool force = false;    // write into a non-empty folder nrc did not make (SuiteRunner::Options)
    std::string title = "Neural rank collapse: bounds versus observed values";
    ShardSpec shard;       // count > 1: run this shard's points only, no report
    bool merge = false;    // run nothing: report on the finished points of every shard
  };
  // Runs every point of `config` into options.out and reports on them.
  static int Run(const SweepConfig& config, const Options& options);
  // Writes the report of `analyses` into report_dir and the summary table
  // into summary_file, prints the table and where the files are, and returns
  // the exit status (1 if a verdict is violated, else 0). *latex_seconds (if
  // not null) receives the compilation time.
  static int Report(std::vector<RunAnalysis> analyses, const std::filesystem::path& report_dir,
                    const std::filesystem::path& summary_file, const std::string& subtitle, const Options& options,
                    double* latex_seconds = nullptr);
};

}  // namespace nrc

#endif  // NRC_SUITE_SUITE_JOB_H_
