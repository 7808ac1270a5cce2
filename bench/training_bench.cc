// training_bench: the long reference-problem trainings of issue 3, timed.
//
// For every reference problem and precision level it trains from scratch
// (training/trainer.h, exactly what `nrc train NAME --precision P` does),
// prints iterations, wall time and final ||grad J||_2 per stage, the
// certificate's gradient norm and stationarity shares, and checks the
// issue's targets:
//   ||grad J||_2 <= 1e-14 (double), 1e-28 (float128), 1e-60 (mpfr:256);
//   digits: <= 1e-12 in double within 60 s;
//   gauss-k4 at mpfr:256 from scratch in under 30 s;
//   (times: process CPU time, certificate included; nrc is single-threaded,
//   so on an idle machine wall time equals it; both are printed)
//   stationarity share < 1e-6 on every layer after the MPFR stage.
// Exit status 0 when every target holds, 1 otherwise.
//
// Usage: training_bench [--problems a,b,...] [--levels double,float128,mpfr:256]
//                       [--markdown FILE] [--out DIR]
// Defaults: every reference problem; levels double, float128, mpfr:256
// (digits: double only, as its "auto" precision). --out writes each run
// directory as DIR/NAME-LEVEL. A plain timed program rather than Google
// Benchmark: one run per case is the measurement (each takes seconds).
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "io/atomic_file.h"
#include "training/config_field.h"
#include "training/reference_problems.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace {

double Target(const std::string& problem, const std::string& level) {
  if (level == "double") return problem == "digits" ? 1e-12 : 1e-14;
  if (level == "float128") return 1e-28;
  if (level.rfind("mpfr:", 0) == 0) return 1e-60;
  return -1;  // no target
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> problems = nrc::ReferenceProblemNames();
  std::vector<std::string> levels = {"double", "float128", "mpfr:256"};
  std::string markdown, out;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (i + 1 < argc && a == "--problems") problems = nrc::ConfigField::SplitCommas(argv[++i]);
    else if (i + 1 < argc && a == "--levels") levels = nrc::ConfigField::SplitCommas(argv[++i]);
    else if (i + 1 < argc && a == "--markdown") markdown = argv[++i];
    else if (i + 1 < argc && a == "--out") out = argv[++i];
    else {
      std::fprintf(stderr, "usage: %s [--problems a,b] [--levels double,float128,mpfr:256] [--markdown FILE] [--out DIR]\n",
                   argv[0]);
      return 2;
    }
  }
  bool all_ok = true;
  std::string table =
      "| problem | level | stage | precision | iterations | gradient evals | Hessian-vector products | dense Hessians | "
      "time [s] | cpu [s] | final \\|\\|grad J\\|\\|_2 |\n|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|\n";
  std::string summary =
      "| problem | level | total [s] | cpu [s] | certificate \\|\\|grad J\\|\\|_2 (MPFR bits) | max stationarity share | "
      "Hessian | target | ok |\n|---|---|---:|---:|---|---:|---|---|---|\n";
  for (const auto& name : problems) {
    for (const auto& level : levels) {
      nrc::TrainConfig config;
      try {
        config = nrc::ReferenceProblem(name);
      } catch (const std::exception& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
      }
      if (name == "digits" && level != "double" && levels.size() > 1) continue;  // digits: double only by default
      config.precision = level;
      std::printf("== %s at %s\n", name.c_str(), level.c_str());
      std::fflush(stdout);
      const nrc::TrainResult r = nrc::Train(config);
      for (const auto& s : r.stages) {
        std::printf("  %-13s %-10s %7d iterations %7d gradients %6d Hv %3d dense  %8.2f s (cpu %.2f s)  ||g|| %s  %s\n",
                    s.name.c_str(), s.precision.c_str(), s.iterations, s.gradient_evaluations,
                    s.hessian_vector_products, s.dense_hessians, s.seconds, s.cpu_seconds,
                    nrc::AbbreviateDecimal(s.grad_norm_end).c_str(), s.termination.c_str());
        char row[400];
        std::snprintf(row, sizeof row, "| %s | %s | %s | %s | %d | %d | %d | %d | %.2f | %.2f | %s |\n", name.c_str(),
                      level.c_str(), s.name.c_str(), s.precision.c_str(), s.iterations, s.gradient_evaluations,
                      s.hessian_vector_products, s.dense_hessians, s.seconds, s.cpu_seconds,
                      nrc::AbbreviateDecimal(s.grad_norm_end).c_str());
        table += row;
      }
      const auto& c = r.certificate;
      const double target = Target(name, level);
      bool ok = target < 0 || c.grad_norm_2_value <= target;
      std::string why;
      if (!ok) why += " gradient above target;";
      // Time targets on CPU time: nrc is single-threaded, so on an idle
      // 2-core machine wall = CPU; on a shared one CPU time is what the run costs.
      if (name == "digits" && level == "double" && r.cpu_seconds > 60) ok = false, why += " over 60 s;";
      if (name == "gauss-k4" && level.rfind("mpfr:", 0) == 0 && r.cpu_seconds > 30) ok = false, why += " over 30 s;";
      if (level.rfind("mpfr:", 0) == 0 && c.max_stationarity_share_value >= 1e-6) {
        ok = false;
        why += " stationarity share >= 1e-6;";
      }
      if (c.hessian.available && c.hessian.num_negative > 0) why += " (a saddle);";
      all_ok = all_ok && ok;
      std::string hessian = c.hessian.available ? std::to_string(c.hessian.num_negative) + " negative, " +
                                                      std::to_string(c.hessian.null_dimension) + " null (" +
                                                      c.hessian.method + ")"
                                                : "not formed";
      std::printf("  total %.2f s (cpu %.2f s); certificate ||grad J||_2 = %s at %d bits (rounding estimate %s); max "
                  "stationarity share %s; Hessian %s; target %.0e: %s%s\n",
                  r.seconds, r.cpu_seconds, nrc::AbbreviateDecimal(c.grad_norm_2).c_str(), c.bits,
                  nrc::AbbreviateDecimal(c.grad_norm_2_error).c_str(),
                  nrc::AbbreviateDecimal(c.max_stationarity_share).c_str(), hessian.c_str(), target, ok ? "ok" : "FAILED",
                  why.c_str());
      std::fflush(stdout);
      char row[400];
      std::snprintf(row, sizeof row, "| %s | %s | %.2f | %.2f | %s (%d) | %s | %s | %.0e | %s |\n", name.c_str(),
                    level.c_str(), r.seconds, r.cpu_seconds, nrc::AbbreviateDecimal(c.grad_norm_2).c_str(), c.bits,
                    nrc::AbbreviateDecimal(c.max_stationarity_share).c_str(),
                    hessian.c_str(), target, ok ? "yes" : ("NO:" + why).c_str());
      summary += row;
      if (!out.empty()) nrc::WriteRunDirectory(out + "/" + name + "-" + level, r);
    }
  }
  const std::string md = "### Per stage\n\n" + table + "\n### Per run (from scratch)\n\n" + summary;
  std::printf("\n%s", md.c_str());
  if (!markdown.empty()) nrc::WriteFileAtomically(markdown, md);
  std::printf("\n%s\n", all_ok ? "every target met" : "SOME TARGETS MISSED");
  return all_ok ? 0 : 1;
}
