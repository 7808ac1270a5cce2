// nrc/numerics/parallel.h
//
// Data-parallel loops whose results do not depend on the thread count.
//
// ParallelThreads(): how many threads nrc's data-parallel loops may use. The
// environment variable NRC_THREADS (an integer 1..256) sets it; otherwise the
// number of hardware threads (std::thread::hardware_concurrency, 1 if
// unknown), at most 8. A malformed NRC_THREADS throws std::invalid_argument
// naming it.
//
// ParallelFor(count, body): calls body(begin, end) on consecutive ranges that
// cover [0, count) exactly once, one range per thread, on at most
// min(ParallelThreads(), count / min_per_thread) threads (the calling thread
// runs the first range). Bodies must write disjoint data. A ParallelFor
// reached from inside a body (nested) runs serially in that thread, so the
// threads never multiply. If bodies throw, every thread is joined and the
// exception of the first range is rethrown. MPFR works in the workers: Boost's
// default MPFR precision is process-global (numerics/precision.h), so values
// made in a worker get the caller's precision; the caller must not change it
// during the loop. Each worker frees MPFR's thread-local caches on exit.
//
// SampleBlocks(n): the fixed partition of n samples (columns) that reductions
// over samples use: it depends on n only, never on the thread count. A loop
// that computes one partial result per block (whatever thread runs it) and
// sums the partials in block order gives the same bits for every thread
// count. Blocks have at least kMinBlockSize samples (one block when n is
// smaller: threads do not pay below that), there are at most kMaxBlocks of
// them, and their number is a multiple of 4 from 4 blocks on (else of 2), so
// 2 and 4 threads get equal shares.
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
