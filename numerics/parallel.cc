#include "numerics/parallel.h"

#include <mpfr.h>

#include <algorithm>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <cstdlib>
#include <exception>
#include <stdexcept>
#include <string>
#include <system_error>
#include <thread>
#include <vector>

#ifdef NRC_USE_OPENBLAS
// NRC_BLAS=ON (CMakeLists.txt): OpenBLAS's own threads would split products
// in a way that depends on their count (other bits); nrc's loops thread
// themselves, so OpenBLAS runs on the calling thread.
extern "C" void openblas_set_num_threads(int);
namespace {
[[maybe_unused]] const bool openblas_single_threaded = [] {
  openblas_set_num_threads(1);
  return true;
}();
}  // namespace
#endif

namespace nrc {
namespace {
// True inside a ParallelFor body: nested loops run serially.
thread_local bool inside_parallel_body = false;

void RunRange(const std::function<void(int, int)>& body, int begin, int end, std::exception_ptr* error) {
  const bool was_inside = inside_parallel_body;
  inside_parallel_body = true;
  try {
    body(begin, end);
  } catch (...) {
    *error = std::current_exception();
  }
  inside_parallel_body = was_inside;
}
}  // namespace

int ParallelThreads() {
  if (const char* env = std::getenv("NRC_THREADS")) {
    const std::string text(env);
    char* end = nullptr;
    const long n = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || n < 1 || n > 256)
      throw std::invalid_argument("NRC_THREADS must be an integer from 1 to 256, got '" + text.substr(0, 40) + "'");
    return static_cast<int>(n);
  }
  const unsigned hw = std::thread::hardware_concurrency();
  return std::clamp(static_cast<int>(hw), 1, 8);
}

namespace {

// Persistent workers for ParallelFor. A loop hands ranges 1..threads-1 to
// workers 0..threads-2 and runs range 0 itself; workers sleep on a condition
// variable between loops. Threads made per loop would cost a clone() each
// and, worse, start behind every runnable process on their core (a new task
// is queued after the running one; a woken sleeper may preempt it): in
// `nrc verify`, beside workers at nice +10, that halved the digits worker's
// second thread. One loop at a time uses the pool; a loop that finds it busy
// (ParallelFor called from two threads of the caller at once) makes its own
// threads as before. Which thread runs a range never changes what it
// computes, so results stay the same bits.
class WorkerPool {
 public:
  static WorkerPool& Instance() {
    static WorkerPool* pool = new WorkerPool;  // never destroyed: workers may outlive static destructors
    return *pool;
  }

  // Runs task(1..tasks) on workers and returns true when they are done, or
  // returns false at once (nothing run) when the pool is busy or cannot grow.
  bool TryRun(int tasks, const std::function<void(int)>& task, const std::function<void()>& caller_part) {
    std::unique_lock<std::mutex> busy(busy_, std::try_to_lock);
    if (!busy.owns_lock()) return false;
    std::unique_lock<std::mutex> lock(m_);
    while (static_cast<int>(workers_.size()) < tasks) {
      try {
        const int index = static_cast<int>(workers_.size());
        workers_.emplace_back([this, index] { Work(index); });
      } catch (const std::system_error&) {
        return false;
      }
    }
    task_ = &task;
    tasks_ = tasks;
    pending_ = tasks;
    ++generation_;
    lock.unlock();
    wake_.notify_all();
    caller_part();
    lock.lock();
    done_.wait(lock, [this] { return pending_ == 0; });
    task_ = nullptr;
    return true;
  }

 private:
  void Work(int index) {
    std::uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(m_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (index >= tasks_) continue;
      const std::function<void(int)>* task = task_;
      lock.unlock();
      (*task)(index + 1);
      lock.lock();
      if (--pending_ == 0) done_.notify_one();
    }
  }

  std::mutex busy_;  // held by the loop using the pool
  std::mutex m_;     // guards the fields below
  std::condition_variable wake_, done_;
  std::vector<std::thread> workers_;
  const std::function<void(int)>* task_ = nullptr;
  int tasks_ = 0;
  int pending_ = 0;
  std::uint64_t generation_ = 0;
};

}  // namespace

void ParallelFor(int count, const std::function<void(int begin, int end)>& body, int min_per_thread) {
  if (count <= 0) return;
  const int threads =
      inside_parallel_body ? 1 : std::clamp(std::min(ParallelThreads(), count / std::max(1, min_per_thread)), 1, count);
  auto range_begin = [&](int t) { return static_cast<int>(static_cast<long long>(count) * t / threads); };
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  auto run = [&](int t) { RunRange(body, range_begin(t), range_begin(t + 1), &errors[static_cast<size_t>(t)]); };
  if (threads == 1 || !WorkerPool::Instance().TryRun(threads - 1, run, [&] { run(0); })) {
    std::vector<std::thread> workers;  // the pool is busy: threads of this loop's own
    workers.reserve(static_cast<size_t>(threads - 1));
    int spawned = 1;  // ranges 1..spawned-1 run on workers, the rest here
    for (; spawned < threads; ++spawned) {
      const int t = spawned;
      try {
        workers.emplace_back([&, t] {
          run(t);
          mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
        });
      } catch (const std::system_error&) {
        break;  // no more threads to be had: the caller runs the remaining ranges
      }
    }
    run(0);
    for (int t = spawned; t < threads; ++t) run(t);
    for (auto& w : workers) w.join();
  }
  for (const auto& e : errors)
    if (e) std::rethrow_exception(e);
}

SampleBlocks::SampleBlocks(int n, int min_block_size)
    : n_(std::max(0, n)), count_(std::clamp(n_ / std::max(1, min_block_size), 1, kMaxBlocks)) {
  count_ = count_ >= 4 ? count_ / 4 * 4 : (count_ >= 2 ? count_ / 2 * 2 : 1);
}

void ForEachBlock(const SampleBlocks& blocks, const std::function<void(int begin, int size)>& body) {
  ParallelFor(blocks.count(), [&](int first, int last) {
    for (int b = first; b < last; ++b) body(blocks.Begin(b), blocks.Size(b));
  });
}

}  // namespace nrc
