// nrc check RUN_DIR: evaluates every statement that holds at every theta
// (T1-T10, T12, T13 of spec/theorems.md) on the trained network of a run
// directory (and, for a compressed run written by nrc compress, T14 against
// its source, proofs-check/compression_check.h), prints the layer table (sigma_{K+1}, the tail, each bound of the
// chain T3 -> T5 -> T8 with T12 beside T3, the ratios) and the verdict table,
// and writes RUN_DIR/check.json. After the layer table it prints the
// stationarity share of each layer, ||G_l||_F / (||G_l||_F + (1/N)||Delta_l E^T||_F)
// = (||G_l||_F / lambda) / T3_l (Frobenius): the part of T3's bound owed to
// imperfect stationarity (near 0 at a tight stationary point; for a network
// imported from elsewhere, `nrc import`, it says how far from stationary the
// checked point is -- the statements hold at every theta regardless).
// With --json it prints the list of verdict records on standard output instead
// (each proven verdict with its enclosure; nothing written). check.json is not
// written with --no-write; a run directory that cannot be written, or that
// nrc did not make (no .nrc marker: io/output_folder.h), is an error naming
// it and pointing to --no-write, given before the check runs. The run directory is verified on
// load (every content hash, training/run_directory.h) and its certificate
// recomputed at the stored network.
// The working precision is --precision (default auto: the run's own, at least
// double; AutoCheckPrecision below). Undecided verdicts are re-checked at 4x the bits before they are reported,
// and verdicts proven in interval arithmetic on the exact stored network are
// "proven" (proofs-check/stored_network_check.h; --no-proofs skips that,
// --proof-bits sets the interval precision). Exit status: 0 when no verdict is
// violated (undecided verdicts are counted and printed, never hidden), 1 when
// some verdict is violated, 2 on usage or input errors.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>

#include "apps/commands.h"
#include "io/atomic_file.h"
#include "io/output_folder.h"
#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "proofs-check/compression_check.h"
#include "proofs-check/interval_proof.h"
#include "proofs-check/stored_network_check.h"
#include "training/stationarity_certificate.h"
#include "proofs-check/verdict_table.h"
#include "training/config_field.h"
#include "training/run_directory.h"

namespace nrc::cli {
namespace {

// --precision auto: the precision the run's parameters are stored in, at
// least double (a float run is checked in double). A run trained in MPFR is
// checked in MPFR as before; a double run (nrc import, nrc train --precision
// double) in double: its verdicts are estimates either way, the interval
// proofs decide T1-T5, T12, T13 on the exact stored network, and undecided
// verdicts are re-checked at 4x the bits. At Fashion-MNIST scale (60000
// images, 269k parameters) an MPFR working precision would take hours.
Precision AutoCheckPrecision(const Precision& run) {
  return run.WorkingBits() >= 53 ? run : Precision::Parse("double");
}

}  // namespace

void AddCheckCommand(CLI::App& app, Action* action) {
  AddCheckCommand(app, action, CheckRunDirectory);
}

void AddCheckCommand(CLI::App& app, Action* action, CheckFunction check) {
  auto* cmd = app.add_subcommand("check", "Check the statements T1-T10, T12, T13 on a trained run directory");
  struct Options {
    std::string run_dir;
    std::string precision = "auto";
    bool json = false, no_write = false;
    std::string rank_threshold = "1e-3";
    bool no_proofs = false, no_recheck = false;
    int proof_bits = 0;
    std::string proof_engine = "fast";
  };
  auto opts = std::make_shared<Options>();
  cmd->add_option("RUN_DIR", opts->run_dir, "run directory written by `nrc train`")->required();
  cmd->add_option("--precision", opts->precision,
                  "working precision: auto (default: the run's own precision, at least double), float, double, "
                  "longdouble, float128 or mpfr:BITS");
  cmd->add_flag("--json", opts->json, "print the verdict records as JSON on standard output");
  cmd->add_flag("--no-write", opts->no_write, "do not write RUN_DIR/check.json (e.g. a read-only run directory)");
  cmd->add_option("--rank-threshold", opts->rank_threshold,
                  "numerical rank threshold, relative to ||W_l||_2, in (0, 1) (default 1e-3)");
  cmd->add_flag("--no-proofs", opts->no_proofs, "skip the interval proofs (no verdict is then \"proven\")");
  cmd->add_flag("--no-recheck", opts->no_recheck, "report undecided verdicts without re-checking them at 4x the bits");
  cmd->add_option("--proof-bits", opts->proof_bits,
                  "MPFI precision of the interval proofs (default: the training precision's bits + 64, >= 128)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--proof-engine", opts->proof_engine,
                  "fast: midpoint-radius double enclosures, MPFI for what they leave open (default); "
                  "mpfi: MPFI only (the reference)")
      ->check(CLI::IsMember({"fast", "mpfi"}));
  cmd->callback([opts, action, check]() {
    *action = [opts, check]() {
      Precision p;
      CheckOptions options;
      try {
        // The validators of nrc verify's --check-precision and --rank-threshold.
        if (opts->precision != "auto")
          p = Precision::Parse(ConfigField::CheckPrecision(opts->precision, "--precision"));
        options.rank_threshold = ConfigField::RankThreshold(opts->rank_threshold, "--rank-threshold");
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      const RunDirectory run = RunDirectory::Load(opts->run_dir);
      if (opts->precision == "auto") p = AutoCheckPrecision(run.precision);
      if (!opts->json && !opts->no_write) {
        // check.json goes into the run directory: claimed like every folder
        // nrc writes (io/output_folder.h), before the long computation.
        try {
          OutputFolder::Claim(run.path, false);
        } catch (const std::invalid_argument& e) {
          std::string why = e.what();
          const auto hint = why.find("; use --force");
          if (hint != std::string::npos) why.erase(hint);
          throw UsageError(why + " (use --no-write to check it without writing check.json)");
        }
      }
      (void)run.VerifiedCertificate();  // an edited certificate is an error here too
      StoredCheckOptions stored;
      stored.check = options;
      stored.prove = !opts->no_proofs;
      stored.recheck_undecided = !opts->no_recheck;
      stored.proof_bits = opts->proof_bits;
      stored.proof_engine = ParseProofEngine(opts->proof_engine);
      CheckReport report = check(run, p, stored);
      // A compressed network (nrc compress): T14 against its source, with its interval proof.
      const auto cc = AppendCompressionVerdict(run, p, stored.prove,
                                               opts->proof_bits > 0 ? std::max(opts->proof_bits, 53) : 128, &report);
      if (!opts->json && cc && cc->proof)
        std::cout << "T14: proven at " << cc->proof->held_samples << " of " << cc->proof->observed.size()
                  << " samples; " << cc->proof->kept_count << " predictions proven unchanged\n";
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
        std::cout << "stationarity share ||G_l||_F / (lambda T3_l) per layer:";
        for (const auto& l : report.layers) {
          char buf[48];
          const double share = l.t3 > 0 ? l.grad_norm_F / (run.spec.lambda * l.t3) : 0;
          if (l.t3 > 0 && std::isfinite(share)) std::snprintf(buf, sizeof buf, " %.3e", share);
          else std::snprintf(buf, sizeof buf, l.t3 > 0 ? " not-finite" : " -");
          std::cout << buf;
        }
        char grad[48];
        std::snprintf(grad, sizeof grad, "%.3e", report.grad_norm);
        std::cout << "  (||grad J||_2 = " << grad << ")\n\n";
        PrintVerdictTable(std::cout, report);
        if (report.proof_bits > 0 && !run.certificate.is_null()) {
          const StationarityCertificate cert = StationarityCertificate::FromJson(run.certificate);
          const bool ok = ProvenStationary(report.grad_norm_2_upper, cert.grad_norm_2_value);
          std::cout << "stationarity: certificate.json claims ||grad J||_2 = " << cert.grad_norm_2
                    << "; interval enclosure [" << report.grad_norm_2_lower << ", " << report.grad_norm_2_upper
                    << "]: "
                    << (ok ? "proven stationary at that level (upper <= 2 x claim)"
                           : std::isfinite(report.grad_norm_2_upper)
                                 ? "NOT proven stationary at that level"
                                 : "NOT proven stationary (the enclosure is not finite: no claim can be made)")
                    << "\n";
        }
        std::cout << (opts->no_write ? "not written: " + out.string() + " (--no-write)" : "wrote " + out.string())
                  << "\n";
      }
      return report.Count(Outcome::kViolated) > 0 ? 1 : 0;
    };
  });
}

}  // namespace nrc::cli
