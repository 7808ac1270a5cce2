// Unit tests for training/progress_line.h: the log-file and terminal formats
// with an injected clock (no thread, no timing dependence).
#include "training/progress_line.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace nrc {
namespace {

// A ProgressLine writing into memory with a hand-driven clock.
struct Captured {
  char* buffer = nullptr;
  size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  double now = 1000;  // seconds; arbitrary origin
  ~Captured() {
    if (out != nullptr) std::fclose(out);
    std::free(buffer);
  }
  std::string Text() {
    std::fflush(out);
    return std::string(buffer, size);
  }
};

TEST(ProgressLine, LogFormatPrintsAPlainLineAtMostEvery30sAndAHeartbeatAfter60s) {
  Captured c;
  ASSERT_NE(c.out, nullptr);
  ProgressLine p(true, /*terminal=*/false, c.out, [&c] { return c.now; });
  p.Update("newton-cg [double] step 0  |grad J| 1.0e-03  0.0 s");
  c.now += 10;
  p.Update("newton-cg [double] step 1  |grad J| 1.0e-05  10.0 s");  // within 30 s: not shown
  c.now += 25;
  p.Update("newton-cg [double] step 2  |grad J| 1.0e-07  35.0 s");  // 35 s after the first line: shown
  c.now += 59;
  p.Heartbeat();  // 59 s of silence: nothing yet
  c.now += 1;
  p.Heartbeat();  // 60 s: the last text again
  p.Finish();
  c.now += 100;
  p.Heartbeat();  // finished: quiet
  p.Update("certificate", /*force=*/true);
  EXPECT_EQ(c.Text(),
            "[    0 s] newton-cg [double] step 0  |grad J| 1.0e-03  0.0 s\n"
            "[   35 s] newton-cg [double] step 2  |grad J| 1.0e-07  35.0 s\n"
            "[   95 s] newton-cg [double] step 2  |grad J| 1.0e-07  35.0 s (still working)\n"
            "[  195 s] certificate\n");
}

TEST(ProgressLine, TerminalFormatRedrawsInPlaceAndErasesOnFinish) {
  Captured c;
  ASSERT_NE(c.out, nullptr);
  ProgressLine p(true, /*terminal=*/true, c.out, [&c] { return c.now; });
  p.Update("lbfgs iteration 1");
  c.now += 0.05;
  p.Update("lbfgs iteration 2");  // within 0.1 s: not drawn
  c.now += 0.1;
  p.Update("lbfgs iteration 3");
  c.now += 4;
  p.Heartbeat();  // < 5 s since the last draw
  c.now += 1.5;
  p.Heartbeat();  // the same text with the new elapsed time
  p.Finish();
  EXPECT_EQ(c.Text(),
            "\r[    0 s] lbfgs iteration 1\033[K"
            "\r[    0 s] lbfgs iteration 3\033[K"
            "\r[    6 s] lbfgs iteration 3\033[K"
            "\r\033[K");
}

// Negative control: a disabled line prints nothing whatever happens.
TEST(ProgressLine, DisabledPrintsNothing) {
  Captured c;
  ASSERT_NE(c.out, nullptr);
  ProgressLine p(false, false, c.out, [&c] { return c.now; });
  p.Update("x", true);
  c.now += 1000;
  p.Heartbeat();
  p.Finish();
  EXPECT_EQ(c.Text(), "");
}

}  // namespace
}  // namespace nrc
