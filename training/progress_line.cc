#include "training/progress_line.h"

#include <unistd.h>

#include <cstdio>

namespace nrc {

ProgressLine::ProgressLine(bool enabled)
    : enabled_(enabled), terminal_(StderrIsTerminal()), last_(std::chrono::steady_clock::now() - std::chrono::hours(1)) {}

ProgressLine::~ProgressLine() { Finish(); }

bool ProgressLine::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressLine::Update(const std::string& text, bool force) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  const auto gap = terminal_ ? std::chrono::milliseconds(100) : std::chrono::milliseconds(2000);
  if (!force && now - last_ < gap) return;
  last_ = now;
  if (terminal_) {
    std::fprintf(stderr, "\r%s\033[K", text.c_str());
    drawn_ = true;
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  std::fflush(stderr);
}

void ProgressLine::Finish() {
  if (!enabled_ || !terminal_ || !drawn_) return;
  std::fprintf(stderr, "\r\033[K");
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace nrc
