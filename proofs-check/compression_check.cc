#include "proofs-check/compression_check.h"

#include <algorithm>

#include "enclosures/interval_network.h"
#include "proofs-check/check_network.h"
#include "proofs-check/compressed_run.h"
#include "theory/t13.h"
#include "theory/t14.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

using nlohmann::json;

// Accuracy (argmax, lowest index on ties) and J_data of a network on the data, in double.
void Measure(const MlpSpec& spec, const std::vector<std::string>& parameters, const Dataset& data, double* accuracy,
             double* loss) {
  if (data.size() == 0) throw std::invalid_argument("compression: no samples to measure on");
  const auto theta = ParseParameters<double>(spec, parameters);
  const auto eval = Evaluate(spec, theta, data.X, data.labels, EvaluationLevel::kObjective);
  const Eigen::MatrixXd& F = eval.outputs();
  int right = 0;
  for (Eigen::Index i = 0; i < F.cols(); ++i) {
    Eigen::Index c = 0;
    F.col(i).maxCoeff(&c);
    right += static_cast<int>(c) == data.labels[static_cast<std::size_t>(i)] ? 1 : 0;
  }
  *accuracy = F.cols() ? static_cast<double>(right) / static_cast<double>(F.cols()) : 0.0;
  *loss = eval.data_loss;
}

// T14 (and the per-layer numbers beside it) in the working precision T.
template <class T>
Verdict WorkingPrecisionT14(const RunDirectory& source, const std::vector<std::string>& compressed,
                            const std::vector<int>& ranks, CompressionMeasurement* m) {
  const auto ctx = NetworkContext<T>::Build(source.spec, ParseParameters<T>(source.spec, source.parameters),
                                            source.data.Features<T>(), source.data.labels);
  const auto Wt = ParseParameters<T>(source.spec, compressed).W;
  // W~ is the product of the stored double factors, not the exact truncation:
  // no eps_l = sigma_{r_l+1} identities (sigma_next is reported beside eps).
  const T14<T> t14 = T14<T>::Compute(ctx, Wt);
  const int L = ctx.L;
  m->sigma_next.assign(static_cast<std::size_t>(L + 1), 0.0);
  m->eps.assign(static_cast<std::size_t>(L + 1), 0.0);
  m->t13_bound.assign(static_cast<std::size_t>(L + 1), 0.0);
  for (int l = 1; l <= L; ++l) {
    const std::size_t s = static_cast<std::size_t>(l);
    const auto& sw = ctx.sigma_W[s];
    m->sigma_next[s] = ranks[s] < sw.size() ? ToDouble(sw(ranks[s])) : 0.0;
    m->eps[s] = ToDouble(t14.eps[s]);
    m->t13_bound[s] = ToDouble(T13<T>::Compute(ctx, T2<T>::Compute(ctx, l), Norm::kSpectral).bound);
  }
  return MakeVerdict(t14, ctx.precision, ToDouble(ctx.grad_norm));
}

// The proof's verdict on the working-precision one: proven at every sample, or violated.
void ApplyProof(const CompressionProof& p, Verdict* v) {
  if (p.violated_samples > 0) {
    v->verdict = Outcome::kViolated;
    v->note += "; interval proof: " + std::to_string(p.violated_samples) + " samples violated";
    return;
  }
  if (!p.holds() || v->verdict == Outcome::kViolated) return;
  const std::size_t w = static_cast<std::size_t>(p.worst_sample);
  VerdictEnclosure e;
  e.observed_lower = p.observed[w].Lower();
  e.observed_upper = p.observed[w].Upper();
  e.bound_lower = p.bound[w].Lower();
  e.bound_upper = p.bound[w].Upper();
  e.bits = p.engine == CompressionEngine::kMidrad ? 53 : p.bits;
  v->enclosure = e;
  v->verdict = Outcome::kProven;
  v->note += "; proven at every sample (worst enclosure: sample " + std::to_string(p.worst_sample) + ")";
}

json IntervalJson(const Interval& x) { return {{"lower", x.Lower()}, {"upper", x.Upper()}}; }

json ProofJson(const CompressionProof& p) {
  double max_bound = 0, max_obs = 0;
  for (const auto& b : p.bound) max_bound = std::max(max_bound, b.Upper());
  for (const auto& o : p.observed) max_obs = std::max(max_obs, o.Upper());
  return {{"engine", CompressionEngineName(p.engine)},
          {"bits", p.bits},
          {"mpfi_samples", p.mpfi_samples},
          {"samples", p.observed.size()},
          {"kept", p.kept_count},
          {"held_samples", p.held_samples},
          {"violated_samples", p.violated_samples},
          {"max_observed_upper", max_obs},
          {"max_bound_upper", max_bound}};
}

}  // namespace

CompressionCheck CheckCompression(const RunDirectory& source, const LowRankFactors& factors,
                                  const std::vector<std::string>& compressed, const Precision& working,
                                  const CompressionCheckOptions& options) {
  CompressionCheck c;
  CompressionMeasurement& m = c.measurement;
  const int L = source.spec.depth();
  m.ranks.assign(static_cast<std::size_t>(L + 1), 0);
  for (int l = 1; l <= L; ++l) m.ranks[static_cast<std::size_t>(l)] = factors.rank(l);
  Measure(source.spec, source.parameters, source.data, &m.accuracy_before, &m.loss_before);
  Measure(source.spec, compressed, source.data, &m.accuracy_after, &m.loss_after);
  m.parameters_before = source.spec.NumParameters();
  m.parameters_after = factors.StoredWeights();
  for (int l = 1; l <= L; ++l)
    if (source.spec.has_bias(l)) m.parameters_after += source.spec.widths[l];
  c.t14 = WithScalar(working, [&](auto zero) {
    using T = decltype(zero);
    return WorkingPrecisionT14<T>(source, compressed, m.ranks, &m);
  });
  std::string why;
  if (!options.prove) {
    c.proof_skipped = "--no-proofs";
  } else if (!IntervalNetwork::Supports(source.spec, &why)) {
    c.proof_skipped = why;
  } else {
    c.proof = CompressionProof::Prove(source.spec, source.parameters, factors, source.data.X, options.proof_bits,
                                      options.engine);
    ApplyProof(*c.proof, &c.t14);
  }
  if (options.test) {
    const Dataset& test = *options.test;
    if (test.dim() != source.spec.widths.front())
      throw std::invalid_argument("test data: " + std::to_string(test.dim()) + " features, the network takes " +
                                  std::to_string(source.spec.widths.front()));
    m.has_test = true;
    m.test_samples = test.size();
    Measure(source.spec, source.parameters, test, &m.test_accuracy_before, &m.test_loss_before);
    Measure(source.spec, compressed, test, &m.test_accuracy_after, &m.test_loss_after);
    if (c.proof) c.test_proof = CompressionProof::Prove(source.spec, source.parameters, factors, test.X,
                                                                  options.proof_bits, options.engine);
  }
  return c;
}

std::optional<CompressionCheck> AppendCompressionVerdict(const RunDirectory& run, const Precision& working, bool prove,
                                                         int proof_bits, CheckReport* report) {
  if (!CompressedRun::Present(run)) return std::nullopt;
  const CompressedRun c = CompressedRun::Load(run);
  CompressionCheckOptions options;
  options.prove = prove;
  options.proof_bits = proof_bits;
  CompressionCheck cc = CheckCompression(c.LoadSource(), c.factors, run.parameters, working, options);
  cc.t14.note += "; compressed from " + c.source_path.string();
  report->verdicts.push_back(cc.t14);
  return cc;
}

json CompressionCheck::ToJson() const {
  const auto& m = measurement;
  json layers = json::array();
  for (std::size_t l = 1; l < m.ranks.size(); ++l) {
    json e = {{"layer", l}, {"rank", m.ranks[l]}, {"sigma_next", m.sigma_next[l]}, {"eps", m.eps[l]},
              {"t13_bound", m.t13_bound[l]}};
    if (proof) {
      e["eps_enclosure"] = IntervalJson(proof->eps[l]);
      e["norm_Wt_enclosure"] = IntervalJson(proof->norm_Wt[l]);
    }
    layers.push_back(e);
  }
  json j = {{"accuracy_before", m.accuracy_before}, {"accuracy_after", m.accuracy_after},
            {"loss_before", m.loss_before},         {"loss_after", m.loss_after},
            {"parameters_before", m.parameters_before}, {"parameters_after", m.parameters_after},
            {"layers", layers},                     {"t14", t14.ToJson()}};
  j["proof"] = proof ? ProofJson(*proof) : json();
  if (!proof) j["proof_skipped"] = proof_skipped;
  if (m.has_test) {
    j["test"] = {{"samples", m.test_samples},
                 {"accuracy_before", m.test_accuracy_before},
                 {"accuracy_after", m.test_accuracy_after},
                 {"loss_before", m.test_loss_before},
                 {"loss_after", m.test_loss_after},
                 {"proof", test_proof ? ProofJson(*test_proof) : json()}};
  }
  return j;
}

}  // namespace nrc
