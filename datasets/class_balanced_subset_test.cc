#include "datasets/class_balanced_subset.h"

#include <gtest/gtest.h>

#include "datasets/data_source.h"

namespace nrc {
namespace {

TEST(ClassBalancedSubset, BalancedDeterministicAndInOriginalOrder) {
  const Dataset digits = LoadDataSource("digits");  // class counts 174..183
  const Dataset a = ClassBalancedSubset(digits, 503, 7), b = ClassBalancedSubset(digits, 503, 7);
  ASSERT_EQ(a.size(), 503);
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.labels, b.labels);
  const std::vector<int> counts = a.ClassCounts();
  for (int c = 0; c < 10; ++c) EXPECT_EQ(counts[c], 50 + (c < 3 ? 1 : 0)) << c;
  // Every kept sample is a sample of the data, kept in the data's order.
  int from = 0;
  for (int j = 0; j < a.size(); ++j) {
    while (from < digits.size() && !(digits.X.col(from) == a.X.col(j) && digits.labels[from] == a.labels[j])) ++from;
    ASSERT_LT(from, digits.size()) << "sample " << j << " not found in order";
    ++from;
  }
  const Dataset other = ClassBalancedSubset(digits, 503, 8);
  EXPECT_NE(other.X, a.X);  // another seed, another draw
}

TEST(ClassBalancedSubset, RefusesWhatCannotBeBalanced) {
  const Dataset digits = LoadDataSource("digits");
  EXPECT_THROW(ClassBalancedSubset(digits, 9, 1), std::invalid_argument);     // n < K
  EXPECT_THROW(ClassBalancedSubset(digits, 0, 1), std::invalid_argument);
  EXPECT_THROW(ClassBalancedSubset(digits, 1797, 1), std::invalid_argument);  // class 0: 178 < 180
  try {
    ClassBalancedSubset(digits, 1797, 1);
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("class 0 has 178 samples, a balanced subset needs 180"), std::string::npos) << e.what();
  }
  EXPECT_EQ(ClassBalancedSubset(digits, 1740, 1).size(), 1740);
}

}  // namespace
}  // namespace nrc
