// Tests for numerics/midrad_matrix.h and numerics/midrad_enclosures.h: every
// midpoint-radius result contains the MPFI result (at 256 bits) of the same
// operation on the same boxes' points (entries at the box corners and
// centres, taken exactly), on random matrices with entries from 1e-300 to
// 1e3 and inner dimensions up to 300; the enclosures of norms, singular
// values and inverses contain MPFR values at 400 bits. Negative control: a
// product whose radius drops the rounding term (the midpoint GEMM taken as
// exact) is caught by the same comparison with MPFI.
// Threads: products large enough to be split into blocks (by columns of the
// result, or by the inner dimension with the partial products added) contain
// the exact products at every block's edges, and every operation gives the
// same bits for NRC_THREADS = 1 and 2.
#include "numerics/midrad_matrix.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <Eigen/LU>

#include <cmath>
#include <random>

#include "numerics/detail/midrad_blocks.h"
#include "numerics/detail/test_util.h"
#include "numerics/midrad_enclosures.h"
#include "numerics/precision.h"
#include "numerics/svd.h"

namespace nrc {
namespace {

using testing_util::SameBits;
using testing_util::ScopedThreads;
using testing_util::UniformInt;

// Entries of magnitude 10^e, e uniform in [lo_exp, hi_exp], random signs;
// radii a random fraction (0 for a point matrix) of |mid| times 1e-10.
MidradMatrix RandomMidrad(int m, int n, std::mt19937_64& g, bool point, int lo_exp = -3, int hi_exp = 3) {
  std::uniform_real_distribution<double> u(-1, 1), e(lo_exp, hi_exp);
  Eigen::MatrixXd mid(m, n), rad = Eigen::MatrixXd::Zero(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) {
      mid(i, j) = u(g) * std::pow(10.0, e(g));
      if (!point) rad(i, j) = std::fabs(mid(i, j)) * 1e-10 * (u(g) + 1);
    }
  return MidradMatrix(mid, rad);
}

// One point of each box entry (exact, as a point interval): the lower corner
// mid - rad, the centre or the upper corner mid + rad (which: `pick` 0, 1, 2),
// exact at the 256 bits the tests use (mid and rad are within 2^60 of each other).
IntervalMatrix PointOf(const MidradMatrix& a, int pick) {
  IntervalMatrix r(a.rows(), a.cols());
  for (int i = 0; i < a.rows(); ++i)
    for (int j = 0; j < a.cols(); ++j) {
      const Interval e = a.Entry(i, j);
      if (pick == 1) r(i, j) = Interval(a.mid()(i, j));
      else mpfi_set_fr(r(i, j).get(), pick == 0 ? &e.get()->left : &e.get()->right);
    }
  return r;
}

// Every entry of x inside the box of m.
bool Inside(const IntervalMatrix& x, const MidradMatrix& m, std::string* where = nullptr) {
  for (int i = 0; i < x.rows(); ++i)
    for (int j = 0; j < x.cols(); ++j)
      if (mpfi_is_inside(x(i, j).get(), m.Entry(i, j).get()) <= 0) {
        if (where)
          *where = "entry (" + std::to_string(i) + ", " + std::to_string(j) + ") = [" +
                   std::to_string(x(i, j).Lower()) + ", " + std::to_string(x(i, j).Upper()) + "] not in <" +
                   std::to_string(m.mid()(i, j)) + ", " + std::to_string(m.rad()(i, j)) + ">";
        return false;
      }
  return true;
}

RC_GTEST_PROP(MidradMatrixProperty, ProductContainsTheExactProductOfEveryPoint, ()) {
  const int m = *UniformInt(1, 8), n = *UniformInt(1, 300), k = *UniformInt(1, 8);
  const bool point_a = *rc::gen::arbitrary<bool>(), tiny = *rc::gen::arbitrary<bool>();
  const bool point_b = *rc::gen::arbitrary<bool>();
  std::mt19937_64 g(*rc::gen::arbitrary<std::uint64_t>());
  RC_CLASSIFY(tiny, "subnormal range");
  RC_CLASSIFY(point_b, "point B (one-GEMM radius)");
  const MidradMatrix a = RandomMidrad(m, n, g, point_a, tiny ? -300 : -3, tiny ? -150 : 3);
  const MidradMatrix b = RandomMidrad(n, k, g, point_b, tiny ? -200 : -3, tiny ? -150 : 3);
  const MidradMatrix c = a * b;
  // a b^T without forming the transpose: the same set for every point.
  const MidradMatrix ct = TimesTransposed(a, b.Transpose());
  // X Y - C with the error-free splitting, C near X Y (a residual) or random.
  const bool residual = *rc::gen::arbitrary<bool>();
  RC_CLASSIFY(residual, "residual");
  const MidradMatrix d = residual ? MidradMatrix::FromDoubles(c.mid()) : RandomMidrad(m, k, g, false);
  const MidradMatrix r = ProductMinus(a, b, d);
  ScopedIntervalPrecision p(256);
  for (int pick = 0; pick < 3; ++pick) {
    std::string where;
    RC_ASSERT(Inside(PointOf(a, pick) * PointOf(b, 2 - pick), c, &where));
    if (!Inside(PointOf(a, pick) * PointOf(b, 2 - pick), ct, &where)) RC_FAIL("TimesTransposed: " + where);
    const IntervalMatrix exact = PointOf(a, pick) * PointOf(b, 2 - pick) - PointOf(d, pick);
    if (!Inside(exact, r, &where)) RC_FAIL("ProductMinus: " + where);
  }
  // The MPFI product of the whole boxes: its midpoint is a point of the exact set.
  const IntervalMatrix box = a.ToIntervals() * b.ToIntervals();
  RC_ASSERT(Inside(IntervalMatrix::FromDoubles(box.Mid()), c));
}

RC_GTEST_PROP(MidradMatrixProperty, ElementwiseOperationsContainTheExactResults, ()) {
  const int m = *UniformInt(1, 10), n = *UniformInt(1, 10);
  std::mt19937_64 g(*rc::gen::arbitrary<std::uint64_t>());
  const MidradMatrix a = RandomMidrad(m, n, g, false), b = RandomMidrad(m, n, g, false);
  const Interval s = Interval::FromDecimal("-0.1");
  const MidradMatrix col = RandomMidrad(m, 1, g, false);
  MidradMatrix dtanh;
  const MidradMatrix sum = a + b, diff = a - b, prod = CwiseProduct(a, b), scaled = s * a, t = Tanh(a, &dtanh);
  const MidradMatrix e = MapIntervals(a, [](const Interval& x) { return Exp(x / Interval(1000.0)); });
  const MidradMatrix shifted = AddToColumns(a, col);
  ScopedIntervalPrecision p(256);
  for (int pick = 0; pick < 3; ++pick) {
    const IntervalMatrix pa = PointOf(a, pick), pb = PointOf(b, 2 - pick), pc = PointOf(col, pick);
    RC_ASSERT(Inside(pa + pb, sum));
    RC_ASSERT(Inside(pa - pb, diff));
    RC_ASSERT(Inside(s * pa, scaled));
    IntervalMatrix q(m, n), th(m, n), dth(m, n), ex(m, n), sh(m, n);
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) {
        q(i, j) = pa(i, j) * pb(i, j);
        th(i, j) = Tanh(pa(i, j));
        dth(i, j) = Interval(1.0) - Sqr(th(i, j));
        ex(i, j) = Exp(pa(i, j) / Interval(1000.0));
        sh(i, j) = pa(i, j) + pc(i, 0);
      }
    RC_ASSERT(Inside(q, prod));
    RC_ASSERT(Inside(th, t));
    RC_ASSERT(Inside(dth, dtanh));
    RC_ASSERT(Inside(ex, e));
    RC_ASSERT(Inside(sh, shifted));
  }
}

// tanh over its whole range: values uniform in [-25, 25] (the table and the
// saturation) or of magnitude 1e-300..1e-3, against MPFI at 256 bits; its
// radius stays below the a-priori Horner bound.
RC_GTEST_PROP(MidradMatrixProperty, TanhContainsTheExactValueEverywhere, ()) {
  const int n = *UniformInt(1, 200);
  const bool tiny = *rc::gen::arbitrary<bool>();
  std::mt19937_64 g(*rc::gen::arbitrary<std::uint64_t>());
  std::uniform_real_distribution<double> u(-25, 25), e(-300, -3);
  Eigen::MatrixXd m(n, 1);
  for (int i = 0; i < n; ++i) m(i, 0) = tiny ? std::copysign(std::pow(10.0, e(g)), u(g)) : u(g);
  RC_CLASSIFY(tiny, "tiny");
  const MidradMatrix t = Tanh(MidradMatrix::FromDoubles(m));
  ScopedIntervalPrecision p(256);
  IntervalMatrix exact(n, 1);
  for (int i = 0; i < n; ++i) exact(i, 0) = Tanh(Interval(m(i, 0)));
  std::string where;
  if (!Inside(exact, t, &where)) RC_FAIL(where);
  // Radius: gamma_14 sum |c_j| |d|^j with sum |c_j| |d|^j <= 1 + 2^-8 (|tanh| <= 1,
  // |a_j| <= 1.6, |d| <= 2^-9), gamma_14 < 1.56e-15, plus r_0 <= u (c_0's
  // rounding to double): below 1.7e-15.
  RC_ASSERT(t.rad().maxCoeff() <= 1.7e-15);
}

// Negative control: tanh with its evaluation bound dropped (the polynomial's
// value taken as exact) is caught by the comparison with MPFI.
TEST(MidradMatrixTest, TanhWithoutItsErrorBoundIsCaughtByMpfi) {
  std::mt19937_64 g(3);
  std::uniform_real_distribution<double> u(-5, 5);
  Eigen::MatrixXd m(200, 1);
  for (int i = 0; i < 200; ++i) m(i, 0) = u(g);
  const MidradMatrix t = Tanh(MidradMatrix::FromDoubles(m));
  const MidradMatrix broken(t.mid(), Eigen::MatrixXd::Zero(200, 1));
  ScopedIntervalPrecision p(256);
  IntervalMatrix exact(200, 1);
  for (int i = 0; i < 200; ++i) exact(i, 0) = Tanh(Interval(m(i, 0)));
  EXPECT_TRUE(Inside(exact, t));
  EXPECT_FALSE(Inside(exact, broken));
}

RC_GTEST_PROP(MidradMatrixProperty, IntervalRoundTripEnclosesAndNormsContainMpfrValues, ()) {
  const int m = *UniformInt(1, 12), n = *UniformInt(1, 12);
  std::mt19937_64 g(*rc::gen::arbitrary<std::uint64_t>());
  const MidradMatrix a = RandomMidrad(m, n, g, *rc::gen::arbitrary<bool>());
  ScopedIntervalPrecision p(256);
  RC_ASSERT(Inside(a.ToIntervals(), MidradMatrix::FromIntervals(a.ToIntervals())));
  const Interval f = FrobeniusNorm(a);
  const std::vector<Interval> cn = ColumnNorms(a);
  const double s2 = SpectralNormUpper(a);
  for (int pick = 0; pick < 3; ++pick) {
    const IntervalMatrix pa = PointOf(a, pick);
    RC_ASSERT(mpfi_is_inside(FrobeniusNorm(pa).get(), f.get()) > 0);
    const std::vector<Interval> pn = ColumnNorms(pa);
    for (int j = 0; j < n; ++j) RC_ASSERT(mpfi_is_inside(pn[static_cast<size_t>(j)].get(), cn[static_cast<size_t>(j)].get()) > 0);
    // sigma_1 of the point matrix in MPFR at 400 bits.
    ScopedMpfrPrecision ref(400);
    Matrix<Mpfr> mp(m, n);
    for (int i = 0; i < m; ++i)
      for (int j = 0; j < n; ++j) mpfi_mid(mp(i, j).backend().data(), pa(i, j).get());
    RC_ASSERT(SingularValues(mp, SvdMethod::kJacobi)(0) <= Mpfr(s2));
  }
}

RC_GTEST_PROP(MidradMatrixProperty, SingularValueAndInverseEnclosuresContainMpfrValues, ()) {
  const int m = *UniformInt(1, 24), n = *UniformInt(1, 24);
  std::mt19937_64 g(*rc::gen::arbitrary<std::uint64_t>());
  const MidradMatrix a = RandomMidrad(m, n, g, true, -1, 1);
  const SingularValueEnclosure e = EncloseSingularValues(a);
  RC_ASSERT(e.ok);
  ScopedMpfrPrecision ref(400);
  Matrix<Mpfr> mp(m, n);
  for (int i = 0; i < m; ++i)
    for (int j = 0; j < n; ++j) mp(i, j) = Mpfr(a.mid()(i, j));
  const Vector<Mpfr> s = SingularValues(mp, SvdMethod::kJacobi);
  RC_ASSERT(static_cast<int>(e.sigma.size()) == s.size());
  for (int i = 0; i < s.size(); ++i)
    RC_ASSERT(mpfi_is_inside_fr(s(i).backend().data(), e.sigma[static_cast<size_t>(i)].get()) > 0);
  // Widths: about sqrt(m n) u sigma_1 (u = 2^-53), far below 1e-12 sigma_1 here.
  RC_ASSERT(e.e <= 1e-12 * (s(0).convert_to<double>() + 1e-300));
  // Inverse of a well-conditioned square box.
  const MidradMatrix sq(Eigen::MatrixXd::Identity(m, m) * 4 + RandomMidrad(m, m, g, true, -1, -1).mid(),
                        Eigen::MatrixXd::Constant(m, m, 1e-12));
  MidradMatrix inv;
  RC_ASSERT(EncloseInverse(sq, &inv));
  ScopedIntervalPrecision p(256);
  // The inverse of the centre lies in MPFI's verified enclosure; that
  // enclosure's midpoint must be in ours.
  IntervalMatrix minv;
  RC_ASSERT(EncloseInverse(IntervalMatrix::FromDoubles(sq.mid()), &minv));
  RC_ASSERT(Inside(IntervalMatrix::FromDoubles(minv.Mid()), inv));
}

// Negative control: the radius of the product without its rounding term (the
// double GEMM's midpoint taken as the exact product of point matrices). The
// comparison with MPFI must catch it on some of a fixed set of seeds, while
// the real product passes on the same inputs.
TEST(MidradMatrixTest, ProductWithDroppedRoundingTermIsCaughtByMpfi) {
  int caught = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    std::mt19937_64 g(seed);
    const MidradMatrix a = RandomMidrad(6, 50, g, true), b = RandomMidrad(50, 6, g, true);
    const MidradMatrix broken(a.mid() * b.mid(), Eigen::MatrixXd::Zero(6, 6));
    ScopedIntervalPrecision p(256);
    const IntervalMatrix exact = a.ToIntervals() * b.ToIntervals();
    EXPECT_TRUE(Inside(exact, a * b)) << "seed " << seed;
    caught += Inside(exact, broken) ? 0 : 1;
  }
  EXPECT_GT(caught, 0);
}

// The exact product of the points PointOf(a, pick) and PointOf(b, 2 - pick)
// at the entries (i, j) for i in rows, j in cols, each inside c's box; MPFI
// at 256 bits (exact here). A product too large to compare whole is checked
// at the edges of its blocks.
bool ProductEntriesInside(const MidradMatrix& a, const MidradMatrix& b, const MidradMatrix& c,
                          const std::vector<int>& rows, const std::vector<int>& cols, std::string* where) {
  ScopedIntervalPrecision p(256);
  for (int pick = 0; pick < 3; ++pick) {
    const IntervalMatrix pa = PointOf(a, pick), pb = PointOf(b, 2 - pick);
    for (int i : rows)
      for (int j : cols) {
        Interval sum;
        for (int k = 0; k < a.cols(); ++k) sum += pa(i, k) * pb(k, j);
        IntervalMatrix e(1, 1);
        e(0, 0) = sum;
        if (!Inside(e, MidradMatrix(c.mid().block(i, j, 1, 1), c.rad().block(i, j, 1, 1)), where)) {
          *where += " at (" + std::to_string(i) + ", " + std::to_string(j) + ")";
          return false;
        }
      }
  }
  return true;
}

// First and last index of every block, and 0 .. n - 1 when n is small.
std::vector<int> BlockEdges(const SampleBlocks& blocks) {
  std::vector<int> e;
  for (int b = 0; b < blocks.count(); ++b) {
    e.push_back(blocks.Begin(b));
    e.push_back(blocks.Begin(b + 1) - 1);
  }
  return e;
}

TEST(MidradMatrixTest, SplitProductsContainTheExactProducts) {
  std::mt19937_64 g(21);
  // By columns: 6 x 300 times 300 x 600.
  const detail::ProductSplit by_cols = detail::SplitProduct(6, 300, 600);
  ASSERT_TRUE(!by_cols.inner && by_cols.blocks.count() > 1);
  // By the inner dimension: 20 x 2000 times 2000 x 20 (and a b^T alike).
  const detail::ProductSplit by_inner = detail::SplitProduct(20, 2000, 20);
  ASSERT_TRUE(by_inner.inner && by_inner.blocks.count() > 1);
  const std::vector<int> few = {0, 5, 19};
  for (bool point : {false, true}) {
    const MidradMatrix a = RandomMidrad(6, 300, g, point), b = RandomMidrad(300, 600, g, false);
    std::string where;
    EXPECT_TRUE(ProductEntriesInside(a, b, a * b, {0, 5}, BlockEdges(by_cols.blocks), &where)) << where;
    const MidradMatrix c = RandomMidrad(20, 2000, g, point), d = RandomMidrad(2000, 20, g, point);
    EXPECT_TRUE(ProductEntriesInside(c, d, c * d, few, few, &where)) << where;
    EXPECT_TRUE(ProductEntriesInside(c, d, TimesTransposed(c, d.Transpose()), few, few, &where)) << where;
    // Negative control: the split product's midpoints taken as exact.
    const MidradMatrix cd = c * d;
    const MidradMatrix broken(cd.mid(), Eigen::MatrixXd::Zero(cd.rows(), cd.cols()));
    EXPECT_FALSE(ProductEntriesInside(c, d, broken, few, few, &where));
  }
}

// Every operation's mid and rad (or interval ends) in a fixed order.
std::vector<double> OperationBits(const MidradMatrix& a, const MidradMatrix& b, const MidradMatrix& c) {
  std::vector<double> v;
  auto add = [&](const MidradMatrix& m) {
    v.insert(v.end(), m.mid().data(), m.mid().data() + m.mid().size());
    v.insert(v.end(), m.rad().data(), m.rad().data() + m.rad().size());
  };
  MidradMatrix dt;
  for (const MidradMatrix& m : {a * b, TimesTransposed(a, b.Transpose()), ProductMinus(a, b, c), Tanh(a, &dt), dt,
                                CwiseProduct(a, a), a - a, Interval(3.0) * a})
    add(m);
  const Interval f = FrobeniusNorm(a);
  const SingularValueEnclosure s = EncloseSingularValues(a);
  for (const Interval& x : s.sigma) v.insert(v.end(), {x.Lower(), x.Upper()});
  v.insert(v.end(), {f.Lower(), f.Upper(), SpectralNormUpper(a), s.e, s.f, s.g});
  return v;
}

TEST(MidradMatrixTest, SameBitsForOneAndTwoThreads) {
  std::mt19937_64 g(8);
  // 200 x 1500 times 1500 x 200: split by the inner dimension; 200 x 1500
  // entrywise passes and Tanh by columns.
  ASSERT_TRUE(detail::SplitProduct(200, 1500, 200).inner);
  ASSERT_GT(detail::EntrywiseColumnBlocks(200, 1500).count(), 1);
  const MidradMatrix a = RandomMidrad(200, 1500, g, false, -1, 1), b = RandomMidrad(1500, 200, g, false, -1, 1);
  const MidradMatrix c = RandomMidrad(200, 200, g, false, -1, 1);
  std::vector<double> one, two;
  {
    ScopedThreads t("1");
    one = OperationBits(a, b, c);
  }
  {
    ScopedThreads t("2");
    two = OperationBits(a, b, c);
  }
  EXPECT_TRUE(SameBits(one, two));
  two[two.size() / 2] = std::nextafter(two[two.size() / 2], HUGE_VAL);  // the comparison sees one ulp
  EXPECT_FALSE(SameBits(one, two));
}

TEST(MidradMatrixTest, RejectsBadShapesAndRadii) {
  EXPECT_THROW(MidradMatrix(Eigen::MatrixXd::Zero(2, 2), Eigen::MatrixXd::Constant(2, 2, -1.0)), std::invalid_argument);
  EXPECT_THROW(MidradMatrix(Eigen::MatrixXd::Zero(2, 2), Eigen::MatrixXd::Zero(2, 3)), std::invalid_argument);
  EXPECT_THROW(MidradMatrix(2, 3) * MidradMatrix(2, 3), std::invalid_argument);
}

}  // namespace
}  // namespace nrc
