#include "io/atomic_file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "io/detail/write_roots.h"

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

namespace {

namespace fs = std::filesystem;

// The folder of `path`, opened for writing (links refused below a root), and
// the file's name in it; a link as the file itself is refused there too.
struct Target {
  io_detail::FolderFd folder;
  std::string name;
};

Target OpenTarget(const fs::path& path, bool create_folders) {
  const std::string what = path.string();
  Target t{io_detail::OpenFolderForWriting(path.parent_path(), create_folders, what), path.filename().string()};
  if (t.name.empty()) throw std::runtime_error("cannot write " + what + ": not a file name");
  struct stat st {};
  if (t.folder.below_root() && ::fstatat(t.folder.get(), t.name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISLNK(st.st_mode)) {
    io_detail::ThrowLinkRefusal(what, path);
  }
  return t;
}

}  // namespace

void WriteFileAtomically(const fs::path& path, const std::string& content) {
  const std::string target = path.string();
  const Target t = OpenTarget(path, false);
  const std::string tmp = t.name + ".tmp-" + UniqueFileSuffix();
  auto fail = [&](const std::string& why) {
    ::unlinkat(t.folder.get(), tmp.c_str(), 0);
    throw std::runtime_error("cannot write " + target + ": " + why);
  };
  const int fd = ::openat(t.folder.get(), tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
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
  if (::renameat(t.folder.get(), tmp.c_str(), t.folder.get(), t.name.c_str()) != 0) fail(std::strerror(errno));
}

void CreateFolders(const fs::path& dir) { (void)io_detail::OpenFolderForWriting(dir, true, dir.string()); }

int OpenFileForWriting(const fs::path& path) {
  const Target t = OpenTarget(path, false);
  const int follow = t.folder.below_root() ? O_NOFOLLOW : 0;
  const int fd = ::openat(t.folder.get(), t.name.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | follow, 0644);
  if (fd < 0) {
    if (errno == ELOOP && follow != 0) io_detail::ThrowLinkRefusal(path.string(), path);
    throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
  }
  return fd;
}

void CheckNoLinkBelowOutputFolder(const fs::path& path) {
  fs::path existing = path;
  struct stat st {};
  while (!existing.empty() && ::lstat(existing.c_str(), &st) != 0) existing = existing.parent_path();
  if (!existing.empty() && (S_ISDIR(st.st_mode) || S_ISLNK(st.st_mode))) {
    (void)io_detail::OpenFolderForWriting(existing, false, path.string());
  }
}

bool CreateEmptyFile(const fs::path& path) {
  const Target t = OpenTarget(path, false);
  const int fd = ::openat(t.folder.get(), t.name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd >= 0) {
    ::close(fd);
    return true;
  }
  if (errno == EEXIST) return false;
  throw std::runtime_error("cannot write " + path.string() + ": " + std::strerror(errno));
}

void RemoveFile(const fs::path& path) {
  const Target t = OpenTarget(path, false);
  if (::unlinkat(t.folder.get(), t.name.c_str(), 0) != 0 && errno != ENOENT) {
    throw std::runtime_error("cannot remove " + path.string() + ": " + std::strerror(errno));
  }
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
