// Tests for numerics/parallel.h: NRC_THREADS is read and validated;
// ParallelFor covers its range once, nests serially, passes exceptions and
// MPFR's precision on; SampleBlocks depends on n (and the least block size)
// only; ForEachBlock visits every block once.
#include "numerics/parallel.h"

#include <gtest/gtest.h>
#include <mpfr.h>

#include <atomic>
#include <cstdlib>
#include <mutex>
#include <set>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "numerics/precision.h"

namespace nrc {
namespace {

TEST(ParallelThreadsTest, ReadsAndValidatesTheEnvironment) {
  ::setenv("NRC_THREADS", "3", 1);
  EXPECT_EQ(ParallelThreads(), 3);
  for (const char* bad : {"0", "-1", "257", "2x", "", "nan"}) {
    ::setenv("NRC_THREADS", bad, 1);
    EXPECT_THROW(ParallelThreads(), std::invalid_argument) << "'" << bad << "'";
  }
  ::unsetenv("NRC_THREADS");
  EXPECT_GE(ParallelThreads(), 1);
  EXPECT_LE(ParallelThreads(), 8);
}

TEST(ParallelForTest, CoversEveryIndexOnceOnAtMostTheThreadCount) {
  for (const char* threads : {"1", "2", "3", "5"}) {
    ::setenv("NRC_THREADS", threads, 1);
    for (int count : {0, 1, 2, 7, 100}) {
      std::vector<int> hits(static_cast<size_t>(count), 0);
      std::mutex m;
      std::set<std::thread::id> ids;
      ParallelFor(count, [&](int begin, int end) {
        for (int i = begin; i < end; ++i) ++hits[static_cast<size_t>(i)];
        std::lock_guard<std::mutex> lock(m);
        ids.insert(std::this_thread::get_id());
      });
      for (int h : hits) EXPECT_EQ(h, 1) << threads << " threads, count " << count;
      EXPECT_LE(static_cast<int>(ids.size()), std::stoi(threads));
    }
  }
  ::unsetenv("NRC_THREADS");
}

TEST(ParallelForTest, NestedLoopsRunSeriallyAndExceptionsReachTheCaller) {
  ::setenv("NRC_THREADS", "2", 1);
  std::atomic<int> inner_threads_seen{0};
  ParallelFor(2, [&](int, int) {
    const auto outer = std::this_thread::get_id();
    ParallelFor(10, [&](int, int) {
      if (std::this_thread::get_id() != outer) ++inner_threads_seen;
    });
  });
  EXPECT_EQ(inner_threads_seen.load(), 0);
  EXPECT_THROW(ParallelFor(4, [](int begin, int) {
                 if (begin > 0) throw std::runtime_error("worker failed");
               }),
               std::runtime_error);
  ::unsetenv("NRC_THREADS");
}

// The workers make MPFR numbers at the caller's precision (200 bits, not the
// process default).
TEST(ParallelForTest, WorkersUseTheCallersMpfrPrecision) {
  ::setenv("NRC_THREADS", "3", 1);
  ScopedMpfrPrecision guard(200);
  std::vector<long> precision(3, 0);
  ParallelFor(3, [&](int begin, int end) {
    for (int i = begin; i < end; ++i) {
      const Mpfr x = Mpfr(1) / Mpfr(3);
      precision[static_cast<size_t>(i)] = static_cast<long>(mpfr_get_prec(x.backend().data()));
    }
  });
  for (long p : precision) EXPECT_EQ(p, guard.bits());
  ::unsetenv("NRC_THREADS");
}

// The workers persist from loop to loop (no thread per loop), and loops
// started from two caller threads at once both cover their ranges exactly
// once: one uses the pool, the other (finding it busy) threads of its own.
TEST(ParallelForTest, WorkersPersistAndConcurrentCallersEachCoverTheirRange) {
  ::setenv("NRC_THREADS", "2", 1);
  std::set<std::thread::id> first, second;
  std::mutex m;
  const auto caller = std::this_thread::get_id();
  for (auto* ids : {&first, &second}) {
    ParallelFor(2, [&](int, int) {
      std::lock_guard<std::mutex> lock(m);
      if (std::this_thread::get_id() != caller) ids->insert(std::this_thread::get_id());
    });
  }
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first, second) << "the second loop ran on a new thread";

  constexpr int kLoops = 300, kCount = 64;
  auto hammer = [&](std::vector<int>* hits) {
    for (int loop = 0; loop < kLoops; ++loop) {
      ParallelFor(kCount, [&](int begin, int end) {
        for (int i = begin; i < end; ++i) ++(*hits)[static_cast<size_t>(loop * kCount + i)];
      });
    }
  };
  std::vector<int> a(kLoops * kCount, 0), b(kLoops * kCount, 0);
  std::thread other(hammer, &b);
  hammer(&a);
  other.join();
  for (int i = 0; i < kLoops * kCount; ++i) {
    ASSERT_EQ(a[static_cast<size_t>(i)], 1) << "caller 1, loop " << i / kCount << ", index " << i % kCount;
    ASSERT_EQ(b[static_cast<size_t>(i)], 1) << "caller 2, loop " << i / kCount << ", index " << i % kCount;
  }
  ::unsetenv("NRC_THREADS");
}

TEST(SampleBlocksTest, PartitionDependsOnNOnly) {
  for (int n : {0, 1, 63, 64, 300, 1797, 2000, 60000}) {
    const SampleBlocks blocks(n);
    EXPECT_GE(blocks.count(), 1);
    EXPECT_LE(blocks.count(), SampleBlocks::kMaxBlocks);
    EXPECT_EQ(blocks.Begin(0), 0);
    EXPECT_EQ(blocks.Begin(blocks.count()), n);
    for (int b = 0; b < blocks.count(); ++b) {
      EXPECT_GE(blocks.Size(b), n < SampleBlocks::kMinBlockSize ? n : SampleBlocks::kMinBlockSize) << n;
    }
  }
  EXPECT_EQ(SampleBlocks(200).count(), 1);
  EXPECT_EQ(SampleBlocks(300).count(), 2);
  EXPECT_EQ(SampleBlocks(640).count(), 4);
  EXPECT_EQ(SampleBlocks(1797).count(), 12);
  EXPECT_EQ(SampleBlocks(60000).count(), 16);
  for (int n : {256, 640, 1797, 2000, 10000}) EXPECT_EQ(SampleBlocks(n).count() % 2, 0) << n;
}

// Another least block size: blocks of at least that many (one block below
// twice it), and ForEachBlock visits every block once on any thread count.
TEST(SampleBlocksTest, LeastBlockSizeAndForEachBlock) {
  EXPECT_EQ(SampleBlocks(2000, 500).count(), 4);
  EXPECT_EQ(SampleBlocks(999, 500).count(), 1);
  EXPECT_EQ(SampleBlocks(1000, 1).count(), SampleBlocks::kMaxBlocks);
  for (int b = 0; b < SampleBlocks(2000, 300).count(); ++b) EXPECT_GE(SampleBlocks(2000, 300).Size(b), 300);
  for (const char* threads : {"1", "2", "3"}) {
    ::setenv("NRC_THREADS", threads, 1);
    const SampleBlocks blocks(2000, 100);
    std::vector<int> hits(2000, 0);
    ForEachBlock(blocks, [&](int begin, int size) {
      for (int i = begin; i < begin + size; ++i) ++hits[static_cast<size_t>(i)];
    });
    for (int h : hits) EXPECT_EQ(h, 1) << threads;
  }
  ::unsetenv("NRC_THREADS");
}

}  // namespace
}  // namespace nrc
