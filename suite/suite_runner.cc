#include "suite/suite_runner.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <stdexcept>
#include <thread>

#include "io/atomic_file.h"
#include "io/child_process.h"
#include "io/input_file.h"
#include "io/output_folder.h"
#include "suite/detail/suite_util.h"
#include "suite/point_worker.h"
#include "training/progress_line.h"
#include "training/trainer.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

// The niceness increment of the workers that do not decide the run's end.
constexpr int kLowerPriorityNice = 10;

double Since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

// The last non-empty line of a (log) file, at most 4 KiB back.
std::string LastLine(const fs::path& file, const std::string& prefer = "") {
  std::string text;
  try {
    InputFile in(file, InputKind::kLogTail);
    in.SkipTo(in.size() > 4096 ? in.size() - 4096 : 0);
    text.resize(4096);
    std::size_t got = 0;
    while (got < text.size()) {
      const std::size_t n = in.Read(&text[got], text.size() - got);
      if (n == 0) break;
      got += n;
    }
    text.resize(got);
  } catch (const std::runtime_error&) {
    return "";  // no log (yet): no line
  }
  std::vector<std::string> lines;
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!line.empty()) lines.push_back(line);
      line.clear();
    } else if (c == '\033') {
      line += '^';  // escape sequences of a progress line: harmless marker
    } else {
      line += c;
    }
  }
  if (!line.empty()) lines.push_back(line);
  if (!prefer.empty()) {
    for (auto it = lines.rbegin(); it != lines.rend(); ++it)
      if (it->find(prefer) != std::string::npos) return *it;
  }
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    std::string l = *it;
    l.erase(std::remove(l.begin(), l.end(), '^'), l.end());
    if (l.find("[K") == 0) l = l.substr(2);
    if (!l.empty()) return l;
  }
  return "";
}

int TerminalWidth() {
  winsize w{};
  if (::ioctl(STDERR_FILENO, TIOCGWINSZ, &w) == 0 && w.ws_col > 20) return w.ws_col;
  return 100;
}

std::string SelfExe(const fs::path& configured) {
  if (configured != "/proc/self/exe") return configured.string();
  char buf[4096];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return configured.string();
  buf[n] = '\0';
  return buf;
}

std::string VerdictWords(const RunAnalysis& a) {
  const int p = a.Count(Outcome::kProven), h = a.Count(Outcome::kHolds), u = a.Count(Outcome::kUndecided),
            v = a.Count(Outcome::kViolated);
  char buf[160];
  if (v > 0) std::snprintf(buf, sizeof buf, "%d of %d verdicts VIOLATED", v, p + h + u + v);
  else if (u > 0) std::snprintf(buf, sizeof buf, "%d proven, %d hold, %d undecided", p, h, u);
  else std::snprintf(buf, sizeof buf, "all %d verdicts hold (%d proven)", p + h, p);
  return buf;
}

}  // namespace

void SuiteRunner::Validate(const std::vector<SuitePoint>& points, const Options& options) {
  OutputFolder::Claim(options.out, options.force);  // never a folder nrc did not make
  std::map<std::string, bool> checked;
  for (const auto& p : points) {
    const std::string key = p.config.data + (p.config.standardize ? "|s|" : "|r|") +
                            std::to_string(p.config.widths.front()) + "|" + std::to_string(p.config.widths.back());
    if (checked.count(key)) continue;
    checked[key] = true;
    try {
      (void)LoadTrainingData(p.config, nullptr);
    } catch (const std::exception& e) {
      throw std::invalid_argument("point " + p.name + ": " + e.what());
    }
  }
}

namespace {

// One run of a suite: plans which points run (reused and sharing points do
// not), runs them `jobs` at a time as worker processes, and folds each
// finished worker's analysis in.
class SuiteRun {
 public:
  SuiteRun(const std::vector<SuitePoint>& points, const SuiteRunner::Options& options, const std::string& exe)
      : points_(points), options_(options), exe_(exe), start_(std::chrono::steady_clock::now()),
        total_(static_cast<int>(points.size())), analyses_(points.size()) {
    result_.points.resize(points.size());
  }

  SuiteRunner::Result Run() {
    Plan();
    const bool terminal = !options_.quiet && ProgressLine::StderrIsTerminal();
    ProgressLine status(terminal);
    done_ = result_.reused;
    if (!options_.quiet && result_.reused > 0) {
      std::fprintf(stderr, "reusing %d finished point%s of %d in %s\n", result_.reused,
                   result_.reused == 1 ? "" : "s", total_, options_.out.string().c_str());
    }
    const int jobs = std::max(1, options_.jobs);
    while (next_ < queue_.size() || !running_.empty()) {
      while (next_ < queue_.size() && static_cast<int>(running_.size()) < jobs) StartNext();
      bool changed = false;
      for (auto it = running_.begin(); it != running_.end();) {
        int code = 0;
        if (!it->child.Poll(&code)) {
          ++it;
          continue;
        }
        if (!options_.quiet) status.Finish();
        Collect(*it, code);
        it = running_.erase(it);
        changed = true;
      }
      if (terminal) status.Update(StatusText(), changed);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    status.Finish();
    for (std::size_t i = 0; i < points_.size(); ++i)
      if (result_.points[i].ok) result_.analyses.push_back(std::move(analyses_[i]));
    result_.seconds = Since(start_);
    return std::move(result_);
  }

 private:
  struct Running {
    int index;
    ChildProcess child;
  };

  // Reused points are finished; sharing points wait for their owner; the rest
  // are queued, most expensive first.
  void Plan() {
    std::map<std::string, int> index_of;
    for (std::size_t i = 0; i < points_.size(); ++i) {
      auto& pr = result_.points[i];
      pr.name = points_[i].name;
      pr.dir = options_.out / points_[i].relative_dir;
      index_of[pr.name] = static_cast<int>(i);
      if (!points_[i].shares_run_of.empty()) {
        const auto owner = index_of.find(points_[i].shares_run_of);
        if (owner == index_of.end()) throw std::logic_error("point " + pr.name + " shares the run of an unknown point");
        sharers_[owner->second].push_back(static_cast<int>(i));
        continue;
      }
      CheckNoLinkBelowOutputFolder(pr.dir);  // a linked point folder is neither reused nor written through
      if (PointWorker::IsFinished(points_[i], pr.dir, &analyses_[i])) {
        pr.reused = pr.ok = true;
        ++result_.reused;
        continue;
      }
      queue_.push_back(static_cast<int>(i));  // its folder is created when it starts
    }
    for (std::size_t i = 0; i < points_.size(); ++i)
      if (result_.points[i].reused && points_[i].shares_run_of.empty()) FinishSharers(static_cast<int>(i));
    std::stable_sort(queue_.begin(), queue_.end(),
                     [&](int a, int b) { return points_[a].Cost() > points_[b].Cost(); });
    std::vector<double> costs;
    for (int i : queue_) costs.push_back(points_[i].Cost());
    lower_priority_ = SuiteRunner::LowerPriority(costs, options_.jobs);
  }

  // The sharers of a finished point: its analysis under their names.
  int FinishSharers(int owner) {
    const auto it = sharers_.find(owner);
    if (it == sharers_.end()) return 0;
    for (int i : it->second) {
      auto& pr = result_.points[i];
      const auto& o = result_.points[owner];
      pr.ok = o.ok;
      pr.reused = o.reused;
      pr.error = o.ok ? "" : "shares the run of " + o.name + ", which failed: " + o.error;
      if (o.ok) {
        analyses_[i] = analyses_[owner];
        analyses_[i].name = pr.name;
        if (analyses_[i].config.is_object()) analyses_[i].config["name"] = pr.name;
      }
      if (o.reused) ++result_.reused;
      else if (o.ok) ++result_.ran;
      else ++result_.failed;
    }
    return static_cast<int>(it->second.size());
  }

  void StartNext() {
    const bool lower = lower_priority_[next_];
    const int i = queue_[next_++];
    CreateFolders(result_.points[i].dir);  // a link there is refused, never followed
    WriteFileAtomically(result_.points[i].dir / SuitePoint::kFileName, points_[i].ToJson().dump(2) + "\n");
    ChildProcess::Options co;
    co.output_file = result_.points[i].dir / "worker.log";
    std::vector<std::string> argv = {exe_, "_point", result_.points[i].dir.string(), "--parent",
                                     std::to_string(::getpid()), "--progress"};
    if (lower) argv.insert(argv.end(), {"--nice", std::to_string(kLowerPriorityNice)});
    running_.push_back(Running{i, ChildProcess::Spawn(argv, co)});
  }

  // A worker that exited with `code`: its point, then the points sharing its run.
  void Collect(Running& r, int code) {
    auto& pr = result_.points[r.index];
    pr.seconds = r.child.Seconds();
    pr.ok = code == 0 && PointWorker::IsFinished(points_[r.index], pr.dir, &analyses_[r.index]);
    if (!pr.ok) {
      std::string line = LastLine(pr.dir / "worker.log", "nrc: error:");
      const auto pos = line.find("nrc: error: ");
      if (pos != std::string::npos) line = line.substr(pos + 12);
      pr.error = line.empty() ? "worker exited with status " + std::to_string(code) : line;
      ++result_.failed;
    } else {
      ++result_.ran;
    }
    ++done_;
    const int width = total_ >= 10 ? 2 : 1;
    if (!options_.quiet) {
      std::fprintf(stderr, "[%*d/%d] %s %.1f s: %s\n", width, done_, total_, pr.name.c_str(), pr.seconds,
                   pr.ok ? VerdictWords(analyses_[r.index]).c_str() : ("FAILED: " + pr.error).c_str());
    }
    const int shared = FinishSharers(r.index);
    for (int k = 0; k < shared; ++k) {
      const auto& sp = result_.points[sharers_[r.index][k]];
      ++done_;
      if (!options_.quiet) {
        std::fprintf(stderr, "[%*d/%d] %s: the run of %s (same training)\n", width, done_, total_, sp.name.c_str(),
                     pr.name.c_str());
      }
    }
  }

  // The terminal's status line: a bar, then each running point's last line.
  std::string StatusText() const {
    const int width = TerminalWidth() - 1;
    const int bar = 20, filled = total_ > 0 ? done_ * bar / total_ : bar;
    std::string text = "[" + std::string(filled, '#') + std::string(bar - filled, '.') + "] " +
                       std::to_string(done_) + "/" + std::to_string(total_) + " " +
                       suite_detail::Duration(Since(start_));
    for (const auto& r : running_) {
      std::string last = LastLine(result_.points[r.index].dir / "worker.log");
      if (last.size() > 40) last = last.substr(0, 40);
      text += " | " + points_[r.index].name + " " + suite_detail::Duration(r.child.Seconds()) +
              (last.empty() ? "" : " " + last);
    }
    const int queued = static_cast<int>(queue_.size() - next_);
    if (queued > 0) text += " | " + std::to_string(queued) + " queued";
    if (static_cast<int>(text.size()) > width) text = text.substr(0, width);
    return text;
  }

  const std::vector<SuitePoint>& points_;
  const SuiteRunner::Options& options_;
  const std::string exe_;
  const std::chrono::steady_clock::time_point start_;
  const int total_;
  SuiteRunner::Result result_;
  std::vector<RunAnalysis> analyses_;
  std::vector<int> queue_;
  std::vector<bool> lower_priority_;  // per queue_ entry (SuiteRunner::LowerPriority)
  // Points that share another point's run (SuitePoint::shares_run_of), by the
  // index of that point; they finish when it does.
  std::map<int, std::vector<int>> sharers_;
  std::vector<Running> running_;
  std::size_t next_ = 0;
  int done_ = 0;
};

}  // namespace

std::vector<bool> SuiteRunner::LowerPriority(const std::vector<double>& costs, int jobs) {
  std::vector<bool> lower(costs.size(), false);
  if (jobs <= 1) return lower;
  double total = 0;
  for (double c : costs) total += c;
  const double share = total / jobs;
  bool critical = false;
  for (double c : costs) critical = critical || c >= share;
  if (!critical) return lower;
  for (std::size_t i = 0; i < costs.size(); ++i) lower[i] = costs[i] < share;
  return lower;
}

SuiteRunner::Result SuiteRunner::Run(const std::vector<SuitePoint>& points, const Options& options) {
  Validate(points, options);
  return SuiteRun(points, options, SelfExe(options.exe)).Run();
}

}  // namespace nrc
