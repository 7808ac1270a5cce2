// nrc train PROBLEM: trains a reference problem or a JSON-configured one to
// tight stationarity along the precision ladder and writes a run directory
// (training/trainer.h, training/run_directory.h).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "io/atomic_file.h"
#include "io/json_reader.h"
#include "io/quoted.h"
#include "suite/problem_flags.h"
#include "training/progress_line.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {
namespace {

struct TrainFlags {
  std::string problem;
  std::string out;
  ProblemFlags flags;  // --data, --widths, ..., --seed: the same options and validators as nrc verify
  int progress = -1;   // -1: only when stderr is a terminal
  bool progress_value = false;
  CLI::Option* progress_flag = nullptr;
};

TrainConfig ConfigFor(const TrainFlags& f) {
  TrainConfig c;
  if (IsReferenceProblem(f.problem)) {
    c = ReferenceProblem(f.problem);
  } else {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.problem, ec)) {
      std::string list;
      for (const auto& n : ReferenceProblemNames()) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("unknown problem " + Quoted(f.problem) + ": not a reference problem (" + list +
                       ") and not a readable JSON configuration file");
    }
    c = TrainConfig::FromJson(JsonReader::ReadFile(f.problem));
  }
  // Command-line overrides, then one validation of the whole.
  if (f.flags.Lambdas().size() > 1) throw UsageError("--lambda takes one value for nrc train (lists make sweeps)");
  nlohmann::json j = c.ToJson();
  if (!f.flags.name.empty()) j["name"] = f.flags.name;
  const nlohmann::json overrides = f.flags.Overrides();
  for (auto it = overrides.begin(); it != overrides.end(); ++it) j[it.key()] = it.value();
  return TrainConfig::FromJson(j);
}

// Fails before hours of training if the output cannot be written.
void CheckWritable(const std::filesystem::path& dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir, ec);
  if (ec || !std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw UsageError("--out " + dir.string() + ": cannot create or write this directory" +
                     (ec ? ": " + ec.message() : ""));
  }
}

void PrintSummary(const TrainResult& r, const std::filesystem::path& out) {
  std::printf("%s: %s, %d parameters; data %s (N = %d%s)\n", r.config.name.c_str(), r.spec.Describe().c_str(),
              r.spec.NumParameters(), r.config.data.c_str(), r.data.size(),
              r.standardized ? ", standardised" : "");
  std::printf("%-13s %-11s %10s %9s %8s  %-12s %s\n", "stage", "precision", "iterations", "time [s]", "cpu [s]",
              "||grad J||_2", "termination");
  for (const auto& s : r.stages) {
    std::printf("%-13s %-11s %10d %9.2f %8.2f  %-12s %s\n", s.name.c_str(), s.precision.c_str(), s.iterations,
                s.seconds, s.cpu_seconds, AbbreviateDecimal(s.grad_norm_end).c_str(), s.termination.c_str());
  }
  const auto& c = r.certificate;
  if (!c.grad_norm_2.empty()) {
    std::printf("certificate (MPFR %d bits, %.2f s): ||grad J||_2 = %s (rounding estimate %s), objective %.12e\n",
                c.bits, c.seconds, AbbreviateDecimal(c.grad_norm_2).c_str(),
                AbbreviateDecimal(c.grad_norm_2_error).c_str(), std::strtod(c.objective.c_str(), nullptr));
    std::printf("  stationarity share per layer:");
    for (const auto& l : c.layers) std::printf(" %s", AbbreviateDecimal(l.stationarity_share).c_str());
    std::printf("\n");
    if (c.hessian.available) {
      std::printf("  Hessian (double, %s): ", c.hessian.method.c_str());
      if (!c.hessian.smallest.empty()) std::printf("smallest eigenvalue %.3e, ", c.hessian.smallest[0]);
      std::printf("largest %.3e; %d eigenvalues < -%.1e, %d within +-%.1e%s\n", c.hessian.largest,
                  c.hessian.num_negative, c.hessian.rounding_threshold, c.hessian.null_dimension,
                  c.hessian.rounding_threshold, c.hessian.num_negative > 0 ? "  -- A SADDLE, not a minimum" : "");
    } else {
      std::printf("  Hessian: not formed (%s)\n", c.hessian.reason.c_str());
    }
  }
  std::printf("total %.2f s (cpu %.2f s); wrote %s/{config,model,log,certificate}.json and data.csv\n", r.seconds,
              r.cpu_seconds, out.string().c_str());
}

}  // namespace

void AddTrainCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand(
      "train",
      "Train a network to tight stationarity (L-BFGS, saddle-free Newton, then Newton-CG polishing in higher "
      "precision) and write a run directory with its stationarity certificate");
  auto f = std::make_shared<TrainFlags>();
  f->flags.standardize_value = false;
  std::string names;
  for (const auto& n : ReferenceProblemNames()) names += (names.empty() ? "" : ", ") + n;
  cmd->add_option("problem", f->problem,
                  "a reference problem (" + names + ") or a JSON configuration file (keys: training/train_config.h)")
      ->required();
  cmd->add_option("--out", f->out, "run directory to write (default nrc-out/NAME)");
  f->flags.Register(cmd, ProblemFlags::kProblem | ProblemFlags::kSeed);
  f->progress_flag = cmd->add_flag("--progress,!--no-progress", f->progress_value,
                                   "progress line on stderr (default: only when stderr is a terminal)");
  cmd->callback([f, action]() {
    if (f->progress_flag->count() > 0) f->progress = f->progress_value ? 1 : 0;
    *action = [f]() {
      const TrainConfig config = ConfigFor(*f);
      const std::filesystem::path out = f->out.empty() ? std::filesystem::path("nrc-out") / config.name : std::filesystem::path(f->out);
      CheckWritable(out);
      TrainOptions options;
      options.progress = f->progress < 0 ? ProgressLine::StderrIsTerminal() : f->progress == 1;
      const TrainResult result = Train(config, options);
      WriteRunDirectory(out, result);
      PrintSummary(result, out);
      return 0;
    };
  });
}

}  // namespace nrc::cli
