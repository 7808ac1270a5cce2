// Parser fuzzing of the binary data readers (IDX: datasets/idx_reader.h;
// .npy: datasets/npy_reader.h): mutated files (tests/support/text_mutator.h
// edits on the bytes: replaced, inserted, deleted, duplicated ranges, hostile
// tokens), stored plain or gzip-compressed, either read as a consistent data
// set or fail with a one-line DataError naming one of the two files -- never a
// crash, a hang, another exception, an allocation beyond the file's content,
// or an inconsistent data set. Differential oracle: an IDX pair that reads
// is decoded again by the format's rules alone (ReferenceIdx: 4-byte magic,
// big-endian dimensions, one byte a value) and every feature must be its byte
// / 255 and every label its byte; of a .npy pair that reads, the file that was
// not mutated must give exactly its written values. ctest: binary_reader_fuzz_test (label property,
// 200 inputs per property) and binary_reader_fuzz_long (label fuzz, 2e5).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>

#include "datasets/idx_reader.h"
#include "datasets/npy_reader.h"
#include "tests/support/binary_files.h"
#include "tests/support/text_mutator.h"

namespace nrc {
namespace {

std::string TempPath(const std::string& name) {
  return (std::filesystem::temp_directory_path() / ("nrc_binary_fuzz_" + std::to_string(::getpid()) + "_" + name)).string();
}

// Writes the two files, one of them (or both) mutated, plain or gzip; returns
// the bytes written (before compression). A plain file starting with gzip's
// magic is read as gzip: .gzip_magic says a file's bytes start with it (the
// oracles then skip the pair).
struct Pair {
  std::string a, b;
  bool a_mutated = false, b_mutated = false, gzip_magic = false;
};
Pair WritePair(const std::string& a, std::string a_bytes, const std::string& b, std::string b_bytes) {
  const int which = *rc::gen::inRange(0, 3);
  Pair p;
  p.a_mutated = which != 1;
  p.b_mutated = which != 0;
  if (p.a_mutated) a_bytes = test::GenMutatedText({a_bytes});
  if (p.b_mutated) b_bytes = test::GenMutatedText({b_bytes});
  const bool gzip = *rc::gen::arbitrary<bool>();
  RC_CLASSIFY(gzip, "gzip");
  for (const auto& [path, bytes] : {std::pair{a, a_bytes}, std::pair{b, b_bytes}}) {
    gzip ? test::WriteGzip(path, bytes) : test::WriteBytes(path, bytes);
    p.gzip_magic |= bytes.rfind("\x1f\x8b", 0) == 0;
  }
  p.a = a_bytes;
  p.b = b_bytes;
  return p;
}

// The values of IDX bytes by the format's rules alone: the dimensions after
// the 4-byte magic (big-endian 32-bit), then the bytes after them.
struct ReferenceIdx {
  explicit ReferenceIdx(const std::string& bytes) {
    const int n = static_cast<unsigned char>(bytes.at(3));
    for (int k = 0; k < n; ++k) {
      std::uint32_t v = 0;
      for (int b = 0; b < 4; ++b) v = v << 8 | static_cast<unsigned char>(bytes.at(4 + 4 * k + b));
      dims.push_back(v);
    }
    values = bytes.substr(4 + 4 * static_cast<std::size_t>(n));
  }
  unsigned char At(std::size_t i) const { return static_cast<unsigned char>(values.at(i)); }
  std::vector<std::uint32_t> dims;
  std::string values;
};

void CheckConsistent(const Dataset& d, int expected_classes) {
  RC_ASSERT(d.size() >= 1);
  RC_ASSERT(d.dim() >= 1);
  RC_ASSERT(d.size() == static_cast<int>(d.labels.size()));
  RC_ASSERT(d.X.allFinite());
  RC_ASSERT(expected_classes == 0 || d.num_classes == expected_classes);
  const std::vector<int> counts = d.ClassCounts();
  RC_ASSERT(std::all_of(counts.begin(), counts.end(), [](int c) { return c > 0; }));
}

void CheckError(const DataError& e, const std::string& a, const std::string& b) {
  const std::string what = e.what();
  RC_ASSERT(what.rfind(a + ":0:0: ", 0) == 0 || what.rfind(b + ":0:0: ", 0) == 0);
  RC_ASSERT(what.find('\n') == std::string::npos);
}

RC_GTEST_PROP(BinaryReaderFuzz, MutatedIdxPairReadsConsistentlyOrFailsWithOneLine, ()) {
  static const std::string images = TempPath("images.idx3"), labels = TempPath("labels.idx1");
  const std::vector<unsigned char> pixels = {0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 128, 17, 34, 51, 68};
  const Pair p = WritePair(images, test::IdxBytes({4, 2, 2}, pixels), labels, test::IdxBytes({4}, {0, 1, 2, 1}));
  IdxOptions o;
  o.expected_classes = *rc::gen::element(0, 0, 3, 4);
  try {
    const Dataset d = ReadIdxDataset(images, labels, o);
    RC_CLASSIFY(true, "read");
    CheckConsistent(d, o.expected_classes);
    RC_ASSERT(d.X.minCoeff() >= 0.0 && d.X.maxCoeff() <= 1.0);
    if (p.gzip_magic) return;
    const ReferenceIdx x(p.a), y(p.b);
    RC_ASSERT(x.dims.size() >= 2 && y.dims.size() == 1);
    RC_ASSERT(x.dims[0] == static_cast<std::uint32_t>(d.size()) && y.dims[0] == x.dims[0]);
    const std::size_t dim = static_cast<std::size_t>(d.dim());
    RC_ASSERT(x.values.size() == dim * static_cast<std::size_t>(d.size()) && y.values.size() == x.dims[0]);
    for (int i = 0; i < d.size(); ++i) {
      const std::size_t s = static_cast<std::size_t>(i);
      RC_ASSERT(d.labels[s] == y.At(s));
      for (std::size_t k = 0; k < dim; ++k) RC_ASSERT(d.X(static_cast<int>(k), i) == x.At(s * dim + k) / 255.0);
    }
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    CheckError(e, images, labels);
  }
}

RC_GTEST_PROP(BinaryReaderFuzz, MutatedNpyPairReadsConsistentlyOrFailsWithOneLine, ()) {
  static const std::string features = TempPath("data.npy"), labels = TempPath("labels.npy");
  const bool fortran = *rc::gen::arbitrary<bool>();
  const std::vector<double> values = {1.5, -2, 0.1, 1e-300, 3, 4};  // (3, 2), C or Fortran order
  const std::vector<std::int64_t> classes = {0, 1, 1};
  const Pair p = WritePair(features, test::NpyDoubles({3, 2}, values, fortran), labels, test::NpyInt64(classes));
  const int expected_classes = *rc::gen::element(0, 0, 2, 3);
  try {
    const Dataset d = ReadNpyDataset(features, labels, expected_classes);
    RC_CLASSIFY(true, "read");
    CheckConsistent(d, expected_classes);
    if (!p.gzip_magic && !p.a_mutated) {  // the written features, sample i = row i
      RC_ASSERT(d.size() == 3 && d.dim() == 2);
      for (int i = 0; i < 3; ++i)
        for (int k = 0; k < 2; ++k)
          RC_ASSERT(d.X(k, i) == values[static_cast<std::size_t>(fortran ? 3 * k + i : 2 * i + k)]);
    }
    if (!p.gzip_magic && !p.b_mutated) {  // the written labels
      RC_ASSERT(d.labels == std::vector<int>(classes.begin(), classes.end()));
    }
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    CheckError(e, features, labels);
  }
}

}  // namespace
}  // namespace nrc
