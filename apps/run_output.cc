// The run-directory helpers shared by nrc train, nrc import, nrc polish and nrc compress
// (apps/commands.h).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include "apps/commands.h"
#include "io/output_folder.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {

// Fails before hours of training if the output cannot be written.
void CheckWritableRunDirectory(const std::filesystem::path& dir, bool force) {
  // Never overwrites a folder nrc did not make (io/output_folder.h).
  try {
    OutputFolder::Claim(dir, force);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  std::error_code ec;
  if (ec || !std::filesystem::is_directory(dir, ec) || ::access(dir.c_str(), W_OK | X_OK) != 0) {
    throw UsageError("--out " + dir.string() + ": cannot create or write this directory" +
                     (ec ? ": " + ec.message() : ""));
  }
}

void CopyStandardization(const RunDirectory& run, TrainResult* r) {
  const nlohmann::json& d = run.model.at("data");
  if (!d.value("standardized", false) || !d.contains("standardization") || d["standardization"].is_null()) return;
  const auto shift = d["standardization"].at("shift").get<std::vector<std::string>>();
  const auto scale = d["standardization"].at("scale").get<std::vector<std::string>>();
  r->standardized = true;
  r->standardization.shift.resize(static_cast<int>(shift.size()));
  r->standardization.scale.resize(static_cast<int>(scale.size()));
  for (std::size_t i = 0; i < shift.size(); ++i) r->standardization.shift(i) = ParseDecimal<double>(shift[i]);
  for (std::size_t i = 0; i < scale.size(); ++i) r->standardization.scale(i) = ParseDecimal<double>(scale[i]);
}

void PrintTrainSummary(const TrainResult& r, const std::filesystem::path& out) {
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
    if (c.engine == "midrad53")
      std::printf("certificate (midpoint-radius double enclosures, %.2f s): ||grad J||_2 = %s (+- %s, rigorous), "
                  "objective %.12e\n",
                  c.seconds, AbbreviateDecimal(c.grad_norm_2).c_str(), AbbreviateDecimal(c.grad_norm_2_error).c_str(),
                  std::strtod(c.objective.c_str(), nullptr));
    else
      std::printf("certificate (MPFR %d bits, %.2f s): ||grad J||_2 = %s (rounding estimate %s), objective %.12e\n",
                  c.bits, c.seconds, AbbreviateDecimal(c.grad_norm_2).c_str(),
                  AbbreviateDecimal(c.grad_norm_2_error).c_str(), std::strtod(c.objective.c_str(), nullptr));
    std::printf("  stationarity share per layer:");
    for (const auto& l : c.layers) std::printf(" %s", AbbreviateDecimal(l.stationarity_share).c_str());
    std::printf("\n");
    if (c.hessian.available && c.hessian.method == "lanczos") {
      const auto& h = c.hessian;
      std::printf("  Hessian (double, Lanczos ESTIMATE, %d steps): smallest Ritz value %.3e +- %.1e, largest %.3e; "
                  "%d negative eigenvalues found%s\n",
                  h.lanczos_steps, h.smallest.empty() ? 0.0 : h.smallest[0],
                  h.smallest_residuals.empty() ? 0.0 : h.smallest_residuals[0], h.largest, h.num_negative,
                  h.num_negative > 0 ? "  -- A SADDLE, not a minimum" : "");
    } else if (c.hessian.available) {
      std::printf("  Hessian (double, %s): ", c.hessian.method.c_str());
      if (!c.hessian.smallest.empty()) std::printf("smallest eigenvalue %.3e, ", c.hessian.smallest[0]);
      std::printf("largest %.3e; %d eigenvalues < -%.1e, %d within +-%.1e%s\n", c.hessian.largest,
                  c.hessian.num_negative, c.hessian.rounding_threshold, c.hessian.null_dimension,
                  c.hessian.rounding_threshold, c.hessian.num_negative > 0 ? "  -- A SADDLE, not a minimum" : "");
    } else {
      std::printf("  Hessian: not formed (%s)\n", c.hessian.reason.c_str());
    }
  }
  const std::string data_file = RunDataFileName(r.config.data, r.data);
  const std::string data_written =
      data_file == "data.csv" ? "data.csv" : data_file.empty() ? "no data file (source " + r.config.data + ")"
                                                               : "data.npy + labels.npy";
  std::printf("total %.2f s (cpu %.2f s); wrote %s/{config,model,log,certificate}.json and %s\n", r.seconds,
              r.cpu_seconds, out.string().c_str(), data_written.c_str());
}

}  // namespace nrc::cli
