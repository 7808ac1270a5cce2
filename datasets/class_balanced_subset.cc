// nrc/datasets/class_balanced_subset.cc
#include "datasets/class_balanced_subset.h"

#include <algorithm>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace nrc {
namespace {

// Uniform in [0, bound) by rejection: the same value on every library.
std::uint64_t Below(std::mt19937_64* engine, std::uint64_t bound) {
  const std::uint64_t limit = UINT64_MAX - UINT64_MAX % bound;  // a multiple of bound
  for (;;) {
    const std::uint64_t x = (*engine)();
    if (x < limit) return x % bound;
  }
}

}  // namespace

Dataset ClassBalancedSubset(const Dataset& data, int n, std::uint64_t seed) {
  const int K = data.num_classes, N = data.size();
  if (n < 1 || n > N) {
    throw std::invalid_argument("subset of n=" + std::to_string(n) + " samples: need 1 <= n <= N = " + std::to_string(N));
  }
  if (n < K) {
    throw std::invalid_argument("subset of n=" + std::to_string(n) + " samples: need n >= K = " + std::to_string(K) +
                                " (one sample per class at least)");
  }
  std::vector<std::vector<int>> members(K);
  for (int i = 0; i < N; ++i) members[data.labels[i]].push_back(i);
  std::mt19937_64 engine(seed);
  std::vector<int> keep;
  keep.reserve(n);
  for (int c = 0; c < K; ++c) {
    const int quota = n / K + (c < n % K ? 1 : 0);
    std::vector<int>& m = members[c];
    if (quota > static_cast<int>(m.size())) {
      const std::string name = c < static_cast<int>(data.class_names.size()) ? " (" + data.class_names[c] + ")" : "";
      throw std::invalid_argument("subset of n=" + std::to_string(n) + " samples: class " + std::to_string(c) + name +
                                  " has " + std::to_string(m.size()) + " samples, a balanced subset needs " +
                                  std::to_string(quota));
    }
    for (std::size_t i = m.size(); i > 1; --i) std::swap(m[i - 1], m[Below(&engine, i)]);
    keep.insert(keep.end(), m.begin(), m.begin() + quota);
  }
  std::sort(keep.begin(), keep.end());
  Dataset out;
  out.X.resize(data.dim(), n);
  out.labels.resize(n);
  for (int j = 0; j < n; ++j) {
    out.X.col(j) = data.X.col(keep[j]);
    out.labels[j] = data.labels[keep[j]];
  }
  out.num_classes = K;
  out.class_names = data.class_names;
  out.source = data.source;
  return out;
}

}  // namespace nrc
