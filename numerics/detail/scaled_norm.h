// Internals: overflow-safe Euclidean norm of a strided sequence (LAPACK's
// classic dnrm2 recurrence: scale = max |x_i| so far, ssq = sum (x_i/scale)^2).
#ifndef NRC_NUMERICS_DETAIL_SCALED_NORM_H_
#define NRC_NUMERICS_DETAIL_SCALED_NORM_H_

#include <cmath>
#include <type_traits>

#include "numerics/scalar.h"

namespace nrc {
namespace detail {

// Accumulates sum x_i^2 as scale^2 * ssq.
template <class T>
struct ScaledSumOfSquares {
  T scale = T(0);
  T ssq = T(1);
  void Add(const T& x) {
    using std::abs;
    if (x == T(0)) return;
    const T a = abs(x);
    if (scale < a) {
      const T r = scale / a;
      ssq = T(1) + ssq * r * r;
      scale = a;
    } else {
      const T r = a / scale;
      ssq += r * r;
    }
  }
  // Combines another accumulator.
  void Merge(const ScaledSumOfSquares& o) {
    if (o.scale == T(0)) return;
    if (scale < o.scale) {
      const T r = scale / o.scale;
      ssq = o.ssq + ssq * r * r;
      scale = o.scale;
    } else {
      const T r = o.scale / scale;
      ssq += o.ssq * r * r;
    }
  }
  T Norm() const {
    using std::sqrt;
    return scale == T(0) ? T(0) : T(scale * sqrt(ssq));
  }
};

// sqrt(sum_{i<n} x[i*stride]^2), overflow-safe; Mpfr sums squares directly.
template <class T>
T ScaledNorm(const T* x, Eigen::Index n, Eigen::Index stride = 1) {
  using std::sqrt;
  if constexpr (std::is_same_v<T, Mpfr>) {
    T s(0);
    for (Eigen::Index i = 0; i < n; ++i) s += x[i * stride] * x[i * stride];
    return sqrt(s);
  } else {
    ScaledSumOfSquares<T> acc;
    for (Eigen::Index i = 0; i < n; ++i) acc.Add(x[i * stride]);
    return acc.Norm();
  }
}

// sum_{i<n} x[i]^2 as scale^2 * ssq (no sqrt/square round trip; overflows only
// if the sum does, up to a factor n).
template <class T>
T ScaledSumSquares(const T* x, Eigen::Index n) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    T s(0);
    for (Eigen::Index i = 0; i < n; ++i) s += x[i] * x[i];
    return s;
  } else {
    ScaledSumOfSquares<T> acc;
    for (Eigen::Index i = 0; i < n; ++i) acc.Add(x[i]);
    return acc.scale * acc.scale * acc.ssq;
  }
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_SCALED_NORM_H_
