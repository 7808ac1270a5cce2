// Internals of training/kronecker_factored_inverse.h: the Kronecker factors
// A_l = (1/N) sum_i zt_i zt_i^T and S_l = (1/N) sum_i sum_k g_{k,i} g_{k,i}^T
// of every layer (definitions in that header), in double.
#ifndef NRC_TRAINING_DETAIL_KRONECKER_FACTORS_H_
#define NRC_TRAINING_DETAIL_KRONECKER_FACTORS_H_

#include <vector>

#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/scalar.h"

namespace nrc {
namespace detail {

struct KroneckerFactorPair {
  Matrix<double> A;  // (d_{l-1} + bias) square: the inputs' second moments
  Matrix<double> S;  // d_l x d_l: the back-propagated output-Hessian factors' second moments
};

// Index l - 1 holds layer l. The N samples are split into the fixed blocks of
// SampleBlocks(N) on ParallelThreads() threads, each block's sums added in
// block order. skip_first_input: layer 1's A is left empty (the caller has
// it). Throws std::invalid_argument on shapes (Evaluate's checks).
std::vector<KroneckerFactorPair> ComputeKroneckerFactors(const MlpSpec& spec, const MlpParameters<double>& theta,
                                                         const Matrix<double>& X, const std::vector<int>& labels,
                                                         bool skip_first_input = false);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_TRAINING_DETAIL_KRONECKER_FACTORS_H_
