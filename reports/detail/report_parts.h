// Internals of nrc_reports: the pieces ReportWriter writes (see
// reports/report_writer.h for what each contains).
#ifndef NRC_REPORTS_DETAIL_REPORT_PARTS_H_
#define NRC_REPORTS_DETAIL_REPORT_PARTS_H_

#include <string>

#include "reports/report_data.h"

namespace nrc::reports_detail {

// LaTeX (detail/latex_tables.cc, detail/latex_figures.cc).
std::string Preamble(const std::string& title, const std::string& subtitle);
std::string RunsTable(const ReportData& data);
std::string GroupTables(const ReportData& data, const ReportData::Group& group);
std::string SpectrumFigure(const RunAnalysis& run);
// sigma_{K+1}(W_l) and its spectral T12 and T3 bounds against the series' x.
std::string BoundsFigure(const ReportData& data, const ReportData::Series& series);
// The numerical rank of every layer against the series' x.
std::string RankFigure(const ReportData& data, const ReportData::Series& series);
// Certified compression (T14): accuracy and predictions proven unchanged
// against the rank, per layer and for every layer, rank K marked, and T13's
// bound beside sigma_{K+1} per layer; "" for a run without a compression sweep.
std::string CompressionFigure(const RunAnalysis& run);

// CSV (detail/csv_export.cc).
std::string RunsCsv(const ReportData& data);
std::string LayersCsv(const ReportData& data);
std::string SpectraCsv(const ReportData& data);
std::string VerdictsCsv(const ReportData& data);
std::string SeriesCsv(const ReportData& data);

}  // namespace nrc::reports_detail

#endif  // NRC_REPORTS_DETAIL_REPORT_PARTS_H_
