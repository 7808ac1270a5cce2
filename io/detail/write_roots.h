// nrc/io/detail/write_roots.h (internal to nrc_io)
//
// The folders below which this process writes without following symbolic
// links ("write roots"): the output folders it claimed (OutputFolder::Claim)
// and the folders a parent nrc process made for it (OutputFolder::Adopt).
// A root itself may be reached through links (the user named it); below it,
// every folder nrc writes into must be a real folder, never a link: nrc did
// not make such a link, and following it would write into files it does not
// own (issue 20, "lost user files").
#ifndef NRC_IO_DETAIL_WRITE_ROOTS_H_
#define NRC_IO_DETAIL_WRITE_ROOTS_H_

#include <filesystem>
#include <string>

namespace nrc::io_detail {

void AddWriteRoot(const std::filesystem::path& dir);

// Absolute and lexically normal, without a trailing separator (how roots
// and the folders compared with them are spelt).
std::filesystem::path NormalPath(const std::filesystem::path& p);

// An open folder (O_DIRECTORY, close-on-exec); closed by the destructor.
class FolderFd {
 public:
  explicit FolderFd(int fd = -1) : fd_(fd) {}
  FolderFd(FolderFd&& o) noexcept : fd_(o.fd_), below_root_(o.below_root_) { o.fd_ = -1; }
  FolderFd& operator=(FolderFd&& o) noexcept;
  FolderFd(const FolderFd&) = delete;
  ~FolderFd();
  int get() const { return fd_; }
  // True when the folder lies in or below a write root (links refused there).
  bool below_root() const { return below_root_; }
  void set_below_root(bool b) { below_root_ = b; }

 private:
  int fd_;
  bool below_root_ = false;
};

// Opens folder `dir` for writing into it. In or below a write root, every
// component below the root is opened with O_NOFOLLOW: a symbolic link there
// is refused (LinkRefusal); missing folders are created when `create`.
// Outside every root the folder is opened (and created) as given.
// Throws std::runtime_error("cannot write WHAT: reason") naming `what`.
FolderFd OpenFolderForWriting(const std::filesystem::path& dir, bool create, const std::string& what);

// "cannot write WHAT: LINK is a symbolic link inside an nrc output folder ..."
[[noreturn]] void ThrowLinkRefusal(const std::string& what, const std::filesystem::path& link);

}  // namespace nrc::io_detail

#endif  // NRC_IO_DETAIL_WRITE_ROOTS_H_
