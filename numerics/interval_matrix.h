// nrc/numerics/interval_matrix.h
//
// IntervalMatrix: a dense matrix of Intervals (numerics/interval.h), row-major,
// with the few operations nrc's proofs need. Every operation is an enclosure:
// the result contains the exact result for every choice of point matrices in
// the operands (each entry is an MPFI sum of MPFI products). No pivoting and
// no comparisons: nothing here branches on interval values.
// Double matrices enter exactly (FromDoubles) or as the enclosure of the reals
// that round to them (AroundDoubles).
// Threads: the products split the rows of the result over ParallelThreads()
// threads (numerics/parallel.h; serially inside another parallel loop); every
// entry is summed over k in increasing order whatever thread computes it, so
// the bits do not depend on the thread count. The interval precision must not
// change during a product.
#ifndef NRC_NUMERICS_INTERVAL_MATRIX_H_
#define NRC_NUMERICS_INTERVAL_MATRIX_H_

#include <Eigen/Core>

#include <vector>

#include "numerics/interval.h"

namespace nrc {

class IntervalMatrix {
 public:
  IntervalMatrix() = default;
  IntervalMatrix(int rows, int cols);  // zeros

  static IntervalMatrix FromDoubles(const Eigen::MatrixXd& m);   // exact points
  static IntervalMatrix AroundDoubles(const Eigen::MatrixXd& m);  // Interval::AroundDouble entrywise
  static IntervalMatrix Identity(int n);

  int rows() const { return rows_; }
  int cols() const { return cols_; }
  Interval& operator()(int i, int j) { return data_[static_cast<size_t>(i) * cols_ + j]; }
  const Interval& operator()(int i, int j) const { return data_[static_cast<size_t>(i) * cols_ + j]; }

  // Nearest doubles of the midpoints (not rigorous: an input for floating
  // algorithms whose output is then verified).
  Eigen::MatrixXd Mid() const;
  IntervalMatrix Transpose() const;
  IntervalMatrix Col(int j) const;  // rows x 1
  // Max over entries of the width (Upper - Lower), as a double (rounded up).
  double MaxWidth() const;

 private:
  int rows_ = 0, cols_ = 0;
  std::vector<Interval> data_;
};

IntervalMatrix operator*(const IntervalMatrix& a, const IntervalMatrix& b);
IntervalMatrix operator*(const IntervalMatrix& a, const Eigen::MatrixXd& b);  // b exact
IntervalMatrix operator*(const Eigen::MatrixXd& a, const IntervalMatrix& b);  // a exact
IntervalMatrix operator+(const IntervalMatrix& a, const IntervalMatrix& b);
IntervalMatrix operator-(const IntervalMatrix& a, const IntervalMatrix& b);
IntervalMatrix operator*(const Interval& s, const IntervalMatrix& a);

}  // namespace nrc

#endif  // NRC_NUMERICS_INTERVAL_MATRIX_H_
