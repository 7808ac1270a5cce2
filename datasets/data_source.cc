#include "datasets/data_source.h"

#include <cmath>
#include <filesystem>
#include <sstream>
#include <set>
#include <stdexcept>
#include <tuple>
#include <utility>

#include "datasets/class_balanced_subset.h"
#include "datasets/csv_reader.h"
#include "datasets/data_dir.h"
#include "datasets/detail/binary_input.h"
#include "datasets/idx_reader.h"
#include "datasets/npy_reader.h"

namespace nrc {
namespace {

double ParseNumber(const std::string& key, const std::string& value, const std::string& text) {
  char* end = nullptr;
  const double v = std::strtod(value.c_str(), &end);
  if (value.empty() || *end != '\0' || !std::isfinite(v)) {
    throw std::invalid_argument("bad value '" + value + "' for " + key + " in data source '" + text + "'");
  }
  return v;
}

int ParseCount(const std::string& key, const std::string& value, const std::string& text) {
  const double v = ParseNumber(key, value, text);
  if (v != std::floor(v) || v < 1 || v > 1e8) {
    throw std::invalid_argument(key + " must be an integer 1..10^8 in data source '" + text + "' (got '" + value + "')");
  }
  return static_cast<int>(v);
}

constexpr double kMaxGaussScale = 1e6;
constexpr double kMaxGaussValues = 1e8;

struct Subset {
  int n = 0;  // 0: no subset
  std::uint64_t seed = 1;
};

// Splits "BASE@n=N[,seed=S]" into BASE and the subset.
std::string SplitSubset(const std::string& text, Subset* subset) {
  const auto at = text.rfind('@');
  if (at == std::string::npos || text.compare(at + 1, 2, "n=") != 0) return text;
  std::stringstream items(text.substr(at + 1));
  std::string item;
  while (std::getline(items, item, ',')) {
    const auto eq = item.find('=');
    const std::string key = item.substr(0, eq), value = eq == std::string::npos ? "" : item.substr(eq + 1);
    if (key == "n") subset->n = ParseCount(key, value, text);
    else if (key == "seed") subset->seed = static_cast<std::uint64_t>(ParseCount(key, value, text));
    else throw std::invalid_argument("unknown subset key '" + key + "' in data source '" + text + "' (n, seed)");
  }
  return text.substr(0, at);
}

// "idx:A,B" / "npy:A,B" -> A and B (split at the last comma).
std::pair<std::string, std::string> PairOf(const std::string& text, std::size_t prefix) {
  const std::string rest = text.substr(prefix);
  const auto comma = rest.rfind(',');
  if (comma == std::string::npos || comma == 0 || comma + 1 == rest.size()) {
    throw std::invalid_argument("expected " + text.substr(0, prefix) + "FEATURES,LABELS but got '" + text + "'");
  }
  return {rest.substr(0, comma), rest.substr(comma + 1)};
}

enum class FileKind { kCsv, kIdx, kNpy };

// Told by the first bytes (after gunzip); unreadable files go to the CSV
// reader, which reports them.
FileKind SniffFile(const std::string& path) {
  unsigned char head[6] = {1, 1, 1, 1, 1, 1};
  try {
    detail::BinaryInput in(path);
    in.ReadSome(head, sizeof head);
  } catch (const DataError&) {
    return FileKind::kCsv;
  }
  if (std::string(reinterpret_cast<const char*>(head), 6) == "\x93NUMPY") return FileKind::kNpy;
  if (head[0] == 0 && head[1] == 0) return FileKind::kIdx;  // a CSV line never starts with NUL bytes
  return FileKind::kCsv;
}

std::string NpyLabelsPathFor(const std::string& features_path) {
  const std::size_t slash = features_path.find_last_of('/');
  const std::size_t base = slash == std::string::npos ? 0 : slash + 1;
  const std::size_t at = features_path.rfind("data");
  if (at == std::string::npos || at < base) return "";
  return features_path.substr(0, at) + "labels" + features_path.substr(at + 4);
}

Dataset LoadFile(const std::string& path, int expected_classes) {
  switch (SniffFile(path)) {
    case FileKind::kIdx: {
      const std::string labels = IdxLabelsPathFor(path);
      if (labels.empty()) {
        throw DataError(path, 0, 0, "an IDX file without \"images\" in its name: give the pair as idx:IMAGES,LABELS");
      }
      IdxOptions o;
      o.expected_classes = expected_classes;
      return ReadIdxDataset(path, labels, o);
    }
    case FileKind::kNpy: {
      const std::string labels = NpyLabelsPathFor(path);
      if (labels.empty()) {
        throw DataError(path, 0, 0, "a .npy file without \"data\" in its name: give the pair as npy:FEATURES,LABELS");
      }
      return ReadNpyDataset(path, labels, expected_classes);
    }
    case FileKind::kCsv:
      break;
  }
  CsvOptions options;
  options.expected_classes = expected_classes;
  return ReadCsvDataset(path, options);
}

Dataset LoadFashionMnist(const std::string& split) {
  const std::string dir = kFashionMnistDir, prefix = dir + "/" + split;
  std::error_code ec;
  if (!std::filesystem::exists(prefix + "-images-idx3-ubyte.gz", ec)) {
    throw std::invalid_argument("fashion-mnist: " + prefix + "-images-idx3-ubyte.gz not found: install Debian's "
                                "dataset-fashion-mnist (tools/setup does)");
  }
  IdxOptions o;
  o.expected_classes = 10;
  Dataset d = ReadIdxDataset(prefix + "-images-idx3-ubyte.gz", prefix + "-labels-idx1-ubyte.gz", o);
  d.class_names = {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                   "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
  return d;
}

// The base source (no subset), with data.source = base.
Dataset LoadBase(const std::string& base, int expected_classes) {
  Dataset data;
  if (base == "iris") data = ReadCsvDataset(BundledDataPath("iris.csv"));
  else if (base == "digits") data = ReadCsvDataset(BundledDataPath("digits.csv.gz"));
  else if (base == "fashion-mnist" || base == "fashion-mnist:train") data = LoadFashionMnist("train");
  else if (base == "fashion-mnist:test") data = LoadFashionMnist("t10k");
  else if (base.rfind("fashion-mnist:", 0) == 0) {
    throw std::invalid_argument("unknown split in data source '" + base + "' (fashion-mnist, fashion-mnist:test)");
  } else if (base.rfind("gauss", 0) == 0 && (base.size() == 5 || base[5] == ':')) {
    data = MakeGaussianClusters(ParseGaussianSource(base));
  } else if (base.rfind("idx:", 0) == 0) {
    const auto [images, labels] = PairOf(base, 4);
    IdxOptions o;
    o.expected_classes = expected_classes;
    data = ReadIdxDataset(images, labels, o);
  } else if (base.rfind("npy:", 0) == 0) {
    const auto [features, labels] = PairOf(base, 4);
    data = ReadNpyDataset(features, labels, expected_classes);
  } else {
    return LoadFile(base, expected_classes);
  }
  data.source = base;
  return data;
}

}  // namespace

GaussianClustersSpec ParseGaussianSource(const std::string& text) {
  if (text.rfind("gauss", 0) != 0) throw std::invalid_argument("not a gauss data source: '" + text + "'");
  GaussianClustersSpec spec;
  spec.num_classes = 4;
  spec.dim = 16;
  spec.per_class = 50;
  spec.within_std = 0.1;
  spec.seed = 1;
  const auto colon = text.find(':');
  if (colon == std::string::npos) {
    if (text != "gauss") throw std::invalid_argument("expected gauss:KEY=VALUE,... but got '" + text + "'");
    return spec;
  }
  std::stringstream items(text.substr(colon + 1));
  std::string item;
  std::set<std::string> seen;
  while (std::getline(items, item, ',')) {
    if (item.empty()) continue;
    const auto eq = item.find('=');
    if (eq == std::string::npos) throw std::invalid_argument("expected KEY=VALUE, got '" + item + "' in '" + text + "'");
    const std::string key = item.substr(0, eq), value = item.substr(eq + 1);
    if (!seen.insert(key).second) {
      throw std::invalid_argument("key '" + key + "' given twice in data source '" + text + "' (which value is meant?)");
    }
    if (key == "K") spec.num_classes = ParseCount(key, value, text);
    else if (key == "d") spec.dim = ParseCount(key, value, text);
    else if (key == "n") spec.per_class = ParseCount(key, value, text);
    else if (key == "std") spec.within_std = ParseNumber(key, value, text);
    else if (key == "center") spec.center_scale = ParseNumber(key, value, text);
    else if (key == "seed") spec.seed = static_cast<std::uint64_t>(ParseCount(key, value, text));
    else throw std::invalid_argument("unknown key '" + key + "' in data source '" + text + "' (K, d, n, std, center, seed)");
  }
  // Domain limits, checked before anything is drawn or allocated.
  if (!(spec.within_std >= 0 && spec.within_std <= kMaxGaussScale) ||
      !(spec.center_scale >= 0 && spec.center_scale <= kMaxGaussScale)) {
    throw std::invalid_argument("std and center must be in [0, 1e6] (nrc's limit, so that squared sums of the data "
                                "stay finite in float) in data source '" + text + "'");
  }
  const double values = double(spec.num_classes) * spec.per_class * (spec.dim + 1.0);
  if (values > kMaxGaussValues) {
    throw std::invalid_argument("K*n*(d+1) = " + std::to_string(static_cast<long long>(values)) +
                                " values, more than nrc's limit of 10^8 for a generated data set, in data source '" + text + "'");
  }
  return spec;
}

Dataset LoadDataSource(const std::string& text, int expected_classes) {
  Subset subset;
  const std::string base = SplitSubset(text, &subset);
  Dataset data = LoadBase(base, expected_classes);
  if (expected_classes > 0 && data.num_classes != expected_classes) {
    throw std::invalid_argument("data set '" + text + "' has " + std::to_string(data.num_classes) +
                                " classes, expected " + std::to_string(expected_classes));
  }
  if (subset.n > 0) {
    const std::string source = data.source + text.substr(base.size());
    data = ClassBalancedSubset(data, subset.n, subset.seed);
    data.source = source;
  }
  return data;
}

std::string WithSubset(const std::string& text, int n, std::uint64_t seed) {
  Subset existing;
  if (SplitSubset(text, &existing) != text) {
    throw std::invalid_argument("data source '" + text + "' already has a subset (@n=...)");
  }
  if (n < 1) throw std::invalid_argument("subset size n=" + std::to_string(n) + " must be >= 1");
  return text + "@n=" + std::to_string(n) + (seed == 1 ? "" : ",seed=" + std::to_string(seed));
}

std::string TestSourceFor(const std::string& text) {
  Subset subset;
  const std::string base = SplitSubset(text, &subset);
  if (base == "fashion-mnist" || base == "fashion-mnist:train") return "fashion-mnist:test";
  std::string images = base, labels;
  if (base.rfind("idx:", 0) == 0) {
    std::tie(images, labels) = PairOf(base, 4);
  } else if (base.find(':') != std::string::npos || SniffFile(base) != FileKind::kIdx) {
    return "";
  }
  const auto swap_train = [](const std::string& path) {
    const std::size_t slash = path.find_last_of('/');
    const std::size_t name = slash == std::string::npos ? 0 : slash + 1;
    return path.compare(name, 5, "train") == 0 ? path.substr(0, name) + "t10k" + path.substr(name + 5) : std::string();
  };
  const std::string test_images = swap_train(images);
  const std::string test_labels = labels.empty() ? IdxLabelsPathFor(test_images) : swap_train(labels);
  std::error_code ec;
  if (test_images.empty() || test_labels.empty() || !std::filesystem::is_regular_file(test_images, ec) ||
      !std::filesystem::is_regular_file(test_labels, ec)) {
    return "";
  }
  return "idx:" + test_images + "," + test_labels;
}

bool IsBuiltInSource(const std::string& text) {
  Subset subset;
  std::string base;
  try {
    base = SplitSubset(text, &subset);
  } catch (const std::invalid_argument&) {
    return false;
  }
  return base == "iris" || base == "digits" || base == "fashion-mnist" || base.rfind("fashion-mnist:", 0) == 0 ||
         (base.rfind("gauss", 0) == 0 && (base.size() == 5 || base[5] == ':'));
}

}  // namespace nrc
