// Internals of the midpoint-radius arithmetic (numerics/midrad_matrix.h,
// midrad_enclosures.h): the fixed column partitions its passes are split
// into for the threads. A partition depends on the shapes only (never on the
// thread count: numerics/parallel.h's SampleBlocks with a least block size
// from the work per column), each block is computed by the same operations
// whatever thread runs it, and every block sets the rounding modes it needs
// itself (detail::ScopedRounding, restored on exit): the results have the
// same bits for every NRC_THREADS.
#ifndef NRC_NUMERICS_DETAIL_MIDRAD_BLOCKS_H_
#define NRC_NUMERICS_DETAIL_MIDRAD_BLOCKS_H_

#include <cmath>

#include "numerics/parallel.h"

namespace nrc {
namespace detail {

// Least work per block, in multiply-adds (a thread start costs some 10^4).
constexpr double kMidradBlockWork = 1 << 20;
// Rough multiply-adds per entry of an elementwise pass, of Tanh, and of a
// pass of MPFI calls per entry (a few microseconds each).
constexpr double kEntrywiseWork = 16;
constexpr double kTanhEntryWork = 128;
constexpr double kMpfiEntryWork = 4096;

// The columns of a result whose every column costs work_per_column.
inline SampleBlocks MidradColumnBlocks(int cols, double work_per_column) {
  const double least = std::ceil(kMidradBlockWork / (work_per_column > 1 ? work_per_column : 1));
  return SampleBlocks(cols, least > cols ? cols + 1 : static_cast<int>(least));
}
// A product of an m x n by an n x k matrix: per column of the result m n
// multiply-adds, three GEMMs (midpoint and radius).
inline SampleBlocks ProductColumnBlocks(int m, int n, int k) {
  return MidradColumnBlocks(k, 3.0 * m * n);
}
inline SampleBlocks EntrywiseColumnBlocks(int rows, int cols, double work_per_entry = kEntrywiseWork) {
  return MidradColumnBlocks(cols, work_per_entry * rows);
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_MIDRAD_BLOCKS_H_
