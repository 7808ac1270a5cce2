// nrc/reports/report_data.h
//
// ReportData: a set of analysed runs (reports/run_analysis.h), organised the
// way the report shows them.
//
// Groups (one set of tables each): a run named "BLOCK[k=v,...]" (the names
// nrc sweep and nrc verify give their grid points) belongs to group BLOCK and
// is labelled "k=v,..." in it; every other run belongs to the group
// "problems" and is labelled by its name. Groups keep the order of first
// appearance; runs keep their order within a group.
//
// Series (one figure each, the phenomenon T11), found from the groups and the
// configurations alone, so `nrc report` finds them in any set of run
// directories:
//   lambda       >= 2 runs of one group whose config.json agree on every key
//                except "name",
//                "lambda" (and "lambda_b" when it equals lambda), with distinct
//                lambdas; x = lambda;
//   variability  >= 2 runs of one group on Gaussian clusters ("gauss:..." data) whose
//                configurations agree except for "name" and the clusters'
//                within-class std, with distinct stds; x = that std.
// A series lists its runs by increasing x. Series that would repeat another
// (same runs) are dropped.
//
// Spectrum figures: every run that is in no series, and the first and last
// run of each series (so a sweep of 30 points adds two spectrum figures, not
// thirty).
#ifndef NRC_REPORTS_REPORT_DATA_H_
#define NRC_REPORTS_REPORT_DATA_H_

#include <string>
#include <vector>

#include "reports/run_analysis.h"

namespace nrc {

struct ReportData {
  struct Group {
    std::string name;
    std::vector<int> runs;            // indices into `runs`
    std::vector<std::string> labels;  // one per run: "lambda=0.001" or the run's name
  };
  struct Series {
    enum class Kind { kLambda, kVariability };
    Kind kind = Kind::kLambda;
    std::string name;        // "lambda-sweep (lambda)", for captions and file names
    std::vector<int> runs;   // indices into `runs`, by increasing x
    std::vector<double> x;   // lambda or within-class std
  };

  std::vector<RunAnalysis> runs;
  std::vector<Group> groups;
  std::vector<Series> series;
  std::vector<int> spectrum_runs;  // runs that get a spectrum figure

  // Throws std::invalid_argument if two runs have the same name (their rows
  // could not be told apart).
  static ReportData Build(std::vector<RunAnalysis> runs);

  int Count(Outcome o) const;
  Outcome Worst() const;
};

}  // namespace nrc

#endif  // NRC_REPORTS_REPORT_DATA_H_
