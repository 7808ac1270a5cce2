// Tests for numerics/products.h: every scalar against a high-precision
// reference within the header's error bound gamma_n sum_k |a_ik||b_kj| (gamma_2n
// for the Mpfr mul+add kernel), and the MPFR kernels against each other.
#include "numerics/products.h"

#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <vector>

#include "numerics/detail/products_mpfr.h"
#include "numerics/detail/test_util.h"
#include "numerics/precision.h"

namespace nrc::testing_util {
namespace {

template <class T>
class ProductsTest : public AllScalarsTest<T> {};
TYPED_TEST_SUITE(ProductsTest, AllScalars);

// Max over entries of |C - exact| / (sum_k |a_ik||b_kj|), in eps; exact at
// high precision (MPFR products of the lifted inputs, exact at >= 2x bits
// up to the reference's own rounding).
template <class T>
double ErrorInEps(const Matrix<T>& C, const Matrix<T>& A, const Matrix<T>& B) {
  ScopedMpfrPrecision hi(ReferenceBits<T>() + 64);
  const Matrix<Mpfr> a = Lift(A), b = Lift(B), c = Lift(C);
  const Matrix<Mpfr> exact = detail::MpfrProduct(a, b, detail::MpfrOp::kAB, detail::MpfrProductKernel::kDot);
  const Matrix<Mpfr> absprod = detail::MpfrProduct(Matrix<Mpfr>(a.cwiseAbs()), Matrix<Mpfr>(b.cwiseAbs()),
                                                   detail::MpfrOp::kAB, detail::MpfrProductKernel::kDot);
  const Mpfr eps = RoundedCast<Mpfr>(ScalarTraits<T>::Epsilon());
  Mpfr worst(0);
  for (Eigen::Index t = 0; t < c.size(); ++t) {
    if (absprod.data()[t] == 0) continue;
    worst = std::max(worst, Mpfr(abs(c.data()[t] - exact.data()[t]) / absprod.data()[t]));
  }
  return ToDouble(Mpfr(worst / eps));
}

TYPED_TEST(ProductsTest, AllThreeFormsWithinTheStandardBound) {
  using T = TypeParam;
  for (const auto& sh : std::vector<std::array<int, 3>>{{1, 1, 1}, {3, 5, 2}, {17, 33, 9}, {8, 200, 8}}) {
    const int m = sh[0], n = sh[1], p = sh[2];
    const Matrix<T> A = RandomMatrix<T>(m, n, 1 + m), B = RandomMatrix<T>(n, p, 2 + p);
    const Matrix<T> At = A.transpose(), Bt = B.transpose();
    const double bound = n;  // gamma_n ~ n u = n eps / 2; allow n eps
    EXPECT_LE(ErrorInEps(Product(A, B), A, B), bound) << m << "x" << n << "x" << p;
    EXPECT_LE(ErrorInEps(ProductAtB(At, B), A, B), bound) << m << "x" << n << "x" << p;
    EXPECT_LE(ErrorInEps(ProductABt(A, Bt), A, B), bound) << m << "x" << n << "x" << p;
  }
}

// The Into forms write a column block in place: the block equals the
// returning form's product (the same kernel on the same operands) within the
// standard bound, kAdd adds to what is there (C + A B, one more rounding per
// entry: n + 1 eps), the columns outside the block are untouched, and a
// destination of the wrong shape is an error.
TYPED_TEST(ProductsTest, IntoFormsWriteColumnBlocksInPlace) {
  using T = TypeParam;
  const int m = 5, n = 7, p = 4;
  const Matrix<T> A = RandomMatrix<T>(m, n, 3), B = RandomMatrix<T>(n, p, 4);
  const Matrix<T> At = A.transpose(), Bt = B.transpose();
  Matrix<T> C = RandomMatrix<T>(m, p + 3, 5);
  const Matrix<T> before = C;
  auto block = C.middleCols(2, p);
  ProductInto<T>(A, B, block);
  EXPECT_LE(ErrorInEps(Matrix<T>(block), A, B), n);
  ProductAtBInto<T>(At, B, block);
  EXPECT_LE(ErrorInEps(Matrix<T>(block), A, B), n);
  ProductABtInto<T>(A, Bt, block);
  EXPECT_LE(ErrorInEps(Matrix<T>(block), A, B), n);
  EXPECT_TRUE(C.leftCols(2) == before.leftCols(2));
  EXPECT_TRUE(C.rightCols(1) == before.rightCols(1));
  // kAdd: twice A B accumulated = 2 A B (computed from the first sum).
  Matrix<T> twice = Matrix<T>::Zero(m, p);
  ProductInto<T>(A, B, twice, ProductUpdate::kAdd);
  ProductInto<T>(A, B, twice, ProductUpdate::kAdd);
  const Matrix<T> half = twice / T(2);
  EXPECT_LE(ErrorInEps(half, A, B), n + 1);
  Matrix<T> wrong(m, p + 1);
  EXPECT_THROW(ProductInto<T>(A, B, wrong), std::invalid_argument);
  EXPECT_THROW(ProductAtBInto<T>(A, B, wrong), std::invalid_argument);
}

TYPED_TEST(ProductsTest, ShapesAndErrors) {
  using T = TypeParam;
  const Matrix<T> A = RandomMatrix<T>(3, 4, 1);
  EXPECT_THROW(Product(A, A), std::invalid_argument);
  EXPECT_THROW(ProductAtB(A, Matrix<T>(4, 2)), std::invalid_argument);
  EXPECT_THROW(ProductABt(A, Matrix<T>(2, 3)), std::invalid_argument);
  const Matrix<T> z = Product(Matrix<T>(3, 0), Matrix<T>(0, 5));
  EXPECT_EQ(z.rows(), 3);
  EXPECT_EQ(z.cols(), 5);
  EXPECT_TRUE(z == Matrix<T>::Zero(3, 5));
  EXPECT_EQ(ProductAtB(Matrix<T>(0, 2), Matrix<T>(0, 3)).size(), 6);
  EXPECT_EQ(ProductABt(Matrix<T>(0, 2), Matrix<T>(4, 2)).rows(), 0);
}

// The kernels: mpfr_dot is correctly rounded (equals the exact product rounded
// once); fma and mul+add meet their bounds; results carry the default precision.
TEST(MpfrKernels, DotIsCorrectlyRoundedAndOthersWithinBound) {
  ScopedMpfrPrecision guard(257);
  const Matrix<Mpfr> A = RandomMatrix<Mpfr>(6, 50, 3), B = RandomMatrix<Mpfr>(50, 4, 4);
  Matrix<Mpfr> exact;
  {
    ScopedMpfrPrecision hi(1000);
    exact = detail::MpfrProduct(A, B, detail::MpfrOp::kAB, detail::MpfrProductKernel::kDot);
  }
  const Matrix<Mpfr> dot = detail::MpfrProduct(A, B, detail::MpfrOp::kAB, detail::MpfrProductKernel::kDot);
  for (Eigen::Index t = 0; t < dot.size(); ++t) {
    EXPECT_EQ(dot.data()[t], Mpfr(exact.data()[t])) << t;  // Mpfr(x) rounds to 257 bits
    EXPECT_EQ(mpfr_get_prec(dot.data()[t].backend().data()), 257);
  }
  EXPECT_LE(ErrorInEps(detail::MpfrProduct(A, B, detail::MpfrOp::kAB, detail::MpfrProductKernel::kFma), A, B), 50);
  EXPECT_LE(ErrorInEps(detail::MpfrProduct(A, B, detail::MpfrOp::kAB, detail::MpfrProductKernel::kMulAdd), A, B),
            100);
  EXPECT_EQ(detail::FastestMpfrKernel(), detail::MpfrProductKernel::kFma);
  ScopedMpfrPrecision big(2000);
  EXPECT_EQ(detail::FastestMpfrKernel(), detail::MpfrProductKernel::kMulAdd);
}

RC_GTEST_PROP(ProductsProperty, MpfrMatchesEigenWithinBound, ()) {
  const int m = *UniformInt(0, 8), n = *UniformInt(0, 12), p = *UniformInt(0, 8);
  const auto seed = *rc::gen::arbitrary<std::uint64_t>();
  RC_LOG() << m << "x" << n << "x" << p << " seed=" << seed << "\n";
  ScopedMpfrPrecision guard(200);
  const Matrix<Mpfr> A = RandomMatrix<Mpfr>(m, n, seed), B = RandomMatrix<Mpfr>(n, p, seed + 1);
  Matrix<Mpfr> eigen(m, p);
  eigen.noalias() = A * B;
  const Matrix<Mpfr> ours = Product(A, B);
  RC_ASSERT(ours.rows() == m && ours.cols() == p);
  const Mpfr eps = ScalarTraits<Mpfr>::Epsilon();
  for (Eigen::Index t = 0; t < ours.size(); ++t) {
    const Mpfr scale = Mpfr(n + 1) * Mpfr(n + 1) * eps * 100;
    RC_ASSERT(abs(ours.data()[t] - eigen.data()[t]) <= scale);
  }
}

}  // namespace
}  // namespace nrc::testing_util
