// The report's data as CSV files (reports/report_writer.h).
#include <cmath>

#include "reports/detail/format.h"
#include "reports/detail/report_parts.h"

namespace nrc::reports_detail {

std::string RunsCsv(const ReportData& data) {
  std::string out = CsvLine({"run", "run_id", "data", "network", "K", "N", "depth", "lambda", "lambda_b",
                             "within_std", "train_precision", "check_precision", "grad_norm_2", "proven", "holds",
                             "undecided", "violated"});
  for (const auto& r : data.runs) {
    out += CsvLine({CsvText(r.name), r.run_id, CsvText(r.data), CsvText(r.network), std::to_string(r.K),
                    std::to_string(r.N), std::to_string(r.depth), CsvNum(r.lambda), CsvNum(r.lambda_b),
                    CsvNum(r.within_std), r.train_precision, r.check_precision, CsvNum(r.grad_norm_2),
                    std::to_string(r.Count(Outcome::kProven)), std::to_string(r.Count(Outcome::kHolds)),
                    std::to_string(r.Count(Outcome::kUndecided)),
                    std::to_string(r.Count(Outcome::kViolated))});
  }
  return out;
}

std::string LayersCsv(const ReportData& data) {
  std::string out = CsvLine(
      {"run", "layer", "rows", "cols", "sigma_K", "sigma_K+1", "dist_K_fro", "T13_spectral", "T12_spectral", "T3_spectral",
       "T13", "T12", "T3", "T13_dropped_class", "T13_rank", "T12_dropped_class", "T5", "T8", "T8_tcv", "T9", "T9_best_k", "dist_K-1_fro", "T10", "grad_norm_F", "grad_share",
       "stationarity_share", "numerical_rank", "rank_threshold", "V", "TCV", "NC1", "proven", "holds", "undecided", "violated",
       "attention"});
  for (const auto& r : data.runs) {
    for (const auto& l : r.layers) {
      const auto& s = l.summary;
      const double nan = std::nan("");
      out += CsvLine({CsvText(r.name), std::to_string(s.layer), std::to_string(s.rows), std::to_string(s.cols),
                      CsvNum(l.sigma_k), CsvNum(l.has_sigma_k1 ? s.sigma_k1 : nan),
                      CsvNum(l.has_sigma_k1 ? s.tail : nan), CsvNum(s.t13_spectral), CsvNum(s.t12_spectral),
                      CsvNum(s.t3_spectral), CsvNum(s.t13), CsvNum(s.t12), CsvNum(s.t3),
                      std::to_string(s.t13_dropped_class), std::to_string(s.t13_rank),
                      std::to_string(s.t12_dropped_class), CsvNum(s.t5), CsvNum(s.t8), CsvNum(s.t8_tcv), CsvNum(s.t9),
                      std::to_string(s.t9_best_k), CsvNum(s.dist_k_minus_1), CsvNum(s.t10), CsvNum(s.grad_norm_F),
                      CsvNum(s.grad_share), CsvNum(l.stationarity_share), std::to_string(s.numerical_rank),
                      CsvNum(s.rank_threshold), CsvNum(s.v), CsvNum(s.tcv), CsvNum(s.nc1), std::to_string(l.proven), std::to_string(l.holds),
                      std::to_string(l.undecided), std::to_string(l.violated), CsvText(l.attention)});
    }
  }
  return out;
}

std::string SpectraCsv(const ReportData& data) {
  std::string out = CsvLine({"run", "layer", "j", "sigma_j_W", "sigma_j_R", "t4_bound"});
  for (const auto& r : data.runs) {
    for (const auto& l : r.layers) {
      for (std::size_t j = 0; j < l.summary.sigma_W.size(); ++j) {
        // T4: sigma_{K+i}(W_l) <= sigma_i(R_l), i.e. the bound of index j is sigma_{j-K}(R_l).
        const bool has_bound = static_cast<int>(j) >= r.K && j - r.K < l.summary.sigma_R.size();
        out += CsvLine({CsvText(r.name), std::to_string(l.summary.layer), std::to_string(j + 1),
                        CsvNum(l.summary.sigma_W[j]), j < l.summary.sigma_R.size() ? CsvNum(l.summary.sigma_R[j]) : "",
                        has_bound ? CsvNum(l.summary.sigma_R[j - r.K]) : ""});
      }
    }
  }
  return out;
}

std::string VerdictsCsv(const ReportData& data) {
  std::string out = CsvLine({"run", "statement", "layer", "norm", "observed", "bound", "ratio", "verdict",
                             "error_estimate", "precision", "grad_norm", "note"});
  for (const auto& r : data.runs) {
    for (const auto& v : r.verdicts) {
      out += CsvLine({CsvText(r.name), v.statement, std::to_string(v.layer), v.norm, CsvNum(v.observed),
                      CsvNum(v.bound), CsvNum(v.ratio), OutcomeName(v.verdict), CsvNum(v.error_estimate),
                      v.precision, CsvNum(v.grad_norm), CsvText(v.note)});
    }
  }
  return out;
}

std::string SeriesCsv(const ReportData& data) {
  std::string out = CsvLine({"series", "kind", "x", "run", "layer", "sigma_K+1", "T13_spectral", "T12_spectral",
                             "T3_spectral", "numerical_rank"});
  for (const auto& s : data.series) {
    const std::string kind = s.kind == ReportData::Series::Kind::kLambda ? "lambda" : "within_std";
    for (std::size_t i = 0; i < s.runs.size(); ++i) {
      const auto& r = data.runs[s.runs[i]];
      for (const auto& l : r.layers) {
        out += CsvLine({CsvText(s.name), kind, CsvNum(s.x[i]), CsvText(r.name), std::to_string(l.summary.layer),
                        CsvNum(l.has_sigma_k1 ? l.summary.sigma_k1 : std::nan("")), CsvNum(l.summary.t13_spectral),
                        CsvNum(l.summary.t12_spectral),
                        CsvNum(l.summary.t3_spectral), std::to_string(l.summary.numerical_rank)});
      }
    }
  }
  return out;
}

}  // namespace nrc::reports_detail
