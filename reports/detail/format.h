// Internals of nrc_reports: text formatting for LaTeX, pgfplots and CSV.
#ifndef NRC_REPORTS_DETAIL_FORMAT_H_
#define NRC_REPORTS_DETAIL_FORMAT_H_

#include <string>
#include <vector>

namespace nrc::reports_detail {

// printf into a std::string.
std::string Fmt(const char* fmt, ...) __attribute__((format(printf, 1, 2)));

// Escapes LaTeX's special characters (\ { } $ & # ^ _ % ~) for running text.
std::string TexEscape(const std::string& text);
// A number for a siunitx S column: "6.23e-03", "0" for zero, "{--}" for NaN,
// "{$\infty$}" for infinity (braced cells are taken as text).
std::string TexNum(double x, int digits = 3);
// A pgfplots coordinate value ("%.6e"); only called for finite values.
std::string PlotNum(double x);
// Lower-case letters, digits and '-' (other runs of characters become one
// '-'), at most 40 characters: safe in file names.
std::string Slug(const std::string& text);

// Running text for a run name: escaped, with break points after ',', '[', '='.
std::string TexName(const std::string& name);
// 8 hex digits of FNV-1a: stable labels (pgfplots legend names) from text.
std::string ShortHash(const std::string& text);

// One CSV field: doubles in %.17g (empty for NaN), text quoted when needed.
std::string CsvNum(double x);
std::string CsvText(const std::string& text);
std::string CsvLine(const std::vector<std::string>& fields);

}  // namespace nrc::reports_detail

#endif  // NRC_REPORTS_DETAIL_FORMAT_H_
