// nrc/io/atomic_file.h
//
// Atomic output: a file is written to a temporary name in the same directory,
// flushed to disk, and renamed over the target. Readers see the old content or
// the new one, never a half-written file; an interrupted write leaves the
// earlier file untouched (and at worst a stray "*.tmp-*" file).
//
// Temporary names are never shared: "TARGET.tmp-HOST-PID-SERIAL" (host name,
// process id, a per-process counter), so processes on one machine, threads of
// one process, and processes on different machines writing into one shared
// folder (sharded sweeps on a cluster file system, `nrc sweep --shard`) never
// write into each other's temporary file. Concurrent writers of one target:
// the last rename wins and the file is always one complete version.
//
// Symbolic links: in and below an output folder this process claimed
// (io/output_folder.h), nrc writes through no link it did not make. Every
// folder below the claimed one is opened without following links and the
// target itself may not be a link: such a link is refused with
// std::runtime_error("cannot write PATH: LINK is a symbolic link inside an
// nrc output folder ..."), and nothing is written. The claimed folder and
// the path leading to it may be links (the user named them). Elsewhere
// (e.g. a --json FILE the user names), paths are used as given.
#ifndef NRC_IO_ATOMIC_FILE_H_
#define NRC_IO_ATOMIC_FILE_H_

#include <filesystem>
#include <string>

namespace nrc {

// Throws std::runtime_error("cannot write PATH: REASON") on any failure
// (missing or unwritable directory, full disk, ...); the target is then unchanged.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

// Creates folder `dir` and its missing parents (as create_directories does),
// refusing links as above; throws std::runtime_error("cannot write DIR: ...").
void CreateFolders(const std::filesystem::path& dir);

// Opens `path` for writing (created or truncated, mode 0644, close-on-exec)
// and returns the descriptor; links refused as above (the file itself
// included). Throws std::runtime_error("cannot write PATH: ...").
int OpenFileForWriting(const std::filesystem::path& path);

// Creates an empty file when it is missing (O_EXCL: true when this call
// created it, false when it was there); links refused as above.
bool CreateEmptyFile(const std::filesystem::path& path);

// Removes a file (a link itself, never what it points to); nothing when it
// is missing. Links among its folders refused as above.
void RemoveFile(const std::filesystem::path& path);

// Refuses (std::runtime_error as above, naming `path`) a symbolic link among
// the existing folders of `path` below an output folder, `path` itself
// included; missing parts are fine. For folders nrc reads before it writes
// into them (a sweep's point folders: reused only when they are nrc's own).
void CheckNoLinkBelowOutputFolder(const std::filesystem::path& path);

// A suffix unique to this call among every process that may share a folder:
// "HOST-PID-SERIAL". For temporary or probe files in shared folders.
std::string UniqueFileSuffix();

// Reads a whole file; throws std::runtime_error("cannot read PATH: REASON").
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace nrc

#endif  // NRC_IO_ATOMIC_FILE_H_
