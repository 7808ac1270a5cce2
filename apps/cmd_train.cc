// nrc train PROBLEM: trains a reference problem or a JSON-configured one to
// tight stationarity along the precision ladder and writes a run directory
// (training/trainer.h, training/run_directory.h).
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>
#include <sstream>

#include "apps/commands.h"
#include "io/output_folder.h"
#include "io/atomic_file.h"
#include "training/progress_line.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {
namespace {

struct TrainFlags {
  std::string problem;
  std::string out;
  bool force = false;
  std::string precision, data, widths, activation, loss, name, ladder;
  std::string lambda, lambda_b;
  long long seed = -1;
  // Tri-state flags: -1 not given, 0 the negated form, 1 the positive one.
  int bias = -1;
  int standardize = -1;
  int progress = -1;  // -1: only when stderr is a terminal
  bool bias_value = true, standardize_value = false, progress_value = false;
  CLI::Option *bias_flag = nullptr, *standardize_flag = nullptr, *progress_flag = nullptr, *seed_option = nullptr;
};

std::vector<std::string> SplitCommas(const std::string& text) {
  std::vector<std::string> out;
  std::stringstream s(text);
  std::string item;
  while (std::getline(s, item, ',')) out.push_back(item);
  return out;
}

TrainConfig ConfigFor(const TrainFlags& f) {
  TrainConfig c;
  if (IsReferenceProblem(f.problem)) {
    c = ReferenceProblem(f.problem);
  } else {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(f.problem, ec)) {
      std::string list;
      for (const auto& n : ReferenceProblemNames()) list += (list.empty() ? "" : ", ") + n;
      throw UsageError("unknown problem '" + f.problem + "': not a reference problem (" + list +
                       ") and not a readable JSON configuration file");
    }
    nlohmann::json j;
    try {
      j = nlohmann::json::parse(ReadWholeFile(f.problem));
    } catch (const nlohmann::json::exception& e) {
      throw UsageError(f.problem + ": not valid JSON: " + e.what());
    }
    c = TrainConfig::FromJson(j);
  }
  // Command-line overrides, then one validation of the whole.
  nlohmann::json j = c.ToJson();
  if (!f.name.empty()) j["name"] = f.name;
  if (!f.precision.empty()) {
    j["precision"] = f.precision;
    if (f.ladder.empty()) j["ladder"] = nlohmann::json::array();
  }
  if (!f.ladder.empty()) j["ladder"] = SplitCommas(f.ladder);
  if (!f.data.empty()) j["data"] = f.data;
  if (!f.widths.empty()) {
    nlohmann::json w = nlohmann::json::array();
    for (const auto& item : SplitCommas(f.widths)) {
      char* end = nullptr;
      const long v = std::strtol(item.c_str(), &end, 10);
      if (item.empty() || *end != '\0') throw UsageError("--widths: '" + item + "' is not an integer");
      w.push_back(v);
    }
    j["widths"] = w;
  }
  if (!f.activation.empty()) j["activation"] = f.activation;
  if (!f.loss.empty()) j["loss"] = f.loss;
  if (f.bias >= 0) j["bias"] = f.bias == 1;
  if (f.standardize >= 0) j["standardize"] = f.standardize == 1;
  if (!f.lambda.empty()) j["lambda"] = f.lambda;
  if (!f.lambda_b.empty()) j["lambda_b"] = f.lambda_b;
  if (f.seed_option->count() > 0) {
    if (f.seed < 0) throw UsageError("--seed must be >= 0 (got " + std::to_string(f.seed) + ")");
    j["seed"] = f.seed;
  }
  return TrainConfig::FromJson(j);
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
  std::string names;
  for (const auto& n : ReferenceProblemNames()) names += (names.empty() ? "" : ", ") + n;
  cmd->add_option("problem", f->problem,
                  "a reference problem (" + names + ") or a JSON configuration file (keys: training/train_config.h)")
      ->required();
  cmd->add_option("--out", f->out, "run directory to write (default nrc-out/NAME)");
  cmd->add_flag("--force", f->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--precision", f->precision,
                  "last stage: float, double, longdouble, float128, mpfr:BITS or auto");
  cmd->add_option("--ladder", f->ladder, "polishing precisions, comma-separated, ending with --precision");
  f->seed_option = cmd->add_option("--seed", f->seed, "initialisation seed (>= 0)");
  cmd->add_option("--data", f->data, "iris, digits, gauss:K=..,d=..,n=..,std=..,seed=.. or a CSV path");
  cmd->add_option("--widths", f->widths, "d_0,d_1,...,K, e.g. 16,16,16,4");
  cmd->add_option("--activation", f->activation, "tanh, sigmoid, softplus, identity, relu, leaky_relu[:SLOPE], gelu, silu");
  cmd->add_option("--loss", f->loss, "mse or ce");
  cmd->add_option("--lambda", f->lambda, "weight decay on the weights (> 0)");
  cmd->add_option("--lambda-b", f->lambda_b, "weight decay on the biases (0 or lambda)");
  cmd->add_option("--name", f->name, "name of the run");
  f->bias_flag = cmd->add_flag("--bias,!--no-bias", f->bias_value, "biases on every layer (or none)");
  f->standardize_flag =
      cmd->add_flag("--standardize,!--no-standardize", f->standardize_value, "standardise the features first (or not)");
  f->progress_flag = cmd->add_flag("--progress,!--no-progress", f->progress_value,
                                   "progress line on stderr (default: only when stderr is a terminal)");
  cmd->callback([f, action]() {
    if (f->bias_flag->count() > 0) f->bias = f->bias_value ? 1 : 0;
    if (f->standardize_flag->count() > 0) f->standardize = f->standardize_value ? 1 : 0;
    if (f->progress_flag->count() > 0) f->progress = f->progress_value ? 1 : 0;
    *action = [f]() {
      const TrainConfig config = ConfigFor(*f);
      const std::filesystem::path out = f->out.empty() ? std::filesystem::path("nrc-out") / config.name : std::filesystem::path(f->out);
      // Fails before hours of training if the output cannot be written, and
      // never overwrites a folder nrc did not make (io/output_folder.h).
      try {
        OutputFolder::Claim(out, f->force);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
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
