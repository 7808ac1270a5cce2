// nrc train PROBLEM: trains a reference problem, a JSON-configured one or one
// on named data (as nrc verify --data) to
// tight stationarity along the precision ladder and writes a run directory
// (training/trainer.h, training/run_directory.h).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include "apps/commands.h"
#include "datasets/data_source.h"
#include "io/output_folder.h"
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
  int progress = -1;   // -1: not given (on)
  bool progress_value = false;
  CLI::Option* progress_flag = nullptr;
  bool force = false;
};

// A problem named by its data alone: `nrc train fashion-mnist --n 10000
// --widths 784,128,128,10` means `nrc train --data fashion-mnist ...` (the
// network and defaults of `nrc verify --data`).
bool NamesData(const std::string& problem) {
  return IsBuiltInSource(problem) || problem.rfind("idx:", 0) == 0 || problem.rfind("npy:", 0) == 0;
}

TrainConfig ConfigFor(TrainFlags f) {
  if (f.flags.Lambdas().size() > 1) throw UsageError("--lambda takes one value for nrc train (lists make sweeps)");
  if (!f.problem.empty() && !IsReferenceProblem(f.problem) && NamesData(f.problem)) {
    if (!f.flags.data.empty()) {
      throw UsageError("problem " + Quoted(f.problem) + " names data, and so does --data " + Quoted(f.flags.data) +
                       ": give one");
    }
    f.flags.data = f.problem;
    f.problem.clear();
  }
  TrainConfig c;
  if (f.problem.empty()) {
    if (f.flags.data.empty()) throw UsageError("give a problem (a reference problem or a JSON file) or --data");
    return f.flags.DataSweep().Expand().at(0).config;
  }
  if (IsReferenceProblem(f.problem)) {
    c = ReferenceProblem(f.problem);
  } else {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.problem, ec)) {
      std::string list;
      for (const auto& n : ReferenceProblemNames()) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("unknown problem " + Quoted(f.problem) + ": not a reference problem (" + list +
                       "), not a data source (fashion-mnist, gauss:..., idx:..., npy:...) and not a readable JSON "
                       "configuration file");
    }
    c = TrainConfig::FromJson(JsonReader::ReadFile(f.problem));
  }
  // Command-line overrides, then one validation of the whole.
  nlohmann::json j = c.ToJson();
  if (!f.flags.name.empty()) j["name"] = f.flags.name;
  const nlohmann::json overrides = f.flags.Overrides();
  for (auto it = overrides.begin(); it != overrides.end(); ++it) j[it.key()] = it.value();
  if (f.flags.data.empty() && !f.flags.n.empty()) j["data"] = f.flags.SubsetOf(j["data"].get<std::string>());
  return TrainConfig::FromJson(j);
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
                  "a reference problem (" + names + "), a JSON configuration file (keys: training/train_config.h) "
                  "or a data source (fashion-mnist, gauss:...; the same as --data, network d,16,16,K unless --widths)");
  cmd->add_option("--out", f->out, "run directory to write (default nrc-out/NAME)");
  f->flags.Register(cmd, ProblemFlags::kProblem | ProblemFlags::kSeed);
  cmd->add_flag("--force", f->force, "write into --out even if it is a non-empty folder nrc did not make");
  f->progress_flag = cmd->add_flag("--progress,!--no-progress", f->progress_value,
                                   "progress on stderr (default on): a status line on a terminal, else a plain line every 30-60 s");
  cmd->callback([f, action]() {
    if (f->progress_flag->count() > 0) f->progress = f->progress_value ? 1 : 0;
    *action = [f]() {
      const TrainConfig config = ConfigFor(*f);
      const std::filesystem::path out = f->out.empty() ? std::filesystem::path("nrc-out") / config.name : std::filesystem::path(f->out);
      CheckWritableRunDirectory(out, f->force);
      TrainOptions options;
      options.progress = f->progress != 0;  // -1 (default) or 1: on
      const TrainResult result = Train(config, options);
      WriteRunDirectory(out, result);
      PrintTrainSummary(result, out);
      return 0;
    };
  });
}

}  // namespace nrc::cli
