// Tests for datasets/csv_reader.h, datasets/data_error.h and datasets/data_dir.h.
#include "datasets/csv_reader.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "datasets/data_dir.h"

namespace nrc {
namespace {

// A fresh directory for this process's files.
const std::string& TestDir() {
  static const std::string dir = [] {
    std::string pattern = ::testing::TempDir() + "nrc_csv_reader_test_XXXXXX";
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern + "/";
  }();
  return dir;
}

std::string WriteFile(const std::string& name, const std::string& bytes) {
  const std::string path = TestDir() + name;
  std::ofstream(path, std::ios::binary | std::ios::trunc) << bytes;
  return path;
}

std::string WriteGzip(const std::string& name, const std::string& bytes) {
  const std::string path = TestDir() + name;
  gzFile f = gzopen(path.c_str(), "wb");
  if (f == nullptr || gzwrite(f, bytes.data(), unsigned(bytes.size())) != int(bytes.size())) std::abort();
  gzclose(f);
  return path;
}

std::string ReadBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

// Everything a gzip (or plain) file decompresses to, through zlib directly.
std::string Gunzip(const std::string& path) {
  gzFile f = gzopen(path.c_str(), "rb");
  if (f == nullptr) return "";
  std::string out;
  char buffer[1 << 14];
  for (int n; (n = gzread(f, buffer, sizeof buffer)) > 0;) out.append(buffer, n);
  gzclose(f);
  return out;
}

// Checks that reading `path` throws a DataError at (line, column) whose one-line
// message starts with "path:line:column: " and contains `problem`.
void ExpectError(const std::string& path, long line, int column, const std::string& problem,
                 const CsvOptions& options = {}) {
  try {
    ReadCsvDataset(path, options);
    ADD_FAILURE() << "no DataError for " << path;
  } catch (const DataError& e) {
    const std::string what = e.what();
    const std::string where = path + ":" + std::to_string(line) + ":" + std::to_string(column) + ": ";
    EXPECT_EQ(what.rfind(where, 0), 0u) << "expected prefix " << where << "\n got " << what;
    EXPECT_NE(what.find(problem), std::string::npos) << "expected '" << problem << "' in " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << what;
    EXPECT_EQ(e.file(), path);
    EXPECT_EQ(e.line(), line);
    EXPECT_EQ(e.column(), column);
  }
}
void ExpectError(const std::string& name, const std::string& content, long line, int column,
                 const std::string& problem, const CsvOptions& options = {}) {
  SCOPED_TRACE(name);
  ExpectError(WriteFile(name, content), line, column, problem, options);
}

CsvOptions Expect(int k) {
  CsvOptions o;
  o.expected_classes = k;
  return o;
}

// ---------------------------------------------------------------- bundled data

TEST(CsvReaderTest, IrisLoadsWithClassNamesFromTheHeader) {
  const std::string path = BundledDataPath("iris.csv");
  EXPECT_EQ(path.front(), '/');
  const Dataset d = ReadCsvDataset(path);
  EXPECT_EQ(d.dim(), 4);
  EXPECT_EQ(d.size(), 150);
  EXPECT_EQ(d.num_classes, 3);
  EXPECT_EQ(d.class_names, (std::vector<std::string>{"setosa", "versicolor", "virginica"}));
  EXPECT_EQ(d.ClassCounts(), (std::vector<int>{50, 50, 50}));
  EXPECT_EQ(d.source, path);
  // First and last rows of the file: "5.1,3.5,1.4,0.2,0" and "5.9,3.0,5.1,1.8,2".
  EXPECT_TRUE(d.X.col(0) == Eigen::Vector4d(5.1, 3.5, 1.4, 0.2));
  EXPECT_TRUE(d.X.col(149) == Eigen::Vector4d(5.9, 3.0, 5.1, 1.8));
  EXPECT_EQ(d.labels.front(), 0);
  EXPECT_EQ(d.labels.back(), 2);
}

TEST(CsvReaderTest, DigitsGzipLoadsWithCountsCheckedIndependently) {
  const std::string path = BundledDataPath("digits.csv.gz");
  // Independent count: decompress with zlib, take the text after the last comma.
  std::istringstream text(Gunzip(path));
  std::map<int, int> counts;
  std::vector<double> first_row;
  int rows = 0, commas = -1;
  for (std::string line; std::getline(text, line); ++rows) {
    ++counts[std::atoi(line.c_str() + line.rfind(',') + 1)];
    if (commas < 0) {
      commas = int(std::count(line.begin(), line.end(), ','));
      std::istringstream fields(line);
      for (std::string f; std::getline(fields, f, ',');) first_row.push_back(std::stod(f));
    }
  }
  ASSERT_EQ(rows, 1797);
  ASSERT_EQ(commas, 64);
  ASSERT_EQ(counts.size(), 10u);

  const Dataset d = ReadCsvDataset(path);
  EXPECT_EQ(d.dim(), 64);
  EXPECT_EQ(d.size(), 1797);
  EXPECT_EQ(d.num_classes, 10);
  EXPECT_TRUE(d.class_names.empty());
  for (int c = 0; c < 10; ++c) EXPECT_EQ(d.ClassCounts()[c], counts[c]) << "class " << c;
  for (int k = 0; k < 64; ++k) EXPECT_EQ(d.X(k, 0), first_row[k]) << k;
  EXPECT_EQ(d.labels[0], int(first_row[64]));
  // 8x8 pixel counts 0..16, integers.
  EXPECT_EQ(d.X.minCoeff(), 0);
  EXPECT_EQ(d.X.maxCoeff(), 16);
  EXPECT_TRUE((d.X.array() == d.X.array().round()).all());
}

TEST(CsvReaderTest, GzipFileReadsLikeItsPlainTwin) {
  const std::string iris = ReadBytes(BundledDataPath("iris.csv"));
  ASSERT_FALSE(iris.empty());
  const Dataset plain = ReadCsvDataset(WriteFile("twin.csv", iris));
  const Dataset gz = ReadCsvDataset(WriteGzip("twin.csv.gz", iris));
  EXPECT_TRUE(gz.X == plain.X);
  EXPECT_EQ(gz.labels, plain.labels);
  EXPECT_EQ(gz.num_classes, plain.num_classes);
  EXPECT_EQ(gz.class_names, plain.class_names);
  // The content decides, not the name: gzip under a .csv name and plain under .gz.
  EXPECT_TRUE(ReadCsvDataset(WriteGzip("gzip_named.csv", iris)).X == plain.X);
  EXPECT_TRUE(ReadCsvDataset(WriteFile("plain_named.csv.gz", iris)).X == plain.X);
}

// ------------------------------------------------------------- accepted forms

TEST(CsvReaderTest, AcceptsCrlfBlanksAroundFieldsTrailingBlankLinesAndNoFinalNewline) {
  const Dataset a = ReadCsvDataset(WriteFile("crlf.csv", "1.5, 2 ,0\r\n\t-3e2,4,1\r\n\r\n  \n\n"));
  const Dataset b = ReadCsvDataset(WriteFile("nofinal.csv", "1.5,2,0\n-300,4,1"));
  for (const Dataset* d : {&a, &b}) {
    EXPECT_EQ(d->size(), 2);
    EXPECT_EQ(d->dim(), 2);
    EXPECT_TRUE(d->X == (Matrix<double>(2, 2) << 1.5, -300, 2, 4).finished());
    EXPECT_EQ(d->labels, (std::vector<int>{0, 1}));
    EXPECT_EQ(d->num_classes, 2);
  }
}

TEST(CsvReaderTest, ColumnNameHeaderIsSkippedAndIntegralFloatLabelsAccepted) {
  const Dataset d = ReadCsvDataset(WriteFile("colnames.csv", "x1,x2,label\n0.5,1,1.0\n2,3,0\n4,5,2e0\n"));
  EXPECT_EQ(d.size(), 3);
  EXPECT_EQ(d.labels, (std::vector<int>{1, 0, 2}));
  EXPECT_TRUE(d.class_names.empty());
}

TEST(CsvReaderTest, ExpectedClassesGivesKWhenLabelsAreAllPresent) {
  const std::string path = WriteFile("expected.csv", "1,0\n2,1\n3,2\n");
  EXPECT_EQ(ReadCsvDataset(path, Expect(3)).num_classes, 3);
  EXPECT_EQ(ReadCsvDataset(path).num_classes, 3);
  EXPECT_THROW(ReadCsvDataset(path, Expect(-1)), std::invalid_argument);
}

// Issue 11: a file starting with a UTF-8 byte-order mark lost its first row
// (read as a column-name header): N = 3 instead of 4.
TEST(CsvReaderTest, Utf8ByteOrderMarkIsSkipped) {
  const Dataset d = ReadCsvDataset(WriteFile("bom.csv", "\xEF\xBB\xBF" "1.5,2,0\n3,4,1\n5,6,0\n7,8,1\n"));
  EXPECT_EQ(d.size(), 4);
  EXPECT_EQ(d.X(0, 0), 1.5);
  const Dataset h = ReadCsvDataset(WriteFile("bom_header.csv", "\xEF\xBB\xBF" "2,1,a,b\n1,0\n2,1\n"));
  EXPECT_EQ(h.size(), 2);
  EXPECT_EQ(h.class_names, (std::vector<std::string>{"a", "b"}));
  // Anywhere else it is a non-numeric field.
  ExpectError("bom_inside.csv", "1,2,0\n\xEF\xBB\xBF" "3,4,1\n", 2, 1, "feature is not a number");
}

TEST(CsvReaderTest, VeryLongValidLineIsRead) {
  std::string row;
  for (int k = 0; k < 200000; ++k) row += "0.125,";
  const Dataset d = ReadCsvDataset(WriteFile("wide.csv", row + "0\n" + row + "1\n"));
  EXPECT_EQ(d.dim(), 200000);
  EXPECT_EQ(d.size(), 2);
  EXPECT_TRUE((d.X.array() == 0.125).all());
}

// Millions of empty fields are counted, not stored: errors come at once.
TEST(CsvReaderTest, LinesOfOnlyCommasFailFast) {
  const std::string commas(4 << 20, ',');
  ExpectError("commas_header.csv", commas + "\n1,0\n", 1, 3, "header has 4194305 columns, but line 2 has 2");
  ExpectError("commas_row.csv", "1,0\n" + commas + "\n", 2, 3, "expected 2 fields as on line 1, found 4194305");
  ExpectError("commas_first_row.csv", "1,2\n" + commas + "\n", 2, 3, "expected 2 fields");
}

// ---------------------------------------------------- every malformed input

TEST(CsvReaderErrorTest, MissingFile) {
  ExpectError(TestDir() + "does_not_exist.csv", 0, 0, "cannot open file: No such file or directory");
}

TEST(CsvReaderErrorTest, UnreadableFile) {
  const std::string dir = TestDir() + "a_directory.csv";
  mkdir(dir.c_str(), 0755);
  ExpectError(dir, 0, 0, "cannot open file: not a regular file (a directory)");
}

// Issue 20: a FIFO without a writer blocked open() forever; /dev/zero grew
// memory without limit. Only regular files are read (io/input_file.h).
TEST(CsvReaderErrorTest, FifosAndDevicesAreRefusedWithoutBlocking) {
  const std::string fifo = TestDir() + "fifo.csv";
  ::unlink(fifo.c_str());
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  ExpectError(fifo, 0, 0, "cannot open file: not a regular file (a FIFO)");
  ExpectError("/dev/zero", 0, 0, "cannot open file: not a regular file (a character device)");
}

// A malformed file (written to `file`) and the DataError reading it must
// throw: ExpectError(file, content, line, column, problem, options).
struct MalformedCsv {
  const char* file;
  std::string content;
  long line;
  int column;
  const char* problem;
  CsvOptions options = {};
};
void PrintTo(const MalformedCsv& c, std::ostream* os) { *os << c.file; }

const MalformedCsv kMalformedCsvs[] = {
    {"empty.csv", "", 0, 0, "no samples (empty file)"},
    {"blank.csv", "\n \r\n\n", 0, 0, "no samples"},
    {"header_only.csv", "0,2,a,b\n", 0, 0, "no samples after the header"},
    {"inner_blank.csv", "1,2,0\n\n3,4,1\n", 2, 0, "blank line inside the data"},
    {"leading_blank.csv", "\n1,2,0\n", 1, 0, "blank line inside the data"},
    {"short_row.csv", "1,2,0\n3,4,1\n5,1\n", 3, 3, "expected 3 fields as on line 1, found 2"},
    {"long_row.csv", "1,2,0\n3,4,5,1\n", 2, 4, "expected 3 fields as on line 1, found 4"},
    {"text_feature.csv", "1,2,0\n3,4x,1\n", 2, 2, "feature is not a number: '4x'"},
    {"empty_feature.csv", "1,2,0\n,4,1\n", 2, 1, "feature is not a number: ''"},
    {"text_label.csv", "1,2,0\n3,4,one\n", 2, 3, "label is not a number: 'one'"},
    {"nan.csv", "1,2,0\n3,NaN,1\n", 2, 2, "feature is not finite: 'NaN'"},
    {"inf.csv", "1,-inf,0\n", 1, 2, "feature is not finite: '-inf'"},
    {"overflow.csv", "1,2,0\n1e999,2,1\n", 2, 1, "feature is not finite: '1e999'"},
    {"huge_feature.csv", "1,2,0\n-1e13,2,1\n", 2, 1, "feature '-1e13' is larger in magnitude than 1e+12"},
    {"frac_label.csv", "1,2,0\n3,4,1.5\n", 2, 3, "label is not an integer: '1.5'"},
    {"nan_label.csv", "1,2,nan\n", 1, 3, "label is not an integer: 'nan'"},
    {"neg_label.csv", "1,2,0\n3,4,-1\n", 2, 3, "negative label '-1'"},
    {"huge_label.csv", "1,2,0\n3,4,1e10\n", 2, 3, "label '1e10' is too large"},
    {"label_ge_k_header.csv", "2,1,a,b\n1,0\n2,2\n", 3, 2,
     "label '2' is not below K=2 (classes named in the header)"},
    {"label_ge_k.csv", "1,2,0\n3,4,1\n5,6,2\n", 3, 3, "label '2' is not below K=2 (expected classes)",
     Expect(2)},
    {"empty_named_class.csv", "2,1,a,b,c\n1,0\n2,2\n", 1, 4, "class 1 'b' has no samples"},
    {"gap_class.csv", "1,0\n2,2\n", 0, 0, "class 1 of K=3 has no samples"},
    {"missing_expected.csv", "1,0\n2,1\n", 0, 0, "class 2 of K=3 has no samples", Expect(3)},
    {"k_mismatch.csv", "2,1,a,b\n1,0\n2,1\n", 1, 3, "header names 2 classes, but 3 were expected", Expect(3)},
    {"n_mismatch.csv", "3,1,a,b\n1,0\n2,1\n", 1, 1, "header says N=3, but the file has 2 samples"},
    {"d_mismatch.csv", "2,2,a,b\n1,0\n2,1\n", 1, 2, "header says d=2, but line 2 has 1 features"},
    {"colname_mismatch.csv", "x,label\n1,2,0\n", 1, 3, "header has 2 columns, but line 2 has 3"},
    {"empty_name.csv", "1,1,a,,c\n1,0\n", 1, 4, "empty class name"},
    {"dup_name.csv", "1,1,a,a\n1,0\n", 1, 4, "duplicate class name 'a'"},
    {"one_column.csv", "0\n1\n", 1, 1, "only 1 column"},
    {"one_column_header.csv", "label\n0\n", 2, 1, "only 1 column"},
    // Issue 20: a typo in the first row made it a header: the sample was dropped.
    {"typo_first_feature.csv", "0.1,0.2x,0\n0.3,0.4,1\n", 1, 2, "feature is not a number: '0.2x'"},
    {"typo_first_label.csv", "0.1,0.2,0a\n0.3,0.4,1\n", 1, 3, "label is not a number: '0a'"},
    {"nbsp_first_row.csv", "\xC2\xA0" "0.1,0.2,0\n0.3,0.4,1\n", 1, 1, "feature is not a number: '\\xc2\\xa00.1'"},
    {"second_bom.csv", "\xEF\xBB\xBF\xEF\xBB\xBF" "0.1,0.2,0\n0.3,0.4,1\n", 1, 1,
     "feature is not a number: '\\xef\\xbb\\xbf0.1'"},
    {"typo_counts_header.csv", "2,1x,a,b\n1,0\n2,1\n", 1, 2, "feature is not a number: '1x'"},
};

class MalformedCsvTest : public ::testing::TestWithParam<MalformedCsv> {};

TEST_P(MalformedCsvTest, ThrowsDataErrorAtItsLineAndColumn) {
  const MalformedCsv& c = GetParam();
  ExpectError(c.file, c.content, c.line, c.column, c.problem, c.options);
}

// One test per file, named after it ("text_label.csv": text_label).
INSTANTIATE_TEST_SUITE_P(CsvReaderErrorTest, MalformedCsvTest, ::testing::ValuesIn(kMalformedCsvs),
                         [](const ::testing::TestParamInfo<MalformedCsv>& info) {
                           const std::string file = info.param.file;
                           return file.substr(0, file.find('.'));
                         });

TEST(CsvReaderErrorTest, LineLongerThanTheLimit) {
  CsvOptions o;
  o.max_line_bytes = 10;
  ExpectError("long_line.csv", "1,2,0\n1.000000000,2,1\n", 2, 0, "line longer than 10 bytes", o);
  EXPECT_EQ(ReadCsvDataset(TestDir() + "long_line.csv").size(), 2);  // fine with the default limit
}

TEST(CsvReaderErrorTest, TruncatedGzip) {
  const std::string bytes = ReadBytes(WriteGzip("whole.csv.gz", ReadBytes(BundledDataPath("iris.csv"))));
  const std::string path = WriteFile("truncated.csv.gz", bytes.substr(0, bytes.size() / 2));
  // The error comes where the text zlib could recover ends (in the middle of a line).
  const std::string recovered = Gunzip(path);
  ASSERT_FALSE(recovered.empty());
  ExpectError(path, long(std::count(recovered.begin(), recovered.end(), '\n')) + 1, 0,
              "read error: unexpected end of file");
}

TEST(CsvReaderErrorTest, BinaryGarbageWithNulBytes) {
  std::string garbage;
  for (int i = 0; i < 3000; ++i) garbage += char((i * 7919) % 256);
  EXPECT_THROW(ReadCsvDataset(WriteFile("garbage.bin", garbage)), DataError);
  // A NUL inside a number must not cut it: "1\0" is not "1".
  ExpectError("nul.csv", std::string("1,2,0\n3,4", 9) + std::string(1, '\0') + ",1\n", 2, 2,
              "feature is not a number: '4\\x00'");
}

TEST(CsvReaderErrorTest, MessagesStayOnOneLine) {
  ExpectError("control.csv", "1,2,0\n3,4\r\x1b[2J,1\n", 2, 2, "feature is not a number: '4\\x0d\\x1b[2J'");
  const DataError e("a\nb.csv", 3, 1, "bad\rthing");
  EXPECT_STREQ(e.what(), "a?b.csv:3:1: bad?thing");
}

// --------------------------------------------------------------- properties

std::string Format(double v) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.17g", v);
  return buffer;
}

// Random valid data sets in every accepted layout read back bit for bit.
RC_GTEST_PROP(CsvReaderProperty, WrittenDataReadsBackIdentically, ()) {
  const int d = *rc::gen::inRange(1, 6);
  const int k = *rc::gen::inRange(1, 5);
  const int n = *rc::gen::inRange(k, 25);
  std::vector<double> values = *rc::gen::container<std::vector<double>>(d * n, rc::gen::arbitrary<double>());
  for (double& v : values) v = std::isfinite(v) && std::fabs(v) <= CsvOptions().max_abs_feature ? v : 0.0;
  std::vector<int> labels = *rc::gen::container<std::vector<int>>(n, rc::gen::inRange(0, k));
  for (int c = 0; c < k; ++c) labels[c] = c;  // every class present...
  std::shuffle(labels.begin(), labels.end(), std::mt19937(*rc::gen::arbitrary<unsigned>()));  // ...anywhere
  const int header = *rc::gen::inRange(0, 3);  // none, "N,d,names", column names
  const std::string eol = *rc::gen::arbitrary<bool>() ? "\r\n" : "\n";
  const bool gzip = *rc::gen::arbitrary<bool>();

  std::string text;
  std::vector<std::string> names;
  if (header == 1) {
    text = std::to_string(n) + "," + std::to_string(d);
    for (int c = 0; c < k; ++c) names.push_back("class " + std::to_string(c)), text += "," + names.back();
    text += eol;
  } else if (header == 2) {
    for (int j = 0; j < d; ++j) text += "f" + std::to_string(j) + ",";
    text += "label" + eol;
  }
  for (int i = 0; i < n; ++i) {
    for (int j = 0; j < d; ++j) text += Format(values[i * d + j]) + ",";
    text += std::to_string(labels[i]) + eol;
  }
  text += std::string(*rc::gen::inRange(0, 3), '\n');
  const std::string path = gzip ? WriteGzip("roundtrip.csv.gz", text) : WriteFile("roundtrip.csv", text);

  const Dataset data = ReadCsvDataset(path);
  RC_ASSERT(data.dim() == d);
  RC_ASSERT(data.size() == n);
  RC_ASSERT(std::memcmp(data.X.data(), values.data(), sizeof(double) * values.size()) == 0);
  RC_ASSERT(data.labels == labels);
  RC_ASSERT(data.num_classes == k);
  RC_ASSERT(data.class_names == names);
}

// A single corrupted byte (in the text, or in the gzip stream) either still
// reads as a consistent data set or throws DataError: never anything else.
RC_GTEST_PROP(CsvReaderProperty, CorruptedByteReadsOrThrowsDataError, ()) {
  static const std::string iris = ReadBytes(BundledDataPath("iris.csv"));
  static const std::string iris_gz = ReadBytes(WriteGzip("iris_copy.csv.gz", iris));
  const bool gzip = *rc::gen::arbitrary<bool>();
  std::string bytes = gzip ? iris_gz : iris;
  const std::size_t at = *rc::gen::inRange<std::size_t>(0, bytes.size());
  bytes[at] = *rc::gen::arbitrary<char>();
  const std::string path = WriteFile("corrupt.csv", bytes);
  try {
    const Dataset data = ReadCsvDataset(path);
    RC_ASSERT(data.size() == int(data.labels.size()));
    RC_ASSERT(data.X.allFinite());
    const std::vector<int> counts = data.ClassCounts();  // also checks 0 <= label < K
    RC_ASSERT(std::all_of(counts.begin(), counts.end(), [](int c) { return c > 0; }));
  } catch (const DataError& e) {
    RC_ASSERT(std::string(e.what()).rfind(path + ":", 0) == 0);
  }
}

RC_GTEST_PROP(CsvReaderProperty, RandomBytesReadOrThrowDataError, ()) {
  const std::string path = WriteFile("random.bin", *rc::gen::arbitrary<std::string>());
  try {
    ReadCsvDataset(path);
  } catch (const DataError&) {
  }
}

}  // namespace
}  // namespace nrc
