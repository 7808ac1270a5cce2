#include "suite/detail/rapidcheck_log.h"

#include <algorithm>
#include <regex>

namespace nrc::fuzz_detail {

std::vector<TestOutcome> ParseLog(const std::string& log) {
  static const std::regex kCount(R"((OK, passed|Falsifiable after|Gave up after) (\d+) tests?)");
  std::vector<TestOutcome> out;
  TestOutcome cur;
  bool in_test = false;
  std::size_t start = 0;
  while (start < log.size()) {
    std::size_t end = log.find('\n', start);
    if (end == std::string::npos) end = log.size();
    const std::string line = log.substr(start, end - start);
    start = end + 1;
    if (line.rfind("[ RUN      ] ", 0) == 0) {
      cur = TestOutcome();
      cur.name = line.substr(13);
      in_test = true;
    }
    if (!in_test) continue;
    cur.text += line + "\n";
    std::smatch m;
    if (std::regex_search(line, m, kCount)) {
      cur.counted = true;
      cur.explicit_cases += std::stoll(m[2].str());
    } else if (!line.empty() && line.find_first_not_of(".x!") == std::string::npos) {
      // verbose_progress: one '.' per passed case (the only count of a
      // property that prints no statistics, or of one stopped midway).
      cur.counted = true;
      cur.dots += std::count(line.begin(), line.end(), '.');
    }
    cur.cases = std::max(cur.explicit_cases, cur.dots);
    const bool ok = line.rfind("[       OK ] ", 0) == 0, failed = line.rfind("[  FAILED  ] ", 0) == 0;
    if ((ok || failed) && line.find(cur.name) != std::string::npos) {
      cur.passed = ok;
      out.push_back(cur);
      in_test = false;
    }
  }
  if (in_test && cur.counted) {
    cur.passed = true;  // stopped midway without a failure: its cases so far count
    cur.unfinished = true;
    out.push_back(cur);
  }
  return out;
}


}  // namespace nrc::fuzz_detail
