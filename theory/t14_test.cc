// T14 (certified compression): property over random problems, random ranks
// per layer (truncated SVD) and random perturbations W~ = W + noise, in MPFR
// and double (every sample's ||f~(x) - f(x)|| <= e_L(x), the corollary's
// count of changed certified predictions is 0, and eps_l = sigma_{r_l+1}(W_l)
// for truncations); negative controls: the recursion without the Lip(s)
// factor (leaky ReLU of slope 3, Lip = 3) and without the ||W~_l||_2
// propagation, each refuted on random networks.
#include "theory/t14.h"

#include "tests/support/property_support.h"

namespace nrc {
namespace {

// Random ranks r_l in 0..min(d_l, d_{l-1}) (index 0 unused).
std::vector<int> DrawRanks(const MlpSpec& spec) {
  std::vector<int> ranks(spec.depth() + 1, 0);
  for (int l = 1; l <= spec.depth(); ++l)
    ranks[l] = *rc::gen::inRange(0, std::min(spec.widths[l], spec.widths[l - 1]) + 1);
  return ranks;
}

RC_GTEST_PROP(T14, CompressedOutputWithinBoundAtEveryInput, ()) {
  const auto prob = *theory_test::GenProblem();
  const std::vector<int> ranks = DrawRanks(prob.spec);
  RC_CLASSIFY(ranks[1] == 0, "layer 1 removed");
  theory_test::CheckInBothPrecisions(prob, [&](const auto& ctx) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    std::vector<T14<T>> out;
    out.push_back(T14<T>::Compute(ctx, T14<T>::Truncate(ctx.theta, ranks), ranks));
    return out;
  });
}

RC_GTEST_PROP(T14, AnyReplacementWithinBoundAtEveryInput, ()) {
  const auto prob = *theory_test::GenProblem();
  const double scale = *rc::gen::elementOf(std::vector<double>{1e-6, 1e-2, 1.0});
  const auto seed = *rc::gen::inRange<std::uint64_t>(1, 1000000);
  // W~_l = W_l + scale * (random Glorot-scaled matrix): any W~, not a truncation.
  const auto noise = MlpParameters<double>::RandomInit(prob.spec, seed);
  theory_test::CheckInBothPrecisions(prob, [&](const auto& ctx) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    std::vector<Matrix<T>> Wt(ctx.L + 1);
    for (int l = 1; l <= ctx.L; ++l) Wt[l] = ctx.W(l) + noise.Cast<T>().W[l] * T(scale);
    std::vector<T14<T>> out;
    out.push_back(T14<T>::Compute(ctx, Wt));
    return out;
  });
}

// A control's cases on random problems of options' shapes: the statement and
// its weakened variant on the same truncation, in MPFR.
std::vector<theory_test::ControlCase> ControlCases(const testing::RandomProblemOptions& options, T14Variant variant) {
  const auto prob = *testing::GenRandomProblem(options);
  const std::vector<int> ranks = DrawRanks(prob.spec);
  ScopedMpfrPrecision guard(theory_test::kMpfrBits);
  const auto ctx = theory_test::ContextFor<Mpfr>(prob);
  const auto Wt = T14<Mpfr>::Truncate(ctx.theta, ranks);
  const auto statement = T14<Mpfr>::Compute(ctx, Wt, ranks);
  const auto weakened = T14<Mpfr>::Compute(ctx, Wt, ranks, variant);
  // Every sample: the weakened bound's worst sample may differ from the statement's.
  std::vector<theory_test::ControlCase> cases;
  for (int i = 0; i < ctx.N; ++i) {
    T14<Mpfr> one = statement;
    one.links.clear();
    one.headline = Inequality<Mpfr>::LessEqual("||f~ - f||", statement.observed(i), "e_L", statement.bound(i),
                                               statement.error(i));
    cases.push_back(theory_test::Compare(
        one, Inequality<Mpfr>::LessEqual("||f~ - f||", weakened.observed(i), "weakened e_L", weakened.bound(i),
                                         weakened.error(i))));
  }
  return cases;
}

// Depth 2-3 and narrow layers: the controls' counterexamples need a hidden
// layer for the weakened factor to act on, and are found fastest when small.
testing::RandomProblemOptions SmallDeepOptions(int max_width, std::vector<std::string> activations) {
  testing::RandomProblemOptions options;
  options.min_depth = 2;
  options.max_depth = 3;
  options.max_width = max_width;
  options.activations = std::move(activations);
  return options;
}

TEST(T14NegativeControl, WithoutLipschitzFactorIsRefuted) {
  theory_test::ExpectCounterexample("T14 without Lip(s) (leaky ReLU, slope 3)", [] {
    return ControlCases(SmallDeepOptions(3, {"leaky_relu:3"}), T14Variant::kWithoutLipschitz);
  });
}

TEST(T14NegativeControl, WithoutNormPropagationIsRefuted) {
  theory_test::ExpectCounterexample("T14 without ||W~_l||_2 in the recursion", [] {
    return ControlCases(SmallDeepOptions(4, {}), T14Variant::kWithoutPropagation);
  });
}

}  // namespace
}  // namespace nrc
