// Elementary functions reached through argument-dependent lookup, so one
// spelling serves built-in scalars (std::) and Boost.Multiprecision numbers.
#ifndef NRC_NETS_DETAIL_ELEMENTARY_H_
#define NRC_NETS_DETAIL_ELEMENTARY_H_

#include <cmath>

#include "numerics/scalar.h"

namespace nrc {
namespace detail {

template <class T> T Tanh(const T& x) { using std::tanh; return tanh(x); }
template <class T> T Exp(const T& x) { using std::exp; return exp(x); }
template <class T> T Log(const T& x) { using std::log; return log(x); }
template <class T> T Log1p(const T& x) { using std::log1p; return log1p(x); }
template <class T> T Erf(const T& x) { using std::erf; return erf(x); }
template <class T> T Sqrt(const T& x) { using std::sqrt; return sqrt(x); }
template <class T> T Abs(const T& x) { using std::abs; return abs(x); }
template <class T> T Pi() { using std::acos; return acos(T(-1)); }

// Logistic sigmoid 1 / (1 + e^{-x}), stable for large |x|.
template <class T>
T Sigmoid(const T& x) {
  if (x >= 0) return T(1) / (T(1) + Exp(T(-x)));
  const T e = Exp(x);
  return e / (T(1) + e);
}
// Softplus log(1 + e^x) = max(x, 0) + log1p(e^{-|x|}), stable for large |x|.
template <class T>
T Softplus(const T& x) {
  const T m = x > 0 ? x : T(0);
  return m + Log1p(Exp(T(-Abs(x))));
}
// Standard normal density and distribution function.
template <class T>
T NormalPdf(const T& x) {
  return Exp(T(-x * x / 2)) / Sqrt(T(2) * Pi<T>());
}
template <class T>
T NormalCdf(const T& x) {
  return (T(1) + Erf(T(x / Sqrt(T(2))))) / 2;
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NETS_DETAIL_ELEMENTARY_H_
