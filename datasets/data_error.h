// nrc/datasets/data_error.h
//
// DataError: a data file that cannot be used, with the place of the problem.
//
// what() is always ONE line, "FILE:LINE:COL: problem", with LINE the 1-based
// physical line and COL the 1-based field number (comma-separated field, not
// character). LINE 0 means the problem concerns the whole file (it cannot be
// opened, it has no samples, a class has no samples and no header names it);
// COL 0 means the whole line (a blank line inside the data, a line too long).
// Control characters in the file name or problem text are shown as '?', so a
// hostile file cannot inject extra lines into a log.
#ifndef NRC_DATASETS_DATA_ERROR_H_
#define NRC_DATASETS_DATA_ERROR_H_

#include <stdexcept>
#include <string>

namespace nrc {

class DataError : public std::runtime_error {
 public:
  DataError(const std::string& file, long line, int column, const std::string& problem);

  const std::string& file() const { return file_; }
  long line() const { return line_; }
  int column() const { return column_; }
  const std::string& problem() const { return problem_; }

 private:
  std::string file_;
  long line_;
  int column_;
  std::string problem_;
};

}  // namespace nrc

#endif  // NRC_DATASETS_DATA_ERROR_H_
