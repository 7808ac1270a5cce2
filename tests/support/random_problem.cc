#include "tests/support/random_problem.h"

#include <random>
#include <sstream>

namespace nrc::testing {

std::string RandomProblem::Describe() const {
  std::ostringstream s;
  s << "{spec: " << spec.Describe() << ", N: " << data.size() << ", seed: " << seed
    << ", param_scale: " << param_scale << ", data_scale: " << data_scale << "}";
  return s.str();
}

RandomProblem MakeRandomProblem(const MlpSpec& spec, int num_samples, std::uint64_t seed, double param_scale,
                                double data_scale) {
  RandomProblem p;
  p.spec = spec;
  p.seed = seed;
  p.param_scale = param_scale;
  p.data_scale = data_scale;
  std::mt19937_64 rng(seed);
  auto uniform = [&rng]() { return 2.0 * ((rng() >> 11) * 0x1.0p-53) - 1.0; };
  const int K = spec.num_classes();
  p.data.num_classes = K;
  p.data.X.resize(spec.widths[0], num_samples);
  p.data.labels.resize(num_samples);
  for (int i = 0; i < num_samples; ++i) {
    // The first K samples cover every class; the rest are random.
    p.data.labels[i] = i < K ? i : static_cast<int>(rng() % K);
    for (int r = 0; r < spec.widths[0]; ++r) p.data.X(r, i) = data_scale * uniform();
  }
  p.data.source = "random problem seed " + std::to_string(seed);
  p.theta = MlpParameters<double>::RandomInit(spec, seed ^ 0x9e3779b97f4a7c15ULL);
  for (auto& w : p.theta.W) w *= param_scale;
  for (auto& b : p.theta.b) b *= param_scale;
  return p;
}

rc::Gen<RandomProblem> GenRandomProblem(const RandomProblemOptions& o) {
  return rc::gen::exec([o]() {
    auto in_range = [&o](int lo, int hi) {
      return o.uniform_sizes ? *rc::gen::resize(100, rc::gen::inRange(lo, hi)) : *rc::gen::inRange(lo, hi);
    };
    const int depth = in_range(o.min_depth, o.max_depth + 1);
    const int K = in_range(o.min_classes, o.max_classes + 1);
    std::vector<int> widths;
    for (int l = 0; l < depth; ++l) widths.push_back(in_range(1, o.max_width + 1));
    widths.push_back(K);
    std::vector<std::string> acts = o.activations;
    if (acts.empty()) {
      acts = {"tanh", "sigmoid", "softplus", "identity", "gelu", "silu"};
      if (o.allow_nonsmooth) {
        acts.push_back("relu");
        acts.push_back("leaky_relu:0.1");
      }
    }
    std::vector<std::string> losses = o.losses.empty() ? std::vector<std::string>{"mse", "ce"} : o.losses;
    MlpSpec spec;
    spec.widths = widths;
    spec.activation = Activation::Parse(*rc::gen::elementOf(acts));
    spec.loss = Loss::Parse(*rc::gen::elementOf(losses));
    for (int l = 0; l < depth; ++l) spec.bias.push_back(*rc::gen::arbitrary<bool>());
    spec.lambda = *rc::gen::elementOf(std::vector<double>{1e-5, 1e-4, 1e-3, 1e-2, 1e-1, 1.0});
    spec.lambda_b = *rc::gen::arbitrary<bool>() ? spec.lambda : 0.0;
    const int N = K + in_range(0, o.max_extra_samples + 1);
    const double param_scale = *rc::gen::elementOf(std::vector<double>{0.1, 1.0, 3.0});
    const double data_scale = *rc::gen::elementOf(std::vector<double>{0.1, 1.0, 5.0});
    const auto seed = *rc::gen::arbitrary<std::uint64_t>();
    return MakeRandomProblem(spec, N, seed, param_scale, data_scale);
  });
}

RandomProblemOptions ProofEngineOptions() {
  RandomProblemOptions o;
  o.max_depth = 3;
  o.max_width = 8;
  o.max_classes = 4;
  o.activations = {"tanh", "sigmoid", "softplus", "identity", "leaky_relu", "relu"};
  return o;
}

}  // namespace nrc::testing
