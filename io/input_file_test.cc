#include "io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "tests/support/temp_dir_fixture.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

class InputFileTest : public test::TempDirFixture {
 protected:
  fs::path Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ / name, std::ios::binary) << text;
    return dir_ / name;
  }
  // The message of the runtime_error reading PATH throws ("" if none).
  static std::string ReadError(const fs::path& path, InputKind kind) {
    try {
      (void)ReadInputFile(path, kind);
    } catch (const std::runtime_error& e) {
      return e.what();
    }
    return "";
  }
};

TEST_F(InputFileTest, ReadsARegularFileWhole) {
  std::string text(200000, 'x');
  text[7] = '\0';  // NUL bytes are data
  const fs::path p = Write("a.txt", text);
  EXPECT_EQ(ReadInputFile(p, InputKind::kText), text);
  InputFile f(p, InputKind::kConfig);
  EXPECT_EQ(f.size(), text.size());
  EXPECT_EQ(ReadInputFile(Write("empty", ""), InputKind::kConfig), "");
}

TEST_F(InputFileTest, AFifoWithoutWriterIsRefusedWithoutBlocking) {
  const fs::path fifo = dir_ / "fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Without O_NONBLOCK this open would wait forever for a writer.
  EXPECT_EQ(ReadError(fifo, InputKind::kConfig), "cannot read " + fifo.string() + ": not a regular file (a FIFO)");
}

TEST_F(InputFileTest, DevicesDirectoriesAndMissingFilesAreRefused) {
  EXPECT_EQ(ReadError("/dev/zero", InputKind::kCsvData), "cannot read /dev/zero: not a regular file (a character device)");
  EXPECT_EQ(ReadError(dir_, InputKind::kRunRecord), "cannot read " + dir_.string() + ": not a regular file (a directory)");
  EXPECT_EQ(ReadError(dir_ / "none", InputKind::kConfig),
            "cannot read " + (dir_ / "none").string() + ": No such file or directory");
}

TEST_F(InputFileTest, AFileLargerThanItsKindsCapIsRefusedBeforeReading) {
  const fs::path p = Write("big.json", "{}");
  fs::resize_file(p, InputFile::MaxBytes(InputKind::kConfig) + 1);  // sparse: nothing is written
  EXPECT_EQ(ReadError(p, InputKind::kConfig),
            "cannot read " + p.string() + ": larger than 16 MiB, the limit for a JSON configuration (16777217 bytes)");
  fs::resize_file(p, InputFile::MaxBytes(InputKind::kConfig));  // exactly the cap is allowed
  EXPECT_EQ(ReadError(p, InputKind::kConfig), "");
  fs::resize_file(p, InputFile::MaxBytes(InputKind::kRunRecord) + 1);
  EXPECT_NE(ReadError(p, InputKind::kRunRecord).find("larger than 1 GiB, the limit for a run or export record"),
            std::string::npos);
}

TEST_F(InputFileTest, AFileThatGrowsWhileReadStopsAtTheCap) {
  const fs::path p = Write("grows.log", "start\n");
  InputFile f(p, InputKind::kText);
  // The file grows after the size check at open: the read loop stops it.
  fs::resize_file(p, InputFile::MaxBytes(InputKind::kText) + 100);
  try {
    (void)f.ReadAll();
    FAIL() << "read past the cap";
  } catch (const std::runtime_error& e) {
    EXPECT_EQ(std::string(e.what()), "cannot read " + p.string() + ": larger than 64 MiB, the limit for a text file");
  }
}

TEST_F(InputFileTest, DecompressedBytesAreCountedAgainstTheCap) {
  std::uint64_t total = 0;
  const std::uint64_t cap = InputFile::MaxBytes(InputKind::kText);
  EXPECT_NO_THROW(InputFile::CountDecompressed("x.gz", InputKind::kText, &total, cap));
  EXPECT_THROW(InputFile::CountDecompressed("x.gz", InputKind::kText, &total, 1), std::runtime_error);
}

TEST_F(InputFileTest, ProcFilesWhoseSizeSaysZeroAreReadThroughTheLoop) {
  const std::string status = ReadInputFile("/proc/self/status", InputKind::kText);
  EXPECT_NE(status.find("Pid:"), std::string::npos);
}

TEST_F(InputFileTest, AReleasedDescriptorBelongsToTheCaller) {
  InputFile f(Write("a", "abc"), InputKind::kText);
  const int fd = f.ReleaseDescriptor();
  ASSERT_GE(fd, 0);
  EXPECT_EQ(::fcntl(fd, F_GETFL) & O_NONBLOCK, 0);  // cleared after the type check
  char c = 0;
  EXPECT_EQ(::read(fd, &c, 1), 1);
  EXPECT_EQ(c, 'a');
  ::close(fd);
  EXPECT_THROW(f.ReadAll(), std::runtime_error);
}

TEST_F(InputFileTest, FormatBytesNamesTheUnit) {
  EXPECT_EQ(InputFile::FormatBytes(16u << 20), "16 MiB");
  EXPECT_EQ(InputFile::FormatBytes(std::uint64_t{1} << 30), "1 GiB");
  EXPECT_EQ(InputFile::FormatBytes(1000), "1000 bytes");
}

}  // namespace
}  // namespace nrc
