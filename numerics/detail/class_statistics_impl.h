// Internals of numerics/class_statistics.h: the definitions, included only by
// the per-scalar instantiation units numerics/detail/instantiate_*.cc.
#ifndef NRC_NUMERICS_DETAIL_CLASS_STATISTICS_IMPL_H_
#define NRC_NUMERICS_DETAIL_CLASS_STATISTICS_IMPL_H_

#include <algorithm>
#include <stdexcept>
#include <string>
#include <vector>

#include "numerics/class_statistics.h"
#include "numerics/detail/scaled_norm.h"
#include "numerics/detail/svd_impl.h"
#include "numerics/products.h"
#include "numerics/svd.h"

namespace nrc {

template <class T>
ClassStatistics<T> ComputeClassStatistics(const Matrix<T>& Z, const std::vector<int>& labels, int K,
                                          const ClassStatisticsOptions& options) {
  using Index = Eigen::Index;
  using std::sqrt;
  const Index d = Z.rows(), N = Z.cols();
  const std::string who = "ComputeClassStatistics: ";
  if (K < 1) throw std::invalid_argument(who + "K = " + std::to_string(K) + " classes; need K >= 1");
  if (static_cast<Index>(labels.size()) != N) {
    throw std::invalid_argument(who + "labels has " + std::to_string(labels.size()) +
                                " entries but Z has " + std::to_string(N) + " columns (samples)");
  }
  ClassStatistics<T> s;
  s.num_classes = K;
  s.counts.assign(K, 0);
  for (Index i = 0; i < N; ++i) {
    const int c = labels[i];
    if (c < 0 || c >= K) {
      throw std::invalid_argument(who + "label " + std::to_string(c) + " of sample " + std::to_string(i) +
                                  " is outside [0, K) with K = " + std::to_string(K));
    }
    ++s.counts[c];
  }
  for (int c = 0; c < K; ++c) {
    if (s.counts[c] == 0) {
      throw std::invalid_argument(who + "class " + std::to_string(c) + " has no samples (K = " +
                                  std::to_string(K) + ", N = " + std::to_string(N) + ")");
    }
  }
  detail::RequireFinite(Z, "ComputeClassStatistics");

  s.means = Matrix<T>::Zero(d, K);
  s.global_mean = Vector<T>::Zero(d);
  for (Index i = 0; i < N; ++i) {
    s.means.col(labels[i]) += Z.col(i);
    s.global_mean += Z.col(i);
  }
  for (int c = 0; c < K; ++c) s.means.col(c) /= T(s.counts[c]);
  s.global_mean /= T(N);

  s.deviations.resize(d, N);
  for (Index i = 0; i < N; ++i) s.deviations.col(i) = Z.col(i) - s.means.col(labels[i]);
  if (options.sample_means) {
    s.sample_means.resize(d, N);
    for (Index i = 0; i < N; ++i) s.sample_means.col(i) = s.means.col(labels[i]);
  }

  s.tcv = T(0);
  T zmax(0);
  for (Index i = 0; i < N; ++i) {
    s.tcv += detail::ScaledNorm(s.deviations.data() + i * d, d);
    zmax = std::max(zmax, detail::ScaledNorm(Z.data() + i * d, d));
  }
  s.v = detail::ScaledSumSquares(s.deviations.data(), d * N) / T(N);

  // NC1 through the SVD of B = [sqrt(n_c/N) (mu_c - mu_G)]_c, S_B = B B^T.
  Matrix<T> B(d, K);
  for (int c = 0; c < K; ++c) {
    B.col(c) = (s.means.col(c) - s.global_mean) * T(sqrt(T(s.counts[c]) / T(N)));
  }
  const Svd<T> b = ComputeSvd(B, SvdMethod::kJacobi);
  const T s1 = b.sigma.size() > 0 ? b.sigma(0) : T(0);
  s.between_threshold = T(std::max<Index>(d, K) + N) * ScalarTraits<T>::Epsilon() * std::max(s1, zmax);
  s.between_rank = 0;
  for (Index j = 0; j < b.sigma.size(); ++j) s.between_rank += b.sigma(j) > s.between_threshold ? 1 : 0;
  s.nc1 = T(0);
  const int r = s.between_rank;
  if (r > 0 && N > 0) {
    const Matrix<T> ur = b.u.leftCols(r);
    const Matrix<T> p = ProductAtB(ur, s.deviations);  // r x N, row j = u_j^T E
    for (int j = 0; j < r; ++j) {
      const T q = detail::ScaledNorm(p.data() + j, N, r) / b.sigma(j);
      s.nc1 += q * q;
    }
    s.nc1 /= T(K) * T(N);
  }
  return s;
}

#define NRC_CLASS_STATISTICS_INSTANTIATE_(T) \
  template ClassStatistics<T> ComputeClassStatistics<T>(const Matrix<T>&, const std::vector<int>&, int, \
                                                        const ClassStatisticsOptions&);
#define NRC_INSTANTIATE_CLASS_STATISTICS(T) NRC_CLASS_STATISTICS_INSTANTIATE_(T)

}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_CLASS_STATISTICS_IMPL_H_
