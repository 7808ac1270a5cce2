// nrc/numerics/products.h
//
// Dense matrix products used on hot paths (forward/backward passes, class
// statistics): Product = A B, ProductAtB = A^T B, ProductABt = A B^T.
//
// float, double, long double, Float128: Eigen's GEMM, i.e. an ordinary
// (blocked) dot-product evaluation in T. Error model, inner dimension n:
//   |C_ij - exact_ij| <= gamma_n sum_k |a_ik| |b_kj|,  gamma_n = n u / (1 - n u),
// u = eps/2 (the standard bound; no error control beyond that).
//
// Mpfr: a specialisation (numerics/products.cc) that works in place on MPFR
// numbers at the current default precision (u = 2^-prec), with no temporaries,
// accumulating C_ij = sum_k a_ik b_kj in the order k = 1..n:
//   up to 768 bits  mpfr_fma: one rounding per term (a_ik b_kj is exact
//                   inside the fma), |C_ij - exact_ij| <= gamma_n sum_k |a_ik||b_kj|;
//   above           mpfr_mul into a preallocated temporary, then mpfr_add
//                   (MPFR's fma forms an exact 2p-bit product and is slower
//                   there): two roundings per term, the same bound with gamma_2n.
// About 2x faster than Eigen's generic kernel at 128-512 bits (measured
// 61 vs 135 ns per multiply-add at 257 bits). MPFR 4.2's mpfr_dot (correctly
// rounded entries, |error| <= u |C_ij|) was measured 5-20% slower than the
// fma loop; it stays available in numerics/detail/products_mpfr.h. The MPFR
// products split the columns of C over ParallelThreads() threads
// (numerics/parallel.h; serially inside another parallel loop such as
// Evaluate's sample blocks); each entry is computed by the same operations
// on any thread, so the bits do not depend on the thread count.
//
// All three throw std::invalid_argument if the inner dimensions differ.
// Empty operands give correctly shaped (possibly zero) results.
//
// ProductInto / ProductAtBInto / ProductABtInto compute the same products into
// an existing matrix or column block C (MatrixRef, numerics/matrix_ref.h), with
// no temporary: ProductUpdate::kAssign sets C = op(A) op(B), kAdd accumulates
// C += op(A) op(B) (for MPFR the fma chain starts from C's value, so the error
// bound above gains nothing but the rounding of that one extra term). They
// throw std::invalid_argument if the inner dimensions differ or C has not the
// result's shape.
#ifndef NRC_NUMERICS_PRODUCTS_H_
#define NRC_NUMERICS_PRODUCTS_H_

#include <stdexcept>
#include <string>

#include "numerics/matrix_ref.h"
#include "numerics/scalar.h"

namespace nrc {
namespace detail {
[[noreturn]] inline void ProductShapeError(const char* who, Eigen::Index ar, Eigen::Index ac, Eigen::Index br,
                                           Eigen::Index bc) {
  throw std::invalid_argument(std::string(who) + ": inner dimensions differ (A is " + std::to_string(ar) + " x " +
                              std::to_string(ac) + ", B is " + std::to_string(br) + " x " + std::to_string(bc) +
                              ")");
}
[[noreturn]] inline void ResultShapeError(const char* who, Eigen::Index rows, Eigen::Index cols, Eigen::Index cr,
                                          Eigen::Index cc) {
  throw std::invalid_argument(std::string(who) + ": result is " + std::to_string(rows) + " x " + std::to_string(cols) +
                              ", destination is " + std::to_string(cr) + " x " + std::to_string(cc));
}
}  // namespace detail

enum class ProductUpdate { kAssign, kAdd };

namespace detail {
// C = product or C += product, once C's shape is checked.
template <class T, class ProductExpr>
void StoreProduct(const char* who, const ProductExpr& product, MatrixRef<T>& C, ProductUpdate update) {
  if (C.rows() != product.rows() || C.cols() != product.cols())
    ResultShapeError(who, product.rows(), product.cols(), C.rows(), C.cols());
  if (update == ProductUpdate::kAssign) C.noalias() = product;
  else C.noalias() += product;
}
}  // namespace detail

// C = A * B or C += A * B
template <class T>
void ProductInto(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& B, MatrixRef<T> C,
                 ProductUpdate update = ProductUpdate::kAssign) {
  if (A.cols() != B.rows()) detail::ProductShapeError("ProductInto", A.rows(), A.cols(), B.rows(), B.cols());
  detail::StoreProduct<T>("ProductInto", A * B, C, update);
}
// C = A^T * B or C += A^T * B
template <class T>
void ProductAtBInto(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& B, MatrixRef<T> C,
                    ProductUpdate update = ProductUpdate::kAssign) {
  if (A.rows() != B.rows()) detail::ProductShapeError("ProductAtBInto", A.rows(), A.cols(), B.rows(), B.cols());
  detail::StoreProduct<T>("ProductAtBInto", A.transpose() * B, C, update);
}
// C = A * B^T or C += A * B^T
template <class T>
void ProductABtInto(const ConstMatrixRef<T>& A, const ConstMatrixRef<T>& B, MatrixRef<T> C,
                    ProductUpdate update = ProductUpdate::kAssign) {
  if (A.cols() != B.cols()) detail::ProductShapeError("ProductABtInto", A.rows(), A.cols(), B.rows(), B.cols());
  detail::StoreProduct<T>("ProductABtInto", A * B.transpose(), C, update);
}

// A * B
template <class T>
Matrix<T> Product(const Matrix<T>& A, const Matrix<T>& B) {
  if (A.cols() != B.rows()) detail::ProductShapeError("Product", A.rows(), A.cols(), B.rows(), B.cols());
  Matrix<T> C(A.rows(), B.cols());
  C.noalias() = A * B;
  return C;
}
// A^T * B
template <class T>
Matrix<T> ProductAtB(const Matrix<T>& A, const Matrix<T>& B) {
  if (A.rows() != B.rows()) detail::ProductShapeError("ProductAtB", A.rows(), A.cols(), B.rows(), B.cols());
  Matrix<T> C(A.cols(), B.cols());
  C.noalias() = A.transpose() * B;
  return C;
}
// A * B^T
template <class T>
Matrix<T> ProductABt(const Matrix<T>& A, const Matrix<T>& B) {
  if (A.cols() != B.cols()) detail::ProductShapeError("ProductABt", A.rows(), A.cols(), B.rows(), B.cols());
  Matrix<T> C(A.rows(), B.rows());
  C.noalias() = A * B.transpose();
  return C;
}

// The in-place MPFR kernels (numerics/products.cc).
template <>
Matrix<Mpfr> Product<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B);
template <>
Matrix<Mpfr> ProductAtB<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B);
template <>
Matrix<Mpfr> ProductABt<Mpfr>(const Matrix<Mpfr>& A, const Matrix<Mpfr>& B);
template <>
void ProductInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                       ProductUpdate update);
template <>
void ProductAtBInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                          ProductUpdate update);
template <>
void ProductABtInto<Mpfr>(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MatrixRef<Mpfr> C,
                          ProductUpdate update);

}  // namespace nrc

#endif  // NRC_NUMERICS_PRODUCTS_H_
