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
#ifndef NRC_IO_ATOMIC_FILE_H_
#define NRC_IO_ATOMIC_FILE_H_

#include <filesystem>
#include <string>

namespace nrc {

// Throws std::runtime_error("cannot write PATH: REASON") on any failure
// (missing or unwritable directory, full disk, ...); the target is then unchanged.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

// A suffix unique to this call among every process that may share a folder:
// "HOST-PID-SERIAL". For temporary or probe files in shared folders.
std::string UniqueFileSuffix();

// Reads a whole file; throws std::runtime_error("cannot read PATH: REASON").
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace nrc

#endif  // NRC_IO_ATOMIC_FILE_H_
