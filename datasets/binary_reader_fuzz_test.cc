// Parser fuzzing of the binary data readers (IDX: datasets/idx_reader.h;
// .npy: datasets/npy_reader.h): mutated files (tests/support/text_mutator.h
// edits on the bytes: replaced, inserted, deleted, duplicated ranges, hostile
// tokens), stored plain or gzip-compressed, either read as a consistent data
// set or fail with a one-line DataError naming one of the two files -- never a
// crash, a hang, another exception, an allocation beyond the file's content,
// or an inconsistent data set. ctest: binary_reader_fuzz_test (label property,
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

// Writes the two files, one of them (or both) mutated, plain or gzip.
void WritePair(const std::string& a, std::string a_bytes, const std::string& b, std::string b_bytes) {
  const int which = *rc::gen::inRange(0, 3);
  if (which != 1) a_bytes = test::GenMutatedText({a_bytes});
  if (which != 0) b_bytes = test::GenMutatedText({b_bytes});
  const bool gzip = *rc::gen::arbitrary<bool>();
  RC_CLASSIFY(gzip, "gzip");
  for (const auto& [path, bytes] : {std::pair{a, a_bytes}, std::pair{b, b_bytes}}) {
    gzip ? test::WriteGzip(path, bytes) : test::WriteBytes(path, bytes);
  }
}

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
  WritePair(images, test::IdxBytes({4, 2, 2}, pixels), labels, test::IdxBytes({4}, {0, 1, 2, 1}));
  IdxOptions o;
  o.expected_classes = *rc::gen::element(0, 0, 3, 4);
  try {
    const Dataset d = ReadIdxDataset(images, labels, o);
    RC_CLASSIFY(true, "read");
    CheckConsistent(d, o.expected_classes);
    RC_ASSERT(d.X.minCoeff() >= 0.0 && d.X.maxCoeff() <= 1.0);
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    CheckError(e, images, labels);
  }
}

RC_GTEST_PROP(BinaryReaderFuzz, MutatedNpyPairReadsConsistentlyOrFailsWithOneLine, ()) {
  static const std::string features = TempPath("data.npy"), labels = TempPath("labels.npy");
  const bool fortran = *rc::gen::arbitrary<bool>();
  WritePair(features, test::NpyDoubles({3, 2}, {1.5, -2, 0.1, 1e-300, 3, 4}, fortran), labels,
            test::NpyInt64({0, 1, 1}));
  const int expected_classes = *rc::gen::element(0, 0, 2, 3);
  try {
    const Dataset d = ReadNpyDataset(features, labels, expected_classes);
    RC_CLASSIFY(true, "read");
    CheckConsistent(d, expected_classes);
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    CheckError(e, features, labels);
  }
}

}  // namespace
}  // namespace nrc
