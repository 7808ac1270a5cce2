// nrc/datasets/data_source.h
//
// One string names any data set nrc can use, on the command line and in
// configuration files (docs/data.md is the user's version):
//   iris | digits                       the bundled real data sets (data/)
//   fashion-mnist                       Fashion-MNIST's 60000 training images
//                                       (Debian package dataset-fashion-mnist,
//                                       /usr/share/datasets/fashion-mnist):
//                                       28 x 28 = 784 pixels each, scaled to
//                                       [0, 1] (value / 255), K = 10 named classes
//   fashion-mnist:test                  its 10000 test images
//   gauss:K=4,d=16,n=50,std=0.1,seed=1  synthetic Gaussian clusters (keys
//                                       optional; also center=SCALE)
//   idx:IMAGES,LABELS                   a pair of IDX files (MNIST format,
//                                       datasets/idx_reader.h)
//   npy:FEATURES,LABELS                 a pair of .npy files: (N, d) float64
//                                       and (N,) integers (datasets/npy_reader.h)
//   PATH                                a data file, told by its content (plain
//                                       or gzip): a CSV file in the format of
//                                       data/README.md; an IDX images file (the
//                                       labels beside it by the MNIST naming
//                                       rule, IdxLabelsPathFor); a .npy features
//                                       file (the labels beside it: the last
//                                       "data" in its file name -> "labels",
//                                       data.npy -> labels.npy)
// followed by an optional subset "@n=N" or "@n=N,seed=S" (seed default 1):
// N samples drawn class-balanced by the seed (datasets/class_balanced_subset.h),
// e.g. "fashion-mnist@n=10000". The subset suffix is recognised after the last
// '@' when it starts with "n="; a path containing '@' otherwise reads as a path.
// Errors (unknown key, bad number, unreadable or malformed file, a subset that
// cannot be balanced) throw std::invalid_argument or DataError with a one-line
// message.
#ifndef NRC_DATASETS_DATA_SOURCE_H_
#define NRC_DATASETS_DATA_SOURCE_H_

#include <cstdint>
#include <string>

#include "datasets/dataset.h"
#include "datasets/gaussian_clusters.h"

namespace nrc {

// Where the Debian package dataset-fashion-mnist installs its files.
constexpr const char* kFashionMnistDir = "/usr/share/datasets/fashion-mnist";

// Parses the "gauss:..." form (without loading anything).
GaussianClustersSpec ParseGaussianSource(const std::string& text);
// Loads the named data set; expected_classes > 0 makes a K mismatch an error.
Dataset LoadDataSource(const std::string& text, int expected_classes = 0);

// The source with a subset of n samples (seed 1 is left implicit): "SOURCE@n=N"
// or "SOURCE@n=N,seed=S". Throws std::invalid_argument when text already has
// a subset or n < 1.
std::string WithSubset(const std::string& text, int n, std::uint64_t seed = 1);

// The held-out test set that belongs to a source, as a source string, or ""
// when it has none: fashion-mnist (any subset) -> "fashion-mnist:test" (all
// 10000 images); an IDX source whose images file name starts with "train"
// -> the same with "t10k" when that file exists (the MNIST naming).
std::string TestSourceFor(const std::string& text);

// True for sources nrc can load again by name alone, with the same content on
// every machine that has them (iris, digits, gauss:..., fashion-mnist...,
// each with any subset): a run directory may refer to them instead of storing
// a copy (training/run_directory.h).
bool IsBuiltInSource(const std::string& text);

}  // namespace nrc

#endif  // NRC_DATASETS_DATA_SOURCE_H_
