// FuzzCampaign's rendering part: the report table and campaign.json
// (suite/fuzz_campaign.h).
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>

#include "suite/fuzz_campaign.h"

namespace nrc {

std::string FuzzCampaign::RenderJson(const Options& options, const std::filesystem::path& build,
                                     const Result& result) {
  using nlohmann::json;
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
  return j.dump(2) + "\n";
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
