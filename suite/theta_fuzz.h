// nrc/suite/theta_fuzz.h
//
// ThetaFuzz: `nrc fuzz --data FILE.csv ...` -- a fuzzing campaign on the
// user's own data set and network: for the time budget, draw parameter points
// theta (Glorot-uniform RandomInit with a fresh seed, scaled by 10^u, u
// uniform in [-1, 1], so far from any stationary point) and evaluate every
// statement that holds at every theta (T1-T10, T12; proofs-check's
// CheckNetwork) on them in the check precision (default mpfr:256).
// A theorem is never violated; a "violated" verdict is a bug in nrc (or a
// hypothesis the data breaks) and is saved as a counterexample: a run
// directory OUT/counterexamples/seed-S/ holding the network, the data and
// theta (training/run_directory.h layout, no certificate), which
// `nrc check OUT/counterexamples/seed-S` re-checks. Undecided verdicts are
// counted per statement.
// Case seeds come from a splitmix64 stream seeded with the campaign seed
// (Options::seed, or random and printed): the same seed replays the same
// cases. Output: OUT/theta-campaign.json and the report on stdout; OUT is
// claimed like every nrc output folder (io/output_folder.h; Options::force).
// Errors: std::invalid_argument (one line) for a bad configuration or data,
// or a foreign or unwritable OUT.
#ifndef NRC_SUITE_THETA_FUZZ_H_
#define NRC_SUITE_THETA_FUZZ_H_

#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "training/train_config.h"

namespace nrc {

struct ThetaFuzz {
  struct Options {
    TrainConfig config;               // data, network, lambda (training keys unused)
    double minutes = 5;
    bool seed_given = false;
    std::uint64_t seed = 0;
    std::string precision = "mpfr:256";
    std::filesystem::path out = "nrc-fuzz";
    bool force = false;               // write into a non-empty OUT nrc did not make
    bool quiet = false;
  };
  struct Result {
    std::uint64_t campaign_seed = 0;
    long long cases = 0, verdicts = 0, holds = 0, undecided = 0, violated = 0;
    std::map<std::string, long long> undecided_by_statement, violated_by_statement;
    std::vector<std::uint64_t> seeds;                 // every case's seed, in order
    std::vector<std::string> counterexamples;         // run directories
    double seconds = 0;
  };
  static Result Run(const Options& options);
  static std::string Render(const Result& result, const Options& options);
};

}  // namespace nrc

#endif  // NRC_SUITE_THETA_FUZZ_H_
