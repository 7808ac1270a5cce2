// nrc/datasets/npy_reader.cc
#include "datasets/npy_reader.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <stdexcept>

#include "datasets/detail/binary_input.h"
#include "datasets/detail/class_labels.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy readers copy little-endian values as they are");

namespace nrc {
namespace {

// Magic, version, length and the parsed dict.
NpyHeader ReadPreamble(detail::BinaryInput* in) {
  unsigned char head[8];
  in->ReadExactly(head, 8, "the .npy magic and version");
  if (std::memcmp(head, NpyHeader::kMagic.data(), NpyHeader::kMagic.size()) != 0) {
    in->Fail("not a .npy file: it must start with \\x93NUMPY");
  }
  const int major = head[6], minor = head[7];
  if ((major != 1 && major != 2 && major != 3) || minor != 0) {
    in->Fail(".npy format version " + std::to_string(major) + "." + std::to_string(minor) +
             " unsupported (1.0, 2.0, 3.0 are read)");
  }
  unsigned char len[4] = {0, 0, 0, 0};
  in->ReadExactly(len, major == 1 ? 2 : 4, "the .npy header length");
  const std::uint64_t n = len[0] | (std::uint64_t{len[1]} << 8) | (std::uint64_t{len[2]} << 16) | (std::uint64_t{len[3]} << 24);
  constexpr std::uint64_t kMaxHeader = std::uint64_t{1} << 20;
  if (n > kMaxHeader) in->Fail(".npy header of " + std::to_string(n) + " bytes (more than 1 MiB)");
  std::string dict(static_cast<std::size_t>(n), '\0');
  in->ReadExactly(dict.data(), dict.size(), "the .npy header");
  try {
    return NpyHeader::Parse(dict);
  } catch (const std::invalid_argument& e) {
    in->Fail(e.what());
  }
}

std::string ShapeText(const std::vector<std::uint64_t>& shape) {
  std::string out = "(";
  for (std::size_t k = 0; k < shape.size(); ++k) out += (k ? ", " : "") + std::to_string(shape[k]);
  return out + (shape.size() == 1 ? ",)" : ")");
}

// The value count, checked against the limit and the file's size.
std::uint64_t CheckedCount(const detail::BinaryInput& in, const NpyHeader& h, const NpyOptions& o) {
  std::uint64_t count = 0;
  try {
    count = h.Count();
  } catch (const std::invalid_argument& e) {
    in.Fail(e.what());
  }
  if (count > o.max_values) {
    in.Fail("shape " + ShapeText(h.shape) + " holds " + std::to_string(count) + " values, more than the limit of " +
            std::to_string(o.max_values));
  }
  const std::uint64_t bytes = count * static_cast<std::uint64_t>(NpyHeader::ItemSize(h.descr));  // <= 2^31 * 8
  if (!in.gzip() && in.file_size() != in.offset() + bytes) {
    in.Fail("shape " + ShapeText(h.shape) + " of '" + h.descr + "' needs " + std::to_string(bytes) +
            " bytes after the " + std::to_string(in.offset()) + "-byte header, but the file has " +
            std::to_string(in.file_size()) + " bytes");
  }
  if (in.gzip() && bytes > in.MaxContentBytes()) {
    in.Fail("shape " + ShapeText(h.shape) + " needs " + std::to_string(bytes) + " bytes, more than a " +
            std::to_string(in.file_size()) + "-byte gzip file can hold");
  }
  return count;
}

// Reads `bytes` value bytes into out (allocated here): at once for a plain
// file (its size was checked), in chunks for gzip (memory grows with the
// bytes present). Then the file must end.
void ReadValues(detail::BinaryInput* in, std::size_t bytes, void* out_begin) {
  if (!in->gzip()) {
    in->ReadExactly(out_begin, bytes, "the values");
  } else {
    std::vector<unsigned char> buffer;
    constexpr std::size_t kChunk = std::size_t{1} << 22;
    while (buffer.size() < bytes) {
      const std::size_t at = buffer.size(), n = std::min(kChunk, bytes - at);
      buffer.resize(at + n);
      in->ReadExactly(buffer.data() + at, n, "the values");
    }
    if (bytes > 0) std::memcpy(out_begin, buffer.data(), bytes);
  }
  in->ExpectEnd();
}

}  // namespace

Matrix<double> ReadNpyDoubles(const std::string& path, const NpyOptions& options, NpyHeader* header_out) {
  detail::BinaryInput in(path);
  const NpyHeader h = ReadPreamble(&in);
  if (h.descr != "<f8") {
    in.Fail("dtype '" + h.descr + "' unsupported here: float64 values are read ('<f8', little-endian)");
  }
  if (h.shape.size() != 1 && h.shape.size() != 2) {
    in.Fail("shape " + ShapeText(h.shape) + ": a 1-D or 2-D array is read");
  }
  const std::uint64_t count = CheckedCount(in, h, options);
  const std::uint64_t rows = h.shape.size() == 2 ? h.shape[0] : 1, cols = h.shape.back();
  if (rows > INT_MAX || cols > INT_MAX) in.Fail("shape " + ShapeText(h.shape) + ": a dimension above 2^31 - 1");
  const bool fortran = h.fortran_order && h.shape.size() == 2;
  // Memory of the C-order (r, c) array = column-major c x r; Fortran order = r x c.
  Matrix<double> m(static_cast<Eigen::Index>(fortran ? rows : cols), static_cast<Eigen::Index>(fortran ? cols : rows));
  ReadValues(&in, static_cast<std::size_t>(count) * 8, m.data());
  if (fortran) m.transposeInPlace();
  if (options.finite) {
    for (Eigen::Index i = 0; i < m.cols(); ++i) {
      for (Eigen::Index j = 0; j < m.rows(); ++j) {
        if (!std::isfinite(m(j, i))) {
          in.Fail(std::string(std::isnan(m(j, i)) ? "NaN" : "infinite value") + " at index " +
                  (h.shape.size() == 2 ? "[" + std::to_string(i) + ", " + std::to_string(j) + "]"
                                       : "[" + std::to_string(j) + "]"));
        }
      }
    }
  }
  if (header_out != nullptr) *header_out = h;
  return m;
}

std::vector<std::int64_t> ReadNpyIntegers(const std::string& path, const NpyOptions& options) {
  detail::BinaryInput in(path);
  const NpyHeader h = ReadPreamble(&in);
  const int size = NpyHeader::ItemSize(h.descr);
  if (h.descr == "<f8" || size == 0) {
    in.Fail("dtype '" + h.descr + "' unsupported here: integers are read ('<i8', '<i4' or '|u1')");
  }
  if (h.shape.size() != 1) in.Fail("shape " + ShapeText(h.shape) + ": a 1-D array is read");
  const std::uint64_t count = CheckedCount(in, h, options);
  std::vector<unsigned char> raw(static_cast<std::size_t>(count) * size);
  ReadValues(&in, raw.size(), raw.data());
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  for (std::size_t i = 0; i < out.size(); ++i) {
    if (size == 8) {
      std::memcpy(&out[i], raw.data() + 8 * i, 8);
    } else if (size == 4) {
      std::int32_t v;
      std::memcpy(&v, raw.data() + 4 * i, 4);
      out[i] = v;
    } else {
      out[i] = raw[i];
    }
  }
  return out;
}

Dataset ReadNpyDataset(const std::string& features_path, const std::string& labels_path, int expected_classes,
                       const NpyOptions& options) {
  if (expected_classes < 0) {
    throw std::invalid_argument("ReadNpyDataset: expected_classes must be >= 0, got " + std::to_string(expected_classes));
  }
  // Labels first: they are small, and their errors need no pass over X.
  const std::vector<std::int64_t> labels = ReadNpyIntegers(labels_path, options);
  Dataset data;
  data.num_classes = detail::CheckClassLabels(labels_path, labels, expected_classes, &data.labels);
  NpyOptions o = options;
  o.finite = true;
  NpyHeader h;
  data.X = ReadNpyDoubles(features_path, o, &h);
  if (h.shape.size() != 2) {
    throw DataError(features_path, 0, 0, "shape " + ShapeText(h.shape) + ": features are an (N, d) array");
  }
  if (static_cast<std::size_t>(data.X.cols()) != labels.size()) {
    throw DataError(labels_path, 0, 0, std::to_string(labels.size()) + " labels, but " + features_path + " has " +
                                           std::to_string(data.X.cols()) + " samples");
  }
  if (data.X.rows() == 0) throw DataError(features_path, 0, 0, "shape " + ShapeText(h.shape) + ": no features");
  data.source = features_path;
  return data;
}

}  // namespace nrc
