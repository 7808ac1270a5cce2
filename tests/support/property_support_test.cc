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

#include "theory/t3.h"

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

// The failures ExpectCounterexample(description, make_case) reports.
template <class MakeCase>
std::vector<std::string> FailuresOfControl(const std::string& description, MakeCase make_case) {
  return FailuresOf([&] { theory_test::ExpectCounterexample(description, make_case); });
}

bool AnyContains(const std::vector<std::string>& messages, const std::string& what) {
  for (const auto& m : messages)
    if (m.find(what) != std::string::npos) return true;
  return false;
}

// A control that found nothing: its failures say so, and name each of `errors`
// (the test errors that were no finds).
void ExpectNoFind(const std::vector<std::string>& failures, const std::vector<std::string>& errors = {}) {
  for (const auto& e : errors) EXPECT_TRUE(AnyContains(failures, e)) << e;
  EXPECT_TRUE(AnyContains(failures, "found no counterexample"));
}

TEST(ExpectCounterexample, GenuineCounterexamplePasses) {
  const auto failures = FailuresOfControl("weakened violated for x >= 10", []() -> ControlCase {
    const int x = *rc::gen::inRange(0, 100);
    return {Outcome::kHolds, x >= 10 ? Outcome::kViolated : Outcome::kHolds, "x = " + std::to_string(x)};
  });
  EXPECT_TRUE(failures.empty()) << failures.front();
}

TEST(ExpectCounterexample, ThrowingBodyIsATestErrorNotAFind) {
  ExpectNoFind(FailuresOfControl("throws", []() -> ControlCase { throw std::runtime_error("boom"); }), {"threw: boom"});
}

// T10's old control asserted "the statement is not violated" inside the body,
// so a violation of T10 itself counted as the control's find.
TEST(ExpectCounterexample, ViolatedStatementIsATestErrorNotAFind) {
  ExpectNoFind(FailuresOfControl("statement violated",
                                 []() -> ControlCase { return {Outcome::kViolated, Outcome::kViolated, "x"}; }),
               {"the statement itself is violated"});
}

TEST(ExpectCounterexample, FailedAssertionInTheBodyIsATestErrorNotAFind) {
  ExpectNoFind(FailuresOfControl("assertion", []() -> ControlCase {
                 RC_ASSERT(false);
                 return {};
               }),
               {"the control's body failed"});
}

TEST(ExpectCounterexample, UndecidedStatementIsNoFind) {
  ExpectNoFind(FailuresOfControl("undecided statement",
                                 []() -> ControlCase { return {Outcome::kUndecided, Outcome::kViolated, "x"}; }));
}

TEST(ExpectCounterexample, GivingUpIsNoFind) {
  ExpectNoFind(FailuresOfControl("discards everything", []() -> ControlCase {
    RC_PRE(false);
    return {Outcome::kHolds, Outcome::kViolated, "x"};
  }));
}

TEST(ExpectCounterexample, NoViolationIsNoFind) {
  ExpectNoFind(
      FailuresOfControl("never violated", []() -> ControlCase { return {Outcome::kHolds, Outcome::kHolds, "x"}; }));
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

// CheckEveryLayerInBothNorms runs `per_norm` on layers 1..L, spectral then
// Frobenius, with that layer's T2, in MPFR, then in double.
TEST(CheckEveryLayerInBothNorms, RunsPerNormOnEveryLayerInBothNormsAndPrecisions) {
  const auto prob = testing::MakeRandomProblem(
      MlpSpec::Uniform({3, 4, 2}, Activation::Parse("tanh"), Loss::Parse("mse"), true, 1e-2, 0.0), 6, 7, 1.0, 1.0);
  std::vector<std::string> calls;
  theory_test::CheckEveryLayerInBothNorms<T3>(prob, [&calls](const auto& ctx, const auto& t2, Norm n) {
    using T = theory_test::ScalarOf<decltype(ctx)>;
    calls.push_back(std::string(std::is_same_v<T, Mpfr> ? "mpfr " : "double ") + std::to_string(t2.layer) + " " +
                    NormName(n));
    return T3<T>::Compute(ctx, t2, n);
  });
  EXPECT_EQ(calls, (std::vector<std::string>{"mpfr 1 spectral", "mpfr 1 frobenius", "mpfr 2 spectral",
                                             "mpfr 2 frobenius", "double 1 spectral", "double 1 frobenius",
                                             "double 2 spectral", "double 2 frobenius"}));
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
