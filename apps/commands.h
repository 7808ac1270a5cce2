// nrc/apps/commands.h
//
// The `nrc` command-line program: each subcommand lives in its own file
// (cmd_<name>.cc) and registers itself on the CLI11 application here.
//
// Exit status convention (all subcommands): 0 success / every verdict holds;
// 1 some verdict is violated; 2 usage or input error (one line on stderr,
// "nrc: error: ...").
#ifndef NRC_APPS_COMMANDS_H_
#define NRC_APPS_COMMANDS_H_

#include <CLI/CLI.hpp>

#include <filesystem>
#include <functional>
#include <stdexcept>
#include <string>

namespace nrc {
struct SweepConfig;   // suite/sweep_config.h
struct CheckReport;   // proofs-check/check_report.h
struct StoredCheckOptions;  // proofs-check/stored_network_check.h
struct RunDirectory;  // training/run_directory.h
struct Precision;     // numerics/precision.h
struct ShardSpec;     // suite/shard_spec.h
struct TrainResult;   // training/trainer.h
}  // namespace nrc

namespace nrc::cli {

// Thrown by a command for bad usage or input; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// f()'s result; a std::invalid_argument it throws becomes a UsageError with
// the same message.
template <class F>
auto AsUsageError(F&& f) -> decltype(f()) {
  try {
    return f();
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
}

// Cores of this machine (at least 1): the default of every --jobs option.
int DefaultJobs();
// Runs every point of `config` into `out` with SuiteJob (nrc verify, nrc
// sweep) and returns its exit status; a bad configuration is a UsageError.
// force: write into a non-empty --out folder nrc did not make.
// With a shard (not null): only its points, no report; with merge: nothing
// run, the report of every shard's finished points (suite/suite_job.h).
int RunSuite(const SweepConfig& config, const std::string& out, int jobs, bool no_pdf, bool quiet,
             bool force, const ShardSpec* shard = nullptr, bool merge = false);

// Run directories (apps/run_output.cc; nrc train, import, polish): fails with
// a UsageError before any long work if `dir` cannot be created or written, or
// is a non-empty folder nrc did not make (unless force: io/output_folder.h);
// prints the stage table, the certificate and what was written.
void CheckWritableRunDirectory(const std::filesystem::path& dir, bool force);
void PrintTrainSummary(const TrainResult& result, const std::filesystem::path& out);
// The source run's standardisation (model.json), kept with its standardised
// data in a run directory derived from it (nrc polish, nrc compress).
void CopyStandardization(const RunDirectory& run, TrainResult* result);

// A subcommand's action: returns the process exit status.
using Action = std::function<int()>;

// Registration functions, one per cmd_*.cc file. Each adds its subcommand to
// `app` and stores the action to run in `*action` when it is selected.
void AddDataCommand(CLI::App& app, Action* action);
void AddCheckCommand(CLI::App& app, Action* action);
// `nrc check` with the check itself passed in (the one-argument form passes
// CheckRunDirectory: the check, re-checks and interval proofs). Only the test apps/cmd_check_test.cc
// passes another: a check that adds a deliberately wrong statement, to test
// exit status 1 end to end.
using CheckFunction = std::function<CheckReport(const RunDirectory&, const Precision&, const StoredCheckOptions&)>;
void AddCheckCommand(CLI::App& app, Action* action, CheckFunction check);
void AddVerifyCommand(CLI::App& app, Action* action);
void AddSweepCommand(CLI::App& app, Action* action);
void AddReportCommand(CLI::App& app, Action* action);
void AddPointCommand(CLI::App& app, Action* action);
void AddFuzzCommand(CLI::App& app, Action* action);
void AddTrainCommand(CLI::App& app, Action* action);
void AddImportCommand(CLI::App& app, Action* action);
void AddPolishCommand(CLI::App& app, Action* action);
void AddCompressCommand(CLI::App& app, Action* action);

}  // namespace nrc::cli

#endif  // NRC_APPS_COMMANDS_H_
