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
  suite_detail::EnsureWritableFolder(options.out);
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

SuiteRunner::Result SuiteRunner::Run(const std::vector<SuitePoint>& points, const Options& options) {
  Validate(points, options);
  const auto start = std::chrono::steady_clock::now();
  const std::string exe = SelfExe(options.exe);
  Result result;
  result.points.resize(points.size());
  std::vector<RunAnalysis> analyses(points.size());
  std::vector<int> queue;
  // Points that share another point's run (SuitePoint::shares_run_of), by the
  // index of that point; they finish when it does.
  std::map<int, std::vector<int>> sharers;
  std::map<std::string, int> index_of;
  for (std::size_t i = 0; i < points.size(); ++i) {
    auto& pr = result.points[i];
    pr.name = points[i].name;
    pr.dir = options.out / points[i].relative_dir;
    index_of[pr.name] = static_cast<int>(i);
    if (!points[i].shares_run_of.empty()) {
      const auto owner = index_of.find(points[i].shares_run_of);
      if (owner == index_of.end()) throw std::logic_error("point " + pr.name + " shares the run of an unknown point");
      sharers[owner->second].push_back(static_cast<int>(i));
      continue;
    }
    if (PointWorker::IsFinished(points[i], pr.dir, &analyses[i])) {
      pr.reused = pr.ok = true;
      ++result.reused;
      continue;
    }
    queue.push_back(static_cast<int>(i));  // its folder is created when it starts
  }
  // The sharers of a finished point: its analysis under their names.
  auto finish_sharers = [&](int owner) -> int {
    const auto it = sharers.find(owner);
    if (it == sharers.end()) return 0;
    for (int i : it->second) {
      auto& pr = result.points[i];
      const auto& o = result.points[owner];
      pr.ok = o.ok;
      pr.reused = o.reused;
      pr.error = o.ok ? "" : "shares the run of " + o.name + ", which failed: " + o.error;
      if (o.ok) {
        analyses[i] = analyses[owner];
        analyses[i].name = pr.name;
        if (analyses[i].config.is_object()) analyses[i].config["name"] = pr.name;
      }
      if (o.reused) ++result.reused;
      else if (o.ok) ++result.ran;
      else ++result.failed;
    }
    return static_cast<int>(it->second.size());
  };
  for (std::size_t i = 0; i < points.size(); ++i)
    if (result.points[i].reused && points[i].shares_run_of.empty()) finish_sharers(static_cast<int>(i));
  std::stable_sort(queue.begin(), queue.end(), [&](int a, int b) { return points[a].Cost() > points[b].Cost(); });

  const int total = static_cast<int>(points.size());
  const bool terminal = !options.quiet && ProgressLine::StderrIsTerminal();
  ProgressLine status(terminal);
  int done = result.reused;
  if (!options.quiet && result.reused > 0) {
    std::fprintf(stderr, "reusing %d finished point%s of %d in %s\n", result.reused, result.reused == 1 ? "" : "s",
                 total, options.out.string().c_str());
  }
  struct Running {
    int index;
    ChildProcess child;
  };
  std::vector<Running> running;
  std::size_t next = 0;
  const int jobs = std::max(1, options.jobs);
  while (next < queue.size() || !running.empty()) {
    while (next < queue.size() && static_cast<int>(running.size()) < jobs) {
      const int i = queue[next++];
      std::error_code ec;
      fs::create_directories(result.points[i].dir, ec);
      if (ec) throw std::runtime_error("cannot write " + result.points[i].dir.string() + ": " + ec.message());
      WriteFileAtomically(result.points[i].dir / SuitePoint::kFileName, points[i].ToJson().dump(2) + "\n");
      ChildProcess::Options co;
      co.output_file = result.points[i].dir / "worker.log";
      Running r{i, ChildProcess::Spawn({exe, "_point", result.points[i].dir.string(), "--parent",
                                        std::to_string(::getpid()), "--progress"},
                                       co)};
      running.push_back(std::move(r));
    }
    bool changed = false;
    for (auto it = running.begin(); it != running.end();) {
      int code = 0;
      if (!it->child.Poll(&code)) {
        ++it;
        continue;
      }
      auto& pr = result.points[it->index];
      pr.seconds = it->child.Seconds();
      pr.ok = code == 0 && PointWorker::IsFinished(points[it->index], pr.dir, &analyses[it->index]);
      if (!pr.ok) {
        std::string line = LastLine(pr.dir / "worker.log", "nrc: error:");
        const auto pos = line.find("nrc: error: ");
        if (pos != std::string::npos) line = line.substr(pos + 12);
        pr.error = line.empty() ? "worker exited with status " + std::to_string(code) : line;
        ++result.failed;
      } else {
        ++result.ran;
      }
      ++done;
      if (!options.quiet) {
        status.Finish();
        std::fprintf(stderr, "[%*d/%d] %s %.1f s: %s\n", total >= 10 ? 2 : 1, done, total, pr.name.c_str(),
                     pr.seconds, pr.ok ? VerdictWords(analyses[it->index]).c_str() : ("FAILED: " + pr.error).c_str());
      }
      const int shared = finish_sharers(it->index);
      for (int k = 0; k < shared; ++k) {
        const auto& sp = result.points[sharers[it->index][k]];
        ++done;
        if (!options.quiet) {
          std::fprintf(stderr, "[%*d/%d] %s: the run of %s (same training)\n", total >= 10 ? 2 : 1, done, total,
                       sp.name.c_str(), pr.name.c_str());
        }
      }
      it = running.erase(it);
      changed = true;
    }
    if (terminal) {
      const int width = TerminalWidth() - 1;
      const int bar = 20, filled = total > 0 ? done * bar / total : bar;
      std::string text = "[" + std::string(filled, '#') + std::string(bar - filled, '.') + "] " +
                         std::to_string(done) + "/" + std::to_string(total) + " " + suite_detail::Duration(Since(start));
      for (const auto& r : running) {
        std::string last = LastLine(result.points[r.index].dir / "worker.log");
        if (last.size() > 40) last = last.substr(0, 40);
        text += " | " + points[r.index].name + " " + suite_detail::Duration(r.child.Seconds()) + (last.empty() ? "" : " " + last);
      }
      const int queued = static_cast<int>(queue.size() - next);
      if (queued > 0) text += " | " + std::to_string(queued) + " queued";
      if (static_cast<int>(text.size()) > width) text = text.substr(0, width);
      status.Update(text, changed);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  status.Finish();
  for (std::size_t i = 0; i < points.size(); ++i)
    if (result.points[i].ok) result.analyses.push_back(std::move(analyses[i]));
  result.seconds = Since(start);
  return result;
}

}  // namespace nrc
