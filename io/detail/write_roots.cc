#include "io/detail/write_roots.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <system_error>
#include <vector>

namespace nrc::io_detail {
namespace {

namespace fs = std::filesystem;

std::mutex& RootsMutex() {
  static std::mutex m;
  return m;
}
std::vector<fs::path>& Roots() {
  static std::vector<fs::path> roots;
  return roots;
}

// The number of leading components `dir` shares with `root` when root
// contains it (or is it), else -1.
int Depth(const fs::path& root, const fs::path& dir) {
  auto r = root.begin(), d = dir.begin();
  int n = 0;
  for (; r != root.end(); ++r, ++d, ++n) {
    if (d == dir.end() || *r != *d) return -1;
  }
  return n;
}

}  // namespace

fs::path NormalPath(const fs::path& p) {
  std::error_code ec;
  fs::path a = fs::absolute(p, ec);
  if (ec) a = p;
  a = a.lexically_normal();
  if (a.has_relative_path() && a.filename().empty()) a = a.parent_path();
  return a;
}

void AddWriteRoot(const fs::path& dir) {
  const fs::path n = NormalPath(dir);
  std::lock_guard<std::mutex> lock(RootsMutex());
  for (const auto& r : Roots())
    if (r == n) return;
  Roots().push_back(n);
}

FolderFd::~FolderFd() {
  if (fd_ >= 0) ::close(fd_);
}

FolderFd& FolderFd::operator=(FolderFd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    below_root_ = o.below_root_;
    o.fd_ = -1;
  }
  return *this;
}

void ThrowLinkRefusal(const std::string& what, const fs::path& link) {
  throw std::runtime_error("cannot write " + what + ": " + link.string() +
                           " is a symbolic link inside an nrc output folder (nrc never writes through a link it "
                           "did not make; remove the link)");
}

FolderFd OpenFolderForWriting(const fs::path& dir_in, bool create, const std::string& what) {
  const fs::path dir = dir_in.empty() ? fs::path(".") : dir_in;
  const fs::path normal = NormalPath(dir);
  fs::path root;
  int best = -1;
  {
    std::lock_guard<std::mutex> lock(RootsMutex());
    for (const auto& r : Roots()) {
      const int d = Depth(r, normal);
      if (d > best) best = d, root = r;
    }
  }
  auto fail = [&](const fs::path& where, int err) -> FolderFd {
    throw std::runtime_error("cannot write " + what + ": " + (where == dir ? std::string() : where.string() + ": ") +
                             std::strerror(err));
  };
  if (best < 0) {  // outside every root: as given
    if (create) {
      std::error_code ec;
      fs::create_directories(dir, ec);
    }
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return fail(dir, errno);
    return FolderFd(fd);
  }
  FolderFd current(::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (current.get() < 0) return fail(root, errno);
  fs::path reached = root;
  auto part = normal.begin();
  for (int i = 0; i < best; ++i) ++part;
  for (; part != normal.end(); ++part) {
    const std::string name = part->string();
    if (name.empty() || name == ".") continue;
    reached /= name;
    int fd = ::openat(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
      if (::mkdirat(current.get(), name.c_str(), 0777) != 0 && errno != EEXIST) return fail(reached, errno);
      fd = ::openat(current.get(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) {
      const int err = errno;
      struct stat st {};
      if ((err == ELOOP || err == ENOTDIR) && ::fstatat(current.get(), name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 &&
          S_ISLNK(st.st_mode)) {
        ThrowLinkRefusal(what, reached);
      }
      return fail(reached, err);
    }
    current = FolderFd(fd);
  }
  current.set_below_root(true);
  return current;
}

}  // namespace nrc::io_detail
