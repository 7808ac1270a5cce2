// nrc/numerics/matrix_ref.h
//
// MatrixRef<T> / ConstMatrixRef<T>: Eigen::Ref views of a Matrix<T> or of a
// block of consecutive columns of one (column-major, so no copy is made).
// Functions that work on a sample block of a whole-batch matrix (nets/mlp.h
// splits the N samples into fixed blocks) take these, so the block is read
// and written in place.
#ifndef NRC_NUMERICS_MATRIX_REF_H_
#define NRC_NUMERICS_MATRIX_REF_H_

#include "numerics/scalar.h"

namespace nrc {

template <class T>
using MatrixRef = Eigen::Ref<Matrix<T>>;
template <class T>
using ConstMatrixRef = Eigen::Ref<const Matrix<T>>;

}  // namespace nrc

#endif  // NRC_NUMERICS_MATRIX_REF_H_
