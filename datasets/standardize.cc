// nrc/datasets/standardize.cc
// Compiled with -ffp-contract=off (datasets/CMakeLists.txt): see the header.
#include "datasets/standardize.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

namespace nrc {
namespace {

// Neumaier's compensated sum: error <= eps |sum| + O(n eps^2) sum |x_i|.
class CompensatedSum {
 public:
  void Add(double x) {
    const double t = sum_ + x;
    compensation_ += std::abs(sum_) >= std::abs(x) ? (sum_ - t) + x : (x - t) + sum_;
    sum_ = t;
  }
  double Value() const { return sum_ + compensation_; }

 private:
  double sum_ = 0, compensation_ = 0;
};

}  // namespace

void Standardization::Apply(Matrix<double>* X) const {
  if (X->rows() != shift.size()) {
    throw std::invalid_argument("Standardization::Apply: data has " + std::to_string(X->rows()) +
                                " features, the standardisation " + std::to_string(shift.size()));
  }
  for (Eigen::Index j = 0; j < X->rows(); ++j) {
    for (Eigen::Index i = 0; i < X->cols(); ++i) (*X)(j, i) = ((*X)(j, i) - shift(j)) / scale(j);
  }
}

Standardization StandardizeFeatures(Dataset* data) {
  const Matrix<double>& X = data->X;
  if (X.cols() == 0) throw std::invalid_argument("StandardizeFeatures: the data set has no samples");
  const double n = static_cast<double>(X.cols());
  Standardization s;
  s.shift.resize(X.rows());
  s.scale.resize(X.rows());
  for (Eigen::Index j = 0; j < X.rows(); ++j) {
    // A constant feature: shift by the value itself, so it becomes exact zeros
    // (the computed mean of n copies of 0.1 need not be 0.1).
    if ((X.row(j).array() == X(j, 0)).all()) {
      s.shift(j) = X(j, 0);
      s.scale(j) = 1;
      continue;
    }
    CompensatedSum sum;
    for (Eigen::Index i = 0; i < X.cols(); ++i) sum.Add(X(j, i));
    const double mean = sum.Value() / n;
    double largest = 0;  // of |x - mean|, as Apply will compute x - mean
    for (Eigen::Index i = 0; i < X.cols(); ++i) largest = std::max(largest, std::abs(X(j, i) - mean));
    // Corrected two-pass variance, (sum d^2 - (sum d)^2 / n) / n with d = x - mean:
    // the second term removes the rounding of `mean`, so the scale is the std
    // about the exact mean. The d are scaled by 2^-e (exact) so that d^2 neither
    // overflows nor underflows.
    int e = 0;
    std::frexp(largest, &e);
    CompensatedSum deviations, squares;
    for (Eigen::Index i = 0; i < X.cols(); ++i) {
      const double d = std::ldexp(X(j, i) - mean, -e);
      deviations.Add(d);
      squares.Add(d * d);
    }
    const double first = deviations.Value();
    double variance = (squares.Value() - first * first / n) / n;
    if (!(variance > 0)) variance = squares.Value() / n;  // data at the resolution of `mean`
    const double scale = std::ldexp(std::sqrt(variance), e);
    if (!std::isfinite(mean) || !std::isfinite(scale) || scale == 0) {
      throw std::range_error("StandardizeFeatures: feature " + std::to_string(j) +
                             " leaves the double range (mean or standard deviation not finite, or 0 by underflow)");
    }
    s.shift(j) = mean;
    s.scale(j) = scale;
  }
  s.Apply(&data->X);
  return s;
}

}  // namespace nrc
