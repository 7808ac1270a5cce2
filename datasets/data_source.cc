#include "datasets/data_source.h"

#include <cmath>
#include <sstream>
#include <set>
#include <stdexcept>

#include "datasets/csv_reader.h"
#include "datasets/data_dir.h"

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
  Dataset data;
  if (text == "iris") data = ReadCsvDataset(BundledDataPath("iris.csv"));
  else if (text == "digits") data = ReadCsvDataset(BundledDataPath("digits.csv.gz"));
  else if (text.rfind("gauss", 0) == 0 && (text.size() == 5 || text[5] == ':')) data = MakeGaussianClusters(ParseGaussianSource(text));
  else {
    CsvOptions options;
    options.expected_classes = expected_classes;
    return ReadCsvDataset(text, options);
  }
  if (expected_classes > 0 && data.num_classes != expected_classes) {
    throw std::invalid_argument("data set '" + text + "' has " + std::to_string(data.num_classes) +
                                " classes, expected " + std::to_string(expected_classes));
  }
  return data;
}

}  // namespace nrc
