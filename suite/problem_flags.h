// nrc/suite/problem_flags.h
//
// ProblemFlags: the command-line options every problem command (`nrc train`, `nrc verify`,
// `nrc sweep`, `nrc report`, `nrc fuzz`) accepts to describe a problem on the
// user's own data, and the analysis options:
//   --data SOURCE         a CSV file in the data/README.md format (or iris,
//                         digits, gauss:...)
//   --n N                 a class-balanced seeded subset of N samples of the
//                         data (the source becomes SOURCE@n=N,
//                         datasets/data_source.h; with a reference problem:
//                         of its data)
//   --widths d0,...,K     default with --data: d,16,16,K from the data
//   --activation NAME, --loss mse|ce, --bias/--no-bias,
//   --standardize/--no-standardize (default with --data: standardise),
//   --lambda L[,L...]     several values make a lambda sweep
//   --lambda-b 0|lambda, --seed S (unsigned 64-bit),
//   --precision P         last stage of the training ladder (auto, double,
//                         float128, mpfr:BITS, ...)
//   --ladder P,P          polishing precisions, ending with --precision
//   --check-precision P   precision of the checks (default mpfr:256)
//   --rank-threshold t    numerical rank threshold relative to ||W_l||_2 (1e-3)
// Every value is validated by the field validators of training/
// config_field.h, the same functions the JSON readers use, so a value means
// the same and fails the same on the command line and in a configuration.
// Overrides() turns the given problem options into training-config keys
// (training/train_config.h); DataSweep() the sweep `nrc verify --data` runs.
// Invalid values throw std::invalid_argument with a one-line message.
#ifndef NRC_SUITE_PROBLEM_FLAGS_H_
#define NRC_SUITE_PROBLEM_FLAGS_H_

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "reports/run_analysis.h"
#include "suite/sweep_config.h"

namespace nrc {

struct ProblemFlags {
  // Every option as the user typed it ("" = not given).
  std::string data, n, widths, activation, loss, lambda, lambda_b, seed, precision, ladder, name;
  std::string check_precision, rank_threshold;
  bool bias_value = true, standardize_value = true;
  CLI::Option *bias_flag = nullptr, *standardize_flag = nullptr;

  enum Part : unsigned {
    kProblem = 1,   // --data, --widths, ..., --precision, --ladder, --name
    kSeed = 2,      // --seed (off for commands whose --seed means another seed)
    kAnalysis = 4,  // --check-precision, --rank-threshold
    kAll = 7,
  };
  // Adds the options of `parts` to `cmd`.
  void Register(CLI::App* cmd, unsigned parts = kAll);
  // True when any problem option (not the analysis ones) was given.
  bool AnyProblemOption() const;
  // Training-config keys for the given options ("data" with the --n subset);
  // "lambda" only when one value;
  // --lambda-b lambda becomes "lambda_b": "lambda" (follows lambda). --name is
  // not among them (it names a --data problem or a run).
  nlohmann::json Overrides() const;
  // source with the --n subset when --n was given, else source.
  std::string SubsetOf(const std::string& source) const;
  // The values of --lambda (empty when not given).
  std::vector<double> Lambdas() const;
  // The analysis options: defaults, then the sweep's, then the flags.
  RunAnalysis::Options Analysis(const RunAnalysis::Options& base) const;
  // The sweep for --data: one block named after the data (or --name), a
  // lambda grid when --lambda has several values; widths default to
  // d,16,16,K (the data is loaded to find d and K).
  SweepConfig DataSweep() const;
};

}  // namespace nrc

#endif  // NRC_SUITE_PROBLEM_FLAGS_H_
