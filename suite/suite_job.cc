#include "suite/suite_job.h"

#include <cstdio>
#include <iostream>

#include "io/atomic_file.h"
#include "reports/report_data.h"
#include "reports/report_writer.h"
#include "reports/summary_table.h"
#include "suite/detail/suite_util.h"
#include "suite/point_worker.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

}  // namespace

int SuiteJob::Report(std::vector<RunAnalysis> analyses, const fs::path& report_dir, const fs::path& summary_file,
                     const std::string& subtitle, const Options& options, double* latex_seconds) {
  const ReportData data = ReportData::Build(std::move(analyses));
  ReportWriter::Options wo;
  wo.compile = options.compile;
  wo.title = options.title;
  wo.subtitle = subtitle;
  if (!options.quiet && options.compile) std::fprintf(stderr, "writing the report and compiling it with LaTeX...\n");
  const ReportWriter::Result written = ReportWriter::Write(data, report_dir, wo);
  const std::string table = SummaryTable::Render(data);
  WriteFileAtomically(summary_file, table);
  std::cout << table;
  std::cout << "report: ";
  if (written.latex.ok) {
    std::cout << written.latex.pdf.string() << " (" << written.latex.engine << ", " << suite_detail::Duration(written.latex.seconds, true)
              << "); ";
  } else if (options.compile) {
    std::cout << "PDF not built: " << written.latex.message << "; ";
  }
  std::cout << "LaTeX " << written.main_tex.string() << "; data " << (report_dir / "data").string()
            << "/*.csv and " << (report_dir / "report.json").string() << "\n";
  if (latex_seconds) *latex_seconds = written.latex.seconds;
  return data.Count(Outcome::kViolated) > 0 ? 1 : 0;
}

int SuiteJob::Run(const SweepConfig& config, const Options& options) {
  const std::vector<SuitePoint> all = config.Expand();
  const bool sharded = !options.shard.whole();
  if (sharded && options.merge) throw std::invalid_argument("--shard and --merge exclude each other");
  const std::vector<SuitePoint> points = sharded ? options.shard.Select(all) : all;
  SuiteRunner::Options ro;
  ro.out = options.out;
  ro.jobs = options.jobs;
  ro.quiet = options.quiet;
  if (options.merge) {
    std::vector<std::string> missing;
    for (const auto& p : points) {
      RunAnalysis finished;
      if (!PointWorker::IsFinished(p, options.out / p.relative_dir, &finished)) missing.push_back(p.name);
    }
    if (!missing.empty()) {
      throw std::invalid_argument("--merge: " + std::to_string(missing.size()) + " of " +
                                  std::to_string(points.size()) + " points are not finished in " +
                                  options.out.string() + " (first: " + missing.front() +
                                  "); run the missing shards first");
    }
  }
  ro.force = options.force;
  if (!options.quiet) {
    if (sharded) {
      std::fprintf(stderr, "%s, shard %s: %zu of %zu points, %d at a time, into %s\n", config.name.c_str(),
                   options.shard.ToString().c_str(), points.size(), all.size(), options.jobs,
                   options.out.string().c_str());
    } else {
      std::fprintf(stderr, "%s: %zu points, %d at a time, into %s\n", config.name.c_str(), points.size(),
                   options.jobs, options.out.string().c_str());
    }
  }
  SuiteRunner::Validate(points, ro);
  WriteFileAtomically(options.out / "suite.json", config.ToJson().dump(2) + "\n");
  const SuiteRunner::Result run = SuiteRunner::Run(points, ro);
  double latex_seconds = 0;
  int status = 0;
  if (sharded) {
    for (const auto& a : run.analyses) status = a.Count(Outcome::kViolated) > 0 ? 1 : status;
  } else if (!run.analyses.empty()) {
    status = Report(run.analyses, options.out / "report", options.out / "summary.txt",
                    "suite '" + config.name + "', " + std::to_string(run.analyses.size()) + " runs", options,
                    &latex_seconds);
  }
  nlohmann::ordered_json t;
  t["total_seconds"] = run.seconds + latex_seconds;
  t["points_seconds"] = run.seconds;
  t["latex_seconds"] = latex_seconds;
  t["jobs"] = options.jobs;
  t["points"] = nlohmann::ordered_json::array();
  for (const auto& p : run.points) {
    t["points"].push_back({{"name", p.name}, {"reused", p.reused}, {"ok", p.ok}, {"seconds", p.seconds}});
  }
  const std::string timings =
      sharded ? "timings-shard-" + std::to_string(options.shard.index) + "-of-" + std::to_string(options.shard.count) + ".json"
              : "timings.json";
  WriteFileAtomically(options.out / timings, t.dump(2) + "\n");
  if (sharded) std::cout << "shard " << options.shard.ToString() << ": ";
  std::cout << points.size() << " points: " << run.ran << " run, " << run.reused << " reused, " << run.failed
            << " failed; " << suite_detail::Duration(run.seconds + latex_seconds, true) << " (" << options.jobs << " job"
            << (options.jobs == 1 ? "" : "s") << "); everything is in " << options.out.string() << "\n";
  if (run.failed > 0) {
    for (const auto& p : run.points) {
      if (!p.ok) std::cerr << "nrc: error: point " << p.name << " failed: " << p.error << " (log: "
                           << (p.dir / "worker.log").string() << ")\n";
    }
    return 2;
  }
  if (sharded) {
    std::cout << "no report from one shard: when every shard is done, nrc sweep CONFIG --merge --out "
              << options.out.string() << " writes it\n";
  }
  return status;
}

}  // namespace nrc
