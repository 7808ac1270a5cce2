// nrc/nets/mlp.h
//
// Forward and backward passes of the spec's MLP, in any scalar T, with every
// intermediate quantity the theory needs kept:
//   A[l] = W_l Z[l-1] + b_l 1^T      (l = 1..L; d_l x N; A[0] unused)
//   Z[l] = s(A[l])                   (l = 1..L-1; Z[0] = X, the data; d_l x N)
//   F    = A[L]                      (network outputs, K x N)
//   Delta[L] = [delta_{L,i}]         (loss gradients w.r.t. outputs)
//   Delta[l] = s'(A[l]) .* (W_{l+1}^T Delta[l+1])   (l = L-1..1)
//   G_l = (1/N) Delta[l] Z[l-1]^T + lambda W_l,  g_l = (1/N) Delta[l] 1 + lambda_b b_l.
// Everything is evaluated in T with matrix operations on blocks of samples,
// with numerics/products.h for the products.
//
// Threads: Evaluate, HessianVectorProduct and DenseHessian split the N samples
// into the fixed blocks of SampleBlocks(N) (numerics/parallel.h: they depend on
// N only) and run the blocks on ParallelThreads() threads (NRC_THREADS). Every
// per-sample quantity (A, Z, S1, Delta, loss_i) is computed from its block
// alone, and sums over samples (G_l, g_l, J_data's numerator, the products'
// sums) are formed per block and then added in block order: the results are
// the same bits for every thread count, in every scalar (MPFR included: the
// workers use the caller's default precision). Calls made from inside another
// parallel loop run serially.
//
// Error model: ordinary floating-point evaluation in T; no error control. The
// gradient is checked against MPFR finite differences in nets/mlp_test.cc.
#ifndef NRC_NETS_MLP_H_
#define NRC_NETS_MLP_H_

#include <vector>

#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/scalar.h"

namespace nrc {

template <class T>
struct MlpEvaluation {
  std::vector<Matrix<T>> A;      // pre-activations, index 1..L
  std::vector<Matrix<T>> Z;      // embeddings, index 0..L-1 (Z[0] = X)
  std::vector<Matrix<T>> S1;     // s'(A[l]), index 1..L-1
  std::vector<Matrix<T>> Delta;  // back-propagated signals, index 1..L (empty if forward only)
  // s''(A[l]) .* (W_{l+1}^T Delta[l+1]), index 1..L-1: the curvature term that
  // every Hessian-vector product at this point reuses (level kCurvature only).
  std::vector<Matrix<T>> S2Back;
  Vector<T> per_sample_loss;     // loss_i
  T data_loss;                   // J_data = (1/N) sum_i loss_i
  T objective;                   // J = J_data + (lambda/2) sum ||W_l||^2 + (lambda_b/2) sum ||b_l||^2
  MlpParameters<T> gradient;     // (G_l, g_l) (empty if forward only)

  const Matrix<T>& outputs() const { return A.back(); }
};

// What Evaluate computes beyond the forward pass and the objective:
// kGradient adds S1, Delta and the gradient; kCurvature also S2Back, which
// saves HessianVectorProduct one product per hidden layer and call (use it
// for a point where several Hessian-vector products are taken).
enum class EvaluationLevel { kObjective, kGradient, kCurvature };

// Checks shapes (X has d_0 rows, labels has X.cols() entries in 0..K-1,
// parameters match spec) and throws std::invalid_argument otherwise.
template <class T>
MlpEvaluation<T> Evaluate(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                          const std::vector<int>& labels, EvaluationLevel level = EvaluationLevel::kGradient);

// Exact (to rounding) Hessian-vector product H(theta) v of the objective J,
// by forward-mode differentiation of the backward pass (Pearlmutter's
// R-operator) in matrix form; about three gradient evaluations.
// `at` must be Evaluate(spec, theta, X, labels) at level kGradient or
// kCurvature (faster); otherwise std::invalid_argument.
template <class T>
MlpParameters<T> HessianVectorProduct(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                      const std::vector<int>& labels, const MlpEvaluation<T>& at,
                                      const MlpParameters<T>& v);

// Exact (to rounding) Gauss-Newton-vector product G(theta) v, G = (1/N)
// sum_i J_i^T H_i J_i + diag(lambda on weights, lambda_b on biases), J_i =
// d f(x_i) / d theta and H_i the loss Hessian with respect to the output
// (Schraudolph 2002; Martens 2010): the Hessian without the terms of the
// activations' second derivatives and of the weights' second mixed
// derivatives, i.e. HessianVectorProduct's R-operator with the curvature of
// the backward pass dropped. Always positive semi-definite (positive
// definite when lambda_b > 0 or there are no biases). Same cost as
// HessianVectorProduct less one product per layer; same requirements on `at`.
template <class T>
MlpParameters<T> GaussNewtonVectorProduct(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                          const std::vector<int>& labels, const MlpEvaluation<T>& at,
                                          const MlpParameters<T>& v);

// The dense P x P Hessian (P = spec.NumParameters()) from P Hessian-vector
// products with unit vectors, symmetrised as (H + H^T)/2. The columns are
// split over ParallelThreads() threads (numerics/parallel.h), in every scalar;
// each column is computed alone (its product runs serially), so the result is
// the same bits for every thread count.
template <class T>
Matrix<T> DenseHessian(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                       const std::vector<int>& labels);

#define NRC_MLP_EXTERN(T)                                                                                 \
  extern template MlpEvaluation<T> Evaluate<T>(const MlpSpec&, const MlpParameters<T>&, const Matrix<T>&,  \
                                               const std::vector<int>&, EvaluationLevel);                 \
  extern template MlpParameters<T> HessianVectorProduct<T>(const MlpSpec&, const MlpParameters<T>&,       \
                                                           const Matrix<T>&, const std::vector<int>&,     \
                                                           const MlpEvaluation<T>&, const MlpParameters<T>&); \
  extern template MlpParameters<T> GaussNewtonVectorProduct<T>(const MlpSpec&, const MlpParameters<T>&,   \
                                                               const Matrix<T>&, const std::vector<int>&, \
                                                               const MlpEvaluation<T>&, const MlpParameters<T>&); \
  extern template Matrix<T> DenseHessian<T>(const MlpSpec&, const MlpParameters<T>&, const Matrix<T>&,     \
                                            const std::vector<int>&);
NRC_FOR_EACH_SCALAR(NRC_MLP_EXTERN)
#undef NRC_MLP_EXTERN

}  // namespace nrc

#endif  // NRC_NETS_MLP_H_
