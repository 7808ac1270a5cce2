// nrc/numerics/allocator.h
//
// Whole-batch matrices (d x N doubles, hundreds of KiB) are allocated and
// freed on every gradient evaluation. glibc serves blocks above its mmap
// threshold with fresh mmap()s, so each evaluation paid for page faults that
// cost more than the arithmetic (measured in bench/mlp_bench.cc).
// TuneAllocatorForBatchMatrices() raises the mmap and trim thresholds to
// 256 MiB so such blocks are reused from the heap. Call it once at the start
// of main(); it changes no result, only speed.
#ifndef NRC_NUMERICS_ALLOCATOR_H_
#define NRC_NUMERICS_ALLOCATOR_H_

namespace nrc {

void TuneAllocatorForBatchMatrices();

}  // namespace nrc

#endif  // NRC_NUMERICS_ALLOCATOR_H_
