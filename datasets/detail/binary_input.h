// nrc/datasets/detail/binary_input.h
//
// BinaryInput: the bytes of a binary data file (IDX, .npy), plain or gzip
// (zlib reads both; the format is told by the content, not the name), read
// in order with exact-length reads. Opened through io/input_file.h (regular
// files only, never blocking; InputKind::kBinaryData's size cap on the file
// and on the decompressed bytes); the file's size on disk and whether it
// is gzip are known before any payload is read, so readers can check the
// sizes a header claims before allocating anything.
// Errors: DataError(path, 0, 0, problem) -- unreadable or not a regular file,
// broken gzip stream, file shorter than a read asks.
#ifndef NRC_DATASETS_DETAIL_BINARY_INPUT_H_
#define NRC_DATASETS_DETAIL_BINARY_INPUT_H_

#include <zlib.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace nrc::detail {

class BinaryInput {
 public:
  explicit BinaryInput(const std::string& path);

  const std::string& path() const { return path_; }
  // Size of the file on disk (compressed size for gzip).
  std::uint64_t file_size() const { return file_size_; }
  bool gzip() const { return gzip_; }
  // Uncompressed bytes consumed so far.
  std::uint64_t offset() const { return offset_; }
  // The most uncompressed bytes the file can hold (file_size for a plain
  // file; for gzip, deflate's largest expansion 1032:1 plus a margin): a
  // header claiming more than this is lying.
  std::uint64_t MaxContentBytes() const;

  // Reads up to n bytes; returns how many (fewer only at the end of the file).
  std::size_t ReadSome(void* out, std::size_t n);
  // Reads exactly n bytes; `what` names them in the error
  // ("truncated: WHAT needs N bytes, the file ends after M").
  void ReadExactly(void* out, std::size_t n, const std::string& what);
  // Throws DataError unless the file ends here ("N bytes after the data").
  void ExpectEnd();

  [[noreturn]] void Fail(const std::string& problem) const;

 private:
  struct GzClose {
    void operator()(gzFile f) const { gzclose(f); }
  };
  std::string path_;
  std::unique_ptr<gzFile_s, GzClose> file_;
  std::uint64_t file_size_ = 0, offset_ = 0, counted_ = 0;
  bool gzip_ = false;
};

}  // namespace nrc::detail

#endif  // NRC_DATASETS_DETAIL_BINARY_INPUT_H_
