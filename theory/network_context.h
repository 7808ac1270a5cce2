// nrc/theory/network_context.h
//
// Everything the statements T1-T12 read about one network at one parameter
// point, computed once in the working precision T (theorems.md, "Setting"):
//   eval        nets/mlp.h's Evaluate at level kGradient: A_l, Z_{l-1} (Z_0 = X),
//               Delta_l, G_l, g_l, per-sample losses, J_data, J;
//   stats[k]    class statistics of Z_k, k = 0..L-1 (means, mu_G, deviations E,
//               sample means M, TCV, V, NC1; numerics/class_statistics.h);
//   sigma_W[l]  singular values of W_l (numerics/svd.h, Jacobi);
//   norm2_W[l]  ||W_l||_2 = sigma_1(W_l);
//   backprop[l] C_l = Lip(s)^{L-l} prod_{k=l+1}^{L} ||W_k||_2 (T6; C_L = 1);
//   lipschitz   Lip(s) (nets/activation.h; GELU/SiLU inflated by 16 eps);
//   grad_norm   ||grad J(theta)||_2 over all parameters (the stationarity level);
//   error       the comparison error model (theory/error_model.h) for this
//               network's sizes and T.
// Layers are indexed 1..L as in the spec; index 0 of per-layer vectors is unused.
//
// Hypotheses: spec valid, theta shaped by spec, X with d_0 rows, labels in
// 0..K-1 with every class present (ComputeClassStatistics throws otherwise).
// Error model: ordinary evaluation in T; see theory/error_model.h.
#ifndef NRC_THEORY_NETWORK_CONTEXT_H_
#define NRC_THEORY_NETWORK_CONTEXT_H_

#include <string>
#include <vector>

#include "nets/mlp.h"
#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/class_statistics.h"
#include "numerics/norms.h"
#include "numerics/scalar.h"
#include "theory/error_model.h"

namespace nrc {

template <class T>
struct NetworkContext {
  using Scalar = T;
  MlpSpec spec;
  MlpParameters<T> theta;
  std::vector<int> labels;
  int K = 0, N = 0, L = 0;
  T lambda = T(0), lambda_b = T(0);
  MlpEvaluation<T> eval;
  std::vector<ClassStatistics<T>> stats;  // 0..L-1
  std::vector<Vector<T>> sigma_W;         // 1..L
  std::vector<T> norm2_W;                 // 1..L
  std::vector<T> backprop;                // 1..L
  T lipschitz = T(0);
  T grad_norm = T(0);
  ErrorModel<T> error;
  std::string precision;  // ScalarTraits<T>::Name(), e.g. "mpfr257"

  static NetworkContext Build(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                              const std::vector<int>& labels);

  const Matrix<T>& W(int l) const { return theta.W[l]; }
  const Matrix<T>& G(int l) const { return eval.gradient.W[l]; }
  const Matrix<T>& Delta(int l) const { return eval.Delta[l]; }
  // Z_{l-1}, the input of layer l, and its class statistics.
  const Matrix<T>& Input(int l) const { return eval.Z[l - 1]; }
  const ClassStatistics<T>& InputStats(int l) const { return stats[l - 1]; }
  // The magnitude of the split W_l = P_l + R_l (T2, T3's error term s):
  // ||W_l||_F + (||G_l||_F + ||Delta_l||_F ||Z_{l-1}||_F / N) / lambda.
  T SplitScale(int l) const;
  // Lambda_{k,m} = prod_{j=k+1}^{m} Lip(s) ||W_j||_2, the Lipschitz bound of
  // z_k -> z_m (T9); 1 when k = m.
  T ForwardLipschitz(int k, int m) const;
  // A first-order bound on the rounding of z_m computed from z_k, per sample
  // (RMS over samples): sum_{j=k+1}^{m} Lambda_{j,m} (||W_j||_F ||Z_{j-1}||_F
  // + sqrt(N) ||b_j|| + ||Z_j||_F) / sqrt(N). Multiply by the error model's
  // D eps to get an absolute error (T9's s).
  T ForwardRoundingScale(int k, int m) const;
  // |||A||| in the given norm (spectral through the Jacobi SVD).
  static T NormOf(const Matrix<T>& A, Norm norm);
};

#define NRC_NETWORK_CONTEXT_EXTERN_(T) extern template struct NetworkContext<T>;
NRC_FOR_EACH_SCALAR(NRC_NETWORK_CONTEXT_EXTERN_)
#undef NRC_NETWORK_CONTEXT_EXTERN_

}  // namespace nrc

#endif  // NRC_THEORY_NETWORK_CONTEXT_H_
