#include "suite/theta_fuzz.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>

#include "io/atomic_file.h"
#include "suite/detail/suite_util.h"
#include "numerics/precision.h"
#include "proofs-check/check_network.h"
#include "training/parameter_strings.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

// The case of one seed: RandomInit(spec, seed) scaled by 10^u, u in [-1, 1]
// from the same seed (exact in double up to the rounding of the product).
MlpParameters<double> CaseParameters(const MlpSpec& spec, std::uint64_t seed, double* scale) {
  std::mt19937_64 rng(seed ^ 0x5bd1e995ull);
  const double u = std::uniform_real_distribution<double>(-1.0, 1.0)(rng);
  *scale = std::pow(10.0, u);
  MlpParameters<double> theta = MlpParameters<double>::RandomInit(spec, seed);
  for (auto& w : theta.W) w *= *scale;
  for (auto& b : theta.b) b *= *scale;
  return theta;
}

}  // namespace

ThetaFuzz::Result ThetaFuzz::Run(const Options& options) {
  if (!(options.minutes > 0)) throw std::invalid_argument("--minutes must be > 0");
  options.config.Validate();
  const Precision precision = Precision::Parse(options.precision);
  Standardization standardization;
  const Dataset data = LoadTrainingData(options.config, &standardization);
  const MlpSpec spec = options.config.Spec();
  suite_detail::EnsureWritableFolder(options.out);

  Result r;
  r.campaign_seed = options.seed_given ? options.seed : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}();
  std::uint64_t stream = r.campaign_seed;
  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (!options.quiet) {
    std::fprintf(stderr, "fuzzing T1-T10, T12 at random parameters: %s on %s (N = %d), seed %llu, %.1f min\n",
                 spec.Describe().c_str(), options.config.data.c_str(), data.size(),
                 static_cast<unsigned long long>(r.campaign_seed), options.minutes);
  }
  while (elapsed() < options.minutes * 60) {
    const std::uint64_t seed = suite_detail::SplitMix64(&stream) >> 1;
    double scale = 1;
    const MlpParameters<double> theta = CaseParameters(spec, seed, &scale);
    const CheckReport report = WithScalar(precision, [&](auto zero) {
      using T = decltype(zero);
      return CheckNetwork<T>(spec, theta.Cast<T>(), data);
    });
    ++r.cases;
    r.seeds.push_back(seed);
    bool violated = false;
    for (const auto& v : report.verdicts) {
      ++r.verdicts;
      const std::string key = v.statement + " " + v.norm;
      if (v.verdict == Outcome::kHolds) ++r.holds;
      if (v.verdict == Outcome::kUndecided) {
        ++r.undecided;
        ++r.undecided_by_statement[key];
      }
      if (v.verdict == Outcome::kViolated) {
        ++r.violated;
        ++r.violated_by_statement[key];
        violated = true;
      }
    }
    if (violated) {
      // The counterexample as a run directory that `nrc check` re-checks.
      TrainResult t;
      t.config = options.config;
      t.config.name = "theta-fuzz-seed-" + std::to_string(seed);
      t.spec = spec;
      t.data = data;
      t.standardized = options.config.standardize;
      t.standardization = standardization;
      t.precision = Precision::Parse("double");
      t.parameters = FormatParameters(theta);  // exact: the saved network is the one that failed
      const fs::path dir = options.out / "counterexamples" / ("seed-" + std::to_string(seed));
      WriteRunDirectory(dir, t);
      r.counterexamples.push_back(dir.string());
      if (!options.quiet) {
        std::fprintf(stderr, "COUNTEREXAMPLE seed %llu (scale %.3g): saved %s; reproduce: nrc check %s --precision %s\n",
                     static_cast<unsigned long long>(seed), scale, dir.string().c_str(), dir.string().c_str(),
                     options.precision.c_str());
      }
    }
  }
  r.seconds = elapsed();
  nlohmann::ordered_json j;
  j["format"] = "nrc-theta-fuzz/1";
  j["campaign_seed"] = r.campaign_seed;
  j["config"] = nlohmann::ordered_json(options.config.ToJson());
  j["precision"] = options.precision;
  j["minutes"] = options.minutes;
  j["cases"] = r.cases;
  j["verdicts"] = {{"holds", r.holds}, {"undecided", r.undecided}, {"violated", r.violated}};
  j["undecided_by_statement"] = r.undecided_by_statement;
  j["violated_by_statement"] = r.violated_by_statement;
  j["seeds"] = r.seeds;
  j["counterexamples"] = r.counterexamples;
  j["seconds"] = r.seconds;
  WriteFileAtomically(options.out / "theta-campaign.json", j.dump(2) + "\n");
  return r;
}

std::string ThetaFuzz::Render(const Result& r, const Options& options) {
  std::string out;
  char buf[512];
  std::snprintf(buf, sizeof buf,
                "theta fuzz campaign seed %llu (rerun: nrc fuzz --data %s ... --seed %llu): %lld random parameter "
                "points in %.0f s, %lld verdicts: %lld hold, %lld undecided, %lld violated\n",
                static_cast<unsigned long long>(r.campaign_seed), options.config.data.c_str(),
                static_cast<unsigned long long>(r.campaign_seed), r.cases, r.seconds, r.verdicts, r.holds,
                r.undecided, r.violated);
  out += buf;
  for (const auto& [k, n] : r.undecided_by_statement) {
    std::snprintf(buf, sizeof buf, "  undecided %-16s %lld\n", k.c_str(), n);
    out += buf;
  }
  for (const auto& [k, n] : r.violated_by_statement) {
    std::snprintf(buf, sizeof buf, "  VIOLATED  %-16s %lld\n", k.c_str(), n);
    out += buf;
  }
  for (const auto& c : r.counterexamples) out += "counterexample: " + c + " (nrc check " + c + ")\n";
  std::string seeds;
  const std::size_t shown = std::min<std::size_t>(r.seeds.size(), 10);
  for (std::size_t i = 0; i < shown; ++i) seeds += (i ? "," : "") + std::to_string(r.seeds[i]);
  out += "case seeds: " + seeds + (r.seeds.size() > shown ? ",... (all in theta-campaign.json)" : "") + "\n";
  return out;
}

}  // namespace nrc
