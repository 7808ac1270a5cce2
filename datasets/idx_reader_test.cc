#include "datasets/idx_reader.h"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "tests/support/binary_files.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

class IdxReaderTest : public test::DataFilesTest {
 protected:
  // 3 images of 2 x 2 pixels, labels 0, 1, 0.
  static std::string Images() { return test::IdxBytes({3, 2, 2}, {0, 255, 1, 2, 3, 4, 5, 6, 7, 8, 9, 128}); }
  static std::string Labels() { return test::IdxBytes({3}, {0, 1, 0}); }

  // Reads a pair where one file is broken; returns the one-line message.
  std::string ErrorOf(const std::string& images, const std::string& labels, bool gzip = false,
                      IdxOptions options = {}) {
    const std::string ip = Write("i.idx3", images, gzip), lp = Write("l.idx1", labels, gzip);
    return test::OneLineDataError([&] { ReadIdxDataset(ip, lp, options); }, ip, lp);
  }
};

TEST_F(IdxReaderTest, ReadsPixelsScaledExactlyAndLabels) {
  for (bool gzip : {false, true}) {
    const Dataset d = ReadIdxDataset(Write("a-images-idx3", Images(), gzip), Write("a-labels-idx1", Labels(), gzip));
    ASSERT_EQ(d.size(), 3);
    ASSERT_EQ(d.dim(), 4);
    EXPECT_EQ(d.num_classes, 2);
    EXPECT_EQ(d.labels, (std::vector<int>{0, 1, 0}));
    EXPECT_EQ(d.X(0, 0), 0.0);
    EXPECT_EQ(d.X(1, 0), 1.0);
    EXPECT_EQ(d.X(2, 0), 1.0 / 255.0);  // row-major pixels: sample 0 = bytes 0..3
    EXPECT_EQ(d.X(3, 2), 128.0 / 255.0);
    EXPECT_EQ(d.X(0, 1), 3.0 / 255.0);
    EXPECT_TRUE(d.class_names.empty());
  }
}

TEST_F(IdxReaderTest, ExpectedClassesWidensKButNeedsEveryClass) {
  IdxOptions o;
  o.expected_classes = 2;
  EXPECT_EQ(ReadIdxDataset(Write("i", Images()), Write("l", Labels()), o).num_classes, 2);
  EXPECT_NE(ErrorOf(Images(), Labels(), false, IdxOptions{3}).find("class 2 of K=3 has no samples"), std::string::npos);
  EXPECT_NE(ErrorOf(Images(), test::IdxBytes({3}, {0, 1, 2}), false, IdxOptions{2}).find("sample 2 is 2, not below K=2"),
            std::string::npos);
}

TEST_F(IdxReaderTest, MalformedHeadersAreNamed) {
  const auto has = [](const std::string& what, const char* part) {
    EXPECT_NE(what.find(part), std::string::npos) << what << "  (expected: " << part << ")";
  };
  has(ErrorOf(std::string("\x01\x00\x08\x03", 4), Labels()), "two zero bytes");
  has(ErrorOf(test::IdxBytes({3, 2, 2}, std::vector<unsigned char>(12 * 4), 0x0D), Labels()), "type 0x0D unsupported");
  has(ErrorOf(test::IdxBytes({}, {}), Labels()), "0 dimensions");
  has(ErrorOf(test::IdxBytes({12}, std::vector<unsigned char>(12)), Labels()), "need >= 2 dimensions");
  has(ErrorOf(Images(), test::IdxBytes({3, 1}, {0, 1, 0})), "labels need 1 dimension");
  has(ErrorOf(test::IdxBytes({3, 0, 2}, {}), Labels()), "dimension 2 is 0");
  has(ErrorOf(std::string("\0\0\x08\x03\0\0", 6), Labels()), "truncated: IDX dimension 1");
  has(ErrorOf("", Labels()), "truncated: the IDX header");
}

TEST_F(IdxReaderTest, SizesAreCheckedAgainstTheFileBeforeAllocating) {
  const auto has = [](const std::string& what, const char* part) {
    EXPECT_NE(what.find(part), std::string::npos) << what << "  (expected: " << part << ")";
  };
  // dims whose product overflows 32 bits and would be 2^63 bytes as doubles.
  has(ErrorOf(test::IdxBytes({0xFFFFFFFFu, 0xFFFFu, 0xFFFFu}, {}), Labels()), "features per sample");
  has(ErrorOf(test::IdxBytes({0x7FFFFFFFu, 0x7FFFu}, {}), Labels()), "more than the limit");
  has(ErrorOf(test::IdxBytes({60000, 28, 28}, {1, 2, 3}), Labels()), "declares 47040000 value bytes");
  has(ErrorOf(test::IdxBytes({60000, 28, 28}, {1, 2, 3}), Labels(), true), "more than a");
  has(ErrorOf(Images() + "x", Labels()), "but the file has 29 bytes");
  has(ErrorOf(Images() + "xy", Labels(), true), "2 bytes after the data");
  has(ErrorOf(Images().substr(0, 20), Labels(), true), "truncated: the pixel values");
  has(ErrorOf(Images(), test::IdxBytes({4}, {0, 1, 0, 1})), "4 labels, but");
  std::string gz = test::IdxBytes({3, 2, 2}, std::vector<unsigned char>(12));
  const std::string p = Write("z", gz, true);
  std::string bytes;
  {
    std::ifstream in(p, std::ios::binary);
    bytes.assign(std::istreambuf_iterator<char>(in), {});
  }
  bytes.resize(bytes.size() - 6);  // cut the gzip trailer
  has(ErrorOf(bytes, Labels()), "");  // either truncated or read error, one line
}

TEST_F(IdxReaderTest, OnlyRegularFiles) {
  EXPECT_THROW(ReadIdxDataset((dir_ / "missing").string(), Write("l", Labels())), DataError);
  EXPECT_THROW(ReadIdxDataset(dir_.string(), Write("l", Labels())), DataError);
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  try {
    ReadIdxDataset(fifo.string(), Write("l", Labels()));  // must not block waiting for a writer
    FAIL();
  } catch (const DataError& e) {
    EXPECT_NE(std::string(e.what()).find("not a regular file"), std::string::npos) << e.what();
  }
}

TEST(IdxLabelsPathFor, MnistNamingRule) {
  EXPECT_EQ(IdxLabelsPathFor("/d/train-images-idx3-ubyte.gz"), "/d/train-labels-idx1-ubyte.gz");
  EXPECT_EQ(IdxLabelsPathFor("t10k-images.idx3-ubyte"), "t10k-labels.idx1-ubyte");
  EXPECT_EQ(IdxLabelsPathFor("/images/x.idx3"), "");
  EXPECT_EQ(IdxLabelsPathFor("my-images"), "my-labels");
}

}  // namespace
}  // namespace nrc
