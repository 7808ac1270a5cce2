#include "numerics/parallel.h"

#include <mpfr.h>

#include <algorithm>
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

void ParallelFor(int count, const std::function<void(int begin, int end)>& body, int min_per_thread) {
  if (count <= 0) return;
  const int threads =
      inside_parallel_body ? 1 : std::clamp(std::min(ParallelThreads(), count / std::max(1, min_per_thread)), 1, count);
  auto range_begin = [&](int t) { return static_cast<int>(static_cast<long long>(count) * t / threads); };
  std::vector<std::exception_ptr> errors(static_cast<size_t>(threads));
  std::vector<std::thread> workers;
  workers.reserve(static_cast<size_t>(threads - 1));
  int spawned = 1;  // ranges 1..spawned-1 run on workers, the rest here
  for (; spawned < threads; ++spawned) {
    const int t = spawned;
    try {
      workers.emplace_back([&, t] {
        RunRange(body, range_begin(t), range_begin(t + 1), &errors[static_cast<size_t>(t)]);
        mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
      });
    } catch (const std::system_error&) {
      break;  // no more threads to be had: the caller runs the remaining ranges
    }
  }
  RunRange(body, range_begin(0), range_begin(1), &errors[0]);
  for (int t = spawned; t < threads; ++t) RunRange(body, range_begin(t), range_begin(t + 1), &errors[static_cast<size_t>(t)]);
  for (auto& w : workers) w.join();
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
