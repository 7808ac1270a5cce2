// Unit tests for SuiteRunner::LowerPriority (suite/suite_runner.h): only a
// point that alone needs at least one job slot's fair share of the estimated
// cost keeps the normal priority while the others are lowered; with no such
// point, or one job, nothing is lowered. On nrc verify's default suite that
// point is digits.
#include "suite/suite_runner.h"

#include <gtest/gtest.h>

#include "suite/sweep_config.h"

namespace nrc {
namespace {

using Flags = std::vector<bool>;

TEST(SuiteRunnerPriorityTest, OnlyAPointAboveOneSlotsShareLowersTheOthers) {
  EXPECT_EQ(SuiteRunner::LowerPriority({6, 5, 1}, 2), (Flags{false, true, true}));  // share 6: the 6 decides
  EXPECT_EQ(SuiteRunner::LowerPriority({5, 5, 1, 1}, 2), (Flags{false, false, false, false}));  // share 6: none
  EXPECT_EQ(SuiteRunner::LowerPriority({1, 1, 1, 1}, 2), (Flags{false, false, false, false}));
  EXPECT_EQ(SuiteRunner::LowerPriority({6, 5, 1}, 1), (Flags{false, false, false}));  // one job: no competition
  EXPECT_EQ(SuiteRunner::LowerPriority({4, 4, 1}, 3), (Flags{false, false, true}));  // share 3: both 4s decide
  EXPECT_EQ(SuiteRunner::LowerPriority({}, 2), Flags{});
}

TEST(SuiteRunnerPriorityTest, DigitsDecidesTheDefaultSuite) {
  std::vector<double> costs;
  std::vector<std::string> names;
  for (const SuitePoint& p : SweepConfig::DefaultSuite().Expand()) {
    if (!p.shares_run_of.empty()) continue;  // no worker of its own
    costs.push_back(p.Cost());
    names.push_back(p.name);
  }
  const Flags lower = SuiteRunner::LowerPriority(costs, 2);
  ASSERT_EQ(lower.size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) EXPECT_EQ(lower[i], names[i] != "digits") << names[i];
}

}  // namespace
}  // namespace nrc
