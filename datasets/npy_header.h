// nrc/datasets/npy_header.h
//
// NpyHeader: the header of a NumPy .npy file (format versions 1.0, 2.0 and
// 3.0, numpy/lib/format.py), parsed strictly and written canonically.
//
// File layout: the 6 bytes "\x93NUMPY", major and minor version bytes, the
// header length (2 bytes little-endian in 1.0, 4 bytes in 2.0 and 3.0), then
// the header: a Python dict literal with exactly the keys 'descr' (a dtype
// string such as '<f8'), 'fortran_order' (True or False) and 'shape' (a tuple
// of non-negative integers: "()", "(5,)", "(3, 2)"), in any order, each once,
// an optional trailing comma, padded with spaces and ended by "\n"; then the
// values, in C order (last index fastest) or Fortran order.
// Parse accepts exactly that grammar (single- or double-quoted strings, blanks
// between tokens) and nothing else: no other keys, no nested values, no
// "(5)" for a one-element tuple (Python reads that as the integer 5), at most
// 32 dimensions, each below 2^63, ASCII only.
//
// Errors: Parse throws std::invalid_argument with a one-line message naming
// the problem (the readers, datasets/npy_reader.h, add the file name).
#ifndef NRC_DATASETS_NPY_HEADER_H_
#define NRC_DATASETS_NPY_HEADER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nrc {

struct NpyHeader {
  static constexpr std::string_view kMagic = "\x93NUMPY";

  std::string descr;  // e.g. "<f8", "<i8", "|u1"
  bool fortran_order = false;
  std::vector<std::uint64_t> shape;

  // Parses the header dict (the text after the length field, "\n" included).
  static NpyHeader Parse(std::string_view dict);
  // The number of values (product of the shape; 1 for "()"); throws
  // std::invalid_argument when it overflows 64 bits.
  std::uint64_t Count() const;
  // Bytes per value of descr ("<f8" -> 8, "|u1" -> 1), 0 for an unknown one.
  static int ItemSize(const std::string& descr);
  // A complete version 1.0 preamble (magic, version, length, dict padded with
  // spaces so that the values start at a multiple of 64 bytes, as numpy writes
  // it): the bytes to put before the values. Deterministic: the same header
  // gives the same bytes.
  std::string Serialize() const;
};

}  // namespace nrc

#endif  // NRC_DATASETS_NPY_HEADER_H_
