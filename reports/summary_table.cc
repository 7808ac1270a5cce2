#include "reports/summary_table.h"

#include <algorithm>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <map>

namespace nrc {
namespace {

std::string Format(const char* fmt, ...) {
  char buf[512];
  va_list args;
  va_start(args, fmt);
  std::vsnprintf(buf, sizeof buf, fmt, args);
  va_end(args);
  return buf;
}

std::string Sci(double x) {
  if (std::isnan(x)) return "-";
  return Format("%.2e", x);
}

std::string Ratio(double num, double den) {
  if (!(den > 0) || std::isnan(num)) return "-";
  return Format("%.2e", num / den);
}

std::string VerdictText(const RunAnalysis::Layer& l) {
  const int total = l.proven + l.holds + l.undecided + l.violated;
  if (l.violated > 0) return Format("VIOLATED %d/%d", l.violated, total);
  if (l.undecided > 0) return Format("undecided %d/%d", l.undecided, total);
  return Format("holds %d (%d proven)", total, l.proven);
}

bool Monotone(const std::vector<double>& y, bool increasing) {
  for (std::size_t i = 1; i < y.size(); ++i) {
    if (increasing ? y[i] < y[i - 1] : y[i] > y[i - 1]) return false;
  }
  return true;
}

}  // namespace

std::string SummaryTable::Render(const ReportData& data) {
  std::size_t width = 7;
  for (const auto& r : data.runs) width = std::max(width, r.name.size());
  const int w = static_cast<int>(width);
  std::string out;
  out += Format("%-*s %2s %-7s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-10s %-6s %s\n", w, "problem", "l", "shape",
                "sigma_K", "sigma_K+1", "T3 bound", "ratio", "T12 bound", "ratio", "T13 bound", "ratio", "stat.share",
                "rank", "verdict");
  for (const auto& r : data.runs) {
    for (const auto& l : r.layers) {
      const auto& s = l.summary;
      const double sk1 = l.has_sigma_k1 ? s.sigma_k1 : std::nan("");
      out += Format("%-*s %2d %-7s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-9s %-10s %-6s %s\n", w, r.name.c_str(),
                    s.layer, Format("%dx%d", s.rows, s.cols).c_str(), Sci(l.sigma_k).c_str(), Sci(sk1).c_str(),
                    Sci(s.t3_spectral).c_str(), Ratio(sk1, s.t3_spectral).c_str(), Sci(s.t12_spectral).c_str(),
                    Ratio(sk1, s.t12_spectral).c_str(), Sci(s.t13_spectral).c_str(),
                    Ratio(sk1, s.t13_spectral).c_str(), Sci(l.stationarity_share).c_str(),
                    Format("%d/%d", s.numerical_rank, std::min(s.rows, s.cols)).c_str(), VerdictText(l).c_str());
    }
  }
  const int proven = data.Count(Outcome::kProven), holds = data.Count(Outcome::kHolds),
            undecided = data.Count(Outcome::kUndecided), violated = data.Count(Outcome::kViolated);
  out += Format("%d runs, %d verdicts: %d proven, %d hold, %d undecided, %d violated\n",
                static_cast<int>(data.runs.size()), proven + holds + undecided + violated, proven, holds, undecided,
                violated);
  for (Outcome o : {Outcome::kViolated, Outcome::kUndecided}) {
    std::map<std::string, int> by_statement;
    for (const auto& r : data.runs)
      for (const auto& v : r.verdicts)
        if (v.verdict == o) ++by_statement[v.statement + " " + v.norm];
    if (by_statement.empty()) continue;
    std::string list;
    for (const auto& [k, n] : by_statement) list += (list.empty() ? "" : ", ") + Format("%s x%d", k.c_str(), n);
    out += Format("%s: %s\n", o == Outcome::kViolated ? "VIOLATED" : "undecided", list.c_str());
  }
  for (const auto& s : data.series) {
    const auto& first = data.runs[s.runs.front()];
    for (std::size_t li = 0; li < first.layers.size(); ++li) {
      if (!first.layers[li].has_sigma_k1) continue;
      // Values below the rounding level of their precision are zero as far
      // as it can tell (and compare equal).
      std::vector<double> y;
      for (int i : s.runs) {
        const auto& r = data.runs[i];
        const double v = r.layers[li].summary.sigma_k1;
        y.push_back(v < r.RoundingLevel(static_cast<int>(li) + 1) ? 0.0 : v);
      }
      const auto& last = data.runs[s.runs.back()].layers[li];
      const bool lambda = s.kind == ReportData::Series::Kind::kLambda;
      // T11: sigma_{K+1} falls as lambda grows and as the variability shrinks.
      const bool expected = lambda ? Monotone(y, false) : Monotone(y, true);
      auto value = [](double v) { return v == 0 ? std::string("0 (rounding level)") : Format("%.2e", v); };
      out += Format("T11 %s, layer %zu: %s %.3g -> %.3g: sigma_K+1 %s -> %s (%s), rank %d -> %d\n", s.name.c_str(),
                    li + 1, lambda ? "lambda" : "std", s.x.front(), s.x.back(), value(y.front()).c_str(),
                    value(y.back()).c_str(),
                    expected ? (lambda ? "falls monotonically" : "grows monotonically with the std") : "not monotone",
                    first.layers[li].summary.numerical_rank, last.summary.numerical_rank);
    }
  }
  return out;
}

}  // namespace nrc
