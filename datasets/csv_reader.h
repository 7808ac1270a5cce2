// nrc/datasets/csv_reader.h
//
// ReadCsvDataset: a labelled data set from a CSV file, plain or gzip (zlib reads
// both transparently; the format is told by the content, not the file name).
//
// Format (data/README.md has the user-facing version):
//   * one sample per line, fields separated by ',', spaces/tabs around a field
//     ignored, no quoting; "\n" or "\r\n" line ends;
//   * every field but the last is a feature, parsed with strtod in the C locale
//     (whole field consumed, finite); the last field is the class label, an
//     integer value 0..K-1 ("2" and "2.0" are both class 2);
//   * every row has the first data row's field count, at least 2;
//   * optional header = a first line that is a well-formed header: either
//     "N,d,name_0,..." (two unsigned integers, then >= 1 names of which at
//     least one is not a number; names non-empty and distinct), giving the
//     sample count, feature count and class names (K = number of names), all
//     checked against the body; or column names (no field parses as a number),
//     of which only the field count is checked. Any other first line is data:
//     a typo in the first row ("0.1,0.2x,0", a label "0a", a no-break space, a
//     second byte-order mark) is an error naming line and field, never a
//     header that silently drops the sample;
//   * K is the header's name count, else options.expected_classes, else the
//     largest label + 1; when the header and expected_classes both give K they
//     must agree. Every class 0..K-1 needs >= 1 sample;
//   * blank (empty or whitespace) lines are allowed only at the end;
//   * a UTF-8 byte-order mark at the start of the file is skipped (anywhere
//     else it is a non-numeric field); a UTF-16 byte-order mark is an error
//     ("UTF-16 text").
//
// Result: X is d x N in file order (column i = line i of the body), labels[i]
// the label of sample i, class_names from the header (else empty), source = path.
//
// Errors: DataError (datasets/data_error.h, "FILE:LINE:COL: problem") for every
// malformed input: unreadable file (io/input_file.h: not a regular file,
// larger than 16 GiB, also after decompression) or broken gzip stream, no samples, blank line
// inside the data, line longer than options.max_line_bytes, fewer than 2 columns,
// ragged row (COL = first missing or extra field), non-numeric field, NaN/Inf
// feature, |feature| > options.max_abs_feature, label not an integer / negative / >= K / >= INT_MAX, a class with no
// samples (named; at the header's name column when the header names it, else
// line 0), header N or d not matching the body (at the header's field 1 or 2),
// header name count != expected_classes, bad class names. std::invalid_argument
// for bad options. Any byte sequence either reads or throws DataError; memory is
// bounded by the data kept plus one line.
#ifndef NRC_DATASETS_CSV_READER_H_
#define NRC_DATASETS_CSV_READER_H_

#include <cstddef>
#include <string>

#include "datasets/data_error.h"
#include "datasets/dataset.h"

namespace nrc {

struct CsvOptions {
  // The K the caller expects; 0 = take it from the header or the labels.
  int expected_classes = 0;
  // Longest accepted line in bytes (without the line end); guards memory
  // against garbage without newlines. 64 MiB ~ 3 million numeric features.
  std::size_t max_line_bytes = std::size_t{64} << 20;
  // Largest accepted |feature|: squares and sums over a million samples stay
  // finite in float (1e12^2 * 1e6 = 1e30 < 3.4e38), so class statistics and
  // scatter matrices never overflow in any precision nrc runs. Larger
  // magnitudes are a DataError naming the field ("rescale the data").
  double max_abs_feature = 1e12;
};

Dataset ReadCsvDataset(const std::string& path, const CsvOptions& options = {});

}  // namespace nrc

#endif  // NRC_DATASETS_CSV_READER_H_
