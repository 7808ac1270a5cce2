#include "numerics/products.h"

#include <mpfr.h>

#include <algorithm>
#include <vector>

#include "numerics/detail/products_mpfr.h"
#include "numerics/parallel.h"

namespace nrc {
namespace detail {
namespace {

// Least MPFR multiply-adds per thread of a product (about a millisecond).
constexpr long long kMinThreadTerms = 1 << 14;

mpfr_ptr Ptr(const Mpfr& x) { return const_cast<mpfr_ptr>(static_cast<mpfr_srcptr>(x.backend().data())); }

// Pointers to the entries of row i of op(X) (or column j of op(Y)), n apiece,
// stored contiguously: out[t * n + k].
std::vector<mpfr_ptr> Lines(const ConstMatrixRef<Mpfr>& X, bool lines_are_columns) {
  const Eigen::Index count = lines_are_columns ? X.cols() : X.rows();
  const Eigen::Index n = lines_are_columns ? X.rows() : X.cols();
  // Through data(): a const Ref's operator() returns entries by value.
  const Mpfr* base = X.data();
  const Eigen::Index stride = X.outerStride();  // column-major, inner stride 1
  auto at = [&](Eigen::Index i, Eigen::Index j) { return Ptr(base[i + j * stride]); };
  std::vector<mpfr_ptr> out(static_cast<size_t>(count * n));
  for (Eigen::Index t = 0; t < count; ++t)
    for (Eigen::Index k = 0; k < n; ++k)
      out[t * n + k] = lines_are_columns ? at(k, t) : at(t, k);
  return out;
}

}  // namespace

void MpfrProductInto(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MpfrOp op,
                     MpfrProductKernel kernel, MatrixRef<Mpfr> C, ProductUpdate update) {
  // Left lines: rows of op(A); right lines: columns of op(B).
  const bool a_transposed = op == MpfrOp::kAtB;
  const bool b_transposed = op == MpfrOp::kABt;
  const Eigen::Index m = a_transposed ? A.cols() : A.rows();
  const Eigen::Index na = a_transposed ? A.rows() : A.cols();
  const Eigen::Index nb = b_transposed ? B.cols() : B.rows();
  const Eigen::Index p = b_transposed ? B.rows() : B.cols();
  const char* who = op == MpfrOp::kAB ? "Product" : (a_transposed ? "ProductAtB" : "ProductABt");
  if (na != nb) ProductShapeError(who, A.rows(), A.cols(), B.rows(), B.cols());
  if (C.rows() != m || C.cols() != p) ResultShapeError(who, m, p, C.rows(), C.cols());
  const Eigen::Index n = na;
  if (update == ProductUpdate::kAssign)
    for (Eigen::Index j = 0; j < p; ++j)
      for (Eigen::Index i = 0; i < m; ++i) mpfr_set_zero(Ptr(C(i, j)), 1);
  if (n == 0 || m == 0 || p == 0) return;
  const std::vector<mpfr_ptr> left = Lines(A, /*lines_are_columns=*/a_transposed);
  const std::vector<mpfr_ptr> right = Lines(B, /*lines_are_columns=*/!b_transposed);
  // Columns of C over ParallelThreads() threads (serially inside another
  // parallel loop, e.g. Evaluate's sample blocks): every entry is computed by
  // the same operations whatever thread runs it, so the bits do not depend on
  // the thread count.
  const mpfr_prec_t bits = mpfr_get_prec(Ptr(C(0, 0)));
  const long long per_column = std::max(1LL, static_cast<long long>(m) * n);
  const int min_columns = static_cast<int>(std::min<long long>(p + 1LL, (kMinThreadTerms + per_column - 1) / per_column));
  ParallelFor(
      static_cast<int>(p),
      [&](int first, int last) {
        mpfr_t prod;
        mpfr_init2(prod, bits);
        for (Eigen::Index j = first; j < last; ++j) {
          const mpfr_ptr* r = right.data() + j * n;
          for (Eigen::Index i = 0; i < m; ++i) {
            const mpfr_ptr* l = left.data() + i * n;
            mpfr_ptr c = Ptr(C(i, j));
            if (kernel == MpfrProductKernel::kDot) {
              if (update == ProductUpdate::kAssign) {
                mpfr_dot(c, l, r, static_cast<unsigned long>(n), MPFR_RNDN);
              } else {
                mpfr_dot(prod, l, r, static_cast<unsigned long>(n), MPFR_RNDN);
                mpfr_add(c, c, prod, MPFR_RNDN);
              }
            } else if (kernel == MpfrProductKernel::kMulAdd) {
              for (Eigen::Index k = 0; k < n; ++k) {
                mpfr_mul(prod, l[k], r[k], MPFR_RNDN);
                mpfr_add(c, c, prod, MPFR_RNDN);
              }
            } else {
              for (Eigen::Index k = 0; k < n; ++k) mpfr_fma(c, l[k], r[k], c, MPFR_RNDN);
            }
          }
        }
        mpfr_clear(prod);
      },
      min_columns);
}

Matrix<Mpfr> MpfrProduct(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MpfrOp op,
                         MpfrProductKernel kernel) {
  Matrix<Mpfr> C(op == MpfrOp::kAtB ? A.cols() : A.rows(), op == MpfrOp::kABt ? B.rows() : B.cols());
  MpfrProductInto(A, B, op, kernel, C, ProductUpdate::kAssign);
  return C;
}

MpfrProductKernel FastestMpfrKernel() {
  // Measured (16 x 1800 times its transpose, one core): mpfr_fma is fastest up
  // to ~512 bits (61 vs 63 ns at 257 bits), mul+add from ~1000 bits (137 vs
  // 206 ns at 1024 bits: MPFR's fma forms the exact 2p-bit product).
  return ScalarTraits<Mpfr>::Bits() <= 768 ? MpfrProductKernel::kFma : MpfrProductKernel::kMulAdd;
}

}  // namespace detail

template <>
Matrix<Mpfr> Product<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B) {
  return detail::MpfrProduct(A, B, detail::MpfrOp::kAB, detail::FastestMpfrKernel());
}
template <>
Matrix<Mpfr> ProductAtB<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B) {
  return detail::MpfrProduct(A, B, detail::MpfrOp::kAtB, detail::FastestMpfrKernel());
}
template <>
Matrix<Mpfr> ProductABt<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B) {
  return detail::MpfrProduct(A, B, detail::MpfrOp::kABt, detail::FastestMpfrKernel());
}

template <>
void ProductInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                       ProductUpdate update) {
  detail::MpfrProductInto(A, B, detail::MpfrOp::kAB, detail::FastestMpfrKernel(), C, update);
}
template <>
void ProductAtBInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                          ProductUpdate update) {
  detail::MpfrProductInto(A, B, detail::MpfrOp::kAtB, detail::FastestMpfrKernel(), C, update);
}
template <>
void ProductABtInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                          ProductUpdate update) {
  detail::MpfrProductInto(A, B, detail::MpfrOp::kABt, detail::FastestMpfrKernel(), C, update);
}

}  // namespace nrc
