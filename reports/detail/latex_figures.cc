// The pgfplots figures of the report.
#include <algorithm>
#include <cmath>

#include "proofs-check/compression_sweep.h"
#include "reports/detail/format.h"
#include "reports/detail/report_parts.h"

namespace nrc::reports_detail {
namespace {

constexpr double kTextWidthCm = 17.6;

// Points of a log-scale plot. Values below `floor` (the rounding level:
// zero as far as the precision can tell) are kept apart and drawn on the
// bottom edge of the axis with an open marker, so that 70 decades of rounding
// noise do not squash the values that matter.
struct Points {
  double floor = 0;
  std::vector<std::pair<double, double>> above;
  std::vector<double> below_x;
  void Add(double x, double y, double floor_y = 0) {
    if (!(y > 0) || !std::isfinite(y) || !(x > 0)) return;  // log axes: zeros and NaNs are not shown
    if (y < floor_y) below_x.push_back(x);
    else above.emplace_back(x, y);
  }
  bool empty() const { return above.empty() && below_x.empty(); }
};

struct YRange {
  double lo = HUGE_VAL, hi = 0;
  bool any_below = false;
  void Include(const Points& p) {
    for (const auto& [x, y] : p.above) {
      lo = std::min(lo, y);
      hi = std::max(hi, y);
    }
    any_below |= !p.below_x.empty();
  }
  // Axis limits a decade beyond the data (log axes).
  double Min() const { return hi > 0 ? std::pow(10.0, std::floor(std::log10(lo)) - 1) : 1e-20; }
  double Max() const { return hi > 0 ? std::pow(10.0, std::ceil(std::log10(hi)) + 0.3) : 1.0; }
  std::string Limits() const { return "ymin=" + PlotNum(Min()) + ", ymax=" + PlotNum(Max()) + ", "; }
};

std::string Coords(const Points& p) {
  std::string c;
  for (const auto& [x, y] : p.above) c += "(" + PlotNum(x) + "," + PlotNum(y) + ") ";
  return c;
}

// The points below the floor, on the bottom edge of the axis.
std::string BelowCoords(const Points& p, const YRange& r) {
  std::string c;
  for (double x : p.below_x) c += "(" + PlotNum(x) + "," + PlotNum(r.Min()) + ") ";
  return c;
}

std::string GroupPlotHead(int plots, double height_cm, const std::string& extra) {
  const int cols = std::min(plots, 3);
  const int rows = (plots + cols - 1) / cols;
  const double sep = 1.7;
  const double width = std::min(7.5, (kTextWidthCm - (cols - 1) * sep - 1.6) / cols);
  return Fmt("\\begin{tikzpicture}\n\\begin{groupplot}[group style={group size=%d by %d, horizontal sep=%.1fcm, "
             "vertical sep=1.8cm}, scale only axis, width=%.2fcm, height=%.2fcm, "
             "tick label style={font=\\scriptsize}, label style={font=\\small}, title style={font=\\small}, "
             "legend style={font=\\scriptsize, cells={anchor=west}}, %s]\n",
             cols, rows, sep, width, height_cm, extra.c_str());
}

std::string SeriesXLabel(const ReportData::Series& s) {
  return s.kind == ReportData::Series::Kind::kLambda ? "weight decay $\\lambda$"
                                                      : "within-class std of the clusters";
}

std::string SeriesWhat(const ReportData::Series& s) {
  return s.kind == ReportData::Series::Kind::kLambda ? "the weight decay $\\lambda$"
                                                      : "the within-class standard deviation of the Gaussian clusters";
}

}  // namespace

std::string SpectrumFigure(const RunAnalysis& run) {
  const int L = static_cast<int>(run.layers.size());
  bool any_below = false;
  std::vector<Points> ws(L), bounds(L);
  for (int li = 0; li < L; ++li) {
    const auto& l = run.layers[li];
    const double floor = run.RoundingLevel(li + 1);
    for (std::size_t j = 0; j < l.summary.sigma_W.size(); ++j) ws[li].Add(static_cast<double>(j + 1), l.summary.sigma_W[j], floor);
    // T4: sigma_{K+j}(W_l) <= sigma_j(R_l), plotted at index K + j.
    for (std::size_t j = 0; j + run.K < l.summary.sigma_W.size() && j < l.summary.sigma_R.size(); ++j) {
      bounds[li].Add(static_cast<double>(run.K + j + 1), l.summary.sigma_R[j], floor);
    }
    any_below |= !ws[li].below_x.empty() || !bounds[li].below_x.empty();
  }
  const std::string legend_name = "leg" + ShortHash(run.name);
  std::string f = "\\begin{figure}[htbp]\n\\centering\n";
  f += GroupPlotHead(L, 3.6, "ymode=log, xlabel={index $j$}, log basis y=10");
  for (int li = 0; li < L; ++li) {
    const auto& l = run.layers[li];
    YRange range;
    range.Include(ws[li]);
    range.Include(bounds[li]);
    const int n = static_cast<int>(l.summary.sigma_W.size());
    const std::string legend = "legend to name=" + legend_name + ", legend columns=-1";
    f += Fmt("\\nextgroupplot[title={layer %d: $%d\\times%d$}, xmin=0.5, xmax=%.1f, %s%s%s]\n", l.summary.layer,
             l.summary.rows, l.summary.cols, n + 0.5, range.Limits().c_str(),
             li % 3 == 0 ? "ylabel={singular value}, " : "", li == 0 ? legend.c_str() : "");
    f += "\\addplot[only marks, mark=*, mark size=1.6pt, blue] coordinates {" + Coords(ws[li]) + "};\n";
    if (li == 0) f += "\\addlegendentry{$\\sigma_j(W_l)$}\n";
    f += "\\addplot[only marks, mark=triangle, mark size=2.6pt, red, thick] coordinates {" + Coords(bounds[li]) +
         "};\n";
    if (li == 0) f += "\\addlegendentry{T4 bound $\\sigma_{j-K}(R_l)$}\n";
    if (any_below) {
      f += "\\addplot[only marks, mark=o, mark size=1.6pt, blue!60] coordinates {" + BelowCoords(ws[li], range) +
           "};\n";
      if (li == 0) f += "\\addlegendentry{$\\sigma_j(W_l)$ at rounding level}\n";
      f += "\\addplot[only marks, mark=triangle, mark size=1.8pt, red!50] coordinates {" +
           BelowCoords(bounds[li], range) + "};\n";
      if (li == 0) f += "\\addlegendentry{bound at rounding level}\n";
    }
    if (n > run.K) {
      f += Fmt("\\addplot[dashed, gray, forget plot] coordinates {(%.1f,%s) (%.1f,%s)};\n", run.K + 0.5,
               PlotNum(range.Min()).c_str(), run.K + 0.5, PlotNum(range.Max()).c_str());
    }
  }
  f += "\\end{groupplot}\n\\end{tikzpicture}\n\\\\[0.5ex]\\ref{" + legend_name + "}\n";
  f += Fmt("\\caption{\\texttt{%s} (%s, $\\lambda=\\num{%s}$, $K=%d$, trained to %s): the singular values of every "
           "weight matrix (log scale) and T4's bounds $\\sigma_{K+j}(W_l)\\le\\sigma_j(R_l)$, drawn at index $K+j$; "
           "the dashed line separates the first $K$. Open markers on the bottom edge: values at or below the "
           "rounding level $\\max(d_l,d_{l-1})\\,2^{-%d}\\sigma_1(W_l)$ of the coarser of the training and the "
           "checking precision, i.e.\\ zero as far as they can tell (the matrix has exactly that low a rank).}\n",
           TexName(run.name).c_str(), TexEscape(run.network.substr(0, run.network.find(" lambda"))).c_str(),
           Fmt("%g", run.lambda).c_str(), run.K, TexEscape(run.train_precision).c_str(), run.RoundingBits());
  f += "\\end{figure}\n";
  return f;
}

std::string BoundsFigure(const ReportData& data, const ReportData::Series& series) {
  const auto& first = data.runs[series.runs.front()];
  std::vector<int> layers;
  for (const auto& l : first.layers)
    if (l.has_sigma_k1) layers.push_back(l.summary.layer);
  if (layers.empty()) return "";
  const bool lambda = series.kind == ReportData::Series::Kind::kLambda;
  const std::string legend_name = "leg" + ShortHash(series.name + "bounds");
  std::string f = "\\begin{figure}[htbp]\n\\centering\n";
  f += GroupPlotHead(static_cast<int>(layers.size()), 4.2,
                     "xmode=log, ymode=log, xlabel={" + SeriesXLabel(series) + "}");
  struct Curves {
    Points obs, t13, t12, t3;
  };
  std::vector<Curves> curves(layers.size());
  bool any_below = false;
  for (std::size_t k = 0; k < layers.size(); ++k) {
    for (std::size_t i = 0; i < series.runs.size(); ++i) {
      const auto& run = data.runs[series.runs[i]];
      const auto& s = run.layers.at(layers[k] - 1).summary;
      const double floor = run.RoundingLevel(layers[k]);
      curves[k].obs.Add(series.x[i], s.sigma_k1, floor);
      curves[k].t13.Add(series.x[i], s.t13_spectral, floor);
      curves[k].t12.Add(series.x[i], s.t12_spectral, floor);
      curves[k].t3.Add(series.x[i], s.t3_spectral, floor);
    }
    any_below |= !curves[k].obs.below_x.empty();
  }
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const int l = layers[k];
    const Points &obs = curves[k].obs, &t13 = curves[k].t13, &t12 = curves[k].t12, &t3 = curves[k].t3;
    YRange range;
    range.Include(obs);
    range.Include(t13);
    range.Include(t12);
    range.Include(t3);
    const std::string legend = "legend to name=" + legend_name + ", legend columns=-1";
    f += Fmt("\\nextgroupplot[title={layer %d}, %s%s%s]\n", l, range.Limits().c_str(),
             k % 3 == 0 ? "ylabel={spectral distance to rank $K$}, " : "", k == 0 ? legend.c_str() : "");
    f += "\\addplot[thick, black, mark=*] coordinates {" + Coords(obs) + "};\n";
    if (k == 0) f += "\\addlegendentry{observed $\\sigma_{K+1}(W_l)$}\n";
    f += "\\addplot[thick, teal, dashdotted, mark=diamond*, mark options={solid}] coordinates {" + Coords(t13) + "};\n";
    if (k == 0) f += "\\addlegendentry{T13 bound}\n";
    f += "\\addplot[thick, blue, dashed, mark=square*, mark options={solid}] coordinates {" + Coords(t12) + "};\n";
    if (k == 0) f += "\\addlegendentry{T12 bound}\n";
    f += "\\addplot[thick, red, dotted, mark=triangle*, mark options={solid}] coordinates {" + Coords(t3) + "};\n";
    if (k == 0) f += "\\addlegendentry{T3 bound}\n";
    if (any_below) {
      f += "\\addplot[only marks, mark=o, mark size=2.2pt, black] coordinates {" + BelowCoords(obs, range) + "};\n";
      if (k == 0) f += "\\addlegendentry{$\\sigma_{K+1}(W_l)$ at rounding level}\n";
    }
  }
  f += "\\end{groupplot}\n\\end{tikzpicture}\n\\\\[0.5ex]\\ref{" + legend_name + "}\n";
  f += Fmt("\\caption{Series \\texttt{%s}: $\\sigma_{K+1}(W_l)$, the spectral distance of each weight matrix to "
           "the matrices of rank $K$, and its certified bounds T13, T12 and T3 (spectral norm) against %s, log-log, for "
           "every layer whose shape allows rank $>K$.%s%s}\n",
           TexName(series.name).c_str(), SeriesWhat(series).c_str(),
           lambda ? " The paper's claim: the distance is at most a constant times the within-class variability "
                    "divided by $\\lambda$."
                  : " The paper's claim: the distance shrinks with the within-class variability of the data.",
           any_below ? " Open circles on the bottom edge: $\\sigma_{K+1}(W_l)$ at or below the rounding level, "
                       "i.e.\\ $W_l$ has rank $\\le K$ as far as the precision can tell."
                     : "");
  f += "\\end{figure}\n";
  return f;
}

std::string RankFigure(const ReportData& data, const ReportData::Series& series) {
  const auto& first = data.runs[series.runs.front()];
  const int L = static_cast<int>(first.layers.size());
  int max_rank = first.K;
  std::string plots;
  for (int l = 1; l <= L; ++l) {
    std::string coords;
    for (std::size_t i = 0; i < series.runs.size(); ++i) {
      const int rank = data.runs[series.runs[i]].layers.at(l - 1).summary.numerical_rank;
      max_rank = std::max(max_rank, rank);
      coords += "(" + PlotNum(series.x[i]) + "," + std::to_string(rank) + ") ";
    }
    plots += "\\addplot+[thick] coordinates {" + coords + "};\n";
    plots += Fmt("\\addlegendentry{layer %d ($%d\\times%d$)}\n", l, first.layers[l - 1].summary.rows,
                 first.layers[l - 1].summary.cols);
  }
  const double x0 = series.x.front(), x1 = series.x.back();
  plots += Fmt("\\addplot[gray, dashed, thick] coordinates {(%s,%d) (%s,%d)};\n\\addlegendentry{$K=%d$}\n",
               PlotNum(x0).c_str(), first.K, PlotNum(x1).c_str(), first.K, first.K);
  plots += Fmt("\\addplot[gray, dotted, thick] coordinates {(%s,%d) (%s,%d)};\n\\addlegendentry{$K-1$}\n",
               PlotNum(x0).c_str(), first.K - 1, PlotNum(x1).c_str(), first.K - 1);
  std::string f = "\\begin{figure}[htbp]\n\\centering\n\\begin{tikzpicture}\n";
  f += Fmt("\\begin{axis}[xmode=log, width=10cm, height=5.5cm, xlabel={%s}, ylabel={numerical rank}, ymin=0, "
           "ymax=%d, %s legend pos=outer north east, legend style={font=\\scriptsize, cells={anchor=west}}, "
           "tick label style={font=\\scriptsize}, cycle list name=exotic]\n",
           SeriesXLabel(series).c_str(), max_rank + 1, max_rank <= 20 ? "ytick distance=1," : "");
  f += plots;
  f += "\\end{axis}\n\\end{tikzpicture}\n";
  f += Fmt("\\caption{Series \\texttt{%s}: the numerical rank $\\#\\{j:\\sigma_j(W_l)>t\\|W_l\\|_2\\}$, "
           "$t=\\num{%g}$, of every layer against %s. The phenomenon (T11): it falls toward $K$ ($K-1$ with free "
           "biases).}\n",
           TexName(series.name).c_str(), first.options.rank_threshold, SeriesWhat(series).c_str());
  f += "\\end{figure}\n";
  return f;
}

std::string CompressionFigure(const RunAnalysis& run) {
  if (run.compression.is_null()) return "";
  const CompressionSweep sw = CompressionSweep::FromJson(run.compression);
  const std::string legend_name = "leg" + ShortHash(run.name + "-compression");
  std::string f = "\\begin{figure}[htbp]\n\\centering\n";
  f += GroupPlotHead(2, 4.0, "xlabel={rank $r$}, ymin=-0.03, ymax=1.03");
  const char* what[2] = {"accuracy", "proven unchanged"};
  for (int panel = 0; panel < 2; ++panel) {
    const std::string legend = "legend to name=" + legend_name + ", legend columns=-1";
    f += Fmt("\\nextgroupplot[title={%s}, %s]\n", what[panel], panel == 0 ? legend.c_str() : "");
    for (int layer = 0; layer <= sw.depth; ++layer) {
      std::string coords;
      for (const auto& p : sw.points)
        if (p.layer == layer)
          coords += "(" + std::to_string(p.rank) + "," + PlotNum(panel == 0 ? p.accuracy : p.kept_fraction) + ") ";
      f += std::string(layer == 0 ? "\\addplot[thick, black, mark=*, mark size=1.2pt]" : "\\addplot+[thick, mark size=1pt]") +
           " coordinates {" + coords + "};\n";
      if (panel == 0) f += layer == 0 ? "\\addlegendentry{every layer}\n" : Fmt("\\addlegendentry{layer %d only}\n", layer);
    }
    f += Fmt("\\draw[gray, dashed, thick] (axis cs:%d,-0.03) -- (axis cs:%d,1.03);\n", sw.K, sw.K);
  }
  f += "\\end{groupplot}\n\\end{tikzpicture}\n\n\\ref{" + legend_name + "}\n";
  // T13's prediction of eps_l at rank K beside the measured eps_l = sigma_{K+1}(W_l).
  f += "\n\\smallskip\n{\\small\\begin{tabular}{rrrr}\\toprule layer & $\\varepsilon_l$ at rank $K$ "
       "($\\sigma_{K+1}(W_l)$) & T13 bound & ratio\\\\\\midrule\n";
  for (const auto& l : run.layers) {
    const double eps = l.has_sigma_k1 ? l.summary.sigma_k1 : 0.0, t13 = l.summary.t13_spectral;
    f += Fmt("%d & \\num{%.3e} & \\num{%.3e} & %s\\\\\n", l.summary.layer, eps, t13,
             t13 > 0 ? Fmt("\\num{%.3g}", eps / t13).c_str() : "--");
  }
  f += "\\bottomrule\\end{tabular}}\n";
  long long redecided = 0;
  for (const auto& p : sw.points) redecided += p.mpfi_samples;
  const std::string engine =
      sw.engine == "midrad" ? Fmt("midpoint-radius double as \\texttt{nrc compress}, %lld sample decisions "
                                  "re-decided in MPFI at %d bits", redecided, CompressionSweep::kBits)
                            : Fmt("MPFI at %d bits", CompressionSweep::kBits);
  f += Fmt("\\caption{Run \\texttt{%s}: certified compression (T14). Every $W_l$ (black), or one layer alone, "
           "replaced by its rank-$r$ truncated SVD; left the accuracy on the training data, right the fraction of "
           "the %d predictions \\emph{proven} unchanged in interval arithmetic (%s; margin $>\\sqrt2\\,e_L(x)$), "
           "without evaluating the compressed network. Dashed: $r=K=%d$. Parameters %lld before. Table: the "
           "spectral distance to rank $K$ that truncation at $K$ costs each layer, beside T13's bound of it.}\n",
           TexName(run.name).c_str(), run.N, engine.c_str(), sw.K, sw.parameters_before);
  f += "\\end{figure}\n";
  return f;
}

}  // namespace nrc::reports_detail
