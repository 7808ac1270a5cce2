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

#include <functional>
#include <stdexcept>
#include <string>

namespace nrc {
struct SweepConfig;  // suite/sweep_config.h
}  // namespace nrc

namespace nrc::cli {

// Thrown by a command for bad usage or input; main prints it and exits 2.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Cores of this machine (at least 1): the default of every --jobs option.
int DefaultJobs();
// Runs every point of `config` into `out` with SuiteJob (nrc verify, nrc
// sweep) and returns its exit status; a bad configuration is a UsageError.
// force: write into a non-empty --out folder nrc did not make.
int RunSuite(const SweepConfig& config, const std::string& out, int jobs, bool no_pdf, bool quiet, bool force);

// A subcommand's action: returns the process exit status.
using Action = std::function<int()>;

// Registration functions, one per cmd_*.cc file. Each adds its subcommand to
// `app` and stores the action to run in `*action` when it is selected.
void AddDataCommand(CLI::App& app, Action* action);
void AddCheckCommand(CLI::App& app, Action* action);
void AddVerifyCommand(CLI::App& app, Action* action);
void AddSweepCommand(CLI::App& app, Action* action);
void AddReportCommand(CLI::App& app, Action* action);
void AddPointCommand(CLI::App& app, Action* action);
void AddFuzzCommand(CLI::App& app, Action* action);
void AddTrainCommand(CLI::App& app, Action* action);

}  // namespace nrc::cli

#endif  // NRC_APPS_COMMANDS_H_
