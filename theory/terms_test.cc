// Every term a statement header promises (kTerms, kTailTerms, ...) is present
// in every applicable result, on random problems in double (T1-T10, T12-T14).
// The test that t8.h's promised T5/T3 and T8/T5 terms exist.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/support/random_problem.h"
#include "theory/t1.h"
#include "theory/t10.h"
#include "theory/t12.h"
#include "theory/t13.h"
#include "theory/t14.h"
#include "theory/t4.h"
#include "theory/t6.h"
#include "theory/t7.h"
#include "theory/t8.h"
#include "theory/t9.h"

namespace nrc {
namespace {

template <class R, std::size_t n>
void ExpectTerms(const R& r, const std::array<const char*, n>& promised) {
  if (!r.applicable) return;
  for (const char* name : promised) {
    bool found = false;
    for (const auto& t : r.terms) found |= t.first == name;
    EXPECT_TRUE(found) << r.statement << " layer " << r.layer << " " << r.norm << ": promised term '" << name
                       << "' is missing";
  }
}

TEST(StatementTerms, EveryPromisedTermExists) {
  const std::vector<MlpSpec> specs = {
      MlpSpec::Uniform({5, 7, 6, 3}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0),
      MlpSpec::Uniform({4, 6, 2}, Activation::Parse("softplus"), Loss::Parse("ce"), false, 1e-1, 0.0),
      MlpSpec::Uniform({6, 8, 8, 4}, Activation::Parse("tanh"), Loss::Parse("ce"), true, 1e-3, 1e-3)};
  for (std::uint64_t seed = 1; seed <= 3 * specs.size(); ++seed) {
    const auto prob = testing::MakeRandomProblem(specs[seed % specs.size()], 14, seed, 1.0, 1.0);
    const auto ctx = NetworkContext<double>::Build(prob.spec, prob.theta, prob.data.Features<double>(), prob.data.labels);
    for (int l = 1; l <= ctx.L; ++l) {
      ExpectTerms(T1<double>::Compute(ctx, l), T1<double>::kTerms);
      const auto t2 = T2<double>::Compute(ctx, l);
      ExpectTerms(t2, T2<double>::kTerms);
      ExpectTerms(T4<double>::Tail(ctx, t2), T4<double>::kTailTerms);
      ExpectTerms(T4<double>::RankCorollary(ctx, t2, 1e-3 * ctx.norm2_W[l]), T4<double>::kRankTerms);
      const auto t5 = T5<double>::Compute(ctx, t2);
      ExpectTerms(t5, T5<double>::kTerms);
      ExpectTerms(T6<double>::Compute(ctx, l), T6<double>::kTerms);
      ExpectTerms(T9<double>::Bound(ctx, l), T9<double>::kBoundTerms);
      const auto proj = SignalProjection<double>::Compute(ctx, t2);
      for (Norm n : {Norm::kSpectral, Norm::kFrobenius}) {
        const auto t3 = T3<double>::Compute(ctx, t2, n);
        ExpectTerms(t3, T3<double>::kTerms);
        ExpectTerms(T10<double>::Compute(ctx, t2, n), T10<double>::kTerms);
        ExpectTerms(T12<double>::Compute(ctx, t2, proj, t3, n), T12<double>::kTerms);
        ExpectTerms(T13<double>::Compute(ctx, t2, proj, n), T13<double>::kTerms);
        if (n == Norm::kFrobenius) ExpectTerms(T8<double>::Compute(ctx, t3, t5), T8<double>::kTerms);
      }
    }
    ExpectTerms(T7<double>::Compute(ctx), T7<double>::kTerms);
    const std::vector<int> ranks(static_cast<std::size_t>(ctx.L + 1), 1);
    ExpectTerms(T14<double>::Compute(ctx, T14<double>::Truncate(ctx.theta, ranks), ranks), T14<double>::kTerms);
  }
}

}  // namespace
}  // namespace nrc
