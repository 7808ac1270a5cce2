// nrc/reports/summary_table.h
//
// SummaryTable: the plain-text table `nrc verify`, `nrc sweep` and
// `nrc report` print on the terminal: one line per run and layer,
//   problem  l  shape  sigma_K  sigma_K+1  T3 bound  ratio  T12 bound  ratio
//   T13 bound  ratio  stat.share  rank  verdict
// where the bounds are the spectral ones (sigma_{K+1}(W_l) = spectral dist_K,
// T3, T12 and T13), "ratio" is sigma_{K+1}/bound, "stat.share" the certificate's
// stationarity share of layer l, "rank" the numerical rank over
// min(d_l, d_{l-1}), and "verdict" the worst verdict of every statement
// checked on that layer with counts ("holds 15", "undecided 6/15",
// "VIOLATED 1/15"). "-" marks a layer whose shape already has rank <= K.
// Below the table: totals, the statements behind the undecided and violated
// verdicts, and one line per series and layer on the phenomenon T11
// (sigma_{K+1} and the numerical rank at both ends of the sweep, and whether
// sigma_{K+1} moves monotonically).
#ifndef NRC_REPORTS_SUMMARY_TABLE_H_
#define NRC_REPORTS_SUMMARY_TABLE_H_

#include <string>

#include "reports/report_data.h"

namespace nrc {

struct SummaryTable {
  static std::string Render(const ReportData& data);
};

}  // namespace nrc

#endif  // NRC_REPORTS_SUMMARY_TABLE_H_
