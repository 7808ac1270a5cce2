#include "io/input_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "io/quoted.h"

namespace nrc {
namespace {

const char* FileTypeName(mode_t mode) {
  if (S_ISDIR(mode)) return "a directory";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISCHR(mode)) return "a character device";
  if (S_ISBLK(mode)) return "a block device";
  if (S_ISSOCK(mode)) return "a socket";
  return "not a plain file";
}

}  // namespace

std::uint64_t InputFile::MaxBytes(InputKind kind) {
  constexpr std::uint64_t kMiB = std::uint64_t{1} << 20, kGiB = kMiB << 10;
  switch (kind) {
    case InputKind::kConfig: return 16 * kMiB;
    case InputKind::kRunRecord: return kGiB;
    case InputKind::kCsvData: return 16 * kGiB;
    case InputKind::kBinaryData: return 16 * kGiB;
    case InputKind::kText: return 64 * kMiB;
    case InputKind::kLogTail: return kGiB << 10;
  }
  return 0;
}

const char* InputFile::KindName(InputKind kind) {
  switch (kind) {
    case InputKind::kConfig: return "a JSON configuration";
    case InputKind::kRunRecord: return "a run or export record (JSON)";
    case InputKind::kCsvData: return "a CSV data set (decompressed)";
    case InputKind::kBinaryData: return "a binary data set (decompressed)";
    case InputKind::kText: return "a text file";
    case InputKind::kLogTail: return "a log";
  }
  return "a file";
}

std::string InputFile::FormatBytes(std::uint64_t bytes) {
  static const char* kUnits[] = {"bytes", "KiB", "MiB", "GiB", "TiB"};
  int unit = 0;
  while (unit < 4 && bytes >= 1024 && bytes % 1024 == 0) {
    bytes /= 1024;
    ++unit;
  }
  return std::to_string(bytes) + " " + kUnits[unit];
}

InputFileError::InputFileError(const std::filesystem::path& path, const std::string& reason)
    : std::runtime_error("cannot read " + CutForMessage(path.string(), 300) + ": " + reason), reason_(reason) {}

void InputFile::Fail(const std::filesystem::path& path, const std::string& reason) {
  throw InputFileError(path, reason);
}

InputFile::InputFile(const std::filesystem::path& path, InputKind kind) : path_(path), kind_(kind) {
  // O_NONBLOCK: opening a FIFO that has no writer returns at once instead of
  // waiting for one; O_NOCTTY: a terminal never becomes the controlling one.
  fd_ = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd_ < 0) Fail(path, std::strerror(errno));
  struct stat st {};
  if (::fstat(fd_, &st) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    Fail(path, why);
  }
  if (!S_ISREG(st.st_mode)) {
    ::close(fd_);
    Fail(path, std::string("not a regular file (") + FileTypeName(st.st_mode) + ")");
  }
  const int flags = ::fcntl(fd_, F_GETFL);
  if (flags < 0 || ::fcntl(fd_, F_SETFL, flags & ~O_NONBLOCK) != 0) {
    const std::string why = std::strerror(errno);
    ::close(fd_);
    Fail(path, why);
  }
  size_ = static_cast<std::uint64_t>(st.st_size);
  if (size_ > MaxBytes(kind)) {
    ::close(fd_);
    Fail(path, "larger than " + FormatBytes(MaxBytes(kind)) + ", the limit for " + KindName(kind) + " (" +
                   std::to_string(size_) + " bytes)");
  }
}

InputFile::~InputFile() {
  if (fd_ >= 0) ::close(fd_);
}

InputFile::InputFile(InputFile&& other) noexcept
    : path_(std::move(other.path_)), kind_(other.kind_), fd_(other.fd_), size_(other.size_), read_(other.read_) {
  other.fd_ = -1;
}

void InputFile::CountDecompressed(const std::filesystem::path& path, InputKind kind, std::uint64_t* total,
                                  std::size_t n) {
  *total += n;
  if (*total > MaxBytes(kind)) {
    Fail(path, "larger than " + FormatBytes(MaxBytes(kind)) + ", the limit for " + KindName(kind));
  }
}

std::size_t InputFile::Read(char* buffer, std::size_t n) {
  if (fd_ < 0) Fail(path_, "the file was handed over (ReleaseDescriptor)");
  for (;;) {
    const ssize_t got = ::read(fd_, buffer, n);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) Fail(path_, std::strerror(errno));
    CountDecompressed(path_, kind_, &read_, static_cast<std::size_t>(got));
    return static_cast<std::size_t>(got);
  }
}

std::string InputFile::ReadAll() {
  std::string text;
  // size_ <= MaxBytes(kind) was checked at open; the file may still grow or
  // shrink (or be a /proc file whose size says 0): the loop decides.
  text.reserve(static_cast<std::size_t>(size_));
  char chunk[1 << 16];
  while (const std::size_t got = Read(chunk, sizeof chunk)) text.append(chunk, got);
  return text;
}

void InputFile::SkipTo(std::uint64_t offset) {
  if (fd_ < 0 || ::lseek(fd_, static_cast<off_t>(offset), SEEK_SET) < 0) Fail(path_, "cannot seek");
}

int InputFile::ReleaseDescriptor() {
  const int fd = fd_;
  fd_ = -1;
  return fd;
}

std::string ReadInputFile(const std::filesystem::path& path, InputKind kind) {
  return InputFile(path, kind).ReadAll();
}

}  // namespace nrc
