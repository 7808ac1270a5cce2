// Unit tests for training/progress_line.h: the log-file and terminal formats
// with an injected clock (no thread, no timing dependence).
#include "training/progress_line.h"

#include <gtest/gtest.h>

#include <array>
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

// The script both formats are checked on, at each format's pace: three
// updates with the clock advanced by waits[0] and waits[1] between them, then
// waits[2] and a heartbeat, waits[3] and another heartbeat, then Finish().
void ThreeUpdatesTwoHeartbeatsFinish(ProgressLine& p, Captured& c, const std::array<const char*, 3>& texts,
                                     const std::array<double, 4>& waits) {
  p.Update(texts[0]);
  c.now += waits[0];
  p.Update(texts[1]);
  c.now += waits[1];
  p.Update(texts[2]);
  c.now += waits[2];
  p.Heartbeat();
  c.now += waits[3];
  p.Heartbeat();
  p.Finish();
}

TEST(ProgressLine, LogFormatPrintsAPlainLineAtMostEvery30sAndAHeartbeatAfter60s) {
  Captured c;
  ASSERT_NE(c.out, nullptr);
  ProgressLine p(true, /*terminal=*/false, c.out, [&c] { return c.now; });
  // Step 1 comes within 30 s of step 0: not shown; step 2 35 s after step 0:
  // shown; after 59 s of silence the heartbeat prints nothing yet, at 60 s the
  // last text again.
  ThreeUpdatesTwoHeartbeatsFinish(p, c,
                                  {"newton-cg [double] step 0  |grad J| 1.0e-03  0.0 s",
                                   "newton-cg [double] step 1  |grad J| 1.0e-05  10.0 s",
                                   "newton-cg [double] step 2  |grad J| 1.0e-07  35.0 s"},
                                  {10, 25, 59, 1});
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
  // Iteration 2 comes within 0.1 s of iteration 1: not drawn; iteration 3 is;
  // 4 s later (< 5 s since the last draw) the heartbeat draws nothing, 1.5 s
  // later the same text with the new elapsed time; Finish erases the line.
  ThreeUpdatesTwoHeartbeatsFinish(p, c, {"lbfgs iteration 1", "lbfgs iteration 2", "lbfgs iteration 3"},
                                  {0.05, 0.1, 4, 1.5});
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
