// nrc/datasets/detail/class_labels.cc
#include "datasets/detail/class_labels.h"

#include <climits>

#include "datasets/data_error.h"

namespace nrc::detail {

int CheckClassLabels(const std::string& path, const std::vector<std::int64_t>& labels, int expected_classes,
                     std::vector<int>* out) {
  const auto fail = [&path](const std::string& problem) { throw DataError(path, 0, 0, problem); };
  if (labels.empty()) fail("no samples");
  // Labels index per-class counts below: bound K before allocating them.
  constexpr std::int64_t kMaxClasses = 1 << 20;
  std::int64_t largest = -1;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const std::int64_t y = labels[i];
    if (y < 0) fail("label of sample " + std::to_string(i) + " is negative: " + std::to_string(y));
    if (expected_classes > 0 && y >= expected_classes) {
      fail("label of sample " + std::to_string(i) + " is " + std::to_string(y) + ", not below K=" +
           std::to_string(expected_classes) + " (expected classes)");
    }
    if (y >= kMaxClasses) {
      fail("label of sample " + std::to_string(i) + " is " + std::to_string(y) + ": more than " +
           std::to_string(kMaxClasses) + " classes");
    }
    if (y > largest) largest = y;
  }
  const int K = expected_classes > 0 ? expected_classes : static_cast<int>(largest + 1);
  std::vector<std::int64_t> counts(K, 0);
  for (std::int64_t y : labels) ++counts[y];
  for (int c = 0; c < K; ++c) {
    if (counts[c] == 0) fail("class " + std::to_string(c) + " of K=" + std::to_string(K) + " has no samples");
  }
  out->assign(labels.begin(), labels.end());
  return K;
}

}  // namespace nrc::detail
