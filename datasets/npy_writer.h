// nrc/datasets/npy_writer.h
//
// The .npy files of a data set as nrc writes them (and datasets/npy_reader.h
// reads them back bit for bit):
//   features: X^T, shape (N, d), '<f8', C order (row i = sample i: exactly
//             the memory of the d x N column-major X), the values' bits as
//             they are (NaN and infinities included: the reader refuses them);
//   labels:   shape (N,), '<i8'.
// Each file is NpyHeader::Serialize() (version 1.0, 64-byte aligned) followed
// by the values, so the bytes are a function of the data alone.
// DatasetNpySha256: SHA-256 of the features file's bytes followed by the
// labels file's bytes, computed without building them (streamed).
#ifndef NRC_DATASETS_NPY_WRITER_H_
#define NRC_DATASETS_NPY_WRITER_H_

#include <string>

#include "datasets/dataset.h"

namespace nrc {

std::string NpyFeaturesBytes(const Dataset& data);
std::string NpyLabelsBytes(const Dataset& data);
std::string DatasetNpySha256(const Dataset& data);

}  // namespace nrc

#endif  // NRC_DATASETS_NPY_WRITER_H_
