#include "reports/report_writer.h"

#include <set>
#include <system_error>

#include "io/atomic_file.h"
#include "reports/detail/format.h"
#include "reports/detail/report_parts.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using namespace reports_detail;

// Removes *.tex files in `dir` that are not in `keep` (pieces of an earlier, larger report).
void RemoveStale(const fs::path& dir, const std::set<fs::path>& keep) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".tex" && !keep.count(e.path())) RemoveFile(e.path());
  }
}

std::string Intro(const ReportData& data) {
  const int p = data.Count(Outcome::kProven), h = data.Count(Outcome::kHolds), u = data.Count(Outcome::kUndecided),
            v = data.Count(Outcome::kViolated);
  std::string s;
  s += "Each run below is a small network trained with weight decay to tight stationarity along nrc's "
       "precision ladder. Every statement of the specification that holds at every parameter point "
       "(T1--T10, T12, T13) was evaluated on every layer in the working precision shown, and decided with an error "
       "estimate: a verdict is \\emph{holds}, \\emph{violated}, or \\emph{undecided} when the margin is below "
       "the error estimate (reported, never hidden; an undecided verdict is re-checked at four times the bits "
       "first). \\emph{proven} verdicts were decided in interval arithmetic on the exact stored network: "
       "a computer-assisted proof. ";
  s += Fmt("In total: %d runs, %d verdicts, %d proven, %d hold, %d undecided, %d violated.\n\n",
           static_cast<int>(data.runs.size()), p + h + u + v, p, h, u, v);
  s += "\\paragraph{How to read the tables.} $\\sigma_{K+1}(W_l)$ is the spectral distance of the weight matrix "
       "$W_l$ to the matrices of rank $K$ (the number of classes), and $\\distK(W_l)_F$ the Frobenius one. T3 is "
       "the certified bound $\\frac1\\lambda(\\|G_l\\|+\\frac1N\\|\\Delta_lE^T\\|)$, T12 its projected sharpening, "
       "T13 the projected bound that keeps $K-r$ directions free ($r$ the rank of its projector; on a layer with "
       "an unregularised bias it drops one class $c^*$, named in the tables), "
       "T5 and T8 the relaxations toward the paper's explicit bound in terms of the within-class variability. "
       "A ratio observed/bound close to 1 means a tight bound. The stationarity share "
       "$\\|G_l\\|_F/(\\|G_l\\|_F+\\frac1N\\|\\Delta_lE^T\\|_F)$ is the fraction of T3 owed to imperfect "
       "training rather than to the theory: near zero, the bound is the paper's stationary-point bound.\n\n";
  return s;
}

}  // namespace

ReportWriter::Result ReportWriter::Write(const ReportData& data, const fs::path& dir, const Options& options) {
  Result result;
  // Below a claimed --out, a link among these folders is refused (io/atomic_file.h).
  for (const char* sub : {"tables", "figures", "data"}) CreateFolders(dir / sub);
  std::set<fs::path> written;
  auto write = [&](const fs::path& path, const std::string& content) {
    WriteFileAtomically(path, content);
    result.files.push_back(path);
    written.insert(path);
  };

  std::string body = "\\begin{document}\n\\maketitle\n" + Intro(data);
  body += "\\section*{Runs}\n";
  write(dir / "tables" / "runs.tex", RunsTable(data));
  body += "\\input{tables/runs}\n\n\\section*{Bounds versus observed values}\n";
  for (std::size_t g = 0; g < data.groups.size(); ++g) {
    const std::string name = Fmt("%02zu-%s", g + 1, Slug(data.groups[g].name).c_str());
    write(dir / "tables" / (name + ".tex"), GroupTables(data, data.groups[g]));
    body += "\\input{tables/" + name + "}\n";
  }
  body += "\n\\clearpage\n\\section*{Singular values and the T4 bounds}\n";
  int floats = 0;
  auto add_figure = [&](const std::string& name, const std::string& content) {
    if (content.empty()) return;
    write(dir / "figures" / (name + ".tex"), content);
    body += "\\input{figures/" + name + "}\n";
    if (++floats % 4 == 0) body += "\\clearpage\n";
  };
  for (std::size_t k = 0; k < data.spectrum_runs.size(); ++k) {
    const auto& run = data.runs[data.spectrum_runs[k]];
    add_figure(Fmt("spectrum-%02zu-%s", k + 1, Slug(run.name).c_str()), SpectrumFigure(run));
  }
  if (!data.series.empty()) {
    body += "\n\\clearpage\n\\section*{Sweeps: the phenomenon T11}\n";
    floats = 0;
    for (std::size_t k = 0; k < data.series.size(); ++k) {
      const auto& s = data.series[k];
      const bool lambda = s.kind == ReportData::Series::Kind::kLambda;
      add_figure(Fmt("%s-%02zu", lambda ? "lambda" : "variability", k + 1), BoundsFigure(data, s));
      add_figure(Fmt("rank-%02zu", k + 1), RankFigure(data, s));
    }
  }
  bool compression = false;
  for (const auto& run : data.runs) compression |= !run.compression.is_null();
  if (compression) {
    body += "\n\\clearpage\n\\section*{Certified compression (T14)}\n"
            "Replacing every $W_l$ by $\\tilde W_l$ changes each output by at most $e_L(x)$, a recursion in "
            "$\\varepsilon_l=\\|W_l-\\tilde W_l\\|_2$, $\\|\\tilde W_l\\|_2$ and the embedding norms (T14); a prediction "
            "whose margin exceeds $\\sqrt2\\,e_L(x)$ cannot change. Truncating at rank $K$ costs "
            "$\\varepsilon_l=\\sigma_{K+1}(W_l)$, at most T13's bound.\n";
    floats = 0;
    for (std::size_t k = 0; k < data.runs.size(); ++k)
      add_figure(Fmt("compression-%02zu-%s", k + 1, Slug(data.runs[k].name).c_str()), CompressionFigure(data.runs[k]));
  }
  body += "\\end{document}\n";
  RemoveStale(dir / "tables", written);
  RemoveStale(dir / "figures", written);

  write(dir / "data" / "runs.csv", RunsCsv(data));
  write(dir / "data" / "layers.csv", LayersCsv(data));
  write(dir / "data" / "spectra.csv", SpectraCsv(data));
  write(dir / "data" / "verdicts.csv", VerdictsCsv(data));
  write(dir / "data" / "series.csv", SeriesCsv(data));
  nlohmann::ordered_json j;
  j["format"] = "nrc-report/1";
  j["runs"] = nlohmann::ordered_json::array();
  for (const auto& r : data.runs) j["runs"].push_back(r.ToJson());
  j["series"] = nlohmann::ordered_json::array();
  for (const auto& s : data.series) {
    nlohmann::ordered_json o;
    o["kind"] = s.kind == ReportData::Series::Kind::kLambda ? "lambda" : "within_std";
    o["name"] = s.name;
    std::vector<std::string> names;
    for (int i : s.runs) names.push_back(data.runs[i].name);
    o["runs"] = names;
    o["x"] = s.x;
    j["series"].push_back(o);
  }
  write(dir / "report.json", j.dump(1) + "\n");

  result.main_tex = dir / "main.tex";
  WriteFileAtomically(result.main_tex, Preamble(options.title, options.subtitle) + body);
  result.files.insert(result.files.begin(), result.main_tex);
  if (options.compile) result.latex = LatexCompiler::Compile(result.main_tex);
  return result;
}

}  // namespace nrc
