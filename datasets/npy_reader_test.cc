#include "datasets/npy_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "tests/support/binary_files.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

TEST(NpyHeader, ParsesWhatNumpyWritesAndNothingElse) {
  const NpyHeader h = NpyHeader::Parse("{'descr': '<f8', 'fortran_order': False, 'shape': (3, 2), }   \n");
  EXPECT_EQ(h.descr, "<f8");
  EXPECT_FALSE(h.fortran_order);
  EXPECT_EQ(h.shape, (std::vector<std::uint64_t>{3, 2}));
  EXPECT_EQ(NpyHeader::Parse("{\"shape\":(5,),\"fortran_order\":True,\"descr\":\"|u1\"}\n").shape,
            (std::vector<std::uint64_t>{5}));
  EXPECT_TRUE(NpyHeader::Parse("{'descr': '<f8', 'fortran_order': False, 'shape': ()}\n").shape.empty());
  for (const char* bad : {
           "{'descr': '<f8', 'fortran_order': False, 'shape': (5)}\n",               // not a tuple
           "{'descr': '<f8', 'fortran_order': False}\n",                             // missing key
           "{'descr': '<f8', 'fortran_order': False, 'shape': (1,), 'x': 1}\n",      // unknown key
           "{'descr': '<f8', 'descr': '<f8', 'fortran_order': False, 'shape': ()}\n",  // twice
           "{'descr': '<f8', 'fortran_order': 0, 'shape': ()}\n",                    // not a bool
           "{'descr': '<f8', 'fortran_order': False, 'shape': (-1,)}\n",             // negative
           "{'descr': '<f8', 'fortran_order': False, 'shape': (9223372036854775808,)}\n",
           "{'descr': '<f8', 'fortran_order': False, 'shape': ()}",                  // no newline
           "{'descr': '<f8', 'fortran_order': False, 'shape': ()}\nx\n",              // junk after
           "{'descr': '<f\\x38', 'fortran_order': False, 'shape': ()}\n",             // escape
           "{'descr': '<f8, 'fortran_order': False, 'shape': ()}\n"}) {               // quoting
    try {
      NpyHeader::Parse(bad);
      ADD_FAILURE() << "accepted: " << bad;
    } catch (const std::invalid_argument& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
}

TEST(NpyHeader, SerializeIsAlignedAndParsesBack) {
  NpyHeader h;
  h.descr = "<f8";
  h.shape = {60000, 784};
  const std::string bytes = h.Serialize();
  EXPECT_EQ(bytes.size() % 64, 0u);
  EXPECT_EQ(bytes.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  const NpyHeader back = NpyHeader::Parse(bytes.substr(10));
  EXPECT_EQ(back.shape, h.shape);
  EXPECT_EQ(back.descr, "<f8");
  const std::uint64_t big = std::uint64_t{1} << 40;
  h.shape = {big, big};
  EXPECT_THROW(h.Count(), std::invalid_argument);
}

class NpyReaderTest : public test::DataFilesTest {
 protected:
  // The one-line DataError of reading features (and labels) files.
  std::string ErrorOf(const std::string& features, const std::string& labels, bool gzip = false) {
    const std::string f = Write("data.npy", features, gzip), l = Write("labels.npy", labels, gzip);
    return test::OneLineDataError([&] { ReadNpyDataset(f, l); }, f, l);
  }
  static std::string X() { return test::NpyDoubles({3, 2}, {1.5, -2, 0.1, 1e-300, 3, 4}); }
  static std::string Y() { return test::NpyInt64({0, 1, 1}); }
};

TEST_F(NpyReaderTest, ReadsRowsAsSamplesBitForBit) {
  for (bool gzip : {false, true}) {
    const Dataset d = ReadNpyDataset(Write("data.npy", X(), gzip), Write("labels.npy", Y(), gzip));
    ASSERT_EQ(d.size(), 3);
    ASSERT_EQ(d.dim(), 2);
    EXPECT_EQ(d.X(0, 0), 1.5);
    EXPECT_EQ(d.X(1, 0), -2.0);
    EXPECT_EQ(d.X(0, 1), 0.1);
    EXPECT_EQ(d.X(1, 1), 1e-300);
    EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 1}));
    EXPECT_EQ(d.num_classes, 2);
  }
}

TEST_F(NpyReaderTest, FortranOrderIsTransposedAndIntegerTypesWiden) {
  // The same (3, 2) array in Fortran order: column 0 then column 1.
  const Matrix<double> f = ReadNpyDoubles(Write("f.npy", test::NpyDoubles({3, 2}, {1.5, 0.1, 3, -2, 1e-300, 4}, true)));
  const Matrix<double> c = ReadNpyDoubles(Write("c.npy", X()));
  EXPECT_EQ(f, c);
  EXPECT_EQ(c.rows(), 2);
  const std::vector<std::int32_t> i32 = {2, 0, 1};
  EXPECT_EQ(ReadNpyIntegers(Write("i4.npy", test::NpyBytes("<i4", {3}, i32.data(), 12))), (std::vector<std::int64_t>{2, 0, 1}));
  const unsigned char u1[] = {7, 0};
  EXPECT_EQ(ReadNpyIntegers(Write("u1.npy", test::NpyBytes("|u1", {2}, u1, 2))), (std::vector<std::int64_t>{7, 0}));
  const Matrix<double> v = ReadNpyDoubles(Write("v.npy", test::NpyDoubles({3}, {1, 2, 3})));
  EXPECT_EQ(v.rows(), 3);
  EXPECT_EQ(v.cols(), 1);
}

TEST_F(NpyReaderTest, MalformedFilesAreNamed) {
  const auto has = [](const std::string& what, const char* part) {
    EXPECT_NE(what.find(part), std::string::npos) << what << "  (expected: " << part << ")";
  };
  const double nan = std::numeric_limits<double>::quiet_NaN();
  has(ErrorOf(std::string("\x93NUMPZ\x01\x00", 8), Y()), "must start with");
  has(ErrorOf(std::string("\x93NUMPY\x04\x00", 8), Y()), "version 4.0 unsupported");
  has(ErrorOf(X().substr(0, 9), Y()), "truncated");
  has(ErrorOf(X().substr(0, X().size() - 1), Y()), "needs 48 bytes after the 128-byte header, but the file has 175");
  has(ErrorOf(X().substr(0, X().size() - 1), Y(), true), "truncated: the values");
  has(ErrorOf(X() + "z", Y(), true), "1 bytes after the data");
  has(ErrorOf(test::NpyDoubles({3, 2}, {1, 2, nan, 4, 5, 6}), Y()), "NaN at index [1, 0]");
  has(ErrorOf(test::NpyDoubles({3, 2}, {1, 2, 3, 4, 5, -HUGE_VAL}), Y()), "infinite value at index [2, 1]");
  has(ErrorOf(test::NpyDoubles({3, 2, 1}, {1, 2, 3, 4, 5, 6}), Y()), "a 1-D or 2-D array");
  has(ErrorOf(test::NpyDoubles({6}, {1, 2, 3, 4, 5, 6}), test::NpyInt64({0, 1, 0, 1, 0, 1})), "features are an (N, d)");
  has(ErrorOf(test::NpyBytes(">f8", {3, 2}, X().data() + 64, 48), Y()), "dtype '>f8' unsupported");
  has(ErrorOf(test::NpyBytes("<f4", {3, 2}, X().data() + 64, 24), Y()), "dtype '<f4' unsupported");
  has(ErrorOf(X(), test::NpyDoubles({3}, {0, 1, 1})), "integers are read");
  has(ErrorOf(X(), test::NpyInt64({0, 1})), "2 labels, but");
  has(ErrorOf(X(), test::NpyInt64({0, -1, 1})), "sample 1 is negative");
  has(ErrorOf(X(), test::NpyInt64({0, 2, 2})), "class 1 of K=3 has no samples");
  // A header claiming 2^62 values: refused from the shape alone.
  has(ErrorOf(test::NpyDoubles({std::uint64_t{1} << 31, std::uint64_t{1} << 31}, {}), Y()), "more than the limit");
  has(ErrorOf(test::NpyDoubles({std::uint64_t{1} << 40, std::uint64_t{1} << 40}, {}), Y()), "overflows 64 bits");
  has(ErrorOf(test::NpyDoubles({4096, 4096}, {1, 2}), Y(), true), "more than a");
  // A header length of 2^32 - 1 (version 2.0).
  has(ErrorOf(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff", 12), Y()), "more than 1 MiB");
}

}  // namespace
}  // namespace nrc
