// nrc/reports/report_writer.h
//
// ReportWriter: writes a ReportData (reports/report_data.h) as a LaTeX report
// with its data, and compiles it when a TeX engine is present.
//
// Layout of the output folder (every file written atomically; .tex files in
// tables/ and figures/ that this report did not write are removed, so a
// folder reused for a smaller report holds no stale pieces):
//   main.tex               standalone article that \inputs everything below
//   main.pdf               when compiled (latexmk, else pdflatex; see
//                          reports/latex_compiler.h); main.log, main.build.log
//   tables/runs.tex        one row per run: data, network, lambda, N, K,
//                          training precision, ||grad J||_2, verdict counts
//   tables/NN-GROUP.tex    per group, three booktabs/siunitx longtables:
//                          (a) spectral: sigma_K, sigma_{K+1}, the T13 bound
//                              with its dropped class c*, the T12 and T3
//                              bounds, sigma_{K+1}/bound, numerical rank,
//                              stationarity share, verdicts of the layer;
//                          (b) Frobenius chain: dist_K, T13, T12, T3, T5, T8,
//                              and the ratio of each link: dist/T13, dist/T12, dist/T3,
//                              T3/T5, T5/T8 (all <= 1; their product is
//                              dist/T8, so the reader sees where the slack is),
//                              gradient share of T8, stationarity share;
//                          (c) rank K-1 and cluster statistics: dist_{K-1},
//                              T10, their ratio, V, TCV, NC1 of Z_{l-1}, T8's
//                              TCV form, T9 with its best k, ||G_l||_F
//   figures/spectrum-NN-RUN.tex   per spectrum run (ReportData::spectrum_runs):
//                          sigma_j(W_l) of every layer, log scale, with T4's
//                          bounds sigma_{K+j}(W_l) <= sigma_j(R_l) overlaid
//   figures/lambda-NN.tex       per lambda series (variability-NN.tex per std
//                          series): sigma_{K+1}(W_l) and its T13, T12 and T3
//                          bounds against lambda (the std), log-log, per layer
//   figures/rank-NN.tex         per series: numerical rank of every layer
//                          against lambda or the std, with K and K-1 marked
//   figures/variability-NN.tex  per variability series: sigma_{K+1}(W_l) and
//                          its bounds against the within-class std (log-log)
//   figures/compression-NN-RUN.tex  per run with a compression sweep
//                          (RunAnalysis::compression, spec T14): accuracy and
//                          the fraction of predictions proven unchanged
//                          against the rank, one curve per layer truncated
//                          alone and one for every layer, rank K marked, and a
//                          table of sigma_{K+1}(W_l) (what truncation at K
//                          costs) beside T13's bound
//   data/runs.csv, data/layers.csv, data/spectra.csv, data/verdicts.csv,
//   data/series.csv        the same numbers for other plotting tools (one
//                          header line, comma-separated, RFC 4180 quoting,
//                          doubles in %.17g; empty field = not applicable)
//   report.json            {"format": "nrc-report/1", "runs": [RunAnalysis
//                          JSON], "series": [{"kind", "name", "runs", "x"}]}
// The files depend only on the data (no dates, no timings): the same runs give
// byte-identical files.
//
// Errors: std::runtime_error("cannot write PATH: ...") when the folder cannot
// be created or written. A failed compilation is not an error: Result says so.
#ifndef NRC_REPORTS_REPORT_WRITER_H_
#define NRC_REPORTS_REPORT_WRITER_H_

#include <filesystem>
#include <string>
#include <vector>

#include "reports/latex_compiler.h"
#include "reports/report_data.h"

namespace nrc {

struct ReportWriter {
  struct Options {
    bool compile = true;                 // run LatexCompiler when an engine is present
    std::string title = "Neural rank collapse: bounds versus observed values";
    std::string subtitle;                // one line under the title (e.g. the suite's name)
  };
  struct Result {
    std::filesystem::path main_tex;
    std::vector<std::filesystem::path> files;  // every file written, main.tex first
    LatexCompiler::Result latex;               // latex.available == false: not compiled
  };
  static Result Write(const ReportData& data, const std::filesystem::path& dir, const Options& options);
};

}  // namespace nrc

#endif  // NRC_REPORTS_REPORT_WRITER_H_
