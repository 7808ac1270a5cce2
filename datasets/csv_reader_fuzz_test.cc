// Parser fuzzing of the CSV reader (issue 11): mutated CSV texts
// (tests/support/text_mutator.h) either read as a consistent data set or fail
// with a one-line DataError located in the file -- never a crash, a hang, an
// other exception, or an inconsistent data set. Differential oracle: a text
// that reads is split again by the format's plain rules (ReferenceRows: BOM,
// line ends, trailing blank lines, an optional first header line, fields
// trimmed of spaces and tabs, strtod) and every feature and label must be the
// value of its field, bit for bit, with no row lost. Run under ASan + UBSan by
// tools/sanitize. ctest: csv_reader_fuzz_test (label property, 200 inputs;
// RC_PARAMS=max_success=N for more) and csv_reader_fuzz_long (label fuzz,
// 1e6 inputs).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "datasets/csv_reader.h"
#include "tests/support/text_mutator.h"

namespace nrc {
namespace {

const std::vector<std::string>& Seeds() {
  static const std::vector<std::string> seeds = {
      "1,2,0\n3,4,1\n5,6,0\n7,8,1\n",
      "4,2,a,b\n1.5,-2e-3,0\n3,4,1\n5,6,0\n7,8.25,1\n",
      "x,y,label\r\n1,2,0\r\n3,4,1\r\n",
      "\xEF\xBB\xBF" "1,2,0\n3,4,1\n",
      " 0.1 , 0.2 ,1\n0.3,0.4,0\n\n\n",
      "3,4,setosa,versicolor,virginica\n5.1,3.5,1.4,0.2,0\n7.0,3.2,4.7,1.4,1\n6.3,3.3,6.0,2.5,2\n",
      "1e308,-1e308,0\n4.9406564584124654e-324,0,1\n"};
  return seeds;
}

// The rows of an accepted CSV text split by the format's rules alone
// (datasets/csv_reader.h), each field trimmed of spaces and tabs and read with
// strtod: the rows of the body, the header (if any) removed when the caller
// says there is one.
std::vector<std::vector<double>> ReferenceRows(std::string text, bool header) {
  if (text.rfind("\xEF\xBB\xBF", 0) == 0) text.erase(0, 3);
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    lines.push_back(line);
  }
  auto blank = [](const std::string& l) { return l.find_first_not_of(" \t") == std::string::npos; };
  while (!lines.empty() && blank(lines.back())) lines.pop_back();
  std::vector<std::vector<double>> rows;
  for (std::size_t i = header ? 1 : 0; i < lines.size(); ++i) {
    std::vector<double> row;
    std::istringstream fields(lines[i]);
    for (std::string f; std::getline(fields, f, ',');) row.push_back(std::strtod(f.c_str(), nullptr));
    if (!lines[i].empty() && lines[i].back() == ',') row.push_back(std::strtod("", nullptr));
    rows.push_back(row);
  }
  return rows;
}

// Every feature and label of D is the value of its field in TEXT, bit for bit.
void CheckAgainstReference(const std::string& text, const Dataset& d) {
  // A header line is present iff the text has one line more than samples.
  std::vector<std::vector<double>> rows = ReferenceRows(text, false);
  RC_ASSERT(rows.size() == static_cast<std::size_t>(d.size()) || rows.size() == static_cast<std::size_t>(d.size()) + 1);
  if (rows.size() != static_cast<std::size_t>(d.size())) rows = ReferenceRows(text, true);
  RC_CLASSIFY(rows.size() + 1 == ReferenceRows(text, false).size(), "with a header");
  for (int i = 0; i < d.size(); ++i) {
    const auto& row = rows[static_cast<std::size_t>(i)];
    RC_ASSERT(row.size() == static_cast<std::size_t>(d.dim()) + 1);
    for (int j = 0; j < d.dim(); ++j) {
      const double feature = d.X(j, i);
      RC_ASSERT(std::memcmp(&feature, &row[static_cast<std::size_t>(j)], sizeof feature) == 0);
    }
    RC_ASSERT(static_cast<double>(d.labels[static_cast<std::size_t>(i)]) == row.back());
  }
}

RC_GTEST_PROP(CsvReaderFuzz, MutatedTextReadsConsistentlyOrFailsWithOneLocatedLine, ()) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("nrc_csv_fuzz_" + std::to_string(::getpid()) + ".csv")).string();
  const std::string text = test::GenMutatedText(Seeds());
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  CsvOptions options;
  options.expected_classes = *rc::gen::element(0, 0, 2, 3);
  try {
    const Dataset d = ReadCsvDataset(path, options);
    RC_CLASSIFY(true, "read");
    RC_ASSERT(d.size() >= 1);
    RC_ASSERT(d.dim() >= 1);
    RC_ASSERT(d.size() == static_cast<int>(d.labels.size()));
    RC_ASSERT(d.X.cols() == d.size());
    RC_ASSERT(d.X.allFinite());
    RC_ASSERT(options.expected_classes == 0 || d.num_classes == options.expected_classes);
    const std::vector<int> counts = d.ClassCounts();
    RC_ASSERT(static_cast<int>(counts.size()) == d.num_classes);
    RC_ASSERT(std::all_of(counts.begin(), counts.end(), [](int c) { return c > 0; }));
    if (text.rfind("\x1f\x8b", 0) != 0) CheckAgainstReference(text, d);  // (else zlib read it as gzip)
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    const std::string what = e.what();
    RC_ASSERT(what.rfind(path + ":", 0) == 0);
    RC_ASSERT(what.find('\n') == std::string::npos);
  }
}

// Issue 20: a typo in the first data row made the row a header and the
// sample was silently dropped. Any edit of one field of the first row of a
// header-less file either still reads all N samples or fails with a located
// error -- the sample count is never N - 1.
RC_GTEST_PROP(CsvReaderFuzz, AnEditedFirstRowIsNeverSilentlyDropped, ()) {
  static const std::string path =
      (std::filesystem::temp_directory_path() / ("nrc_csv_typo_" + std::to_string(::getpid()) + ".csv")).string();
  const int n = *rc::gen::inRange(2, 8);
  std::vector<std::string> fields = {"0.5", "-1.25", "0"};
  const int which = *rc::gen::inRange(0, 3);
  fields[which] = test::ApplyEdits(fields[which], *rc::gen::resize(3, rc::gen::nonEmpty(
                                                      rc::gen::container<std::vector<test::TextEdit>>(test::GenTextEdit()))));
  RC_PRE(fields[which].find_first_of(",\n\r") == std::string::npos);  // one edited field, still one line
  std::string text = fields[0] + "," + fields[1] + "," + fields[2] + "\n";
  for (int i = 1; i < n; ++i) text += std::to_string(i) + ".5,2," + std::to_string(i % 2) + "\n";
  std::ofstream(path, std::ios::binary | std::ios::trunc) << text;
  try {
    // Two fields of the first row are still numbers: it is no well-formed
    // header, so it is data -- read (all n samples) or an error.
    const Dataset d = ReadCsvDataset(path);
    RC_CLASSIFY(true, "read");
    RC_ASSERT(d.size() == n);
  } catch (const DataError& e) {
    RC_CLASSIFY(e.line() == 1, "error on line 1");
    RC_ASSERT(std::string(e.what()).find('\n') == std::string::npos);
  }
}

}  // namespace
}  // namespace nrc
