// nrc/datasets/standardize.h
//
// Per-feature standardisation: x'_j = (x_j - shift_j) / scale_j, with shift_j
// the mean of feature j over the samples and scale_j its population standard
// deviation (divisor N), or 1 for a constant feature (which is then only
// centred, to exact zeros). The Standardization is returned so that a report
// can state it and the same map can be applied to other data (a test split).
//
// Accuracy (double, eps = 2^-52): sums are compensated (Neumaier), the variance
// is the corrected two-pass one (about the exact mean, not the rounded shift)
// and is summed over deviations scaled by a power of two (exact), so it neither
// overflows nor underflows. To first order the result has
//   |mean_j(x')| <= eps * (1 + 1.5 |shift_j| / scale_j),
//   |std_j(x') - 1| <= 2 eps   (for a non-constant feature),
// the |shift|/scale term being the cancellation in x - shift that no method in
// double avoids. standardize_test.cc checks these with a margin. Compiled
// without FMA contraction: the shifts and scales are the same bits everywhere.
// Throws std::range_error if a shift or scale leaves the double range (data near
// the overflow or deep in the subnormal range) and std::invalid_argument for a
// data set without samples.
#ifndef NRC_DATASETS_STANDARDIZE_H_
#define NRC_DATASETS_STANDARDIZE_H_

#include "datasets/dataset.h"
#include "numerics/scalar.h"

namespace nrc {

struct Standardization {
  Vector<double> shift;  // per feature: the mean
  Vector<double> scale;  // per feature: population std, or 1 if constant

  // Applies x' = (x - shift) / scale to every column of X (d x N, d = size()).
  // Throws std::invalid_argument if X has another number of rows.
  void Apply(Matrix<double>* X) const;
  int size() const { return static_cast<int>(shift.size()); }
};

// Computes the standardisation of data->X, applies it in place and returns it.
Standardization StandardizeFeatures(Dataset* data);

}  // namespace nrc

#endif  // NRC_DATASETS_STANDARDIZE_H_
