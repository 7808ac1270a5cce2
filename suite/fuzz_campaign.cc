#include "suite/fuzz_campaign.h"

#include <signal.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <sstream>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"
#include "suite/detail/suite_util.h"
#include "io/child_process.h"
#include "io/input_file.h"
#include "io/json_reader.h"
#include "suite/detail/rapidcheck_log.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The file's text, or "" when it does not exist (a child that wrote nothing).
std::string ReadText(const fs::path& file) {
  std::error_code ec;
  if (!fs::exists(file, ec)) return "";
  return ReadInputFile(file, InputKind::kText);
}

std::string CtestCommand(const fs::path& build_dir) {
  std::istringstream cache(ReadText(build_dir / "CMakeCache.txt"));
  std::string line;
  const std::string key = "CMAKE_CTEST_COMMAND:INTERNAL=";
  while (std::getline(cache, line)) {
    if (line.rfind(key, 0) == 0) return line.substr(key.size());
  }
  return "ctest";
}

std::string Quote(const std::string& s) {
  if (s.find_first_of(" \t\"'$\\;&|<>()*?[]{}!`") == std::string::npos && !s.empty()) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RcParams(std::uint64_t seed, int cases) {
  return "seed=" + std::to_string(seed) + " max_success=" + std::to_string(cases);
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
  const std::string text = ReadText(tmpl);
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

FuzzCampaign::Result FuzzCampaign::Run(const Options& options) {
  if (!(options.minutes > 0)) throw std::invalid_argument("--minutes must be > 0");
  if (options.cases < 1) throw std::invalid_argument("--cases must be >= 1");
  const fs::path build = options.build_dir.empty() ? FindBuildDir() : options.build_dir;
  std::vector<TestCommand> tests = Discover(build, options.label);
  if (!options.filter.empty()) {
    tests.erase(std::remove_if(tests.begin(), tests.end(),
                               [&](const TestCommand& t) { return t.name.find(options.filter) == std::string::npos; }),
                tests.end());
  }
  if (tests.empty()) {
    throw std::invalid_argument("no built test labelled '" + options.label + "' in " + build.string() +
                                (options.filter.empty() ? "" : " matching '" + options.filter + "'") +
                                " (build them first: cmake --build " + build.string() + ")");
  }
  suite_detail::EnsureWritableFolder(options.out);
  std::error_code ec;
  fs::create_directories(options.out / "logs", ec);
  fs::create_directories(options.out / "counterexamples", ec);

  Result result;
  result.campaign_seed = options.seed_given ? options.seed : std::random_device{}() * 0x100000001ull ^ std::random_device{}();
  std::uint64_t stream = result.campaign_seed;
  const auto start = std::chrono::steady_clock::now();
  const double budget = options.minutes * 60;
  const double grace = std::max(30.0, budget / 10);
  auto elapsed = [&] { return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count(); };
  if (!options.quiet) {
    std::fprintf(stderr, "fuzz campaign: seed %llu, %zu test executables (label %s) in %s, %.1f min, %d at a time\n",
                 static_cast<unsigned long long>(result.campaign_seed), tests.size(), options.label.c_str(),
                 build.string().c_str(), options.minutes, options.jobs);
  }

  std::map<std::string, Property> props;  // key "test/Suite.Name"
  std::vector<std::string> order;
  struct Active {
    std::size_t run;
    const TestCommand* test;
    ChildProcess child;
  };
  std::vector<Active> active;
  std::size_t next_test = 0;
  auto finish = [&](Active& a, int status, bool stopped) {
    RunRecord& r = result.runs[a.run];
    r.status = status;
    r.stopped = stopped;
    r.seconds = a.child.Seconds();
    const std::string log = ReadText(r.log);
    for (const auto& t : fuzz_detail::ParseLog(log)) {
      const std::string key = a.test->name + "/" + t.name;
      if (!props.count(key)) {
        order.push_back(key);
        props[key].test = a.test->name;
        props[key].name = t.name;
      }
      Property& p = props[key];
      ++p.runs;
      p.seeds.push_back(r.seed);
      if (t.counted) {
        p.counted = true;
        p.cases += t.cases;
      }
      // A test the log ends in is a crash, unless the run was stopped at the end of the budget.
      const bool passed = t.passed && !(t.unfinished && !stopped);
      if (!passed) {
        ++p.failures;
        ++result.failures;
        std::string env;
        for (const auto& [k, v] : a.test->env) env += k + "=" + Quote(v) + " ";
        const std::string command = "RC_PARAMS=\"" + RcParams(r.seed, options.cases) + "\" " + env +
                                    Quote(a.test->executable) + " --gtest_filter=" + Quote(t.name);
        std::string reproduce;
        for (std::size_t pos = log.find("reproduce="); pos != std::string::npos; pos = log.find("reproduce=", pos + 1)) {
          const auto eol = log.find('\n', pos);
          reproduce += log.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos) + "\n";
        }
        const fs::path file = options.out / "counterexamples" /
                              (a.test->name + "-" + t.name + "-seed-" + std::to_string(r.seed) + ".txt");
        WriteFileAtomically(file, "# nrc fuzz: " + a.test->name + " " + t.name + " failed with seed " +
                                      std::to_string(r.seed) + "\n# reproduce with:\n" + command + "\n" +
                                      (reproduce.empty() ? "" : "# RapidCheck's own reproduction parameters:\n# " + reproduce) +
                                      "\n" + t.text);
        p.counterexamples.push_back(file.string());
        if (!options.quiet) std::fprintf(stderr, "COUNTEREXAMPLE %s %s (seed %llu): saved %s\n", a.test->name.c_str(),
                                         t.name.c_str(), static_cast<unsigned long long>(r.seed), file.string().c_str());
      }
    }
    if (!options.quiet) {
      std::fprintf(stderr, "[%s] %s seed %llu: %s in %.1f s\n", std::to_string(static_cast<int>(elapsed())).c_str(),
                   a.test->name.c_str(), static_cast<unsigned long long>(r.seed),
                   stopped ? "stopped at the end of the budget" : (status == 0 ? "passed" : "FAILED"), r.seconds);
    }
  };
  while (true) {
    while (elapsed() < budget && static_cast<int>(active.size()) < std::max(1, options.jobs)) {
      const TestCommand& t = tests[next_test];
      next_test = (next_test + 1) % tests.size();
      RunRecord r;
      r.test = t.name;
      r.seed = suite_detail::SplitMix64(&stream) >> 1;  // RapidCheck reads the seed as a signed-safe integer
      r.log = (options.out / "logs" / (t.name + "-seed-" + std::to_string(r.seed) + ".log")).string();
      ChildProcess::Options co;
      co.output_file = r.log;
      co.working_dir = t.working_dir;
      co.env = t.env;
      co.env.emplace_back("RC_PARAMS", RcParams(r.seed, options.cases) + " verbose_progress=1");
      co.new_process_group = true;
      result.runs.push_back(r);
      active.push_back(Active{result.runs.size() - 1, &t, ChildProcess::Spawn(t.command, co)});
    }
    if (active.empty()) break;
    for (auto it = active.begin(); it != active.end();) {
      int status = 0;
      if (it->child.Poll(&status)) {
        finish(*it, status, false);
        it = active.erase(it);
      } else if (elapsed() > budget + grace) {
        it->child.Kill(SIGKILL);
        finish(*it, it->child.Wait(), true);
        it = active.erase(it);
      } else {
        ++it;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  for (const auto& key : order) result.properties.push_back(props[key]);
  result.seconds = elapsed();

  json j;
  j["format"] = "nrc-fuzz/1";
  j["campaign_seed"] = result.campaign_seed;
  j["minutes"] = options.minutes;
  j["cases_per_run"] = options.cases;
  j["build_dir"] = build.string();
  j["seconds"] = result.seconds;
  j["failures"] = result.failures;
  j["runs"] = json::array();
  for (const auto& r : result.runs) {
    j["runs"].push_back({{"test", r.test}, {"seed", r.seed}, {"status", r.status}, {"stopped", r.stopped},
                         {"seconds", r.seconds}, {"log", r.log}});
  }
  j["properties"] = json::array();
  for (const auto& p : result.properties) {
    j["properties"].push_back({{"test", p.test}, {"property", p.name}, {"runs", p.runs},
                               {"cases", p.counted ? json(p.cases) : json(nullptr)}, {"failures", p.failures},
                               {"seeds", p.seeds}, {"counterexamples", p.counterexamples}});
  }
  WriteFileAtomically(options.out / "campaign.json", j.dump(2) + "\n");
  WriteFileAtomically(options.out / "report.txt", Render(result));
  return result;
}

std::string FuzzCampaign::Render(const Result& result) {
  std::size_t tw = 4, pw = 8;
  long long total = 0;
  int plain = 0, plain_failures = 0;
  for (const auto& p : result.properties) {
    if (!p.counted) {
      ++plain;
      plain_failures += p.failures;
      continue;
    }
    tw = std::max(tw, p.test.size());
    pw = std::max(pw, p.name.size());
    total += p.cases;
  }
  std::string out;
  char buf[1024];
  std::snprintf(buf, sizeof buf,
                "fuzz campaign seed %llu (the same seeds again: nrc fuzz --seed %llu): %zu runs in %.0f s, %lld "
                "RapidCheck cases, %d failure%s\n",
                static_cast<unsigned long long>(result.campaign_seed),
                static_cast<unsigned long long>(result.campaign_seed), result.runs.size(), result.seconds, total,
                result.failures, result.failures == 1 ? "" : "s");
  out += buf;
  std::snprintf(buf, sizeof buf, "%-*s %-*s %5s %9s %8s\n", static_cast<int>(pw), "property", static_cast<int>(tw),
                "test", "runs", "cases", "failures");
  out += buf;
  for (const auto& p : result.properties) {
    if (!p.counted) continue;
    std::snprintf(buf, sizeof buf, "%-*s %-*s %5d %9lld %8d\n", static_cast<int>(pw), p.name.c_str(),
                  static_cast<int>(tw), p.test.c_str(), p.runs, p.cases, p.failures);
    out += buf;
  }
  if (plain > 0) {
    std::snprintf(buf, sizeof buf, "plus %d plain tests of the same executables (no RapidCheck cases): %d failure%s\n",
                  plain, plain_failures, plain_failures == 1 ? "" : "s");
    out += buf;
  }
  // Seeds: one per run (a run is one execution of a test executable).
  std::vector<std::string> tests;
  for (const auto& r : result.runs)
    if (std::find(tests.begin(), tests.end(), r.test) == tests.end()) tests.push_back(r.test);
  out += "seeds per executable (reproduce a run: RC_PARAMS=\"seed=S max_success=N\" EXE; logs/TEST-seed-S.log):\n";
  for (const auto& t : tests) {
    std::string seeds;
    int shown = 0, total_runs = 0;
    for (const auto& r : result.runs) {
      if (r.test != t) continue;
      if (++total_runs > 6) continue;  // the rest are in campaign.json
      ++shown;
      seeds += (seeds.empty() ? "" : ", ") + std::to_string(r.seed) + (r.stopped ? " (stopped)" : "");
    }
    if (total_runs > shown) seeds += ", ... (" + std::to_string(total_runs) + " runs; all seeds in campaign.json)";
    out += "  " + t + ": " + seeds + "\n";
  }
  for (const auto& p : result.properties) {
    for (const auto& c : p.counterexamples) out += "COUNTEREXAMPLE saved: " + c + "\n";
  }
  return out;
}

}  // namespace nrc
