// nrc: the neural rank collapse verification suite's command-line program.
#include <cstdio>
#include <exception>
#include <iostream>

#include "apps/commands.h"
#include "io/output_folder.h"
#include "numerics/allocator.h"

namespace {

// An empty value (`--seed ''`, `--shard "$UNSET"`, `nrc check ''`) is an error
// for every option and argument of every command, never "absent": a default
// silently taken instead of the user's (empty) value is a wrong run.
void RejectEmptyValues(CLI::App* app) {
  for (CLI::Option* option : app->get_options()) {
    if (option->get_type_size() == 0) continue;  // a flag: no value
    // transform, not check: it runs before the option's own validators (a
    // range check would otherwise report "Value  not in range").
    option->transform(CLI::Validator(
        [](std::string& value) {
          return value.empty() ? std::string("empty value (leave the option out to get its default)") : std::string();
        },
        "", "NonEmpty"));
  }
  for (CLI::App* sub : app->get_subcommands([](CLI::App*) { return true; })) RejectEmptyValues(sub);
}

}  // namespace

int main(int argc, char** argv) {
  nrc::TuneAllocatorForBatchMatrices();
  CLI::App app{
      "nrc: numerical verification of neural rank collapse (Zangrando et al., arXiv:2402.03991).\n"
      "Trains networks with weight decay to tight stationarity (or imports them) and checks the\n"
      "statements of spec/theorems.md against them, in float, double, long double, float128 and MPFR."};
  app.require_subcommand(1);
  app.set_version_flag("--version", "nrc 0.1.0");
  nrc::cli::Action action;
  nrc::cli::AddDataCommand(app, &action);
  nrc::cli::AddCheckCommand(app, &action);
  nrc::cli::AddVerifyCommand(app, &action);
  nrc::cli::AddSweepCommand(app, &action);
  nrc::cli::AddReportCommand(app, &action);
  nrc::cli::AddPointCommand(app, &action);
  nrc::cli::AddFuzzCommand(app, &action);
  nrc::cli::AddTrainCommand(app, &action);
  nrc::cli::AddImportCommand(app, &action);
  nrc::cli::AddPolishCommand(app, &action);
  nrc::cli::AddCompressCommand(app, &action);
  RejectEmptyValues(&app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "nrc: error: " << e.what() << " (see nrc --help)\n";
    return 2;
  }
  int status = 2;
  try {
    status = action ? action() : 2;
  } catch (const std::exception& e) {
    std::cerr << "nrc: error: " << e.what() << "\n";
  }
  // io/output_folder.h: the markers of --force folders only where the command
  // completed (0; 1 = a verdict violated or a counterexample found); a failed
  // command leaves no empty --out folder and no marker of its own.
  if (status == 0 || status == 1) {
    nrc::OutputFolder::CommitMarkers();
  } else {
    nrc::OutputFolder::RemoveCreatedIfEmpty();
  }
  return status;
}
