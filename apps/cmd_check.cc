// nrc check RUN_DIR: evaluates every statement that holds at every theta
// (T1-T10, T12 of shared/spec/theorems.md) on the trained network of a run
// directory, prints the layer table (sigma_{K+1}, the tail, each bound of the
// chain T3 -> T5 -> T8 with T12 beside T3, the ratios) and the verdict table,
// and writes RUN_DIR/check.json (not with --no-write; a run directory that
// cannot be written is an error before anything is printed, naming the file
// and pointing to --no-write). With --json it prints the list of verdict
// records on standard output instead (nothing written). The run directory is
// verified on load (every content hash, training/run_directory.h) and its
// certificate recomputed at the stored network. Exit status: 0 when no verdict is
// violated (undecided verdicts are counted and printed, never hidden), 1 when
// some verdict is violated, 2 on usage or input errors.
#include <iostream>
#include <memory>
#include <string>

#include "apps/commands.h"
#include "io/atomic_file.h"
#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/verdict_table.h"
#include "training/run_directory.h"

namespace nrc::cli {

void AddCheckCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand("check", "Check the statements T1-T10, T12 on a trained run directory");
  struct Options {
    std::string run_dir;
    std::string precision = "mpfr:256";
    bool json = false, no_write = false;
    double rank_threshold = 1e-3;
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("RUN_DIR", opts->run_dir, "run directory written by `nrc train`")->required();
  cmd->add_option("--precision", opts->precision,
                  "working precision: float, double, longdouble, float128 or mpfr:BITS (default mpfr:256)");
  cmd->add_flag("--json", opts->json, "print the verdict records as JSON on standard output");
  cmd->add_flag("--no-write", opts->no_write, "do not write RUN_DIR/check.json (e.g. a read-only run directory)");
  cmd->add_option("--rank-threshold", opts->rank_threshold,
                  "numerical rank threshold, relative to ||W_l||_2 (default 1e-3)");
  cmd->callback([opts, action]() {
    *action = [opts]() {
      Precision p;
      try {
        p = Precision::Parse(opts->precision);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      const RunDirectory run = RunDirectory::Load(opts->run_dir);
      (void)run.VerifiedCertificate();  // an edited certificate is an error here too
      CheckOptions options;
      options.rank_threshold = opts->rank_threshold;
      const CheckReport report = WithScalar(p, [&](auto zero) {
        using T = decltype(zero);
        return CheckNetwork<T>(run.spec, run.Parameters<T>(), run.data, options);
      });
      if (opts->json) {
        std::cout << report.VerdictsJson().dump(2) << "\n";
      } else {
        const std::filesystem::path out = run.path / "check.json";
        if (!opts->no_write) {
          try {
            WriteFileAtomically(out, report.ToJson().dump(2) + "\n");
          } catch (const std::runtime_error& e) {
            throw std::runtime_error(std::string(e.what()) + " (use --no-write to check a read-only run directory)");
          }
        }
        PrintLayerTable(std::cout, report);
        std::cout << "\n";
        PrintVerdictTable(std::cout, report);
        std::cout << (opts->no_write ? "not written: " + out.string() + " (--no-write)" : "wrote " + out.string())
                  << "\n";
      }
      return report.Count(Outcome::kViolated) > 0 ? 1 : 0;
    };
  });
}

}  // namespace nrc::cli
