// nrc/datasets/idx_reader.cc
#include "datasets/idx_reader.h"

#include <algorithm>
#include <climits>
#include <cstdio>
#include <stdexcept>
#include <vector>

#include "datasets/detail/binary_input.h"
#include "datasets/detail/class_labels.h"

namespace nrc {
namespace {

// An IDX header: the dimensions, checked to be >= 1 each.
std::vector<std::uint64_t> ReadIdxHeader(detail::BinaryInput* in, const char* what) {
  unsigned char magic[4];
  in->ReadExactly(magic, 4, std::string("the IDX header of the ") + what + " file");
  if (magic[0] != 0 || magic[1] != 0) {
    in->Fail(std::string("not an IDX file (") + what + "): it must start with two zero bytes");
  }
  if (magic[2] != 0x08) {
    char hex[8];
    std::snprintf(hex, sizeof hex, "0x%02X", magic[2]);
    in->Fail(std::string("IDX value type ") + hex + " unsupported: only 0x08 (unsigned byte) is read");
  }
  const int n = magic[3];
  if (n == 0) in->Fail("IDX header with 0 dimensions");
  std::vector<std::uint64_t> dims(n);
  for (int k = 0; k < n; ++k) {
    unsigned char b[4];
    in->ReadExactly(b, 4, "IDX dimension " + std::to_string(k + 1));
    dims[k] = (std::uint64_t{b[0]} << 24) | (std::uint64_t{b[1]} << 16) | (std::uint64_t{b[2]} << 8) | b[3];
    if (dims[k] == 0) in->Fail("IDX dimension " + std::to_string(k + 1) + " is 0");
  }
  return dims;
}

// Checks that `count` value bytes after the header fit in the file.
void CheckPayloadFits(const detail::BinaryInput& in, std::uint64_t count) {
  const std::uint64_t header = in.offset();
  if (!in.gzip() && in.file_size() != header + count) {
    in.Fail("the header declares " + std::to_string(count) + " value bytes after its " + std::to_string(header) +
            " header bytes, but the file has " + std::to_string(in.file_size()) + " bytes");
  }
  if (in.gzip() && count > in.MaxContentBytes()) {
    in.Fail("the header declares " + std::to_string(count) + " value bytes, more than a " +
            std::to_string(in.file_size()) + "-byte gzip file can hold");
  }
}

// The value bytes, read in chunks (memory grows with the bytes present).
std::vector<unsigned char> ReadPayload(detail::BinaryInput* in, std::uint64_t count, const char* what) {
  std::vector<unsigned char> bytes;
  constexpr std::size_t kChunk = std::size_t{1} << 22;
  while (bytes.size() < count) {
    const std::size_t at = bytes.size();
    const std::size_t n = static_cast<std::size_t>(std::min<std::uint64_t>(kChunk, count - at));
    bytes.resize(at + n);
    in->ReadExactly(bytes.data() + at, n, std::string("the ") + what);
  }
  in->ExpectEnd();
  return bytes;
}

}  // namespace

Dataset ReadIdxDataset(const std::string& images_path, const std::string& labels_path, const IdxOptions& options) {
  if (options.expected_classes < 0) {
    throw std::invalid_argument("ReadIdxDataset: expected_classes must be >= 0, got " +
                                std::to_string(options.expected_classes));
  }
  detail::BinaryInput images(images_path);
  const std::vector<std::uint64_t> dims = ReadIdxHeader(&images, "images");
  if (dims.size() < 2) {
    images.Fail("IDX images need >= 2 dimensions (N x rows x cols or N x d), this file has " +
                std::to_string(dims.size()) + " (a labels file?)");
  }
  const std::uint64_t N = dims[0];
  std::uint64_t d = 1;
  for (std::size_t k = 1; k < dims.size(); ++k) {
    d *= dims[k];  // each factor < 2^32 and d <= INT_MAX before: no overflow
    if (d > static_cast<std::uint64_t>(INT_MAX)) images.Fail("more than " + std::to_string(INT_MAX) + " features per sample");
  }
  if (N > static_cast<std::uint64_t>(INT_MAX)) images.Fail("more than " + std::to_string(INT_MAX) + " samples");
  if (N * d > options.max_values) {  // both < 2^31: no overflow
    images.Fail(std::to_string(N) + " x " + std::to_string(d) + " values, more than the limit of " +
                std::to_string(options.max_values));
  }
  CheckPayloadFits(images, N * d);

  detail::BinaryInput labels_in(labels_path);
  const std::vector<std::uint64_t> ldims = ReadIdxHeader(&labels_in, "labels");
  if (ldims.size() != 1) {
    labels_in.Fail("IDX labels need 1 dimension, this file has " + std::to_string(ldims.size()) + " (an images file?)");
  }
  if (ldims[0] != N) {
    labels_in.Fail(std::to_string(ldims[0]) + " labels, but " + images_path + " has " + std::to_string(N) + " images");
  }
  CheckPayloadFits(labels_in, N);
  const std::vector<unsigned char> label_bytes = ReadPayload(&labels_in, N, "labels");

  Dataset data;
  data.num_classes = detail::CheckClassLabels(labels_path, std::vector<std::int64_t>(label_bytes.begin(), label_bytes.end()),
                                              options.expected_classes, &data.labels);
  const std::vector<unsigned char> pixels = ReadPayload(&images, N * d, "pixel values");
  data.X.resize(static_cast<Eigen::Index>(d), static_cast<Eigen::Index>(N));
  double* x = data.X.data();  // column-major d x N: sample after sample, as in the file
  for (std::size_t k = 0; k < pixels.size(); ++k) x[k] = pixels[k] / 255.0;
  data.source = images_path;
  return data;
}

std::string IdxLabelsPathFor(const std::string& images_path) {
  const std::size_t slash = images_path.find_last_of('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  const std::size_t at = images_path.rfind("images");
  if (at == std::string::npos || at < base) return "";
  std::string out = images_path;
  out.replace(at, 6, "labels");
  const std::size_t idx3 = out.find("idx3", at);
  if (idx3 != std::string::npos) out.replace(idx3, 4, "idx1");
  return out;
}

}  // namespace nrc
