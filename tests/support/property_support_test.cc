// ExpectCounterexample (tests/support/property_support.h): a negative control
// passes only on a genuine counterexample -- a case where the statement holds
// and its weakened version is violated. An exception, a failed assertion in
// the control's body, a violation of the statement itself, or RapidCheck
// giving up are test errors, never finds. CheckEveryLayerInBothPrecisions:
// runs its per-layer statements on every layer, in both precisions.
#include "tests/support/property_support.h"

#include <gtest/gtest-spi.h>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace nrc {
namespace {

using theory_test::ControlCase;

// The messages of the gtest failures `run` reports (intercepted: the test
// itself does not fail).
template <class F>
std::vector<std::string> FailuresOf(F run) {
  ::testing::TestPartResultArray results;
  {
    ::testing::ScopedFakeTestPartResultReporter reporter(
        ::testing::ScopedFakeTestPartResultReporter::INTERCEPT_ONLY_CURRENT_THREAD, &results);
    run();
  }
  std::vector<std::string> out;
  for (int i = 0; i < results.size(); ++i) out.push_back(results.GetTestPartResult(i).message());
  return out;
}

bool AnyContains(const std::vector<std::string>& messages, const std::string& what) {
  for (const auto& m : messages)
    if (m.find(what) != std::string::npos) return true;
  return false;
}

TEST(ExpectCounterexample, GenuineCounterexamplePasses) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("weakened violated for x >= 10", []() -> ControlCase {
      const int x = *rc::gen::inRange(0, 100);
      return {Outcome::kHolds, x >= 10 ? Outcome::kViolated : Outcome::kHolds, "x = " + std::to_string(x)};
    });
  });
  EXPECT_TRUE(failures.empty()) << failures.front();
}

TEST(ExpectCounterexample, ThrowingBodyIsATestErrorNotAFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("throws", []() -> ControlCase { throw std::runtime_error("boom"); });
  });
  EXPECT_TRUE(AnyContains(failures, "threw: boom"));
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

// T10's old control asserted "the statement is not violated" inside the body,
// so a violation of T10 itself counted as the control's find.
TEST(ExpectCounterexample, ViolatedStatementIsATestErrorNotAFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("statement violated",
                                      []() -> ControlCase { return {Outcome::kViolated, Outcome::kViolated, "x"}; });
  });
  EXPECT_TRUE(AnyContains(failures, "the statement itself is violated"));
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

TEST(ExpectCounterexample, FailedAssertionInTheBodyIsATestErrorNotAFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("assertion", []() -> ControlCase {
      RC_ASSERT(false);
      return {};
    });
  });
  EXPECT_TRUE(AnyContains(failures, "the control's body failed"));
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

TEST(ExpectCounterexample, UndecidedStatementIsNoFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("undecided statement",
                                      []() -> ControlCase { return {Outcome::kUndecided, Outcome::kViolated, "x"}; });
  });
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

TEST(ExpectCounterexample, GivingUpIsNoFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("discards everything", []() -> ControlCase {
      RC_PRE(false);
      return {Outcome::kHolds, Outcome::kViolated, "x"};
    });
  });
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

TEST(ExpectCounterexample, NoViolationIsNoFind) {
  const auto failures = FailuresOf([] {
    theory_test::ExpectCounterexample("never violated",
                                      []() -> ControlCase { return {Outcome::kHolds, Outcome::kHolds, "x"}; });
  });
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

// CheckEveryLayerInBothPrecisions runs `per_layer` on layers 1..L in MPFR,
// then in double, and checks what it appends.
TEST(CheckEveryLayerInBothPrecisions, RunsPerLayerOnEveryLayerInBothPrecisions) {
  const auto spec = MlpSpec::Uniform({3, 4, 5, 2}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 6, 7, 1.0, 1.0);
  std::vector<std::string> calls;
  theory_test::CheckEveryLayerInBothPrecisions<T2>(prob, [&calls](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    calls.push_back((std::is_same_v<T, Mpfr> ? "mpfr " : "double ") + std::to_string(l));
    out->push_back(T2<T>::Compute(ctx, l));
  });
  EXPECT_EQ(calls, (std::vector<std::string>{"mpfr 1", "mpfr 2", "mpfr 3", "double 1", "double 2", "double 3"}));
}

// A violated statement that `per_layer` appends fails the property.
TEST(CheckEveryLayerInBothPrecisions, ViolatedStatementFails) {
  const auto spec = MlpSpec::Uniform({3, 2}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0);
  const auto prob = testing::MakeRandomProblem(spec, 4, 7, 1.0, 1.0);
  auto two_le_one = [](const auto& ctx, int l, auto* out) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    StatementResult<T> r;
    r.layer = l;
    r.headline = Inequality<T>::LessEqual("two", T(2), "one", T(1), T(0));
    out->push_back(r);
  };
  EXPECT_THROW(theory_test::CheckEveryLayerInBothPrecisions<StatementResult>(prob, two_le_one), rc::detail::CaseResult);
}

}  // namespace
}  // namespace nrc
