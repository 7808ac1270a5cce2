// nrc polish RUN_DIR --out DIR2 [--precision mpfr:256]: Newton from the
// parameters of a run directory (an imported network, `nrc import`, or any
// run) to tight stationarity: saddle-free Newton in double when the run is at
// double's level or below, then Newton-CG polishing in the target precision
// and the certificate (training/trainer.h PolishFrom: the stages of nrc train
// after L-BFGS). Writes DIR2 as a run directory and says how far the
// parameters moved -- ||theta' - theta||_2 / ||theta||_2 over all parameters
// and per layer, ||W_l' - W_l||_F / ||W_l||_F and ||b_l' - b_l|| / ||b_l||,
// the differences taken in the target precision -- also recorded in DIR2's
// log.json ("origin": "polished_from", "run_id", "movement").
// Exit status: 0 done; 2 bad usage or input (unreadable run, bad precision,
// --out equal to RUN_DIR, unwritable --out).
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "apps/commands.h"
#include "io/json_reader.h"
#include "training/progress_line.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// {"<key>_moved": ||d||, "<key>_norm": ||x||, "<key>_relative": ||d|| / ||x|| (null when ||x|| = 0)}.
template <class T>
void PutMovement(json* out, const std::string& key, const T& d2, const T& n2) {
  using std::sqrt;
  const double d = ToDouble(T(sqrt(d2))), n = ToDouble(T(sqrt(n2)));
  (*out)[key + "moved"] = d;
  (*out)[key + "norm"] = n;
  (*out)[key + "relative"] = n > 0 ? json(d / n) : json();
}

std::string Sci(const json& v) {
  if (!v.is_number()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3e", v.get<double>());
  return buf;
}

// ||theta1 - theta0|| and ||theta0||, overall and per layer (W, b), the
// differences computed in T (both points are exact in T: T has at least the
// bits of either).
template <class T>
json ParameterMovement(const MlpSpec& spec, const std::vector<std::string>& from, const std::vector<std::string>& to) {
  const MlpParameters<T> a = ParseParameters<T>(spec, from), b = ParseParameters<T>(spec, to);
  T total_d2 = T(0), total_n2 = T(0);
  json layers = json::array();
  for (int l = 1; l <= spec.depth(); ++l) {
    const T dW = (b.W[l] - a.W[l]).squaredNorm(), nW = a.W[l].squaredNorm();
    total_d2 += dW;
    total_n2 += nW;
    json layer = {{"layer", l}};
    PutMovement(&layer, "W_", dW, nW);
    if (spec.has_bias(l)) {
      const T db = (b.b[l] - a.b[l]).squaredNorm(), nb = a.b[l].squaredNorm();
      total_d2 += db;
      total_n2 += nb;
      PutMovement(&layer, "b_", db, nb);
    }
    layers.push_back(layer);
  }
  json all = json::object();
  PutMovement(&all, "", total_d2, total_n2);
  all["layers"] = layers;
  return all;
}

// --stages: the sections lbfgs, newton and polish of `settings`, key by key
// over the run's; anything else is refused (the problem is the run's).
void MergeStageSettings(const json& settings, const std::string& file, json* config) {
  if (!settings.is_object()) throw UsageError("--stages " + file + ": not a JSON object");
  for (auto it = settings.begin(); it != settings.end(); ++it) {
    const std::string& section = it.key();
    if (section != "lbfgs" && section != "newton" && section != "polish") {
      throw UsageError("--stages " + file + ": key '" + section +
                       "' is not a stage section (lbfgs, newton, polish); the problem is the run's");
    }
    if (!it.value().is_object()) throw UsageError("--stages " + file + ": '" + section + "' is not an object");
    (*config)[section].update(it.value());
  }
}

}  // namespace

void AddPolishCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand(
      "polish", "Newton from a run directory's parameters (e.g. an imported network) to tight stationarity");
  struct Options {
    std::string run_dir, out, precision = "mpfr:256", name, stages;
    int progress = -1;
    bool progress_value = false, force = false;
    CLI::Option* progress_flag = nullptr;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("RUN_DIR", o->run_dir, "run directory to start from (nrc import, nrc train, ...)")->required();
  cmd->add_option("--out", o->out, "run directory to write (not RUN_DIR)")->required();
  cmd->add_option("--precision", o->precision,
                  "precision of the polishing stage: longdouble, float128 or mpfr:BITS (default mpfr:256)");
  cmd->add_option("--name", o->name, "name of the run (default: the source's)");
  cmd->add_option("--stages", o->stages,
                  "a JSON file of stage settings: its \"lbfgs\", \"newton\" and \"polish\" sections (any of "
                  "their keys, training/train_config.h) replace the run's");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  o->progress_flag = cmd->add_flag("--progress,!--no-progress", o->progress_value,
                                   "progress on stderr (default on): a status line on a terminal, else a plain line every 30-60 s");
  cmd->callback([o, action]() {
    if (o->progress_flag->count() > 0) o->progress = o->progress_value ? 1 : 0;
    *action = [o]() {
      const RunDirectory run = RunDirectory::Load(o->run_dir);
      std::error_code ec;
      if (fs::exists(o->out, ec) && fs::equivalent(o->out, o->run_dir, ec)) {
        throw UsageError("--out " + o->out + " is RUN_DIR itself: polish writes a new run directory");
      }
      // A precision below the run's (or at most double's) would round the
      // starting point and end worse than it began.
      Precision target;
      try {
        target = Precision::Parse(o->precision);
      } catch (const std::invalid_argument& e) {
        throw UsageError(std::string("--precision: ") + e.what());
      }
      const int need = std::max(run.precision.WorkingBits(), ScalarTraits<double>::Bits() + 1);
      if (target.WorkingBits() < need) {
        throw UsageError("--precision " + o->precision + " has " + std::to_string(target.WorkingBits()) +
                         " bits, fewer than the run's " + run.precision.ToString() + " needs (at least " +
                         std::to_string(need) + ": longdouble, float128 or mpfr:BITS, not below the run's precision)");
      }
      TrainConfig config;
      try {
        json j = run.config;
        if (!o->stages.empty()) MergeStageSettings(JsonReader::ReadFile(o->stages), o->stages, &j);
        j["precision"] = o->precision;
        j["ladder"] = json::array();
        if (!o->name.empty()) j["name"] = o->name;
        config = TrainConfig::FromJson(j);
        config.Validate();
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      CheckWritableRunDirectory(o->out, o->force);
      TrainOptions options;
      options.progress = o->progress != 0;  // -1 (default) or 1: on
      TrainResult r = PolishFrom(config, run.spec, run.data, run.parameters, run.precision, options);
      CopyStandardization(run, &r);

      // The movement, in the wider of the two precisions (the result's: it
      // has at least the source's bits, or the source is double-level).
      const Precision wide = r.precision.WorkingBits() >= run.precision.WorkingBits() ? r.precision : run.precision;
      const json movement = WithScalar(wide, [&](auto zero) {
        using T = decltype(zero);
        return ParameterMovement<T>(run.spec, run.parameters, r.parameters);
      });
      std::error_code aec;
      r.origin = {{"polished_from", fs::absolute(run.path, aec).lexically_normal().string()},
                  {"run_id", run.run_id},
                  {"precision", run.precision.ToString()},
                  {"grad_norm_2", run.certificate.is_object() ? run.certificate.value("grad_norm_2", "") : ""},
                  {"movement_precision", wide.ToString()},
                  {"movement", movement}};
      if (run.log.is_object() && run.log.contains("origin")) r.origin["source_origin"] = run.log["origin"];
      WriteRunDirectory(o->out, r);

      std::printf("polished %s (%s, ||grad J||_2 = %s) into %s\n", o->run_dir.c_str(), run.precision.ToString().c_str(),
                  run.certificate.is_object() ? AbbreviateDecimal(run.certificate.value("grad_norm_2", "?")).c_str() : "?",
                  o->out.c_str());
      PrintTrainSummary(r, o->out);
      std::printf("parameters moved (differences in %s): ||theta' - theta||_2 / ||theta||_2 = %s "
                  "(||theta' - theta||_2 = %s, ||theta||_2 = %s)\n",
                  wide.ToString().c_str(), Sci(movement["relative"]).c_str(), Sci(movement["moved"]).c_str(),
                  Sci(movement["norm"]).c_str());
      for (const auto& l : movement["layers"]) {
        std::printf("  layer %d: ||dW||_F / ||W||_F = %s (||dW||_F = %s)", l["layer"].get<int>(),
                    Sci(l["W_relative"]).c_str(), Sci(l["W_moved"]).c_str());
        if (l.contains("b_moved")) {
          std::printf(", ||db|| / ||b|| = %s (||db|| = %s)", Sci(l["b_relative"]).c_str(), Sci(l["b_moved"]).c_str());
        }
        std::printf("\n");
      }
      return 0;
    };
  });
}

}  // namespace nrc::cli
