#include "training/progress_line.h"

#include <unistd.h>

#include <chrono>

namespace nrc {
namespace {

double SteadySeconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

ProgressLine::ProgressLine(bool enabled) : ProgressLine(enabled, StderrIsTerminal(), stderr, SteadySeconds) {
  if (enabled_) heartbeat_ = std::thread([this] { HeartbeatLoop(); });
}

ProgressLine::ProgressLine(bool enabled, bool terminal, std::FILE* out, std::function<double()> now)
    : enabled_(enabled), terminal_(terminal), out_(out), now_(std::move(now)), start_(now_()) {}

ProgressLine::~ProgressLine() {
  if (heartbeat_.joinable()) {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stop_ = true;
    }
    wake_.notify_all();
    heartbeat_.join();
  }
  Finish();
}

bool ProgressLine::StderrIsTerminal() { return ::isatty(STDERR_FILENO) == 1; }

void ProgressLine::ShowLocked(const std::string& text, double now, const char* suffix) {
  last_ = now;
  if (terminal_) {
    std::fprintf(out_, "\r[%5.0f s] %s%s\033[K", now - start_, text.c_str(), suffix);
    drawn_ = true;
  } else {
    std::fprintf(out_, "[%5.0f s] %s%s\n", now - start_, text.c_str(), suffix);
  }
  std::fflush(out_);
}

void ProgressLine::Update(const std::string& text, bool force) {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  const double now = now_();
  text_ = text;
  active_ = true;
  const double gap = terminal_ ? kTerminalGap : kLogGap;
  if (!force && now - last_ < gap) return;
  ShowLocked(text, now, "");
}

void ProgressLine::Heartbeat() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  if (!active_) return;
  const double now = now_();
  const double interval = terminal_ ? kTerminalHeartbeat : kLogHeartbeat;
  if (now - last_ < interval) return;
  ShowLocked(text_, now, terminal_ ? "" : " (still working)");
}

void ProgressLine::Finish() {
  if (!enabled_) return;
  std::lock_guard<std::mutex> lock(mutex_);
  active_ = false;
  if (!terminal_ || !drawn_) return;
  std::fprintf(out_, "\r\033[K");
  std::fflush(out_);
  drawn_ = false;
}

void ProgressLine::HeartbeatLoop() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stop_) {
    wake_.wait_for(lock, std::chrono::seconds(1));
    if (stop_) break;
    lock.unlock();
    Heartbeat();
    lock.lock();
  }
}

}  // namespace nrc
