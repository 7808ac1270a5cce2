// nrc/tests/support/temp_dir_fixture.h
//
// TempDirFixture: a GoogleTest fixture for tests that write files. Each test
// gets dir_, a fresh empty per-process directory (tests/support/temp_dir.h's
// FreshProcessTempDir, named after the test suite), removed with its contents
// after the test.
#ifndef NRC_TESTS_SUPPORT_TEMP_DIR_FIXTURE_H_
#define NRC_TESTS_SUPPORT_TEMP_DIR_FIXTURE_H_

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "tests/support/temp_dir.h"

namespace nrc::test {

class TempDirFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string suite = ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name();
    dir_ = FreshProcessTempDir("nrc_" + suite + "_");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::filesystem::path dir_;
};

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_TEMP_DIR_FIXTURE_H_
