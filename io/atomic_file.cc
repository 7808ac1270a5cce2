#include "io/atomic_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace nrc {

std::string UniqueFileSuffix() {
  static std::atomic<unsigned long long> serial{0};
  char host[256] = "host";
  if (::gethostname(host, sizeof host - 1) != 0) std::strcpy(host, "host");
  host[sizeof host - 1] = '\0';
  std::string h(host);
  for (char& c : h)
    if (c == '/' || c == '\0') c = '_';
  return h + "-" + std::to_string(::getpid()) + "-" + std::to_string(serial.fetch_add(1));
}

void WriteFileAtomically(const std::filesystem::path& path, const std::string& content) {
  const std::string target = path.string();
  const std::string tmp = target + ".tmp-" + UniqueFileSuffix();
  auto fail = [&](const std::string& why) {
    ::unlink(tmp.c_str());
    throw std::runtime_error("cannot write " + target + ": " + why);
  };
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) fail(std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      fail(why);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0 || ::close(fd) != 0) fail(std::strerror(errno));
  if (::rename(tmp.c_str(), target.c_str()) != 0) fail(std::strerror(errno));
}

std::string ReadWholeFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path.string() + ": " + std::strerror(errno));
  std::ostringstream s;
  s << in.rdbuf();
  if (in.bad()) throw std::runtime_error("cannot read " + path.string() + ": read error");
  return s.str();
}

}  // namespace nrc
