// Tests for numerics/interval_matrix.h's products, which split the rows of
// the result over NRC_THREADS threads: the three forms (interval x interval,
// interval x double, double x interval) contain the exact product of the
// point matrices (MPFR at 1000 bits) and give the same bits for 1, 2 and 3
// threads at 64 bits. Negative control: the comparison tells the products at
// two interval precisions apart.
#include "numerics/interval_matrix.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "numerics/detail/test_util.h"
#include "numerics/precision.h"

namespace nrc {
namespace {

using testing_util::ScopedThreads;

Eigen::MatrixXd Random(int m, int n, unsigned seed) {
  std::mt19937_64 g(seed);
  std::uniform_real_distribution<double> u(-1, 1);
  Eigen::MatrixXd a(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) a(i, j) = u(g);
  return a;
}

bool SameBits(const IntervalMatrix& x, const IntervalMatrix& y) {
  if (x.rows() != y.rows() || x.cols() != y.cols()) return false;
  for (int i = 0; i < x.rows(); ++i)
    for (int j = 0; j < x.cols(); ++j)
      if (!mpfr_equal_p(&x(i, j).get()->left, &y(i, j).get()->left) ||
          !mpfr_equal_p(&x(i, j).get()->right, &y(i, j).get()->right))
        return false;
  return true;
}

// The three forms of a b, in that order.
std::vector<IntervalMatrix> Products(const Eigen::MatrixXd& a, const Eigen::MatrixXd& b) {
  const IntervalMatrix ia = IntervalMatrix::FromDoubles(a), ib = IntervalMatrix::FromDoubles(b);
  return {ia * ib, ia * b, a * ib};
}

TEST(IntervalMatrixTest, ProductsContainTheExactProductAndHaveTheSameBitsForEveryThreadCount) {
  // 40 x 100 times 100 x 30: 3000 terms per row, split at 2 and 3 threads.
  const Eigen::MatrixXd a = Random(40, 100, 1), b = Random(100, 30, 2);
  // 64 bits: the sums round (at 128 bits these sums of 100 products of
  // doubles would be exact, whatever the order).
  ScopedIntervalPrecision bits(64);
  std::vector<IntervalMatrix> one;
  {
    ScopedThreads t("1");
    one = Products(a, b);
  }
  for (const char* threads : {"2", "3"}) {
    ScopedThreads t(threads);
    const std::vector<IntervalMatrix> many = Products(a, b);
    for (size_t f = 0; f < one.size(); ++f) EXPECT_TRUE(SameBits(many[f], one[f])) << threads << " threads, form " << f;
  }
  ScopedMpfrPrecision ref(1000);
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < b.cols(); ++j) {
      Mpfr exact = 0;
      for (int k = 0; k < a.cols(); ++k) exact += Mpfr(a(i, k)) * Mpfr(b(k, j));  // exact at 1000 bits
      for (const IntervalMatrix& c : one)
        ASSERT_GT(mpfi_is_inside_fr(exact.backend().data(), c(i, j).get()), 0) << i << ", " << j;
    }
  // Negative control: at 128 bits the enclosures are other numbers.
  ScopedIntervalPrecision more(128);
  EXPECT_FALSE(SameBits(Products(a, b)[0], one[0]));
}

}  // namespace
}  // namespace nrc
