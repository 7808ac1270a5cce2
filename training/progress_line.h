// nrc/training/progress_line.h
//
// ProgressLine: what a user sees of a long computation on stderr.
//
// Two formats, by where stderr goes:
//   terminal   one status line redrawn in place ("\r[  123 s] TEXT\033[K") at
//              most 10 times a second; a heartbeat redraws it with the new
//              elapsed time when nothing was drawn for kTerminalHeartbeat
//              seconds, so the line changes at least every 5 s even inside
//              one long step;
//   log file   (stderr redirected, e.g. a Slurm job) plain lines
//              "[  123 s] TEXT" at most once every kLogGap = 30 s (forced
//              updates, e.g. a new stage, always print), and the heartbeat
//              repeats the last text with " (still working)" when nothing was
//              printed for kLogHeartbeat = 60 s: a line at least every 60 s
//              while the computation is active.
// "[  123 s]" is the wall time since the ProgressLine was made (the whole
// run); TEXT is what the caller passed (nrc's stages put stage, precision,
// step, ||grad J|| and the stage's own seconds in it). Finish() ends the
// current phase: the terminal line is erased (a summary replaces it) and the
// heartbeat stays quiet until the next Update. Disabled, nothing is printed.
// Never throws.
//
// The production constructor writes to stderr and runs the heartbeat on a
// thread of its own (woken once a second; output is serialised by a mutex).
// The test constructor takes the stream, the format and a clock (seconds) and
// starts no thread: Heartbeat() is then called by hand, so every line is
// deterministic.
#ifndef NRC_TRAINING_PROGRESS_LINE_H_
#define NRC_TRAINING_PROGRESS_LINE_H_

#include <condition_variable>
#include <cstdio>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

namespace nrc {

class ProgressLine {
 public:
  static constexpr double kTerminalGap = 0.1;
  static constexpr double kTerminalHeartbeat = 5;
  static constexpr double kLogGap = 30;
  static constexpr double kLogHeartbeat = 60;

  // stderr, terminal format when stderr is a terminal, steady clock,
  // heartbeat thread (when enabled).
  explicit ProgressLine(bool enabled);
  // For tests: `out`, the given format, `now()` in seconds, no thread.
  ProgressLine(bool enabled, bool terminal, std::FILE* out, std::function<double()> now);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // True when stderr is a terminal.
  static bool StderrIsTerminal();

  bool enabled() const { return enabled_; }
  bool terminal() const { return terminal_; }
  // Shows `text` if the format's gap has passed since the last line (or force).
  void Update(const std::string& text, bool force = false);
  // Re-shows the last text when nothing was shown for the heartbeat interval
  // and a phase is active (an Update since the last Finish).
  void Heartbeat();
  void Finish();

 private:
  void ShowLocked(const std::string& text, double now, const char* suffix);
  void HeartbeatLoop();

  bool enabled_;
  bool terminal_;
  std::FILE* out_;
  std::function<double()> now_;
  double start_;
  double last_ = -1e300;  // when the last line was shown
  std::string text_;      // the last text passed to Update
  bool active_ = false;   // an Update since the last Finish
  bool drawn_ = false;    // terminal: a line is on screen
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::thread heartbeat_;
};

}  // namespace nrc

#endif  // NRC_TRAINING_PROGRESS_LINE_H_
