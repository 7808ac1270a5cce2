// ExpectCounterexample (theory/detail/property_support.h): a negative control
// passes only on a genuine counterexample -- a case where the statement holds
// and its weakened version is violated. An exception, a failed assertion in
// the control's body, a violation of the statement itself, or RapidCheck
// giving up are test errors, never finds.
#include "theory/detail/property_support.h"

#include <gtest/gtest-spi.h>

#include <stdexcept>
#include <string>
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

}  // namespace
}  // namespace nrc
