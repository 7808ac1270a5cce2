#include "io/output_folder.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <mutex>
#include <stdexcept>
#include <string>
#include <system_error>
#include <vector>

#include "io/atomic_file.h"
#include "io/detail/write_roots.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

// What this process did to folders, for the end of the command.
struct State {
  std::mutex mutex;
  std::vector<fs::path> created;  // made by this process, shallowest first
  std::vector<fs::path> marked;   // existing folders this process wrote the marker into
  std::vector<fs::path> pending;  // claimed with --force: marked only on success
  std::vector<fs::path> claims;   // this process's claim files
};
State& Folders() {
  static State s;
  return s;
}

[[noreturn]] void Refuse(const fs::path& dir, const std::string& why) {
  throw std::invalid_argument("output folder " + dir.string() + ": " + why);
}

// "cannot create it: REASON" for the claimed folder, else naming the parent.
[[noreturn]] void CannotCreate(const fs::path& dir, const fs::path& claimed, const std::string& why) {
  Refuse(claimed, "cannot create " + (dir == claimed ? std::string("it") : dir.string()) + ": " + why);
}

bool StartsWith(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// Creates an empty file with O_EXCL; true when this call created it.
bool CreateExclusive(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return false;
  ::close(fd);
  return true;
}

// This machine's part of UniqueFileSuffix() ("HOST" of "HOST-PID-SERIAL").
const std::string& ThisHost() {
  static const std::string host = [] {
    std::string s = UniqueFileSuffix();
    for (int dash = 0; dash < 2; ++dash) s.erase(s.rfind('-'));
    return s;
  }();
  return host;
}

// A claim file left by a process of this machine that no longer exists.
bool IsStaleClaim(const std::string& name) {
  const std::string suffix = name.substr(std::strlen(OutputFolder::kClaimPrefix));
  const auto serial = suffix.rfind('-');
  if (serial == std::string::npos || serial == 0) return false;
  const auto pid_at = suffix.rfind('-', serial - 1);
  if (pid_at == std::string::npos || suffix.substr(0, pid_at) != ThisHost()) return false;
  const long pid = std::strtol(suffix.c_str() + pid_at + 1, nullptr, 10);
  return pid > 0 && pid != ::getpid() && ::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH;
}

// What an existing folder holds, as far as claiming goes: the marker, and
// whether anything besides nrc's own claim files and temporary folders.
struct Contents {
  bool marker = false;
  bool foreign = false;
  int entries = 0;
};

Contents Look(const fs::path& dir, bool remove_stale_claims) {
  Contents c;
  std::error_code ec;
  fs::directory_iterator it(dir, ec), end;
  for (; !ec && it != end; it.increment(ec)) {
    const std::string name = it->path().filename().string();
    ++c.entries;
    if (name == OutputFolder::kMarker) {
      c.marker = true;
    } else if (StartsWith(name, OutputFolder::kClaimPrefix)) {
      if (remove_stale_claims && IsStaleClaim(name)) ::unlink(it->path().c_str());
    } else if (!StartsWith(name, OutputFolder::kNewPrefix)) {
      c.foreign = true;
    }
  }
  if (ec) c.foreign = true;  // unreadable: cannot tell that it is nrc's
  return c;
}

enum class Made { kCreated, kTaken, kNoParent };

// Creates `dir` already marked: a private folder beside it (marker and, with
// `claim`, this process's claim file inside) renamed into place, never over
// anything. kTaken: something is at `dir` now (another claimer's folder).
Made MakeMarked(const fs::path& dir, const fs::path& refused, fs::path* claim) {
  const fs::path parent = dir.has_parent_path() ? dir.parent_path() : fs::path(".");
  const std::string suffix = UniqueFileSuffix();
  const fs::path tmp = parent / (std::string(OutputFolder::kNewPrefix) + suffix);
  const std::string claim_name = std::string(OutputFolder::kClaimPrefix) + suffix;
  if (::mkdir(tmp.c_str(), 0777) != 0) {
    if (errno == ENOENT) return Made::kNoParent;
    CannotCreate(dir, refused, std::strerror(errno));
  }
  auto discard = [&] {
    ::unlink((tmp / claim_name).c_str());
    ::unlink((tmp / OutputFolder::kMarker).c_str());
    ::rmdir(tmp.c_str());
  };
  if (!CreateExclusive(tmp / OutputFolder::kMarker) || (claim != nullptr && !CreateExclusive(tmp / claim_name))) {
    const int err = errno;
    discard();
    CannotCreate(dir, refused, std::strerror(err));
  }
  int rc = ::renameat2(AT_FDCWD, tmp.c_str(), AT_FDCWD, dir.c_str(), RENAME_NOREPLACE);
  // File systems without RENAME_NOREPLACE (NFS): rename never replaces a
  // non-empty folder, and a claimed one always holds its marker.
  if (rc != 0 && (errno == EINVAL || errno == ENOSYS)) rc = ::rename(tmp.c_str(), dir.c_str());
  if (rc == 0) {
    if (claim != nullptr) *claim = dir / claim_name;
    return Made::kCreated;
  }
  const int err = errno;
  discard();
  if (err == EEXIST || err == ENOTEMPTY || err == ENOTDIR || err == EISDIR) return Made::kTaken;
  if (err == ENOENT) return Made::kNoParent;
  CannotCreate(dir, refused, std::strerror(err));
}

// Missing parents of a claimed folder, each created marked (shallowest first).
void MakeParents(const fs::path& dir, const fs::path& claimed) {
  if (dir.empty()) return;
  for (int attempt = 0; attempt < 100; ++attempt) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) == 0) return;  // a file here: creating below it reports it
    if (errno != ENOENT) CannotCreate(dir, claimed, std::strerror(errno));
    const Made made = MakeMarked(dir, claimed, nullptr);
    if (made == Made::kNoParent) {
      MakeParents(dir.parent_path(), claimed);
      continue;
    }
    if (made == Made::kCreated) {
      std::lock_guard<std::mutex> lock(Folders().mutex);
      Folders().created.push_back(dir);
    }
    return;
  }
  CannotCreate(dir, claimed, "it keeps disappearing");
}

// Claims an existing folder: claim file first (so that no failing process
// removes the folder from under this one), then the look at its contents.
// False when the folder disappeared before the claim file was made.
bool Join(const fs::path& dir, bool force) {
  const fs::path claim = dir / (std::string(OutputFolder::kClaimPrefix) + UniqueFileSuffix());
  const int fd = ::open(claim.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) {
    if (errno == ENOENT) return false;
    if (errno == EACCES || errno == EPERM || errno == EROFS) Refuse(dir, "folder is not writable");
    Refuse(dir, std::strerror(errno));
  }
  ::close(fd);
  const Contents c = Look(dir, true);
  bool pending = false, marked = false;
  if (!c.marker) {
    if (c.foreign && !force) {
      ::unlink(claim.c_str());
      Refuse(dir, "folder is not empty and was not made by nrc (no " + std::string(OutputFolder::kMarker) +
                      " marker); use --force to write into it anyway");
    }
    if (c.foreign) pending = true;
    else marked = CreateExclusive(dir / OutputFolder::kMarker);
  }
  std::lock_guard<std::mutex> lock(Folders().mutex);
  Folders().claims.push_back(claim);
  if (pending) Folders().pending.push_back(io_detail::NormalPath(dir));
  if (marked) Folders().marked.push_back(dir);
  return true;
}

// Takes the marker away from a folder holding nothing else and, with
// `remove_folder`, the folder too (rmdir: fails on any content). If anything
// came in meanwhile, the marker is put back: the folder is nrc's again.
void UnmarkIfOnlyMarker(const fs::path& dir, bool remove_folder) {
  const Contents c = Look(dir, false);
  if (!c.marker || c.entries != 1) return;
  if (::unlink((dir / OutputFolder::kMarker).c_str()) != 0) return;
  if (remove_folder ? ::rmdir(dir.c_str()) == 0 : Look(dir, false).entries == 0) return;
  CreateExclusive(dir / OutputFolder::kMarker);
}

void ReleaseClaims(State& s) {
  for (const auto& claim : s.claims) ::unlink(claim.c_str());
  s.claims.clear();
}

}  // namespace

bool OutputFolder::IsClaimable(const fs::path& dir) {
  struct stat st {};
  if (::stat(dir.c_str(), &st) != 0) return errno == ENOENT;
  if (!S_ISDIR(st.st_mode)) return false;
  const Contents c = Look(dir, false);
  return c.marker || !c.foreign;
}

void OutputFolder::Mark(const fs::path& dir) {
  {
    std::lock_guard<std::mutex> lock(Folders().mutex);
    const auto& p = Folders().pending;
    if (std::find(p.begin(), p.end(), io_detail::NormalPath(dir)) != p.end()) return;
  }
  (void)CreateEmptyFile(dir / kMarker);
}

void OutputFolder::Adopt(const fs::path& dir) {
  struct stat st {};
  if (::lstat(dir.c_str(), &st) != 0) Refuse(dir, std::strerror(errno));
  if (S_ISLNK(st.st_mode)) {
    Refuse(dir, "is a symbolic link (nrc never writes through a link it did not make; remove the link)");
  }
  if (!S_ISDIR(st.st_mode)) Refuse(dir, "exists and is not a folder");
  io_detail::AddWriteRoot(dir);
}

void OutputFolder::Claim(const fs::path& given, bool force) {
  if (given.empty()) throw std::invalid_argument("output folder: empty name");
  std::string name = given.string();  // "out/" is "out": renamed into place by its name
  while (name.size() > 1 && name.back() == '/') name.pop_back();
  const fs::path dir = name;
  for (int attempt = 0; attempt < 100; ++attempt) {
    struct stat st {};
    if (::stat(dir.c_str(), &st) != 0) {
      if (errno != ENOENT) Refuse(dir, std::strerror(errno));
      if (::lstat(dir.c_str(), &st) == 0) {
        if (S_ISLNK(st.st_mode)) Refuse(dir, "is a symbolic link to nothing");
        continue;  // it appeared meanwhile
      }
      fs::path claim;
      const Made made = MakeMarked(dir, dir, &claim);
      if (made == Made::kNoParent) MakeParents(dir.parent_path(), dir);
      if (made != Made::kCreated) continue;  // another claimer's folder is there now: join it
      std::lock_guard<std::mutex> lock(Folders().mutex);
      Folders().created.push_back(dir);
      Folders().claims.push_back(claim);
      io_detail::AddWriteRoot(dir);
      return;
    }
    if (!S_ISDIR(st.st_mode)) Refuse(dir, "exists and is not a folder");
    if (Join(dir, force)) {
      io_detail::AddWriteRoot(dir);
      return;
    }
  }
  Refuse(dir, "it keeps appearing and disappearing (another process is removing it)");
}

void OutputFolder::CommitMarkers() {
  State& s = Folders();
  std::lock_guard<std::mutex> lock(s.mutex);
  for (const auto& dir : s.pending) CreateExclusive(dir / kMarker);
  ReleaseClaims(s);
  s.pending.clear();
  s.created.clear();
  s.marked.clear();
}

void OutputFolder::RemoveCreatedIfEmpty() {
  State& s = Folders();
  std::lock_guard<std::mutex> lock(s.mutex);
  ReleaseClaims(s);
  for (auto it = s.created.rbegin(); it != s.created.rend(); ++it) UnmarkIfOnlyMarker(*it, true);
  for (const auto& dir : s.marked) UnmarkIfOnlyMarker(dir, false);
  s.pending.clear();
  s.created.clear();
  s.marked.clear();
}

}  // namespace nrc
