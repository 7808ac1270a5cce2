// nrc/datasets/npy_reader.h
//
// Readers of NumPy .npy files (header: datasets/npy_header.h), plain or gzip
// (told by the content), for data sets and exported weights.
//
// ReadNpyDoubles: a float64 array ('<f8': little-endian IEEE binary64; the
// only float type accepted, exactly what tools/nrc_export.py writes), of 1 or
// 2 dimensions, C or Fortran order. Returned with the file's rows as columns:
// shape (r, c) -> a c x r matrix M with M(j, i) = A[i][j]; shape (n,) is one
// row -> n x 1. So an (N, d) data file gives X (d x N, column i = sample i)
// and an (out, in) weight file gives W^T. options.finite makes a NaN or an
// infinity an error naming its index.
//
// ReadNpyIntegers: a 1-D integer array ('<i8', '<i4' or '|u1') as int64.
//
// ReadNpyDataset: features (N, d) float64, all finite, and labels (N,)
// integers 0..K-1 (K = expected_classes when > 0, else the largest label + 1;
// every class needs at least one sample). source = features_path.
//
// Sizes: the header's value count times the item size must equal the bytes
// after the header exactly (plain file) or fit deflate's 1032:1 expansion
// (gzip, then read in chunks), checked before anything is allocated; at most
// options.max_values values.
//
// Errors: DataError(file, 0, 0, problem) (one line) for every malformed file:
// unreadable, not a regular file, bad magic or version, bad header (the
// NpyHeader::Parse message), unsupported dtype or number of dimensions
// (named, with what is accepted), size mismatch, truncated, NaN, labels out
// of range, N differing between the files. Any byte sequence either reads or
// throws DataError.
#ifndef NRC_DATASETS_NPY_READER_H_
#define NRC_DATASETS_NPY_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "datasets/data_error.h"
#include "datasets/dataset.h"
#include "datasets/npy_header.h"
#include "numerics/scalar.h"

namespace nrc {

struct NpyOptions {
  // NaN or infinite values are an error.
  bool finite = true;
  // Largest accepted value count: 2^31 (16 GiB of doubles).
  std::uint64_t max_values = std::uint64_t{1} << 31;
};

Matrix<double> ReadNpyDoubles(const std::string& path, const NpyOptions& options = {},
                              NpyHeader* header = nullptr);
std::vector<std::int64_t> ReadNpyIntegers(const std::string& path, const NpyOptions& options = {});
Dataset ReadNpyDataset(const std::string& features_path, const std::string& labels_path, int expected_classes = 0,
                       const NpyOptions& options = {});

}  // namespace nrc

#endif  // NRC_DATASETS_NPY_READER_H_
