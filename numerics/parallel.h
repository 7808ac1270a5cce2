// nrc/numerics/parallel.h
//
// Data-parallel loops whose results do not depend on the thread count.
// ParallelThreads(): the threads they may use: NRC_THREADS (an integer 1..256;
// a malformed value throws std::invalid_argument naming it), otherwise the
// hardware threads (std::thread::hardware_concurrency, 1 if unknown), at most 8.
//
// ParallelFor(count, body): calls body(begin, end) on consecutive ranges that
// cover [0, count) exactly once, one range per thread, on at most
// min(ParallelThreads(), count / min_per_thread) threads (the calling thread
// runs the first range). Bodies must write disjoint data; a body that changes
// per-thread state (the FPU rounding mode) sets and restores it itself. A
// nested ParallelFor runs serially in its thread, so threads never multiply.
// If bodies throw, every thread is joined and the first range's exception is
// rethrown. MPFR works in the workers: Boost's default MPFR precision is
// process-global (numerics/precision.h), so values made in a worker get the
// caller's precision; the caller must not change it during the loop. The
// workers are persistent (made by the first loop that needs them, asleep
// between loops; a loop that finds them busy with another caller thread's
// loop makes threads of its own, which free MPFR's thread-local caches on
// exit); which thread runs a range never changes its result.
//
// SampleBlocks(n, min_block_size = kMinBlockSize): the fixed partition of n
// samples (columns) that reductions over samples use: it depends on its
// arguments only, never on the thread count. A loop that computes one partial
// result per block (whatever thread runs it) and sums the partials in block
// order gives the same bits for every thread count. Blocks have at least
// min_block_size samples (one block when n is smaller; below kMinBlockSize
// samples threads do not pay), at most kMaxBlocks of them, their number a
// multiple of 4 from 4 blocks on (else of 2): 2 and 4 threads get equal shares.
// ForEachBlock(blocks, body): body(begin, size) for every block, shared out
// over the threads as by ParallelFor (the same work on any thread).
#ifndef NRC_NUMERICS_PARALLEL_H_
#define NRC_NUMERICS_PARALLEL_H_

#include <functional>

namespace nrc {

int ParallelThreads();

void ParallelFor(int count, const std::function<void(int begin, int end)>& body, int min_per_thread = 1);

class SampleBlocks {
 public:
  static constexpr int kMinBlockSize = 128;
  static constexpr int kMaxBlocks = 16;

  explicit SampleBlocks(int n, int min_block_size = kMinBlockSize);
  int count() const { return count_; }
  // First sample of block b (b = 0..count()); Begin(count()) = n.
  int Begin(int b) const { return static_cast<int>(static_cast<long long>(n_) * b / count_); }
  int Size(int b) const { return Begin(b + 1) - Begin(b); }

 private:
  int n_;
  int count_;
};

void ForEachBlock(const SampleBlocks& blocks, const std::function<void(int begin, int size)>& body);

}  // namespace nrc

#endif  // NRC_NUMERICS_PARALLEL_H_
