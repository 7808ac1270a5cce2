// nrc/io/atomic_file.h
//
// Atomic output: a file is written to a temporary name in the same directory,
// flushed to disk, and renamed over the target. Readers see the old content or
// the new one, never a half-written file; an interrupted write leaves the
// earlier file untouched (and at worst a stray "*.tmp-*" file).
#ifndef NRC_IO_ATOMIC_FILE_H_
#define NRC_IO_ATOMIC_FILE_H_

#include <filesystem>
#include <string>

namespace nrc {

// Throws std::runtime_error("cannot write PATH: REASON") on any failure
// (missing or unwritable directory, full disk, ...); the target is then unchanged.
void WriteFileAtomically(const std::filesystem::path& path, const std::string& content);

// Reads a whole file; throws std::runtime_error("cannot read PATH: REASON").
std::string ReadWholeFile(const std::filesystem::path& path);

}  // namespace nrc

#endif  // NRC_IO_ATOMIC_FILE_H_
