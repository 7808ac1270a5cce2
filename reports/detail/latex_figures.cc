// The pgfplots figures of the report.
#include <algorithm>
#include <cmath>

#include "reports/detail/format.h"
#include "reports/detail/report_parts.h"

namespace nrc::reports_detail {
namespace {

constexpr double kTextWidthCm = 17.6;

struct Points {
  std::string coords;  // "(x,y) (x,y) ..."
  double lo = HUGE_VAL, hi = 0;
  int count = 0;
  void Add(double x, double y) {
    if (!(y > 0) || !std::isfinite(y) || !(x > 0)) return;  // log axes: zeros and NaNs are not shown
    coords += "(" + PlotNum(x) + "," + PlotNum(y) + ") ";
    lo = std::min(lo, y);
    hi = std::max(hi, y);
    ++count;
  }
  void Merge(const Points& o) {
    lo = std::min(lo, o.lo);
    hi = std::max(hi, o.hi);
  }
};

// Axis limits a decade beyond the data (log axes).
std::string YLimits(const Points& p) {
  if (p.count == 0 && p.hi == 0) return "";
  const double lo = std::pow(10.0, std::floor(std::log10(p.lo)) - 1);
  const double hi = std::pow(10.0, std::ceil(std::log10(p.hi)) + 0.3);
  return "ymin=" + PlotNum(lo) + ", ymax=" + PlotNum(hi) + ", ";
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

// True when layer li's plot reaches down to (a hundred times) the rounding level.
bool ReachesRounding(const RunAnalysis& run, int li) {
  const auto& l = run.layers[li];
  const double level = run.RoundingLevel(li + 1);
  double lo = HUGE_VAL;
  for (double v : l.sigma_W)
    if (v > 0) lo = std::min(lo, v);
  for (std::size_t j = 0; j + run.K < l.sigma_W.size() && j < l.sigma_R.size(); ++j)
    if (l.sigma_R[j] > 0) lo = std::min(lo, l.sigma_R[j]);
  return level > 0 && lo < level * 100;
}

}  // namespace

std::string SpectrumFigure(const RunAnalysis& run) {
  const int L = static_cast<int>(run.layers.size());
  bool any_rounding = false;
  for (int li = 0; li < L; ++li) any_rounding |= ReachesRounding(run, li);
  std::string f = "\\begin{figure}[htbp]\n\\centering\n";
  f += GroupPlotHead(L, 3.6, "ymode=log, xlabel={index $j$}, log basis y=10");
  for (int li = 0; li < L; ++li) {
    const auto& l = run.layers[li];
    Points w, bound;
    for (std::size_t j = 0; j < l.sigma_W.size(); ++j) w.Add(static_cast<double>(j + 1), l.sigma_W[j]);
    // T4: sigma_{K+j}(W_l) <= sigma_j(R_l), plotted at index K + j.
    for (std::size_t j = 0; j + run.K < l.sigma_W.size() && j < l.sigma_R.size(); ++j) {
      bound.Add(static_cast<double>(run.K + j + 1), l.sigma_R[j]);
    }
    Points all = w;
    if (bound.count > 0) all.Merge(bound);
    if (ReachesRounding(run, li)) all.lo = std::min(all.lo, run.RoundingLevel(li + 1));
    const int n = static_cast<int>(l.sigma_W.size());
    const std::string legend = "legend to name=leg" + ShortHash(run.name) + ", legend columns=-1";
    f += Fmt("\\nextgroupplot[title={layer %d: $%d\\times%d$}, xmin=0.5, xmax=%.1f, %s%s%s]\n", l.summary.layer,
             l.summary.rows, l.summary.cols, n + 0.5, YLimits(all).c_str(),
             li % 3 == 0 ? "ylabel={singular value}, " : "", li == 0 ? legend.c_str() : "");
    f += "\\addplot[only marks, mark=*, mark size=1.6pt, blue] coordinates {" + w.coords + "};\n";
    if (li == 0) f += "\\addlegendentry{$\\sigma_j(W_l)$}\n";
    if (bound.count > 0) {
      f += "\\addplot[only marks, mark=triangle, mark size=2.6pt, red, thick] coordinates {" + bound.coords + "};\n";
      if (li == 0) f += "\\addlegendentry{T4 bound $\\sigma_{j-K}(R_l)$}\n";
    }
    if (n > run.K && all.count > 0) {
      const double lo = std::pow(10.0, std::floor(std::log10(all.lo)) - 1);
      const double hi = std::pow(10.0, std::ceil(std::log10(all.hi)) + 0.3);
      f += Fmt("\\addplot[dashed, gray, forget plot] coordinates {(%.1f,%s) (%.1f,%s)};\n", run.K + 0.5,
               PlotNum(lo).c_str(), run.K + 0.5, PlotNum(hi).c_str());
    }
    // The rounding level of the analysis precision, when the plot reaches it.
    const double level = run.RoundingLevel(l.summary.layer);
    if (ReachesRounding(run, li)) {
      f += Fmt("\\addplot[densely dotted, black!60, thick, forget plot] coordinates {(0.5,%s) (%.1f,%s)};\n",
               PlotNum(level).c_str(), n + 0.5, PlotNum(level).c_str());
    }
    if (li == 0 && any_rounding) {
      f += Fmt("\\addlegendimage{densely dotted, black!60, thick}\n\\addlegendentry{rounding level (%d bits)}\n",
               run.RoundingBits());
    }
  }
  f += "\\end{groupplot}\n\\end{tikzpicture}\n\\\\[0.5ex]\\ref{leg" + ShortHash(run.name) + "}\n";
  f += Fmt("\\caption{\\texttt{%s} (%s, $\\lambda=\\num{%s}$, $K=%d$): the singular values of every weight matrix "
           "(log scale) and T4's bounds $\\sigma_{K+j}(W_l)\\le\\sigma_j(R_l)$, drawn at index $K+j$; the dashed "
           "line separates the first $K$. Values that are exactly zero are not drawn; values at or below the "
           "rounding level (dotted: $\\max(d_l,d_{l-1})\\,2^{-%d}\\sigma_1(W_l)$, the coarser of the training "
           "and the checking precision) are rounding noise of a matrix whose rank is exactly that low. Trained to "
           "%s.}\n",
           TexName(run.name).c_str(), TexEscape(run.network.substr(0, run.network.find(" lambda"))).c_str(),
           Fmt("%g", run.lambda).c_str(), run.K, run.RoundingBits(), TexEscape(run.train_precision).c_str());
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
  std::string f = "\\begin{figure}[htbp]\n\\centering\n";
  f += GroupPlotHead(static_cast<int>(layers.size()), 4.2,
                     "xmode=log, ymode=log, xlabel={" + SeriesXLabel(series) + "}");
  for (std::size_t k = 0; k < layers.size(); ++k) {
    const int l = layers[k];
    Points obs, t12, t3;
    for (std::size_t i = 0; i < series.runs.size(); ++i) {
      const auto& s = data.runs[series.runs[i]].layers.at(l - 1).summary;
      obs.Add(series.x[i], s.sigma_k1);
      t12.Add(series.x[i], s.t12_spectral);
      t3.Add(series.x[i], s.t3_spectral);
    }
    Points all = obs;
    all.Merge(t12);
    all.Merge(t3);
    const std::string legend = "legend to name=leg" + ShortHash(series.name + "bounds") + ", legend columns=-1";
    f += Fmt("\\nextgroupplot[title={layer %d}, %s%s%s]\n", l, YLimits(all).c_str(),
             k % 3 == 0 ? "ylabel={spectral distance to rank $K$}, " : "", k == 0 ? legend.c_str() : "");
    f += "\\addplot[thick, black, mark=*] coordinates {" + obs.coords + "};\n";
    if (k == 0) f += "\\addlegendentry{observed $\\sigma_{K+1}(W_l)$}\n";
    f += "\\addplot[thick, blue, dashed, mark=square*, mark options={solid}] coordinates {" + t12.coords + "};\n";
    if (k == 0) f += "\\addlegendentry{T12 bound}\n";
    f += "\\addplot[thick, red, dotted, mark=triangle*, mark options={solid}] coordinates {" + t3.coords + "};\n";
    if (k == 0) f += "\\addlegendentry{T3 bound}\n";
  }
  f += "\\end{groupplot}\n\\end{tikzpicture}\n\\\\[0.5ex]\\ref{leg" + ShortHash(series.name + "bounds") + "}\n";
  f += Fmt("\\caption{Series \\texttt{%s}: $\\sigma_{K+1}(W_l)$, the spectral distance of each weight matrix to "
           "the matrices of rank $K$, and its certified bounds T12 and T3 (spectral norm) against %s, log-log, for "
           "every layer whose shape allows rank $>K$.%s}\n",
           TexName(series.name).c_str(), SeriesWhat(series).c_str(),
           lambda ? " The paper's claim: the distance is at most a constant times the within-class variability "
                    "divided by $\\lambda$."
                  : " The paper's claim: the distance shrinks with the within-class variability of the data.");
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

}  // namespace nrc::reports_detail
