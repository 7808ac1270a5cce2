// Tests for datasets/standardize.h.
#include "datasets/standardize.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cmath>
#include <limits>
#include <random>

#include "datasets/csv_reader.h"
#include "datasets/data_dir.h"

namespace nrc {
namespace {

constexpr double kEps = std::numeric_limits<double>::epsilon();

// Neumaier-compensated mean (the checks must be more accurate than the bounds).
double AccurateMean(const Eigen::RowVectorXd& x) {
  double sum = 0, c = 0;
  for (double v : x) {
    const double t = sum + v;
    c += std::abs(sum) >= std::abs(v) ? (sum - t) + v : (v - t) + sum;
    sum = t;
  }
  return (sum + c) / double(x.size());
}
double PopulationStd(const Eigen::RowVectorXd& x) {
  const double m = AccurateMean(x);
  return std::sqrt(AccurateMean((x.array() - m).square().matrix()));
}

// The header's first-order bounds are |mean| <= eps (1 + 1.5 r), r = |shift|/scale,
// and |std - 1| <= 2 eps; the check of std itself adds ~1.5 eps (a square, a
// sum, a division, a sqrt). Tolerances: 4 eps (1 + r) and 6 eps, a margin of >= 1.7x.
void ExpectStandardized(const Matrix<double>& X, const Standardization& s) {
  for (Eigen::Index j = 0; j < X.rows(); ++j) {
    const double r = std::abs(s.shift(j)) / s.scale(j);
    EXPECT_LE(std::abs(AccurateMean(X.row(j))), 4 * kEps * (1 + r)) << "feature " << j;
    EXPECT_LE(std::abs(PopulationStd(X.row(j)) - 1), 6 * kEps) << "feature " << j;
  }
}

TEST(StandardizeTest, SmallExampleHasKnownShiftAndScale) {
  Dataset d;
  d.X.resize(2, 4);
  d.X << 1, 2, 3, 4,  //
      -2, -2, 6, 6;
  const Standardization s = StandardizeFeatures(&d);
  EXPECT_EQ(s.shift(0), 2.5);
  EXPECT_EQ(s.scale(0), std::sqrt(1.25));
  EXPECT_EQ(s.shift(1), 2);
  EXPECT_EQ(s.scale(1), 4);
  EXPECT_TRUE(d.X.row(1) == Eigen::RowVector4d(-1, -1, 1, 1));
  ExpectStandardized(d.X, s);
}

TEST(StandardizeTest, ConstantFeatureIsOnlyCentred) {
  Dataset d;
  d.X.resize(2, 3);
  d.X << 0.1, 0.1, 0.1,  //
      1, 2, 3;
  const Standardization s = StandardizeFeatures(&d);
  EXPECT_EQ(s.shift(0), 0.1);
  EXPECT_EQ(s.scale(0), 1);
  EXPECT_TRUE((d.X.row(0).array() == 0).all());
  EXPECT_EQ(s.scale(1), std::sqrt(2.0 / 3));
}

TEST(StandardizeTest, SingleSampleBecomesZero) {
  Dataset d;
  d.X = Matrix<double>::Constant(3, 1, -7.5);
  const Standardization s = StandardizeFeatures(&d);
  EXPECT_TRUE((d.X.array() == 0).all());
  EXPECT_TRUE((s.scale.array() == 1).all());
}

// Squares of 1e300 overflow and of 1e-300 underflow in a naive variance.
TEST(StandardizeTest, ExtremeMagnitudesNeitherOverflowNorUnderflow) {
  for (double unit : {1e300, 1e-300, 1e-310}) {
    Dataset d;
    d.X.resize(1, 4);
    d.X << 1 * unit, -1 * unit, 1 * unit, -1 * unit;
    const Standardization s = StandardizeFeatures(&d);
    EXPECT_EQ(s.scale(0), unit) << unit;
    EXPECT_TRUE(d.X.row(0) == Eigen::RowVector4d(1, -1, 1, -1)) << unit;
  }
  Dataset overflow;
  overflow.X.resize(1, 3);
  overflow.X << 1.7e308, 1.7e308, -1.7e308;  // the sum exceeds the double range
  EXPECT_THROW(StandardizeFeatures(&overflow), std::range_error);
}

TEST(StandardizeTest, EmptyDataAndMismatchedApplyThrow) {
  Dataset empty;
  empty.X.resize(2, 0);
  EXPECT_THROW(StandardizeFeatures(&empty), std::invalid_argument);
  Dataset d;
  d.X = Matrix<double>::Random(3, 5);
  const Standardization s = StandardizeFeatures(&d);
  Matrix<double> other(2, 5);
  EXPECT_THROW(s.Apply(&other), std::invalid_argument);
}

TEST(StandardizeTest, ApplyMapsOtherDataTheSameWay) {
  Dataset train;
  train.X = Matrix<double>::Random(4, 30);
  Matrix<double> test = Matrix<double>::Random(4, 7);
  Matrix<double> both(4, 37);
  both << train.X, test;
  const Standardization s = StandardizeFeatures(&train);
  Matrix<double> both_mapped = both;
  s.Apply(&both_mapped);
  EXPECT_TRUE(both_mapped.leftCols(30) == train.X);
  s.Apply(&test);
  EXPECT_TRUE(both_mapped.rightCols(7) == test);
}

TEST(StandardizeTest, IrisStandardizes) {
  Dataset iris = ReadCsvDataset(BundledDataPath("iris.csv"));
  const Matrix<double> raw = iris.X;
  const Standardization s = StandardizeFeatures(&iris);
  ExpectStandardized(iris.X, s);
  EXPECT_NEAR(s.shift(0), raw.row(0).mean(), 1e-12);  // sepal length, mean 5.843...
  EXPECT_EQ(iris.labels.size(), 150u);                  // labels untouched
}

// Random features with offsets up to 1e6 scales and spreads from 1e-3 to 1e3, so
// the cancellation ratio r = |shift|/scale ranges over many orders of magnitude.
RC_GTEST_PROP(StandardizeProperty, MeanZeroAndUnitStdWithinStatedBound, ()) {
  const int d = *rc::gen::inRange(1, 5);
  const int n = *rc::gen::inRange(2, 300);
  std::mt19937_64 engine(*rc::gen::arbitrary<std::uint64_t>());
  std::normal_distribution<double> normal;  // fine here: only needs to be random
  Dataset data;
  data.X.resize(d, n);
  for (int j = 0; j < d; ++j) {
    const double offset = *rc::gen::inRange(-1000000, 1000000) * 1.0;
    const double spread = std::pow(10.0, *rc::gen::inRange(-3, 4));
    for (int i = 0; i < n; ++i) data.X(j, i) = offset + spread * normal(engine);
  }
  const Standardization s = StandardizeFeatures(&data);
  for (int j = 0; j < d; ++j) {
    const double r = std::abs(s.shift(j)) / s.scale(j);
    RC_ASSERT(std::abs(AccurateMean(data.X.row(j))) <= 4 * kEps * (1 + r));
    RC_ASSERT(std::abs(PopulationStd(data.X.row(j)) - 1) <= 6 * kEps);
  }
}

}  // namespace
}  // namespace nrc
