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
#ifndef NRC_SUITE_SUITE_JOB_H_
#define NRC_SUITE_SUITE_JOB_H_

#include <filesystem>
#include <string>
#include <vector>

#include "reports/run_analysis.h"
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
