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

#include <algorithm>
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

// The columns of a result whose every column costs work_per_column, in at
// most kMidradMaxBlocks blocks (every block of a product packs the whole
// left factor again: few large blocks).
constexpr int kMidradMaxBlocks = 4;
inline SampleBlocks MidradColumnBlocks(int cols, double work_per_column) {
  const double least = std::ceil(kMidradBlockWork / (work_per_column > 1 ? work_per_column : 1));
  const int fewest = (cols + kMidradMaxBlocks - 1) / kMidradMaxBlocks;  // at most kMidradMaxBlocks blocks
  return SampleBlocks(cols, least > cols ? cols + 1 : std::max(fewest, static_cast<int>(least)));
}
// How a product of an m x n by an n x k matrix is split: by the k columns of
// the result, or (inner) by its inner dimension when n > k (the left factor
// is then packed once, not once per column block; the partial products are
// added in block order). Each unit of work: m multiply-adds per column or
// inner index and result column, three GEMMs (midpoint and radius).
struct ProductSplit {
  bool inner;
  SampleBlocks blocks;
};
inline ProductSplit SplitProduct(int m, int n, int k) {
  if (n > k) {
    const SampleBlocks by_inner = MidradColumnBlocks(n, 3.0 * m * k);
    if (by_inner.count() > 1) return {true, by_inner};
  }
  return {false, MidradColumnBlocks(k, 3.0 * m * n)};
}
inline SampleBlocks EntrywiseColumnBlocks(int rows, int cols, double work_per_entry = kEntrywiseWork) {
  return MidradColumnBlocks(cols, work_per_entry * rows);
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_MIDRAD_BLOCKS_H_
