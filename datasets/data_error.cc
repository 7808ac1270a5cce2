// nrc/datasets/data_error.cc
#include "datasets/data_error.h"

namespace nrc {
namespace {

std::string OneLine(std::string s) {
  for (char& c : s) {
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) c = '?';
  }
  return s;
}

}  // namespace

DataError::DataError(const std::string& file, long line, int column, const std::string& problem)
    : std::runtime_error(OneLine(file) + ":" + std::to_string(line) + ":" + std::to_string(column) +
                         ": " + OneLine(problem)),
      file_(file),
      line_(line),
      column_(column),
      problem_(problem) {}

}  // namespace nrc
