// FuzzCampaign's discovery part: the build tree and its property tests, as
// ctest lists them (suite/fuzz_campaign.h, "Discovery").
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <sstream>
#include <stdexcept>

#include "io/child_process.h"
#include "io/json_reader.h"
#include "suite/detail/suite_util.h"
#include "suite/fuzz_campaign.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using suite_detail::ReadTextIfExists;

std::string CtestCommand(const fs::path& build_dir) {
  std::istringstream cache(ReadTextIfExists(build_dir / "CMakeCache.txt"));
  std::string line;
  const std::string key = "CMAKE_CTEST_COMMAND:INTERNAL=";
  while (std::getline(cache, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  }
  return "ctest";
}

}  // namespace

fs::path FuzzCampaign::FindBuildDir() {
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n > 0) {
    buf[n] = '\0';
    fs::path dir = fs::path(buf).parent_path();
    for (int up = 0; up < 4 && !dir.empty(); ++up, dir = dir.parent_path()) {
      std::error_code ec;
      if (fs::exists(dir / "CMakeCache.txt", ec) && fs::exists(dir / "CTestTestfile.cmake", ec)) return dir;
      if (dir == dir.parent_path()) break;
    }
  }
  throw std::invalid_argument(
      "cannot find the build tree of this nrc binary (no CMakeCache.txt above it): pass --build-dir BUILD");
}

std::vector<FuzzCampaign::TestCommand> FuzzCampaign::Discover(const fs::path& build_dir, const std::string& label) {
  std::error_code ec;
  if (!fs::exists(build_dir / "CTestTestfile.cmake", ec)) {
    throw std::invalid_argument("--build-dir " + build_dir.string() + ": not a build tree (no CTestTestfile.cmake)");
  }
  char tmpl[] = "/tmp/nrc-ctest-XXXXXX";
  const int fd = ::mkstemp(tmpl);
  if (fd < 0) throw std::runtime_error("cannot create a temporary file in /tmp");
  ::close(fd);
  ChildProcess::Options co;
  co.output_file = tmpl;
  const int status = ChildProcess::Run(
      {CtestCommand(build_dir), "--test-dir", build_dir.string(), "-N", "-L", label, "--show-only=json-v1"}, co, 120);
  const std::string text = ReadTextIfExists(tmpl);
  fs::remove(tmpl, ec);
  const auto open = text.find('{'), close = text.rfind('}');
  if (status != 0 || open == std::string::npos || close == std::string::npos) {
    throw std::invalid_argument("ctest could not list the tests of " + build_dir.string() + " (status " +
                                std::to_string(status) + ")");
  }
  const json j = JsonReader::Parse(text.substr(open, close - open + 1), "ctest's test list");
  std::vector<TestCommand> tests;
  for (const auto& t : j.value("tests", json::array())) {
    TestCommand c;
    c.name = t.value("name", std::string());
    if (!t.contains("command") || !t["command"].is_array() || t["command"].empty()) continue;
    for (const auto& a : t["command"]) c.command.push_back(a.get<std::string>());
    const std::string& first = c.command.front();
    const bool shell = first.size() >= 2 && first.compare(first.size() - 2, 2, "sh") == 0 && c.command.size() >= 4 &&
                       c.command[1] == "-c";
    c.executable = shell ? c.command[3] : first;
    for (const auto& p : t.value("properties", json::array())) {
      const std::string name = p.value("name", std::string());
      if (name == "ENVIRONMENT" && p["value"].is_array()) {
        for (const auto& kv : p["value"]) {
          const std::string s = kv.get<std::string>();
          const auto eq = s.find('=');
          if (eq != std::string::npos) c.env.emplace_back(s.substr(0, eq), s.substr(eq + 1));
        }
      } else if (name == "WORKING_DIRECTORY" && p["value"].is_string()) {
        c.working_dir = p["value"].get<std::string>();
      }
    }
    if (!fs::exists(c.executable, ec)) continue;  // not built: skipped (listed by ctest, absent on disk)
    tests.push_back(std::move(c));
  }
  return tests;
}

}  // namespace nrc
