// nrc/training/progress_line.h
//
// ProgressLine: one status line on stderr during long training stages.
//
// On a terminal the line is redrawn in place ("\r...\033[K") at most 10 times
// a second; when stderr is not a terminal but progress was asked for, a full
// line is printed at most once every 2 seconds (readable in a log file).
// Disabled, it prints nothing. Finish() ends the current line (terminal only:
// it erases it, the stage summary replaces it). Never throws.
#ifndef NRC_TRAINING_PROGRESS_LINE_H_
#define NRC_TRAINING_PROGRESS_LINE_H_

#include <chrono>
#include <string>

namespace nrc {

class ProgressLine {
 public:
  explicit ProgressLine(bool enabled);
  ~ProgressLine();
  ProgressLine(const ProgressLine&) = delete;
  ProgressLine& operator=(const ProgressLine&) = delete;

  // True when stderr is a terminal (the default for `nrc train`).
  static bool StderrIsTerminal();

  bool enabled() const { return enabled_; }
  // Shows `text` if enough time has passed since the last update (or force).
  void Update(const std::string& text, bool force = false);
  void Finish();

 private:
  bool enabled_;
  bool terminal_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace nrc

#endif  // NRC_TRAINING_PROGRESS_LINE_H_
