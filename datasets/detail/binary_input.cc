// nrc/datasets/detail/binary_input.cc
#include "datasets/detail/binary_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>

#include "datasets/data_error.h"

namespace nrc::detail {

BinaryInput::BinaryInput(const std::string& path) : path_(path) {
  // O_NONBLOCK: opening a FIFO must not wait for a writer; the regular-file
  // check on the open descriptor (not the name) then refuses it.
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0) Fail(std::string("cannot open file: ") + std::strerror(errno));
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    ::close(fd);
    Fail(S_ISDIR(st.st_mode) ? "is a directory" : "not a regular file");
  }
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags >= 0) ::fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  file_size_ = static_cast<std::uint64_t>(st.st_size);
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
      if (why.compare(0, path_.size() + 2, path_ + ": ") == 0) why.erase(0, path_.size() + 2);
      Fail("read error after " + std::to_string(offset_ + done) + " bytes: " + why);
    }
    if (got == 0) break;
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
