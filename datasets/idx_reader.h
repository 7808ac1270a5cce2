// nrc/datasets/idx_reader.h
//
// ReadIdxDataset: a labelled data set from a pair of IDX files, the format of
// MNIST and Fashion-MNIST (http://yann.lecun.com/exdb/mnist/, "THE IDX FILE
// FORMAT"), plain or gzip (told by the content, not the name).
//
// Format (docs/data.md has the user-facing version):
//   * header: two zero bytes, a type byte (0x08 = unsigned byte: the only
//     type accepted), the number of dimensions n, then n dimensions as
//     big-endian 32-bit unsigned integers; then the values, row-major;
//   * images: n >= 2 dimensions (N x rows x cols, or N x d); sample i is the
//     i-th block of d = product of the other dimensions bytes, feature k its
//     k-th byte; every value v becomes the double v / 255 (correctly rounded:
//     pixels scaled to [0, 1], the same bits on every machine);
//   * labels: n = 1 dimension N (the same N), one byte per sample, the class
//     0..K-1; K = options.expected_classes when > 0, else the largest label + 1;
//     every class needs at least one sample;
//   * nothing after the declared values.
// Every size is checked before anything is allocated: each dimension >= 1,
// N and d fit an int, N x d <= options.max_values, and the declared bytes fit
// in the file (exactly equal to its size for a plain file; at most deflate's
// 1032:1 expansion of its size for gzip); the pixel bytes are then read in
// chunks, so memory grows only with bytes actually present.
//
// Result: X is d x N in file order, labels[i] the label of sample i, no class
// names, source = images_path.
//
// Errors: DataError(file, 0, 0, problem) (datasets/data_error.h, one line) for
// every malformed input: unreadable or not a regular file, broken gzip, wrong
// magic or type, bad dimension count, a zero or too large dimension, sizes
// that do not match the file, truncated data, trailing bytes, N differing
// between the two files, label out of range, empty class.
// std::invalid_argument for bad options. Any byte sequence either reads or
// throws DataError.
#ifndef NRC_DATASETS_IDX_READER_H_
#define NRC_DATASETS_IDX_READER_H_

#include <cstdint>
#include <string>

#include "datasets/data_error.h"
#include "datasets/dataset.h"

namespace nrc {

struct IdxOptions {
  // The K the caller expects; 0 = the largest label + 1.
  int expected_classes = 0;
  // Largest accepted N x d: 2^31 values = 16 GiB as doubles.
  std::uint64_t max_values = std::uint64_t{1} << 31;
};

Dataset ReadIdxDataset(const std::string& images_path, const std::string& labels_path,
                       const IdxOptions& options = {});

// The labels file that goes with an images file by the MNIST naming rule: in
// the file name (not the folder), the last "images" becomes "labels" and an
// "idx3" after it "idx1" (train-images-idx3-ubyte.gz ->
// train-labels-idx1-ubyte.gz, t10k-images.idx3-ubyte -> t10k-labels.idx1-ubyte).
// "" when the name has no "images".
std::string IdxLabelsPathFor(const std::string& images_path);

}  // namespace nrc

#endif  // NRC_DATASETS_IDX_READER_H_
