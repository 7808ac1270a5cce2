// Internals of numerics/products.h: the MPFR product kernels, exposed so that
// tests and benchmarks can compare them. nrc code calls Product/ProductAtB/
// ProductABt, which use FastestMpfrKernel().
#ifndef NRC_NUMERICS_DETAIL_PRODUCTS_MPFR_H_
#define NRC_NUMERICS_DETAIL_PRODUCTS_MPFR_H_

#include "numerics/matrix_ref.h"
#include "numerics/products.h"
#include "numerics/scalar.h"

namespace nrc {
namespace detail {

enum class MpfrProductKernel {
  kFma,  // in-place mpfr_fma accumulation, one rounding per term
  kDot,  // mpfr_dot (MPFR >= 4.1): each entry correctly rounded
  kMulAdd,  // mpfr_mul into a preallocated temporary, then mpfr_add: two
            // roundings per term
};

enum class MpfrOp { kAB, kAtB, kABt };

// C = op(A) op(B) with the chosen kernel; results at the current default
// precision. Throws std::invalid_argument on mismatched inner dimensions.
// The kernel Product/ProductAtB/ProductABt use at the current default
// precision: kFma up to 768 bits, kMulAdd above.
MpfrProductKernel FastestMpfrKernel();

Matrix<Mpfr> MpfrProduct(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MpfrOp op,
                         MpfrProductKernel kernel);
// The same into C (a matrix or column block of the result's shape):
// C = op(A) op(B), or C += op(A) op(B) with ProductUpdate::kAdd.
void MpfrProductInto(const ConstMatrixRef<Mpfr>& A, const ConstMatrixRef<Mpfr>& B, MpfrOp op,
                     MpfrProductKernel kernel, MatrixRef<Mpfr> C, ProductUpdate update);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_PRODUCTS_MPFR_H_
