// FuzzCampaign's running part: the campaign loop (start runs, collect them,
// save counterexamples). Discovery: fuzz_campaign_discovery.cc; the table and
// campaign.json: fuzz_campaign_report.cc.
#include "suite/fuzz_campaign.h"

#include <signal.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "io/output_folder.h"
#include "suite/detail/rapidcheck_log.h"
#include "suite/detail/suite_util.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using suite_detail::ReadTextIfExists;

std::string Quote(const std::string& s) {
  if (s.find_first_of(" \t\"'$\\;&|<>()*?[]{}!`") == std::string::npos && !s.empty()) return s;
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string RcParams(std::uint64_t seed, int cases) {
  return "seed=" + std::to_string(seed) + " max_success=" + std::to_string(cases);
}

// RapidCheck's own "reproduce=..." lines of a log, one per line.
std::string ReproduceLines(const std::string& log) {
  std::string out;
  for (std::size_t pos = log.find("reproduce="); pos != std::string::npos; pos = log.find("reproduce=", pos + 1)) {
    const auto eol = log.find('\n', pos);
    out += log.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos) + "\n";
  }
  return out;
}

// The tests of the campaign: discovered, filtered, at least one.
std::vector<FuzzCampaign::TestCommand> SelectTests(const FuzzCampaign::Options& options, const fs::path& build) {
  std::vector<FuzzCampaign::TestCommand> tests = FuzzCampaign::Discover(build, options.label);
  if (!options.filter.empty()) {
    tests.erase(std::remove_if(tests.begin(), tests.end(),
                               [&](const auto& t) { return t.name.find(options.filter) == std::string::npos; }),
                tests.end());
  }
  if (tests.empty()) {
    throw std::invalid_argument("no built test labelled '" + options.label + "' in " + build.string() +
                                (options.filter.empty() ? "" : " matching '" + options.filter + "'") +
                                " (build them first: cmake --build " + build.string() + ")");
  }
  return tests;
}

// One campaign: runs the tests round robin, `jobs` at a time, until the budget
// is spent, and folds each finished run's log into the per-property table.
class CampaignLoop {
 public:
  using Options = FuzzCampaign::Options;
  using TestCommand = FuzzCampaign::TestCommand;

  CampaignLoop(const Options& options, const std::vector<TestCommand>& tests, FuzzCampaign::Result* result)
      : options_(options), tests_(tests), result_(*result), stream_(result->campaign_seed),
        start_(std::chrono::steady_clock::now()), budget_(options.minutes * 60), grace_(std::max(30.0, budget_ / 10)) {}

  void Run() {
    while (true) {
      while (Elapsed() < budget_ && static_cast<int>(active_.size()) < std::max(1, options_.jobs)) StartNext();
      if (active_.empty()) break;
      for (auto it = active_.begin(); it != active_.end();) {
        int status = 0;
        if (it->child.Poll(&status)) {
          Finish(*it, status, false);
          it = active_.erase(it);
        } else if (Elapsed() > budget_ + grace_) {
          it->child.Kill(SIGKILL);
          Finish(*it, it->child.Wait(), true);
          it = active_.erase(it);
        } else {
          ++it;
        }
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    for (const auto& key : order_) result_.properties.push_back(props_[key]);
    result_.seconds = Elapsed();
  }

 private:
  struct Active {
    std::size_t run;
    const TestCommand* test;
    ChildProcess child;
  };

  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  void StartNext() {
    const TestCommand& t = tests_[next_test_];
    next_test_ = (next_test_ + 1) % tests_.size();
    FuzzCampaign::RunRecord r;
    r.test = t.name;
    r.seed = suite_detail::SplitMix64(&stream_) >> 1;  // RapidCheck reads the seed as a signed-safe integer
    r.log = (options_.out / "logs" / (t.name + "-seed-" + std::to_string(r.seed) + ".log")).string();
    ChildProcess::Options co;
    co.output_file = r.log;
    co.working_dir = t.working_dir;
    co.env = t.env;
    co.env.emplace_back("RC_PARAMS", RcParams(r.seed, options_.cases) + " verbose_progress=1");
    co.new_process_group = true;
    result_.runs.push_back(r);
    active_.push_back(Active{result_.runs.size() - 1, &t, ChildProcess::Spawn(t.command, co)});
  }

  void Finish(Active& a, int status, bool stopped) {
    FuzzCampaign::RunRecord& r = result_.runs[a.run];
    r.status = status;
    r.stopped = stopped;
    r.seconds = a.child.Seconds();
    const std::string log = ReadTextIfExists(r.log);
    for (const auto& t : fuzz_detail::ParseLog(log)) {
      const std::string key = a.test->name + "/" + t.name;
      if (!props_.count(key)) {
        order_.push_back(key);
        props_[key].test = a.test->name;
        props_[key].name = t.name;
      }
      FuzzCampaign::Property& p = props_[key];
      ++p.runs;
      p.seeds.push_back(r.seed);
      if (t.counted) {
        p.counted = true;
        p.cases += t.cases;
      }
      // A test the log ends in is a crash, unless the run was stopped at the end of the budget.
      if (!(t.passed && !(t.unfinished && !stopped))) SaveCounterexample(*a.test, r.seed, t, log, &p);
    }
    if (!options_.quiet) {
      std::fprintf(stderr, "[%s] %s seed %llu: %s in %.1f s\n", std::to_string(static_cast<int>(Elapsed())).c_str(),
                   a.test->name.c_str(), static_cast<unsigned long long>(r.seed),
                   stopped ? "stopped at the end of the budget" : (status == 0 ? "passed" : "FAILED"), r.seconds);
    }
  }

  // OUT/counterexamples/TEST-Suite.Name-seed-S.txt, headed by the command that replays it.
  void SaveCounterexample(const TestCommand& test, std::uint64_t seed, const fuzz_detail::TestOutcome& t,
                          const std::string& log, FuzzCampaign::Property* p) {
    ++p->failures;
    ++result_.failures;
    std::string env;
    for (const auto& [k, v] : test.env) env += k + "=" + Quote(v) + " ";
    const std::string command = "RC_PARAMS=\"" + RcParams(seed, options_.cases) + "\" " + env +
                                Quote(test.executable) + " --gtest_filter=" + Quote(t.name);
    const std::string reproduce = ReproduceLines(log);
    const fs::path file =
        options_.out / "counterexamples" / (test.name + "-" + t.name + "-seed-" + std::to_string(seed) + ".txt");
    WriteFileAtomically(file, "# nrc fuzz: " + test.name + " " + t.name + " failed with seed " +
                                  std::to_string(seed) + "\n# reproduce with:\n" + command + "\n" +
                                  (reproduce.empty() ? "" : "# RapidCheck's own reproduction parameters:\n# " + reproduce) +
                                  "\n" + t.text);
    p->counterexamples.push_back(file.string());
    if (!options_.quiet) {
      std::fprintf(stderr, "COUNTEREXAMPLE %s %s (seed %llu): saved %s\n", test.name.c_str(), t.name.c_str(),
                   static_cast<unsigned long long>(seed), file.string().c_str());
    }
  }

  const Options& options_;
  const std::vector<TestCommand>& tests_;
  FuzzCampaign::Result& result_;
  std::uint64_t stream_;
  const std::chrono::steady_clock::time_point start_;
  const double budget_, grace_;
  std::map<std::string, FuzzCampaign::Property> props_;  // key "test/Suite.Name"
  std::vector<std::string> order_;
  std::vector<Active> active_;
  std::size_t next_test_ = 0;
};

}  // namespace

FuzzCampaign::Result FuzzCampaign::Run(const Options& options) {
  if (!(options.minutes > 0)) throw std::invalid_argument("--minutes must be > 0");
  if (options.cases < 1) throw std::invalid_argument("--cases must be >= 1");
  const fs::path build = options.build_dir.empty() ? FindBuildDir() : options.build_dir;
  const std::vector<TestCommand> tests = SelectTests(options, build);
  OutputFolder::Claim(options.out, options.force);  // never a folder nrc did not make
  CreateFolders(options.out / "logs");
  CreateFolders(options.out / "counterexamples");

  Result result;
  result.campaign_seed = options.seed_given ? options.seed : std::random_device{}() * 0x100000001ull ^ std::random_device{}();
  if (!options.quiet) {
    std::fprintf(stderr, "fuzz campaign: seed %llu, %zu test executables (label %s) in %s, %.1f min, %d at a time\n",
                 static_cast<unsigned long long>(result.campaign_seed), tests.size(), options.label.c_str(),
                 build.string().c_str(), options.minutes, options.jobs);
  }
  CampaignLoop(options, tests, &result).Run();
  WriteFileAtomically(options.out / "campaign.json", RenderJson(options, build, result));
  WriteFileAtomically(options.out / "report.txt", Render(result));
  return result;
}

}  // namespace nrc
