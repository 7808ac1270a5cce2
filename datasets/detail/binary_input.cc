// nrc/datasets/detail/binary_input.cc
#include "datasets/detail/binary_input.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "datasets/data_error.h"
#include "io/input_file.h"

namespace nrc::detail {

BinaryInput::BinaryInput(const std::string& path) : path_(path) {
  // Regular files only, never blocking, a size cap (io/input_file.h); zlib
  // then reads the descriptor, and ReadSome counts the decompressed bytes
  // against the same cap.
  int fd = -1;
  try {
    InputFile file(path, InputKind::kBinaryData);
    file_size_ = file.size();
    fd = file.ReleaseDescriptor();
  } catch (const InputFileError& e) {
    Fail(e.reason());
  }
  unsigned char magic[2] = {0, 0};
  gzip_ = ::pread(fd, magic, 2, 0) == 2 && magic[0] == 0x1f && magic[1] == 0x8b;
  file_.reset(gzdopen(fd, "rb"));
  if (!file_) {
    ::close(fd);
    Fail("cannot open file: out of memory");
  }
  gzbuffer(file_.get(), 1 << 17);
}

std::uint64_t BinaryInput::MaxContentBytes() const {
  if (!gzip_) return file_size_;
  // Deflate expands at most 1032:1 per member; a member needs >= 18 bytes
  // of framing, so 1032 bytes per compressed byte bounds every case.
  constexpr std::uint64_t kRatio = 1032;
  return file_size_ > UINT64_MAX / kRatio ? UINT64_MAX : file_size_ * kRatio;
}

std::size_t BinaryInput::ReadSome(void* out, std::size_t n) {
  std::size_t done = 0;
  auto* bytes = static_cast<unsigned char*>(out);
  while (done < n) {
    const unsigned chunk = static_cast<unsigned>(std::min<std::size_t>(n - done, 1u << 30));
    const int got = gzread(file_.get(), bytes + done, chunk);
    int status = Z_OK;
    const char* message = gzerror(file_.get(), &status);
    if (got < 0 || (got == 0 && status != Z_OK)) {
      std::string why = status == Z_ERRNO ? std::strerror(errno) : message;
      // zlib prefixes its message with the stream's name: "<fd:3>: " (gzdopen).
      if (why.compare(0, 4, "<fd:") == 0 && why.find(">: ") != std::string::npos) why.erase(0, why.find(">: ") + 3);
      Fail("read error after " + std::to_string(offset_ + done) + " bytes: " + why);
    }
    if (got == 0) break;
    try {
      InputFile::CountDecompressed(path_, InputKind::kBinaryData, &counted_, static_cast<std::size_t>(got));
    } catch (const InputFileError& e) {
      Fail(e.reason());
    }
    done += static_cast<std::size_t>(got);
  }
  offset_ += done;
  return done;
}

void BinaryInput::ReadExactly(void* out, std::size_t n, const std::string& what) {
  const std::uint64_t start = offset_;
  if (ReadSome(out, n) != n) {
    Fail("truncated: " + what + " needs " + std::to_string(n) + " bytes from byte " + std::to_string(start) +
         ", the file ends after " + std::to_string(offset_));
  }
}

void BinaryInput::ExpectEnd() {
  const std::uint64_t end = offset_;
  unsigned char extra[4096];
  std::uint64_t count = 0;
  for (std::size_t got; (got = ReadSome(extra, sizeof extra)) > 0;) {
    count += got;
    if (count >= (std::uint64_t{1} << 20)) break;  // enough to say so
  }
  if (count > 0) {
    Fail((count >= (std::uint64_t{1} << 20) ? "at least " : "") + std::to_string(count) +
         " bytes after the data (which ends at byte " + std::to_string(end) + ")");
  }
}

void BinaryInput::Fail(const std::string& problem) const { throw DataError(path_, 0, 0, problem); }

}  // namespace nrc::detail
