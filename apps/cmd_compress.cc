// nrc compress RUN_DIR --rank K | --rank r_1,...,r_L | --rank auto --tolerance EPS
//              --out DIR2 [--precision double] [--proof-engine midrad|mpfi] [--proof-bits 128] [--no-proofs]:
// certified low-rank compression (spec T14). Every W_l is replaced by its
// rank-r_l truncated SVD, stored as factors U_l (d_l x r_l, singular values
// absorbed) and Vt_l (r_l x d_{l-1}), doubles taken as exact; biases are kept.
//   --rank K        the same rank K for every layer (clipped to min(d_l, d_{l-1}));
//   --rank r1,..,rL one rank per layer (each 0..min(d_l, d_{l-1}));
//   --rank auto     per layer the smallest r whose proven enclosure of
//                   sigma_{r+1}(W_l) is below EPS sigma_1(W_l) (--tolerance EPS in (0, 1)).
// DIR2 is a run directory (the dense W~_l = U_l Vt_l, exactly) plus
// compression.json (proofs-check/compressed_run.h); `nrc check DIR2` re-checks
// T14 against the source. Printed: ranks, parameters before/after, accuracy
// and loss before/after on the source's data, eps_l beside sigma_{r_l+1} and
// the T13 bound, the T14 verdict (worst sample: observed <= e_L, ratio,
// precision, ||grad J||_2) and the interval proof: the number of samples at
// which T14 is proven and of predictions proven unchanged (margin > sqrt(2) e_L).
// --test-data SOURCE: the same measurement and proof on test data (loaded as
// nrc train loads --data, standardised with the run's map).
// Exit status: 0 done and T14 not violated; 1 T14 violated; 2 bad usage or input.
#include <cstdio>
#include <memory>
#include <sstream>
#include <string>

#include "apps/commands.h"
#include "datasets/data_source.h"
#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_check.h"
#include "training/config_field.h"
#include "training/run_directory.h"
#include "training/trainer.h"

namespace nrc::cli {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

int ParseRank(const std::string& text, const std::string& what) {
  std::size_t used = 0;
  long v = -1;
  try {
    v = std::stol(text, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != text.size() || text.empty() || v < 0 || v > 1000000)
    throw UsageError("--rank: " + what + " '" + text + "' is not a rank (an integer >= 0)");
  return static_cast<int>(v);
}

// The ranks 1..L of --rank (index 0 unused), and the mode's name.
std::vector<int> ResolveRanks(const RunDirectory& run, const std::string& rank, const std::string& tolerance,
                              std::string* mode, double* tol) {
  const MlpSpec& spec = run.spec;
  const int L = spec.depth();
  if (rank == "auto") {
    if (tolerance.empty()) throw UsageError("--rank auto needs --tolerance EPS (0 < EPS < 1)");
    *tol = -1;
    try {
      std::size_t used = 0;
      *tol = std::stod(tolerance, &used);
      if (used != tolerance.size()) *tol = -1;
    } catch (const std::exception&) {
    }
    if (!(*tol > 0 && *tol < 1)) throw UsageError("--tolerance '" + tolerance + "' must be a number in (0, 1)");
    *mode = "auto";
    return AutoRanks(spec, run.parameters, *tol);
  }
  if (!tolerance.empty()) throw UsageError("--tolerance is only used with --rank auto");
  std::vector<std::string> parts;
  std::stringstream ss(rank);
  for (std::string item; std::getline(ss, item, ',');) parts.push_back(item);
  if (rank.empty() || rank.back() == ',') parts.push_back("");
  std::vector<int> ranks(static_cast<std::size_t>(L + 1), 0);
  if (parts.size() == 1) {
    const int k = ParseRank(parts[0], "rank");
    for (int l = 1; l <= L; ++l) ranks[static_cast<std::size_t>(l)] = std::min(k, std::min(spec.widths[l], spec.widths[l - 1]));
    *mode = "uniform";
    return ranks;
  }
  if (static_cast<int>(parts.size()) != L)
    throw UsageError("--rank: " + std::to_string(parts.size()) + " ranks given for a network of depth " +
                     std::to_string(L));
  for (int l = 1; l <= L; ++l) {
    const int r = ParseRank(parts[static_cast<std::size_t>(l - 1)], "layer " + std::to_string(l) + " rank");
    const int p = std::min(spec.widths[l], spec.widths[l - 1]);
    if (r > p)
      throw UsageError("--rank: layer " + std::to_string(l) + " rank " + std::to_string(r) + " exceeds min(d_l, d_{l-1}) = " +
                       std::to_string(p));
    ranks[static_cast<std::size_t>(l)] = r;
  }
  *mode = "per-layer";
  return ranks;
}

// --test-data: the source, with the run's standardisation applied.
Dataset LoadTestData(const std::string& source, const RunDirectory& run, const TrainResult& r) {
  Dataset test;
  try {
    test = LoadDataSource(source, run.spec.num_classes());
  } catch (const std::exception& e) {
    throw UsageError(std::string("--test-data: ") + e.what());
  }
  if (test.dim() != run.spec.widths.front())
    throw UsageError("--test-data " + source + ": " + std::to_string(test.dim()) + " features, the network takes " +
                     std::to_string(run.spec.widths.front()));
  if (r.standardized) r.standardization.Apply(&test.X);
  return test;
}

void PrintProof(const char* what, const CompressionProof& p) {
  std::string engine = p.engine == CompressionEngine::kMidrad ? std::string("midpoint-radius double")
                                                              : "MPFI " + std::to_string(p.bits) + " bits";
  if (p.mpfi_samples > 0)
    engine += "; " + std::to_string(p.mpfi_samples) + " samples re-decided in MPFI " + std::to_string(p.bits) + " bits";
  std::printf("interval proof on the %s data (%s): T14 proven at %d of %zu samples; %d of %zu predictions proven "
              "unchanged (margin > sqrt(2) e_L)\n",
              what, engine.c_str(), p.held_samples, p.observed.size(), p.kept_count, p.observed.size());
}

void PrintSummary(const CompressionCheck& c, const MlpSpec& spec, const std::string& out) {
  const auto& m = c.measurement;
  std::printf("compressed into %s: parameters %lld -> %lld (%.1f%% removed)\n", out.c_str(), m.parameters_before,
              m.parameters_after,
              m.parameters_before ? 100.0 * (1.0 - static_cast<double>(m.parameters_after) / m.parameters_before) : 0.0);
  // A rank-r factorisation of a d_l x d_{l-1} layer pays only while r (d_l + d_{l-1}) < d_l d_{l-1}.
  for (std::size_t l = 1; l < m.ranks.size(); ++l) {
    const long long rows = spec.widths[l], cols = spec.widths[l - 1], r = m.ranks[l];
    if (r * (rows + cols) >= rows * cols)
      std::printf("note: layer %zu at rank %lld stores %lld numbers as factors, %lld as a dense matrix (factors pay "
                  "below rank %lld)\n",
                  l, r, r * (rows + cols), rows * cols, (rows * cols + rows + cols - 1) / (rows + cols));
  }
  std::printf("accuracy %.4f -> %.4f, data loss %.6g -> %.6g (source data, double)\n", m.accuracy_before,
              m.accuracy_after, m.loss_before, m.loss_after);
  for (std::size_t l = 1; l < m.ranks.size(); ++l) {
    std::printf("  layer %zu: rank %d, eps = ||W - W~||_2 = %.4e, sigma_{r+1}(W) = %.4e, T13 bound (rank K) = %.4e", l,
                m.ranks[l], m.eps[l], m.sigma_next[l], m.t13_bound[l]);
    if (c.proof) std::printf(", eps in [%.4e, %.4e]", c.proof->eps[l].Lower(), c.proof->eps[l].Upper());
    std::printf("\n");
  }
  const Verdict& v = c.t14;
  std::printf("T14 %s: max-ratio sample ||f~(x) - f(x)||_2 = %.4e <= e_L(x) = %.4e, ratio %.4f (%s, ||grad J||_2 = %.3e, error %.2e)\n",
              OutcomeName(v.verdict), v.observed, v.bound, v.ratio, v.precision.c_str(), v.grad_norm, v.error_estimate);
  if (c.proof) PrintProof("training", *c.proof);
  else std::printf("interval proof skipped: %s\n", c.proof_skipped.c_str());
  if (m.has_test) {
    std::printf("test data (%d samples): accuracy %.4f -> %.4f, data loss %.6g -> %.6g\n", m.test_samples,
                m.test_accuracy_before, m.test_accuracy_after, m.test_loss_before, m.test_loss_after);
    if (c.test_proof) PrintProof("test", *c.test_proof);
  }
}

}  // namespace

void AddCompressCommand(CLI::App& app, Action* action) {
  auto* cmd = app.add_subcommand("compress", "Certified low-rank compression of a run directory's network (T14)");
  struct Options {
    std::string run_dir, out, rank, tolerance, precision = "double", name, test_data, proof_engine = "midrad";
    int proof_bits = 128;
    bool no_proofs = false, force = false;
  };
  auto o = std::make_shared<Options>();
  cmd->add_option("RUN_DIR", o->run_dir, "run directory to compress")->required();
  cmd->add_option("--rank", o->rank, "K (every layer), r_1,...,r_L (per layer) or auto (with --tolerance)")->required();
  cmd->add_option("--tolerance", o->tolerance, "--rank auto: keep sigma_j >= EPS sigma_1 (0 < EPS < 1)");
  cmd->add_option("--out", o->out, "run directory to write (not RUN_DIR)")->required();
  cmd->add_option("--precision", o->precision, "working precision of the T14 verdict (default double)");
  cmd->add_option("--proof-bits", o->proof_bits, "MPFI precision of the interval proof (default 128)")
      ->check(CLI::Range(53, 100000));
  cmd->add_option("--proof-engine", o->proof_engine,
                  "engine of the interval proof: midrad (midpoint-radius double, default) or mpfi (the reference, "
                  "at --proof-bits)");
  cmd->add_flag("--no-proofs", o->no_proofs, "skip the interval proof");
  cmd->add_option("--test-data", o->test_data,
                  "test data (a data source: CSV file, iris, ...; standardised like the run's data): measured and proven too");
  cmd->add_option("--name", o->name, "name of the compressed run (default: the source's + \"-compressed\")");
  cmd->add_flag("--force", o->force, "write into --out even if it is a non-empty folder nrc did not make");
  cmd->callback([o, action]() {
    *action = [o]() {
      const CompressionEngine engine = AsUsageError([&] {
        try {
          return ParseCompressionEngine(o->proof_engine);
        } catch (const std::invalid_argument& e) {
          throw std::invalid_argument(std::string("--proof-engine: ") + e.what());
        }
      });
      const Precision working =
          AsUsageError([&] { return Precision::Parse(ConfigField::CheckPrecision(o->precision, "--precision")); });
      const RunDirectory run = RunDirectory::Load(o->run_dir);
      std::error_code ec;
      if (fs::exists(o->out, ec) && fs::equivalent(o->out, o->run_dir, ec))
        throw UsageError("--out " + o->out + " is RUN_DIR itself: compress writes a new run directory");
      std::string mode;
      double tol = 0;
      const std::vector<int> ranks = ResolveRanks(run, o->rank, o->tolerance, &mode, &tol);
      TrainConfig config;
      try {
        json j = run.config;
        j["name"] = o->name.empty() ? j.value("name", std::string("run")) + "-compressed" : o->name;
        config = TrainConfig::FromJson(j);
      } catch (const std::invalid_argument& e) {
        throw UsageError(e.what());
      }
      TrainResult r;
      CopyStandardization(run, &r);
      Dataset test;  // loaded before anything is written
      if (!o->test_data.empty()) test = LoadTestData(o->test_data, run, r);
      CheckWritableRunDirectory(o->out, o->force);

      const LowRankFactors factors = TruncatedFactors(run.Parameters<double>(), ranks);
      const int bits = ExactProductBits(factors);
      r.config = config;
      r.spec = run.spec;
      r.data = run.data;
      r.precision = Precision::Parse("mpfr:" + std::to_string(((bits + 63) / 64) * 64));
      r.parameters = CompressedParameters(run.spec, run.parameters, factors, bits);
      r.origin = {{"compressed_from", fs::absolute(run.path, ec).lexically_normal().string()},
                  {"run_id", run.run_id}, {"ranks", json(std::vector<int>(ranks.begin() + 1, ranks.end()))}};
      WriteRunDirectory(o->out, r);

      CompressionCheckOptions copt;
      copt.prove = !o->no_proofs;
      copt.proof_bits = o->proof_bits;
      copt.engine = engine;
      if (!o->test_data.empty()) copt.test = &test;
      const CompressionCheck check = CheckCompression(run, factors, r.parameters, working, copt);
      json content = {{"source", {{"path", r.origin["compressed_from"]}, {"run_id", run.run_id}}},
                      {"rank_mode", mode},
                      {"tolerance", mode == "auto" ? json(tol) : json()},
                      {"ranks", r.origin["ranks"]},
                      {"layers", CompressedRun::LayersJson(factors)},
                      {"parameters", {{"before", check.measurement.parameters_before},
                                      {"after", check.measurement.parameters_after}}},
                      {"product_bits", bits},
                      {"summary", check.ToJson()}};
      CompressedRun::Write(o->out, RunDirectory::Load(o->out).run_id, content);
      PrintSummary(check, run.spec, o->out);
      return check.t14.verdict == Outcome::kViolated ? 1 : 0;
    };
  });
}

}  // namespace nrc::cli
