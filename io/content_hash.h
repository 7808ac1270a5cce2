// nrc/io/content_hash.h
//
// Sha256Hex: the SHA-256 digest of a byte string (OpenSSL's EVP interface,
// Debian's libssl-dev), as 64 lower-case hex digits. nrc uses it to bind the
// files of a run directory together and to detect any change to them
// (training/run_directory.h). It is an unkeyed hash: it detects accidental and
// careless edits (one digit, one swapped file), not an adversary who rewrites
// the hash as well -- against that, nrc recomputes what it reports (the
// stationarity certificate, the analyses) from the stored network.
// Sha256 computes the same digest incrementally, for content too large to
// hold twice (Update(a); Update(b) == Sha256Hex(a + b)).
// Throws std::runtime_error if OpenSSL fails (out of memory).
#ifndef NRC_IO_CONTENT_HASH_H_
#define NRC_IO_CONTENT_HASH_H_

#include <memory>
#include <string>
#include <string_view>

namespace nrc {

std::string Sha256Hex(std::string_view bytes);

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  void Update(std::string_view bytes);
  // The digest of everything passed to Update, as 64 lower-case hex digits;
  // call once.
  std::string HexDigest();

 private:
  struct Context;
  std::unique_ptr<Context> context_;
};

}  // namespace nrc

#endif  // NRC_IO_CONTENT_HASH_H_
