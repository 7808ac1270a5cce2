// nrc/tests/support/temp_dir.h
//
// Per-process temporary directories for tests that write files: the process
// id in the name keeps concurrently running test processes (ctest -j) apart.
#ifndef NRC_TESTS_SUPPORT_TEMP_DIR_H_
#define NRC_TESTS_SUPPORT_TEMP_DIR_H_

#include <unistd.h>

#include <filesystem>
#include <string>

namespace nrc::test {

// <system temp directory>/<prefix><this process's id> (not created).
inline std::filesystem::path ProcessTempPath(const std::string& prefix) {
  return std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid()));
}

// ProcessTempPath(prefix) / name, removed with its contents (not created).
inline std::filesystem::path EmptiedProcessTempPath(const std::string& prefix, const std::string& name) {
  const std::filesystem::path dir = ProcessTempPath(prefix) / name;
  std::filesystem::remove_all(dir);
  return dir;
}

// ProcessTempPath(prefix), emptied: removed with its contents, then created.
inline std::filesystem::path FreshProcessTempDir(const std::string& prefix) {
  const std::filesystem::path dir = ProcessTempPath(prefix);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_TEMP_DIR_H_
