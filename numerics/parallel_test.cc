// Tests for numerics/parallel.h: NRC_THREADS is read and validated.
#include "numerics/parallel.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <stdexcept>

namespace nrc {
namespace {

TEST(ParallelThreadsTest, ReadsAndValidatesTheEnvironment) {
  ::setenv("NRC_THREADS", "3", 1);
  EXPECT_EQ(ParallelThreads(), 3);
  for (const char* bad : {"0", "-1", "257", "2x", "", "nan"}) {
    ::setenv("NRC_THREADS", bad, 1);
    EXPECT_THROW(ParallelThreads(), std::invalid_argument) << "'" << bad << "'";
  }
  ::unsetenv("NRC_THREADS");
  EXPECT_GE(ParallelThreads(), 1);
  EXPECT_LE(ParallelThreads(), 8);
}

}  // namespace
}  // namespace nrc
