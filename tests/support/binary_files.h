// nrc/tests/support/binary_files.h
//
// Small binary data files for reader tests: IDX and .npy byte strings built
// field by field (so a test can break any one field), file writers, plain
// or gzip, and DataFilesTest, a fixture that writes them into its own
// temporary directory.
#ifndef NRC_TESTS_SUPPORT_BINARY_FILES_H_
#define NRC_TESTS_SUPPORT_BINARY_FILES_H_

#include <zlib.h>

#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include <functional>

#include "datasets/data_error.h"
#include "datasets/npy_header.h"
#include "tests/support/temp_dir_fixture.h"

namespace nrc::test {

// An IDX file: magic 0, 0, type, dims.size(); big-endian dims; the values.
inline std::string IdxBytes(const std::vector<std::uint32_t>& dims, const std::vector<unsigned char>& values,
                            unsigned char type = 0x08) {
  std::string out = {'\0', '\0', static_cast<char>(type), static_cast<char>(dims.size())};
  for (std::uint32_t d : dims) {
    for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((d >> shift) & 0xff);
  }
  out.append(values.begin(), values.end());
  return out;
}

// A .npy file: the canonical preamble (NpyHeader::Serialize) and raw values.
inline std::string NpyBytes(const std::string& descr, const std::vector<std::uint64_t>& shape, const void* values,
                            std::size_t bytes, bool fortran_order = false) {
  NpyHeader h;
  h.descr = descr;
  h.fortran_order = fortran_order;
  h.shape = shape;
  return h.Serialize() + std::string(static_cast<const char*>(values), bytes);
}

inline std::string NpyDoubles(const std::vector<std::uint64_t>& shape, const std::vector<double>& v,
                              bool fortran_order = false) {
  return NpyBytes("<f8", shape, v.data(), v.size() * sizeof(double), fortran_order);
}

inline std::string NpyInt64(const std::vector<std::int64_t>& v) {
  return NpyBytes("<i8", {v.size()}, v.data(), v.size() * sizeof(std::int64_t));
}

inline void WriteBytes(const std::filesystem::path& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
}

inline void WriteGzip(const std::filesystem::path& path, const std::string& bytes) {
  gzFile f = gzopen(path.string().c_str(), "wb");
  if (f == nullptr) throw std::runtime_error("cannot write " + path.string());
  if (!bytes.empty()) gzwrite(f, bytes.data(), static_cast<unsigned>(bytes.size()));
  gzclose(f);
}

// A reader test's fixture: Write(name, bytes, gzip) puts a file in the
// test's fresh directory dir_ (TempDirFixture) and returns its path.
class DataFilesTest : public TempDirFixture {
 protected:
  std::string Write(const std::string& name, const std::string& bytes, bool gzip = false) const {
    const std::filesystem::path p = dir_ / name;
    gzip ? WriteGzip(p, bytes) : WriteBytes(p, bytes);
    return p.string();
  }
};

// Runs read(), which must throw a DataError of one line "FILE:0:0: ..." naming
// file a or file b; returns its message ("" and a test failure otherwise).
inline std::string OneLineDataError(const std::function<void()>& read, const std::string& a, const std::string& b) {
  try {
    read();
  } catch (const DataError& e) {
    const std::string what = e.what();
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_TRUE(what.rfind(a + ":0:0: ", 0) == 0 || what.rfind(b + ":0:0: ", 0) == 0) << what;
    return what;
  }
  ADD_FAILURE() << "read without error";
  return "";
}

}  // namespace nrc::test

#endif  // NRC_TESTS_SUPPORT_BINARY_FILES_H_
