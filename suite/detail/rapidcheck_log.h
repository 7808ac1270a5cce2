// Internals of nrc_suite: reading a property-test executable's output
// (GoogleTest + RapidCheck with verbose_progress=1) test by test.
#ifndef NRC_SUITE_DETAIL_RAPIDCHECK_LOG_H_
#define NRC_SUITE_DETAIL_RAPIDCHECK_LOG_H_

#include <string>
#include <vector>

namespace nrc::fuzz_detail {

// What one run's log says about one gtest test ("[ RUN      ] Suite.Name" to
// "[       OK ]" / "[  FAILED  ]").
struct TestOutcome {
  std::string name;
  bool passed = false;
  bool counted = false;   // a case count was found
  long long cases = 0;    // max(explicit count, progress dots)
  long long explicit_cases = 0, dots = 0;
  bool unfinished = false;  // the log ends inside this test (a stopped run)
  std::string text;       // the test's lines
};

// Counts: "OK, passed N tests", "Falsifiable after N tests", "Gave up after N
// tests" (summed over the RapidCheck checks inside one test, e.g. a negative
// control), or the '.' of verbose_progress lines (one per passed case) when
// they are more. A test still running at the end of the log is reported as
// unfinished and passed if it has counted cases.
std::vector<TestOutcome> ParseLog(const std::string& log);

}  // namespace nrc::fuzz_detail

#endif  // NRC_SUITE_DETAIL_RAPIDCHECK_LOG_H_
