// nrc/datasets/csv_reader.cc
#include "datasets/csv_reader.h"

#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <set>
#include <string_view>
#include <vector>

#include "io/input_file.h"

namespace nrc {
namespace {

// A field for a message: at most 40 bytes, non-printable bytes as \xNN.
std::string Quote(std::string_view s) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "'";
  for (std::size_t i = 0; i < s.size() && i < 40; ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += {'\\', 'x', kHex[c >> 4], kHex[c & 15]};
    }
  }
  return out + (s.size() > 40 ? "'..." : "'");
}

// Lines of a plain or gzip file. gzread (not gzgets) so that NUL bytes stay
// part of the line instead of silently cutting it.
class LineReader {
 public:
  LineReader(const std::string& path, std::size_t max_line_bytes)
      : path_(path), max_line_bytes_(max_line_bytes), buffer_(1 << 16) {
    int fd = -1;
    try {
      // Regular files only, never blocking on a FIFO, within the size cap of
      // a CSV data set (io/input_file.h); zlib reads from the descriptor.
      fd = InputFile(path, InputKind::kCsvData).ReleaseDescriptor();
    } catch (const InputFileError& e) {
      throw DataError(path, 0, 0, "cannot open file: " + e.reason());
    }
    errno = 0;
    file_.reset(gzdopen(fd, "rb"));
    if (!file_) {
      ::close(fd);
      throw DataError(path, 0, 0, std::string("cannot open file: ") +
                                      (errno != 0 ? std::strerror(errno) : "out of memory"));
    }
  }

  // The next line without its "\n" or "\r\n"; false at the end of the file.
  bool Next(std::string* line) {
    line->clear();
    bool any = false;
    for (;;) {
      if (pos_ == end_ && !Fill()) {
        if (!any) return false;
        break;
      }
      any = true;
      const char* begin = buffer_.data() + pos_;
      const char* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
      const std::size_t n = newline ? static_cast<std::size_t>(newline - begin) : end_ - pos_;
      if (line->size() + n > max_line_bytes_) {
        throw DataError(path_, line_ + 1, 0,
                        "line longer than " + std::to_string(max_line_bytes_) + " bytes");
      }
      line->append(begin, n);
      pos_ += n + (newline ? 1 : 0);
      if (newline) break;
    }
    ++line_;
    if (!line->empty() && line->back() == '\r') line->pop_back();
    return true;
  }
  long line() const { return line_; }

 private:
  bool Fill() {
    if (eof_) return false;
    const int n = gzread(file_.get(), buffer_.data(), static_cast<unsigned>(buffer_.size()));
    int status = Z_OK;
    const char* message = gzerror(file_.get(), &status);
    // At the end, Z_BUF_ERROR means a gzip stream cut short.
    if (n < 0 || (n == 0 && status != Z_OK)) {
      std::string why = status == Z_ERRNO ? std::strerror(errno) : message;
      // zlib prefixes its message with the stream's name: "<fd:3>: " (gzdopen).
      if (why.compare(0, 4, "<fd:") == 0 && why.find(">: ") != std::string::npos) why.erase(0, why.find(">: ") + 3);
      throw DataError(path_, line_ + 1, 0, "read error: " + why);
    }
    if (n == 0) eof_ = true;
    try {  // the decompressed text counts against the cap: a gzip bomb stops there
      InputFile::CountDecompressed(path_, InputKind::kCsvData, &total_, static_cast<std::size_t>(n));
    } catch (const InputFileError& e) {
      throw DataError(path_, line_ + 1, 0, e.reason());
    }
    pos_ = 0;
    end_ = static_cast<std::size_t>(n);
    return n > 0;
  }

  struct GzClose {
    void operator()(gzFile f) const { gzclose(f); }
  };
  std::string path_;
  std::size_t max_line_bytes_;
  std::unique_ptr<gzFile_s, GzClose> file_;
  std::vector<char> buffer_;
  std::size_t pos_ = 0, end_ = 0;
  bool eof_ = false;
  long line_ = 0;
  std::uint64_t total_ = 0;
};

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

std::size_t CountFields(std::string_view line) { return std::count(line.begin(), line.end(), ',') + 1; }

// The fields of a line one by one (nothing is allocated per field).
class Fields {
 public:
  explicit Fields(std::string_view line) : rest_(line) {}
  // The next field with blanks around it trimmed; false after the last one.
  bool Next(std::string_view* field) {
    if (done_) return false;
    const std::size_t comma = rest_.find(',');
    std::string_view f = rest_.substr(0, comma);
    while (!f.empty() && IsBlank(f.front())) f.remove_prefix(1);
    while (!f.empty() && IsBlank(f.back())) f.remove_suffix(1);
    *field = f;
    done_ = comma == std::string_view::npos;
    if (!done_) rest_.remove_prefix(comma + 1);
    return true;
  }

 private:
  std::string_view rest_;
  bool done_ = false;
};

// strtod over the whole field (which may hold NUL bytes: they fail the parse).
bool ParseNumber(std::string_view field, double* value) {
  if (field.empty() || std::isspace(static_cast<unsigned char>(field.front()))) return false;
  const std::string text(field);
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size();
}

// A non-negative decimal integer of at most 9 digits.
bool ParseCount(std::string_view field, long* value) {
  if (field.empty() || field.size() > 9) return false;
  *value = 0;
  for (char c : field) {
    if (c < '0' || c > '9') return false;
    *value = *value * 10 + (c - '0');
  }
  return true;
}

// Whether the first line is a well-formed header (and not a data row with a
// typo, which must be reported rather than dropped): either "N,d,names..."
// (two unsigned integers, then names of which at least one is not a number) or
// column names only (no field parses as a number).
bool IsHeader(std::string_view line) {
  std::string_view field;
  double value = 0;
  long count = 0;
  Fields f(line);
  std::size_t numeric = 0, fields = 0, counts = 0;
  bool name_after_counts = false;
  while (f.Next(&field)) {
    ++fields;
    const bool is_number = ParseNumber(field, &value);
    numeric += is_number;
    if (fields <= 2) counts += ParseCount(field, &count);
    if (fields >= 3 && !is_number) name_after_counts = true;
  }
  if (numeric == 0) return true;                          // column names
  return fields >= 3 && counts == 2 && name_after_counts;  // N,d,class names
}

// The state of one read: the header's claims, the first row's shape, the
// values and labels so far. Every problem is a DataError naming the place.
class CsvParser {
 public:
  CsvParser(const std::string& path, const CsvOptions& options)
      : path_(path), options_(options), num_classes_(options.expected_classes) {}

  [[noreturn]] void Fail(long line, int column, const std::string& problem) const {
    throw DataError(path_, line, column, problem);
  }

  // Line 1 when it is a header: "N,d,class names..." or column names.
  void Header(long ln, const std::string& line, std::size_t count) {
    header_line_ = ln;
    header_fields_ = count;
    Fields f(line);
    std::string_view n_field, d_field, field;
    f.Next(&n_field);
    f.Next(&d_field);
    if (!(count >= 3 && ParseCount(n_field, &header_n_) && ParseCount(d_field, &header_d_))) {
      header_n_ = header_d_ = -1;
      return;
    }
    header_fields_ = 0;
    std::set<std::string_view> names;
    for (int col = 3; f.Next(&field); ++col) {
      if (field.empty()) Fail(ln, col, "empty class name in the header");
      if (!names.insert(field).second) Fail(ln, col, "duplicate class name " + Quote(field));
      data_.class_names.emplace_back(field);
    }
    const int named = static_cast<int>(data_.class_names.size());
    if (options_.expected_classes != 0 && named != options_.expected_classes) {
      Fail(ln, 3, "header names " + std::to_string(named) + " classes, but " +
                      std::to_string(options_.expected_classes) + " were expected");
    }
    num_classes_ = named;
  }

  // A data row: its shape against the first row's and the header's, then its fields.
  void Row(long ln, const std::string& line, std::size_t count) {
    CheckShape(ln, count);
    Fields f(line);
    std::string_view field;
    double value = 0;
    for (int col = 1; col < int(columns_); ++col) {
      f.Next(&field);
      if (!ParseNumber(field, &value)) Fail(ln, col, "feature is not a number: " + Quote(field));
      if (!std::isfinite(value)) Fail(ln, col, "feature is not finite: " + Quote(field));
      if (std::fabs(value) > options_.max_abs_feature) {
        char limit[32];
        std::snprintf(limit, sizeof limit, "%g", options_.max_abs_feature);
        Fail(ln, col, "feature " + Quote(field) + " is larger in magnitude than " + limit +
                          " (nrc's limit, so that squared sums stay finite in float: rescale the data)");
      }
      values_.push_back(value);
    }
    const int col = int(columns_);
    f.Next(&field);
    if (!ParseNumber(field, &value)) Fail(ln, col, "label is not a number: " + Quote(field));
    if (!std::isfinite(value) || value != std::floor(value)) Fail(ln, col, "label is not an integer: " + Quote(field));
    if (value < 0) Fail(ln, col, "negative label " + Quote(field));
    if (num_classes_ != 0 && value >= num_classes_) {
      Fail(ln, col, "label " + Quote(field) + " is not below K=" + std::to_string(num_classes_) +
                        (data_.class_names.empty() ? " (expected classes)" : " (classes named in the header)"));
    }
    if (value >= INT_MAX) Fail(ln, col, "label " + Quote(field) + " is too large");
    data_.labels.push_back(static_cast<int>(value));
    seen_labels_.insert(data_.labels.back());
    if (data_.labels.size() >= std::size_t{INT_MAX}) Fail(ln, 0, "too many samples");
  }

  // The whole file read: the header's N, every class present.
  Dataset Finish() {
    const long n = static_cast<long>(data_.labels.size());
    if (n == 0) Fail(0, 0, header_line_ != 0 ? "no samples after the header" : "no samples (empty file)");
    if (header_n_ >= 0 && header_n_ != n) {
      Fail(header_line_, 1, "header says N=" + std::to_string(header_n_) + ", but the file has " +
                                std::to_string(n) + " samples");
    }
    if (num_classes_ == 0) num_classes_ = *seen_labels_.rbegin() + 1;
    for (int c = 0; c < num_classes_; ++c) {
      if (seen_labels_.count(c) != 0) continue;
      if (!data_.class_names.empty()) {
        Fail(header_line_, c + 3, "class " + std::to_string(c) + " " + Quote(data_.class_names[c]) + " has no samples");
      }
      Fail(0, 0, "class " + std::to_string(c) + " of K=" + std::to_string(num_classes_) + " has no samples");
    }
    data_.num_classes = num_classes_;
    data_.X = Eigen::Map<const Matrix<double>>(values_.data(), long(columns_ - 1), n);
    data_.source = path_;
    return std::move(data_);
  }

 private:
  void CheckShape(long ln, std::size_t count) {
    if (columns_ != 0) {
      if (count != columns_) {
        Fail(ln, int(std::min(count, columns_) + 1),
             "expected " + std::to_string(columns_) + " fields as on line " + std::to_string(first_row_line_) +
                 ", found " + std::to_string(count));
      }
      return;
    }
    columns_ = count;
    first_row_line_ = ln;
    if (columns_ < 2) Fail(ln, 1, "only 1 column: need at least one feature and the label");
    if (header_d_ >= 0 && header_d_ != long(columns_ - 1)) {
      Fail(header_line_, 2, "header says d=" + std::to_string(header_d_) + ", but line " + std::to_string(ln) +
                                " has " + std::to_string(columns_ - 1) + " features");
    }
    if (header_fields_ != 0 && header_fields_ != columns_) {
      Fail(header_line_, int(std::min(header_fields_, columns_) + 1),
           "header has " + std::to_string(header_fields_) + " columns, but line " + std::to_string(ln) + " has " +
               std::to_string(columns_));
    }
  }

  const std::string& path_;
  const CsvOptions& options_;
  long header_line_ = 0, header_n_ = -1, header_d_ = -1;
  std::size_t header_fields_ = 0;  // of a column-name header
  Dataset data_;
  int num_classes_;                // 0 until known
  std::size_t columns_ = 0;        // of the first data row
  long first_row_line_ = 0;
  std::vector<double> values_;     // row after row = column-major d x N
  std::set<int> seen_labels_;
};

}  // namespace

Dataset ReadCsvDataset(const std::string& path, const CsvOptions& options) {
  if (options.expected_classes < 0) {
    throw std::invalid_argument("ReadCsvDataset: expected_classes must be >= 0, got " +
                                std::to_string(options.expected_classes));
  }
  CsvParser parser(path, options);
  LineReader in(path, options.max_line_bytes);
  std::string line;
  long blank_line = 0;
  while (in.Next(&line)) {
    const long ln = in.line();
    // A UTF-8 byte-order mark (spreadsheet exports) is not part of the first
    // field: without this the first row reads as a column-name header and is lost.
    if (ln == 1 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);
    if (ln == 1 && (line.compare(0, 2, "\xFF\xFE") == 0 || line.compare(0, 2, "\xFE\xFF") == 0)) {
      parser.Fail(1, 1, "UTF-16 text (byte-order mark): save the file as UTF-8");
    }
    if (std::all_of(line.begin(), line.end(), IsBlank)) {
      if (blank_line == 0) blank_line = ln;
      continue;
    }
    if (blank_line != 0) parser.Fail(blank_line, 0, "blank line inside the data");
    const std::size_t count = CountFields(line);
    if (ln == 1 && IsHeader(line)) parser.Header(ln, line, count);
    else parser.Row(ln, line, count);
  }
  return parser.Finish();
}

}  // namespace nrc
