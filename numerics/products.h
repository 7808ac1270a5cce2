// nrc/numerics/products.h
//
// Dense matrix products used on hot paths (forward/backward passes, class
// statistics). Each returns op(A) * op(B) rounded as an ordinary dot-product
// loop in T would be (error model: |error_ij| <= n * eps * sum_k |a_ik||b_kj|
// for inner dimension n, the standard bound; no error control beyond that).
// For built-in floating types they are Eigen's vectorised GEMM; for Mpfr a
// specialisation works in place on MPFR numbers (numerics/products.cc), since
// Eigen's generic kernel creates a temporary per multiply-add.
#ifndef NRC_NUMERICS_PRODUCTS_H_
#define NRC_NUMERICS_PRODUCTS_H_

#include "numerics/scalar.h"

namespace nrc {

// A * B
template <class T>
Matrix<T> Product(const Matrix<T>& A, const Matrix<T>& B) {
  Matrix<T> C(A.rows(), B.cols());
  C.noalias() = A * B;
  return C;
}
// A^T * B
template <class T>
Matrix<T> ProductAtB(const Matrix<T>& A, const Matrix<T>& B) {
  Matrix<T> C(A.cols(), B.cols());
  C.noalias() = A.transpose() * B;
  return C;
}
// A * B^T
template <class T>
Matrix<T> ProductABt(const Matrix<T>& A, const Matrix<T>& B) {
  Matrix<T> C(A.rows(), B.rows());
  C.noalias() = A * B.transpose();
  return C;
}

}  // namespace nrc

#endif  // NRC_NUMERICS_PRODUCTS_H_
