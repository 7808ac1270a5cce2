#include "proofs-check/compression_sweep.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "enclosures/interval_network.h"
#include "proofs-check/compressed_run.h"
#include "proofs-check/compression_proof.h"

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

// The network and its original forward pass, enclosed once.
struct Base {
  const RunDirectory* run = nullptr;
  std::vector<IntervalMatrix> W, b;
  std::vector<Interval> norm_W;  // 1..L
  CompressionForward fwd;
  MlpParameters<double> theta;
};

// One point: layer `layer` (every layer when 0) truncated at rank (clipped), the others unchanged.
CompressionSweep::Point Evaluate(const Base& base, int layer, int rank) {
  const MlpSpec& spec = base.run->spec;
  const int L = spec.depth();
  std::vector<int> ranks(static_cast<std::size_t>(L + 1), 0);
  for (int l = 1; l <= L; ++l) ranks[static_cast<std::size_t>(l)] = std::min(rank, std::min(spec.widths[l], spec.widths[l - 1]));
  const LowRankFactors factors = TruncatedFactors(base.theta, ranks);
  std::vector<IntervalMatrix> Wt = base.W;
  std::vector<Interval> eps(static_cast<std::size_t>(L + 1)), norm_Wt = base.norm_W;
  CompressionSweep::Point p;
  p.layer = layer;
  p.rank = rank;
  p.parameters = spec.NumParameters();
  for (int l = 1; l <= L; ++l) {
    if (layer != 0 && l != layer) continue;
    const std::size_t s = static_cast<std::size_t>(l);
    Wt[s] = CompressionProof::Product(factors, l);
    eps[s] = CompressionProof::SpectralNorm(base.W[s] - Wt[s]);
    norm_Wt[s] = CompressionProof::SpectralNorm(Wt[s]);
    p.parameters += static_cast<long long>(ranks[s]) * (spec.widths[l] + spec.widths[l - 1]) -
                    static_cast<long long>(spec.widths[l]) * spec.widths[l - 1];
  }
  CompressionForward fwd = base.fwd;
  fwd.Ft = CompressionProof::EncloseOutputs(spec, Wt, base.b, base.run->data.X);
  const CompressionProof proof = CompressionProof::FromForward(spec, eps, norm_Wt, fwd);
  const double N = static_cast<double>(proof.observed.size());
  p.accuracy = MidAccuracy(fwd.Ft, base.run->data.labels);
  p.kept_fraction = N > 0 ? proof.kept_count / N : 0.0;
  p.proven = proof.holds();
  for (std::size_t i = 0; i < proof.observed.size(); ++i) {
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

CompressionSweep CompressionSweep::Compute(const RunDirectory& run) {
  ScopedIntervalPrecision guard(128);
  Base base;
  base.run = &run;
  base.theta = run.Parameters<double>();
  IntervalNetwork::EncloseParameters(run.spec, run.parameters, &base.W, &base.b);
  const int L = run.spec.depth();
  base.norm_W.assign(static_cast<std::size_t>(L + 1), Interval());
  for (int l = 1; l <= L; ++l) base.norm_W[static_cast<std::size_t>(l)] = CompressionProof::SpectralNorm(base.W[static_cast<std::size_t>(l)]);
  base.fwd = CompressionProof::EncloseOriginal(run.spec, base.W, base.b, run.data.X);
  CompressionSweep s;
  s.K = run.spec.num_classes();
  s.depth = L;
  s.parameters_before = run.spec.NumParameters();
  s.accuracy_before = MidAccuracy(base.fwd.F, run.data.labels);
  int max_rank = 0;
  for (int l = 1; l <= L; ++l) {
    const int p = std::min(run.spec.widths[l], run.spec.widths[l - 1]);
    max_rank = std::max(max_rank, p);
    for (int r = 0; r <= p; ++r) s.points.push_back(Evaluate(base, l, r));
  }
  for (int r = 0; r <= max_rank; ++r) s.points.push_back(Evaluate(base, 0, r));
  return s;
}

nlohmann::ordered_json CompressionSweep::ToJson() const {
  nlohmann::ordered_json pts = nlohmann::ordered_json::array();
  for (const auto& p : points)
    pts.push_back({{"layer", p.layer}, {"rank", p.rank}, {"parameters", p.parameters}, {"accuracy", p.accuracy},
                   {"kept_fraction", p.kept_fraction}, {"proven", p.proven}, {"max_ratio", p.max_ratio}});
  return {{"K", K}, {"depth", depth}, {"parameters_before", parameters_before},
          {"accuracy_before", accuracy_before}, {"points", pts}};
}

CompressionSweep CompressionSweep::FromJson(const json& j) {
  CompressionSweep s;
  try {
    s.K = j.at("K").get<int>();
    s.depth = j.at("depth").get<int>();
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
      s.points.push_back(p);
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("compression sweep: ") + e.what());
  }
  return s;
}

}  // namespace nrc
