// nrc report RUN_DIRS... --out DIR: turns run directories (written by
// nrc train, nrc verify or nrc sweep; a folder is searched for run directories
// below it) into the LaTeX report with its CSV and JSON data
// (reports/report_writer.h), compiled to PDF when latexmk/pdflatex is
// present, and prints the summary table. Analyses cached in a run directory
// (analysis.json) are reused when they match the check options; others are
// computed here (nothing is written into the run directories). With --data it
// first trains and checks that problem into DIR/runs/ and adds it.
// Exit status: 0 every verdict holds, 1 some verdict is violated, 2 usage or
// input error (no run directory, unreadable run, unwritable folder).
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <map>
#include <set>

#include "apps/commands.h"
#include "reports/run_analysis.h"
#include "suite/problem_flags.h"
#include "suite/suite_job.h"
#include "suite/suite_runner.h"
#include "training/run_directory.h"

namespace nrc::cli {
namespace {

namespace fs = std::filesystem;

// `arg` itself when it holds model.json, else every directory below it that does (sorted).
std::vector<fs::path> FindRunDirectories(const fs::path& arg) {
  std::error_code ec;
  if (!fs::exists(arg, ec)) throw UsageError(arg.string() + ": no such file or directory");
  if (!fs::is_directory(arg, ec)) throw UsageError(arg.string() + ": not a directory");
  if (fs::exists(arg / "model.json", ec)) return {arg};
  std::vector<fs::path> found;
  for (auto it = fs::recursive_directory_iterator(arg, fs::directory_options::skip_permission_denied, ec);
       it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) break;
    if (it->is_directory(ec) && fs::exists(it->path() / "model.json", ec)) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  if (found.empty()) throw UsageError(arg.string() + ": no run directory (a folder with model.json) in it");
  return found;
}

}  // namespace


void AddReportCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand("report", "Write the LaTeX/CSV/JSON report of run directories (and compile it)");
  struct Options {
    std::vector<std::string> runs;
    std::string out = "nrc-report";
    int jobs = DefaultJobs();
    bool no_pdf = false, quiet = false, force = false;
    ProblemFlags flags;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("RUN_DIRS", o->runs, "run directories, or folders to search for them");
  cmd->add_option("--out", o->out, "report folder (default nrc-report)");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--jobs,-j", o->jobs, "with --data: points run in parallel")->check(CLI::Range(1, 256));
  cmd->add_flag("--no-pdf", o->no_pdf, "write the LaTeX but do not compile it");
  cmd->add_flag("--quiet,-q", o->quiet, "no progress lines");
  o->flags.Register(cmd);
  cmd->callback([o, action]() {
    *action = [o]() {
      if (o->runs.empty() && o->flags.data.empty()) throw UsageError("give run directories (or --data FILE.csv)");
      const RunAnalysis::Options analysis = AsUsageError([&] { return o->flags.Analysis(RunAnalysis::Options()); });
      // Check the report folder before any long computation.
      SuiteRunner::Options ro;
      ro.out = o->out;
      ro.jobs = o->jobs;
      ro.quiet = o->quiet;
      ro.force = o->force;
      AsUsageError([&] { SuiteRunner::Validate({}, ro); });
      std::vector<fs::path> dirs;
      for (const auto& r : o->runs) {
        for (const auto& d : FindRunDirectories(r)) dirs.push_back(d);
      }
      std::vector<RunAnalysis> analyses;
      std::set<std::string> names;
      auto add = [&](RunAnalysis a) {
        if (!names.insert(a.name).second) {
          int k = 2;
          while (names.count(a.name + "#" + std::to_string(k))) ++k;
          a.name += "#" + std::to_string(k);
          names.insert(a.name);
        }
        analyses.push_back(std::move(a));
      };
      for (const auto& d : dirs) {
        RunDirectory run;
        try {
          run = RunDirectory::Load(d);
        } catch (const std::exception& e) {
          throw UsageError(e.what());
        }
        bool computed = false;
        if (!o->quiet) std::fprintf(stderr, "%s\r", d.string().c_str());
        add(RunAnalysis::LoadOrAnalyze(run, analysis, &computed));
        if (!o->quiet) std::fprintf(stderr, "%s: %s\n", d.string().c_str(), computed ? "analysed" : "cached analysis");
      }
      if (!o->flags.data.empty()) {
        std::vector<SuitePoint> points;
        try {
          SweepConfig config = o->flags.DataSweep();
          config.analysis = analysis;
          points = config.Expand();
          SuiteRunner::Validate(points, ro);
        } catch (const std::invalid_argument& e) {
          throw UsageError(e.what());
        }
        const SuiteRunner::Result run = SuiteRunner::Run(points, ro);
        for (const auto& p : run.points) {
          if (!p.ok) throw std::runtime_error("point " + p.name + " failed: " + p.error);
        }
        for (auto& a : run.analyses) add(a);
      }
      SuiteJob::Options jo;
      jo.compile = !o->no_pdf;
      jo.quiet = o->quiet;
      return AsUsageError([&] {
        return SuiteJob::Report(std::move(analyses), o->out, fs::path(o->out) / "summary.txt",
                                std::to_string(dirs.size()) + " run directories", jo);
      });
    };
  });
}

}  // namespace nrc::cli
