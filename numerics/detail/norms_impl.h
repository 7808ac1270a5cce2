// Internals of numerics/norms.h: the definitions, included only by the
// per-scalar instantiation units numerics/detail/instantiate_*.cc.
#ifndef NRC_NUMERICS_DETAIL_NORMS_IMPL_H_
#define NRC_NUMERICS_DETAIL_NORMS_IMPL_H_

#include <stdexcept>
#include <string>

#include "numerics/detail/scaled_norm.h"
#include "numerics/norms.h"
#include "numerics/svd.h"

namespace nrc {
namespace detail {

template <class T>
void RequireSingularValues(const Vector<T>& sigma, const char* who) {
  for (Eigen::Index j = 0; j < sigma.size(); ++j) {
    const bool bad = !(sigma(j) >= T(0)) || (j > 0 && sigma(j) > sigma(j - 1));
    if (bad) {
      throw std::invalid_argument(std::string(who) + ": sigma must be non-negative and non-increasing; index " +
                                  std::to_string(j) + " holds " + ToDecimalString(sigma(j)));
    }
  }
}

}  // namespace detail

template <class T>
T SpectralNorm(const Matrix<T>& A) {
  if (A.size() == 0) return T(0);
  return SingularValues(A, SvdMethod::kJacobi)(0);
}

template <class T>
T FrobeniusNorm(const Matrix<T>& A) {
  // Column-major storage is contiguous.
  return detail::ScaledNorm(A.data(), A.size());
}

template <class T>
T FrobeniusNorm(const Vector<T>& v) {
  return detail::ScaledNorm(v.data(), v.size());
}

template <class T>
T DistToRank(const Vector<T>& sigma, int k, Norm norm) {
  detail::RequireSingularValues(sigma, "DistToRank");
  if (k < 0) throw std::invalid_argument("DistToRank: rank k = " + std::to_string(k) + " is negative");
  const Eigen::Index p = sigma.size();
  if (k >= p) return T(0);
  if (norm == Norm::kSpectral) return sigma(k);
  return detail::ScaledNorm(sigma.data() + k, p - k);
}

template <class T>
int NumericalRank(const Vector<T>& sigma, const T& threshold) {
  detail::RequireSingularValues(sigma, "NumericalRank");
  if (!(threshold >= T(0))) {
    throw std::invalid_argument("NumericalRank: threshold " + ToDecimalString(threshold) +
                                " is negative or NaN");
  }
  int r = 0;
  for (Eigen::Index j = 0; j < sigma.size(); ++j) r += sigma(j) > threshold ? 1 : 0;
  return r;
}

#define NRC_INSTANTIATE_NORMS(T)                                 \
  template T SpectralNorm<T>(const Matrix<T>&);                  \
  template T FrobeniusNorm<T>(const Matrix<T>&);                 \
  template T FrobeniusNorm<T>(const Vector<T>&);                 \
  template T DistToRank<T>(const Vector<T>&, int, Norm);         \
  template int NumericalRank<T>(const Vector<T>&, const T&);

}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_NORMS_IMPL_H_
