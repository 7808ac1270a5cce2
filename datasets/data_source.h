// nrc/datasets/data_source.h
//
// One string names any data set nrc can use, on the command line and in
// configuration files:
//   iris | digits                       the bundled real data sets (data/)
//   gauss:K=4,d=16,n=50,std=0.1,seed=1  synthetic Gaussian clusters (keys
//                                       optional; also center=SCALE)
//   PATH                                a CSV file (plain or .gz) in the
//                                       format of data/README.md
// Errors (unknown key, bad number, unreadable or malformed file) throw
// std::invalid_argument or DataError with a one-line message.
#ifndef NRC_DATASETS_DATA_SOURCE_H_
#define NRC_DATASETS_DATA_SOURCE_H_

#include <string>

#include "datasets/dataset.h"
#include "datasets/gaussian_clusters.h"

namespace nrc {

// Parses the "gauss:..." form (without loading anything).
GaussianClustersSpec ParseGaussianSource(const std::string& text);
// Loads the named data set; expected_classes > 0 makes a K mismatch an error.
Dataset LoadDataSource(const std::string& text, int expected_classes = 0);

}  // namespace nrc

#endif  // NRC_DATASETS_DATA_SOURCE_H_
