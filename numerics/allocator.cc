#include "numerics/allocator.h"

#include <malloc.h>

namespace nrc {

void TuneAllocatorForBatchMatrices() {
  constexpr int kThreshold = 256 << 20;
  mallopt(M_MMAP_THRESHOLD, kThreshold);
  mallopt(M_TRIM_THRESHOLD, 2 * kThreshold);
}

}  // namespace nrc
