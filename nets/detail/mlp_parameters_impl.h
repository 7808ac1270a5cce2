// Definitions of nets/mlp_parameters.h templates.
#ifndef NRC_NETS_DETAIL_MLP_PARAMETERS_IMPL_H_
#define NRC_NETS_DETAIL_MLP_PARAMETERS_IMPL_H_

#include <cmath>
#include <random>
#include <stdexcept>

#include "nets/mlp_parameters.h"

namespace nrc {

template <class T>
MlpParameters<T> MlpParameters<T>::Zeros(const MlpSpec& spec) {
  MlpParameters p;
  p.W.resize(spec.depth() + 1);
  p.b.resize(spec.depth() + 1);
  for (int l = 1; l <= spec.depth(); ++l) {
    p.W[l] = Matrix<T>::Zero(spec.widths[l], spec.widths[l - 1]);
    p.b[l] = Vector<T>::Zero(spec.has_bias(l) ? spec.widths[l] : 0);
  }
  return p;
}

template <class T>
MlpParameters<T> MlpParameters<T>::RandomInit(const MlpSpec& spec, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  // 53 random bits -> [0, 1): platform independent, unlike std::uniform_real_distribution.
  auto uniform = [&rng](double a) { return a * (2.0 * ((rng() >> 11) * 0x1.0p-53) - 1.0); };
  MlpParameters p = Zeros(spec);
  for (int l = 1; l <= spec.depth(); ++l) {
    const double a = std::sqrt(6.0 / (spec.widths[l] + spec.widths[l - 1]));
    for (Eigen::Index j = 0; j < p.W[l].cols(); ++j)
      for (Eigen::Index i = 0; i < p.W[l].rows(); ++i) p.W[l](i, j) = RoundedCast<T>(uniform(a));
    for (Eigen::Index i = 0; i < p.b[l].size(); ++i) p.b[l](i) = RoundedCast<T>(uniform(0.1));
  }
  return p;
}

template <class T>
Vector<T> MlpParameters<T>::Flatten() const {
  Eigen::Index n = 0;
  for (size_t l = 1; l < W.size(); ++l) n += W[l].size() + b[l].size();
  Vector<T> flat(n);
  Eigen::Index k = 0;
  for (size_t l = 1; l < W.size(); ++l) {
    flat.segment(k, W[l].size()) = Eigen::Map<const Vector<T>>(W[l].data(), W[l].size());
    k += W[l].size();
    flat.segment(k, b[l].size()) = b[l];
    k += b[l].size();
  }
  return flat;
}

template <class T>
MlpParameters<T> MlpParameters<T>::Unflatten(const MlpSpec& spec, const Vector<T>& flat) {
  if (flat.size() != spec.NumParameters()) {
    throw std::invalid_argument("parameter vector has " + std::to_string(flat.size()) +
                                " entries, network needs " + std::to_string(spec.NumParameters()));
  }
  MlpParameters p = Zeros(spec);
  Eigen::Index k = 0;
  for (int l = 1; l <= spec.depth(); ++l) {
    p.W[l] = Eigen::Map<const Matrix<T>>(flat.data() + k, p.W[l].rows(), p.W[l].cols());
    k += p.W[l].size();
    p.b[l] = flat.segment(k, p.b[l].size());
    k += p.b[l].size();
  }
  return p;
}

template <class T>
T MlpParameters<T>::SquaredNorm() const {
  T s(0);
  for (size_t l = 1; l < W.size(); ++l) s += W[l].squaredNorm() + b[l].squaredNorm();
  return s;
}

}  // namespace nrc

#endif  // NRC_NETS_DETAIL_MLP_PARAMETERS_IMPL_H_
