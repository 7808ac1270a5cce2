// nrc/datasets/dataset.h
//
// A labelled classification data set, held in double precision exactly as read
// (or generated). Computations in another scalar convert it with
// Dataset::Features<T>(), which is exact for every supported scalar (double
// upcasts exactly to long double, Float128 and Mpfr; float is the one lossy
// target and is rounded to nearest).
#ifndef NRC_DATASETS_DATASET_H_
#define NRC_DATASETS_DATASET_H_

#include <string>
#include <vector>

#include "numerics/scalar.h"

namespace nrc {

struct Dataset {
  // d x N: column i is sample i (the spec's z_{0,i} = x_i).
  Matrix<double> X;
  // labels[i] in {0, ..., num_classes - 1}; every class has at least one sample.
  std::vector<int> labels;
  int num_classes = 0;
  // Optional names, one per class (empty when the source had none).
  std::vector<std::string> class_names;
  // Where the data came from: a file path or a generator description.
  std::string source;

  int dim() const { return static_cast<int>(X.rows()); }
  int size() const { return static_cast<int>(X.cols()); }
  // n_c for c = 0..K-1.
  std::vector<int> ClassCounts() const {
    std::vector<int> counts(num_classes, 0);
    for (int c : labels) ++counts[c];
    return counts;
  }
  template <class T>
  Matrix<T> Features() const {
    return X.unaryExpr([](double v) { return RoundedCast<T>(v); });
  }
};

}  // namespace nrc

#endif  // NRC_DATASETS_DATASET_H_
