// nrc/io/input_file.h
//
// InputFile: the one way nrc opens a file it reads (configurations, run
// folders, export folders, data sets, logs of child programs). Every reader
// goes through it; tests/input_readers_test.sh fails the build's tests when a
// source file outside io/ opens a file another way (std::ifstream, fopen,
// gzopen, json::parse of a file, ...).
//
// Contract:
//   - only regular files are read. The file is opened with O_NONBLOCK, so a
//     FIFO without a writer, a terminal or a socket never blocks the open; then
//     fstat decides: anything but a regular file (a FIFO, a character device
//     such as /dev/zero or /dev/stdin on a terminal, a directory, a socket) is
//     refused with "cannot read PATH: not a regular file (a FIFO)". O_NONBLOCK
//     is cleared before reading. There is no exception to this rule: data from
//     a pipe must be saved to a file first (so that a run's inputs can be read
//     twice and hashed).
//   - every kind of file has a size cap (InputKind below, MaxBytes): a file
//     larger than its cap is refused before anything is allocated, and reads
//     go through a bounded loop that stops at the cap, so a file that grows
//     while it is read (or a /proc file whose size says 0) cannot exhaust
//     memory. The message names the file and the limit:
//     "cannot read PATH: larger than 16 MiB, the limit for a JSON configuration".
//   - errors are InputFileError (a std::runtime_error) with one line,
//     "cannot read PATH: REASON" (PATH with control characters shown as '?');
//     reason() is REASON alone, for readers that name the file their own way.
// Compressed data (gzip CSV, IDX): open the file here, then hand the
// descriptor to zlib with gzdopen(ReleaseDescriptor(), "rb") and count the
// decompressed bytes against MaxBytes(kind) (CountDecompressed).
#ifndef NRC_IO_INPUT_FILE_H_
#define NRC_IO_INPUT_FILE_H_

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace nrc {

enum class InputKind {
  kConfig,      // JSON written by a person: train/sweep configs, point.json   16 MiB
  kRunRecord,   // JSON of a run or export folder: model.json, log.json,
                // analysis.json, export.json                                  1 GiB
  kCsvData,     // a CSV data set (plain, or its decompressed text)            16 GiB
  kBinaryData,  // a binary data set (IDX, .npy; or its decompressed bytes)    16 GiB
  kText,        // a text file nrc reads back (logs of child programs,
                // CMakeCache.txt, a saved counterexample)                     64 MiB
  kLogTail,     // a log of a child program of which only the tail is read
                // (SkipTo, then a few KiB)                                     1 TiB
};

class InputFileError : public std::runtime_error {
 public:
  InputFileError(const std::filesystem::path& path, const std::string& reason);
  const std::string& reason() const { return reason_; }

 private:
  std::string reason_;
};

class InputFile {
 public:
  // The cap in bytes and the kind's name for messages.
  static std::uint64_t MaxBytes(InputKind kind);
  static const char* KindName(InputKind kind);
  // "16 MiB", "1 GiB": a byte count for messages.
  static std::string FormatBytes(std::uint64_t bytes);

  // Opens PATH (see the contract above); throws std::runtime_error.
  InputFile(const std::filesystem::path& path, InputKind kind);
  ~InputFile();
  InputFile(InputFile&& other) noexcept;
  InputFile& operator=(InputFile&&) = delete;
  InputFile(const InputFile&) = delete;
  InputFile& operator=(const InputFile&) = delete;

  const std::filesystem::path& path() const { return path_; }
  InputKind kind() const { return kind_; }
  // st_size when opened.
  std::uint64_t size() const { return size_; }

  // Reads at most n bytes (fewer at the end; 0 = end of file). Throws when the
  // bytes read so far exceed MaxBytes(kind) or on a read error.
  std::size_t Read(char* buffer, std::size_t n);
  // The rest of the file, through Read.
  std::string ReadAll();
  // Continues reading at byte OFFSET from the start (e.g. the tail of a log).
  void SkipTo(std::uint64_t offset);
  // The descriptor for a library that reads by itself (gzdopen); the caller
  // owns it afterwards. Such a caller counts what it reads with
  // CountDecompressed.
  int ReleaseDescriptor();
  // Adds n decompressed (or otherwise produced) bytes to a running total and
  // throws the size-cap error once the total exceeds MaxBytes(kind).
  static void CountDecompressed(const std::filesystem::path& path, InputKind kind, std::uint64_t* total,
                                std::size_t n);

  // Throws InputFileError(path, reason).
  [[noreturn]] static void Fail(const std::filesystem::path& path, const std::string& reason);

 private:
  std::filesystem::path path_;
  InputKind kind_;
  int fd_ = -1;
  std::uint64_t size_ = 0;
  std::uint64_t read_ = 0;
};

// InputFile(path, kind).ReadAll(): the whole file.
std::string ReadInputFile(const std::filesystem::path& path, InputKind kind);

}  // namespace nrc

#endif  // NRC_IO_INPUT_FILE_H_
