// nrc import EXPORT_DIR --out RUN_DIR: turns a network trained outside nrc --
// an export folder written by tools/nrc_export.py from a PyTorch
// torch.nn.Sequential, its training data and its weight decay
// (training/imported_network.h) -- into an nrc run directory
// (training/run_directory.h, written by WriteRunDirectory like every run),
// with the stationarity certificate at the imported point (||grad J||_2 and
// the stationarity share of every layer, in MPFR). `nrc check RUN_DIR` then
// checks the statements at that point (T3 and the others that hold at every
// theta), and `nrc polish RUN_DIR` runs Newton from it to tight stationarity.
// Exit status: 0 imported; 2 bad input (one line naming the file and the
// module, field or entry: unsupported module type, shape mismatch, NaN
// weight, label out of range, ...) or an unwritable --out.
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <memory>

#include "apps/commands.h"
#include "training/imported_network.h"
#include "training/progress_line.h"
#include "training/run_directory.h"

namespace nrc::cli {

void AddImportCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand(
      "import", "Import a network trained elsewhere (tools/nrc_export.py: PyTorch) as a run directory");
  struct Options {
    std::string export_dir, out, name;
    bool force = false;
    int lanczos_steps = -1;
    bool progress = true;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("EXPORT_DIR", o->export_dir, "folder written by tools/nrc_export.py (export.json, .npy or data.csv)")
      ->required();
  cmd->add_option("--out", o->out, "run directory to write")->required();
  cmd->add_option("--name", o->name, "name of the run (default: export.json's \"name\")");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->add_option("--lanczos-steps", o->lanczos_steps,
                  "Hessian spectrum by N Lanczos steps whatever the work budget (0: none; default: 200 steps "
                  "where they fit the budget, docs/performance.md)")
      ->check(CLI::Range(0, 100000));
  cmd->add_flag("--progress,!--no-progress", o->progress,
                "progress on stderr (default on): a status line on a terminal, else a plain line every 30-60 s");
  cmd->callback([o, action]() {
    *action = [o]() {
      namespace fs = std::filesystem;
      const auto start = std::chrono::steady_clock::now();
      ImportedNetwork net;
      try {
        net = ImportedNetwork::Load(o->export_dir);
      } catch (const std::invalid_argument& e) {
        throw UsageError(o->export_dir + ": " + e.what());
      }
      if (!o->name.empty()) net.name = o->name;
      std::error_code ec;
      if (fs::exists(o->out, ec) && fs::equivalent(o->out, o->export_dir, ec)) {
        throw UsageError("--out " + o->out + " is the export folder itself: choose another folder");
      }
      CheckWritableRunDirectory(o->out, o->force);
      // The run's data source is its own data file (data.csv, or data.npy for
      // large data; training/run_directory.h).
      const fs::path data_file =
          fs::absolute(fs::path(o->out) / RunDataFileName(net.dir.string(), net.data), ec).lexically_normal();
      // Say what comes before the certificate, which can take minutes at scale.
      std::printf("read %s in %.1f s: N = %d samples, d = %d, %d parameters; computing the stationarity "
                  "certificate ...\n",
                  o->export_dir.c_str(), std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(),
                  net.data.size(), net.data.dim(), net.spec.NumParameters());
      std::fflush(stdout);
      TrainResult r;
      {
        ProgressLine progress(o->progress);
        r = net.ToTrainResult(data_file.string(), &progress, o->lanczos_steps);
        progress.Finish();
      }
      WriteRunDirectory(o->out, r);
      std::printf("imported from %s (%s)\n", o->export_dir.c_str(), r.origin.value("producer", "").c_str());
      PrintTrainSummary(r, o->out);
      std::printf("next: nrc check %s   (the statements at this point)\n"
                  "      nrc polish %s --out %s-polished   (Newton to tight stationarity)\n",
                  o->out.c_str(), o->out.c_str(), o->out.c_str());
      return 0;
    };
  });
}

}  // namespace nrc::cli
