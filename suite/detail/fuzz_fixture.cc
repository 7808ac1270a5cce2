// A stand-in property-test executable for fuzz_campaign_test (not registered
// with ctest: the test builds a throw-away build tree around it). One
// property that holds, one that RapidCheck refutes within a few cases, one
// plain test.
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

RC_GTEST_PROP(Fixture, Holds, (int x)) { RC_ASSERT(x == x); }

RC_GTEST_PROP(Fixture, FailsForSomeInputs, (unsigned x)) { RC_ASSERT(x % 5 != 3); }

TEST(Fixture, Plain) { EXPECT_EQ(1 + 1, 2); }
