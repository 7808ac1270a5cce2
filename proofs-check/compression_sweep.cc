#include "proofs-check/compression_sweep.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "enclosures/interval_network.h"
#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_prover.h"

namespace nrc {
namespace {

using nlohmann::json;

// Accuracy of the outputs' midpoints (argmax, lowest index on ties).
double MidAccuracy(const IntervalMatrix& F, const std::vector<int>& labels) {
  int right = 0;
  for (int i = 0; i < F.cols(); ++i) {
    int c = 0;
    for (int k = 1; k < F.rows(); ++k)
      if (F(k, i).Mid() > F(c, i).Mid()) c = k;
    right += c == labels[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  return F.cols() ? static_cast<double>(right) / F.cols() : 0.0;
}

// One point: layer `layer` (every layer when 0) truncated at rank (clipped), the others unchanged.
CompressionSweep::Point Evaluate(const RunDirectory& run, const MlpParameters<double>& theta,
                                 const CompressionProver& prover, int layer, int rank) {
  const MlpSpec& spec = run.spec;
  const int L = spec.depth();
  std::vector<int> ranks(static_cast<std::size_t>(L + 1), 0);
  std::vector<char> replace(static_cast<std::size_t>(L + 1), 0);
  for (int l = 1; l <= L; ++l) {
    ranks[static_cast<std::size_t>(l)] = std::min(rank, std::min(spec.widths[l], spec.widths[l - 1]));
    replace[static_cast<std::size_t>(l)] = layer == 0 || l == layer ? 1 : 0;
  }
  CompressionSweep::Point p;
  p.layer = layer;
  p.rank = rank;
  p.parameters = spec.NumParameters();
  for (int l = 1; l <= L; ++l)
    if (replace[static_cast<std::size_t>(l)])
      p.parameters += static_cast<long long>(ranks[static_cast<std::size_t>(l)]) * (spec.widths[l] + spec.widths[l - 1]) -
                      static_cast<long long>(spec.widths[l]) * spec.widths[l - 1];
  const CompressionProof proof = prover.Prove(TruncatedFactors(theta, ranks), replace);
  const std::size_t N = proof.observed.size();
  int right = 0;
  for (std::size_t i = 0; i < N; ++i) right += proof.after_class[i] == run.data.labels[i] ? 1 : 0;
  p.accuracy = N > 0 ? static_cast<double>(right) / static_cast<double>(N) : 0.0;
  p.kept_fraction = N > 0 ? proof.kept_count / static_cast<double>(N) : 0.0;
  p.proven = proof.holds();
  p.mpfi_samples = proof.mpfi_samples;
  for (std::size_t i = 0; i < N; ++i) {
    const double lo = proof.bound[i].Lower(), up = proof.observed[i].Upper();
    if (lo > 0) p.max_ratio = std::max(p.max_ratio, up / lo);
  }
  return p;
}

}  // namespace

bool CompressionSweep::Applicable(const RunDirectory& run) {
  return IntervalNetwork::Supports(run.spec) &&
         static_cast<double>(run.data.size()) * run.spec.NumParameters() <= kBudget;
}

CompressionSweep CompressionSweep::Compute(const RunDirectory& run, CompressionEngine engine) {
  const CompressionProver prover(run.spec, run.parameters, run.data.X, kBits, engine);
  const MlpParameters<double> theta = run.Parameters<double>();
  const int L = run.spec.depth();
  CompressionSweep s;
  s.K = run.spec.num_classes();
  s.depth = L;
  s.engine = CompressionEngineName(engine);
  s.parameters_before = run.spec.NumParameters();
  s.accuracy_before = MidAccuracy(prover.original_outputs(), run.data.labels);
  int max_rank = 0;
  for (int l = 1; l <= L; ++l) {
    const int p = std::min(run.spec.widths[l], run.spec.widths[l - 1]);
    max_rank = std::max(max_rank, p);
    for (int r = 0; r <= p; ++r) s.points.push_back(Evaluate(run, theta, prover, l, r));
  }
  for (int r = 0; r <= max_rank; ++r) s.points.push_back(Evaluate(run, theta, prover, 0, r));
  return s;
}

nlohmann::ordered_json CompressionSweep::ToJson() const {
  nlohmann::ordered_json pts = nlohmann::ordered_json::array();
  for (const auto& p : points)
    pts.push_back({{"layer", p.layer}, {"rank", p.rank}, {"parameters", p.parameters}, {"accuracy", p.accuracy},
                   {"kept_fraction", p.kept_fraction}, {"proven", p.proven}, {"max_ratio", p.max_ratio},
                   {"mpfi_samples", p.mpfi_samples}});
  return {{"K", K}, {"depth", depth}, {"engine", engine}, {"parameters_before", parameters_before},
          {"accuracy_before", accuracy_before}, {"points", pts}};
}

CompressionSweep CompressionSweep::FromJson(const json& j) {
  CompressionSweep s;
  try {
    s.K = j.at("K").get<int>();
    s.depth = j.at("depth").get<int>();
    s.engine = j.value("engine", std::string("mpfi"));  // analyses before the midpoint-radius sweep: MPFI
    s.parameters_before = j.at("parameters_before").get<long long>();
    s.accuracy_before = j.at("accuracy_before").get<double>();
    for (const auto& e : j.at("points")) {
      Point p;
      p.layer = e.at("layer").get<int>();
      p.rank = e.at("rank").get<int>();
      p.parameters = e.at("parameters").get<long long>();
      p.accuracy = e.at("accuracy").get<double>();
      p.kept_fraction = e.at("kept_fraction").get<double>();
      p.proven = e.at("proven").get<bool>();
      p.max_ratio = e.at("max_ratio").get<double>();
      p.mpfi_samples = e.value("mpfi_samples", 0);
      s.points.push_back(p);
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("compression sweep: ") + e.what());
  }
  return s;
}

}  // namespace nrc
