// nrc/training/kronecker_factored_inverse.h
//
// KroneckerFactoredInverse: a SymmetricPreconditioner
// (numerics/symmetric_preconditioner.h) for the objective J of an MLP
// (nets/mlp.h) that never forms a P x P matrix: the inverse of the
// Kronecker-factored (K-FAC; Martens & Grosse 2015) approximation of the
// Gauss-Newton matrix's diagonal blocks, one block per layer, computed in
// double at the given theta.
//
// What it approximates. The Gauss-Newton matrix (nets/mlp.h
// GaussNewtonVectorProduct) G = (1/N) sum_i J_i^T H_i J_i + lambda I (J_i =
// d f(x_i) / d theta, H_i the loss Hessian with respect to the output) is the
// Hessian without its second-derivative terms, positive semi-definite. Its
// diagonal block of layer l, in the layer's parameters [W_l b_l] (biases as
// an extra input row of ones, zt_i = [z_{l-1,i}; 1]; vec column-major), is
//   (1/N) sum_i (zt_i zt_i^T) kron (g_i g_i^T summed over the factor columns)
// and K-FAC replaces the mean of Kronecker products by the Kronecker product
// of the means:
//   A_l = (1/N) sum_i zt_i zt_i^T                       ((d_{l-1} + 1)^2)
//   S_l = (1/N) sum_i sum_k g_{k,i} g_{k,i}^T,  g_{k,i} = (d f_i / d a_{l,i})^T c_{k,i}
// with H_i = C_i C_i^T (nets/loss.h Loss::HessianFactorColumn: MSE C = I,
// cross-entropy diag(sqrt p) - p sqrt(p)^T): K backward passes of the columns
// of C over the whole batch, exact (no sampling). Ignored: the coupling
// between layers (off-diagonal blocks), the correlation between zt and g
// inside each block, and the difference between G and the exact Hessian
// (the activations' curvature; it matters near saddles, where H is
// indefinite and this M is still positive definite).
//
// Apply. Block l of M r, with R the block of r reshaped to d_l x (d_{l-1}+1)
// (the bias as the last column) and the eigen-decompositions A = U_A D_A
// U_A^T, S = U_S D_S U_S^T (Eigen's SelfAdjointEigenSolver; eigenvalues
// below 0 by rounding are set to 0):
//   R -> U_S [ (U_S^T R U_A) ./ (d_S d_A^T + lambda + mu + damping) ] U_A^T,
// exactly (to rounding) (A kron S + (lambda + mu + damping) I)^{-1} vec(R):
// symmetric positive definite, since lambda > 0 (spec) and mu, damping >= 0.
// The one shift lambda + mu stands for the weight decay on W_l and b_l alike
// (nrc's default lambda_b = 0 is not honoured: a shift per column would not
// commute with A) plus the Levenberg-Marquardt / Tikhonov damping mu
// (options.damping) and Apply's `damping` argument.
//
// Cost: building is one forward pass, K backward passes without weight
// gradients, the products for A_l and S_l (2 N (d_{l-1}+1)^2 + 2 N K d_l^2
// flops per layer; the sample blocks of numerics/parallel.h on
// ParallelThreads() threads, summed in block order: the same bits for every
// thread count) and two symmetric eigen-decompositions per layer (O(d^3));
// Apply is 4 d_l (d_{l-1}+1) (d_l + d_{l-1} + 1) flops per layer. Memory:
// the factors and their eigenvectors, sum_l (d_{l-1}+1)^2 + d_l^2 doubles
// (plus one partial A_l per sample block while building).
//
// Errors: std::invalid_argument for shapes that do not match (Evaluate's
// checks), a non-finite theta, data or factor, or a negative damping; Apply
// throws std::invalid_argument for a vector of the wrong size or a negative
// damping.
#ifndef NRC_TRAINING_KRONECKER_FACTORED_INVERSE_H_
#define NRC_TRAINING_KRONECKER_FACTORED_INVERSE_H_

#include <string>
#include <vector>

#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"
#include "numerics/symmetric_preconditioner.h"

namespace nrc {

class KroneckerFactoredInverse;

struct KroneckerFactoredInverseOptions {
  double damping = 0;  // mu >= 0, added to lambda in every block
  // A_1 = (1/N) [X; 1][X; 1]^T depends on the data only: when set, layer 1's
  // input factor and its eigen-decomposition are copied from this one (the
  // caller promises it was built on the same X; the sizes are checked), which
  // saves the largest product and eigen-decomposition on wide inputs (784:
  // most of the build). Not owned; may be null.
  const KroneckerFactoredInverse* reuse_input_factor = nullptr;
};

class KroneckerFactoredInverse : public SymmetricPreconditioner {
 public:
  KroneckerFactoredInverse(const MlpSpec& spec, const MlpParameters<double>& theta, const Matrix<double>& X,
                           const std::vector<int>& labels, const KroneckerFactoredInverseOptions& options = {});

  int size() const override { return size_; }
  Vector<double> Apply(const Vector<double>& r, double damping = 0) const override;
  bool indefinite() const override { return false; }  // G is never indefinite
  std::string Describe() const override;

  // The factors of layer l = 1..L (for tests and diagnostics).
  const Matrix<double>& InputFactor(int l) const { return layers_.at(static_cast<size_t>(l - 1)).A; }
  const Matrix<double>& OutputFactor(int l) const { return layers_.at(static_cast<size_t>(l - 1)).S; }

 private:
  struct Layer {
    int rows = 0, cols = 0;  // d_l, d_{l-1}
    bool bias = false;
    Matrix<double> A, S;     // the factors
    Matrix<double> UA, US;   // their eigenvectors
    Vector<double> dA, dS;   // and eigenvalues (>= 0)
  };
  std::vector<Layer> layers_;
  int size_ = 0;
  double shift_ = 0;  // lambda + mu
};

}  // namespace nrc

#endif  // NRC_TRAINING_KRONECKER_FACTORED_INVERSE_H_
