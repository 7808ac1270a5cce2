// Reading property-test output (GoogleTest + RapidCheck, verbose_progress=1):
// counts per test from the statistics line or the progress dots, negative
// controls, failures, and a log cut off by a stopped run.
#include "suite/detail/rapidcheck_log.h"

#include <gtest/gtest.h>

namespace nrc::fuzz_detail {
namespace {

// Shaped like theory_t3_test's output with RC_PARAMS="seed=1 max_success=5 verbose_progress=1".
const char* kLog = R"(Running main() from ./googletest/src/gtest_main.cc
[==========] Running 4 tests from 3 test suites.
Using configuration: max_success=5 seed=1 verbose_progress=1
[ RUN      ] T3.CertifiedDistanceHoldsAtEveryTheta
.....
OK, passed 5 tests
20.00% - "lambda>=1e-2"

[       OK ] T3.CertifiedDistanceHoldsAtEveryTheta (67 ms)
[ RUN      ] T3NegativeControl.WithoutGradientTermIsRefuted

- T3 without the G_l term
................
Falsifiable after 17 tests and 10 shrinks
[       OK ] T3NegativeControl.WithoutGradientTermIsRefuted (40 ms)
[ RUN      ] Svd.NoStatistics
.....
[       OK ] Svd.NoStatistics (3 ms)
[ RUN      ] Plain.Test
[       OK ] Plain.Test (0 ms)
[ RUN      ] Broken.Property
..
Falsifiable after 3 tests and 1 shrink
[  FAILED  ] Broken.Property (5 ms)
[  PASSED  ] 4 tests.
[  FAILED  ] 1 test, listed below:
[  FAILED  ] Broken.Property
[ RUN      ] Late.Property
...)";

TEST(RapidCheckLogTest, CountsEveryKindOfTest) {
  const auto tests = ParseLog(kLog);
  ASSERT_EQ(tests.size(), 6u);
  EXPECT_EQ(tests[0].name, "T3.CertifiedDistanceHoldsAtEveryTheta");
  EXPECT_TRUE(tests[0].passed);
  EXPECT_EQ(tests[0].cases, 5);
  EXPECT_EQ(tests[1].cases, 17);  // a negative control: the case that refuted it counts
  EXPECT_TRUE(tests[1].passed);
  EXPECT_TRUE(tests[2].counted);  // no statistics line: the progress dots
  EXPECT_EQ(tests[2].cases, 5);
  EXPECT_FALSE(tests[3].counted);  // a plain test
  EXPECT_FALSE(tests[4].passed);
  EXPECT_EQ(tests[4].cases, 3);
  EXPECT_NE(tests[4].text.find("Falsifiable"), std::string::npos);
  EXPECT_TRUE(tests[5].unfinished);  // cut off: its cases so far
  EXPECT_EQ(tests[5].cases, 3);
}

}  // namespace
}  // namespace nrc::fuzz_detail
