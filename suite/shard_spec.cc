#include "suite/shard_spec.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <stdexcept>

namespace nrc {
namespace {

// A decimal integer in [1, 100000], digits only.
bool ParseCount(const std::string& s, int* out) {
  if (s.empty() || s.size() > 6) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  const long v = std::stol(s);
  if (v < 1 || v > 100000) return false;
  *out = static_cast<int>(v);
  return true;
}

}  // namespace

ShardSpec ShardSpec::Parse(const std::string& text) {
  const auto slash = text.find('/');
  ShardSpec s;
  if (slash == std::string::npos || !ParseCount(text.substr(0, slash), &s.index) ||
      !ParseCount(text.substr(slash + 1), &s.count)) {
    throw std::invalid_argument("--shard: expected I/N with 1 <= I <= N (e.g. 1/4), got '" + text + "'");
  }
  if (s.index > s.count) {
    throw std::invalid_argument("--shard: shard " + std::to_string(s.index) + " of " + std::to_string(s.count) +
                                " does not exist (shards are numbered 1.." + std::to_string(s.count) + ")");
  }
  return s;
}

std::string ShardSpec::ToString() const { return std::to_string(index) + "/" + std::to_string(count); }

std::vector<int> ShardSpec::Assign(const std::vector<SuitePoint>& points, int count) {
  if (count < 1) throw std::invalid_argument("--shard: N must be >= 1");
  std::vector<double> cost(points.size());
  for (std::size_t i = 0; i < points.size(); ++i) cost[i] = points[i].Cost();
  std::vector<std::size_t> order(points.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return cost[a] > cost[b]; });
  std::vector<double> load(count, 0.0);
  std::vector<int> shard(points.size(), 1);
  for (std::size_t i : order) {
    const int s = static_cast<int>(std::min_element(load.begin(), load.end()) - load.begin());  // first minimum
    shard[i] = s + 1;
    load[s] += cost[i];
  }
  return shard;
}

std::vector<SuitePoint> ShardSpec::Select(const std::vector<SuitePoint>& points) const {
  const std::vector<int> shard = Assign(points, count);
  std::vector<SuitePoint> mine;
  for (std::size_t i = 0; i < points.size(); ++i)
    if (shard[i] == index) mine.push_back(points[i]);
  return mine;
}

}  // namespace nrc
