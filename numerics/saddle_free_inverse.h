// nrc/numerics/saddle_free_inverse.h
//
// SaddleFreeInverse: the saddle-free pseudo-inverse |H|^+ of a symmetric
// matrix H (double), from its eigen-decomposition H = V diag(mu) V^T
// (Eigen's SelfAdjointEigenSolver: Householder tridiagonalisation + implicit
// QL; backward stable, |mu_j - mu_j(H)| <= c(n) eps ||H||_2):
//
//   Apply(g) = V diag(phi(mu)) V^T g,  phi(mu) = 1/|mu| if |mu| > threshold, else 0,
//   threshold = max(options.absolute_threshold, options.relative_threshold * max_j |mu_j|).
//
// Used two ways (training/):
//   * the saddle-free Newton step d = -|H|^+ grad f (Dauphin et al. 2014),
//     optionally damped, d = -(|H| + delta I)^+ grad f (a regularised Newton
//     step: with delta ~ ||grad f|| it keeps tiny curvatures far from a
//     minimum from producing huge steps, and vanishes at the minimum):
//     a descent direction for f whatever the inertia of H, equal to the Newton
//     step where H is positive definite, and blind to the (near-)null
//     directions of H (pseudo-inverse), which at a weight-decayed MLP's
//     minimum are exact symmetries (e.g. the bias of a neuron whose weights
//     vanished);
//   * a fixed preconditioner for Newton-CG in a higher precision: built once
//     from the double Hessian, it approximates the high-precision H^{-1} to
//     about eps_double ||H|| / mu_min, so each preconditioned CG step gains
//     many digits (mixed-precision iterative refinement).
//
// Default threshold: relative 1e-9. Computed eigenvalues of a double Hessian
// carry absolute errors of order P eps ||H||_2 (~1e-13 for P ~ 600,
// ||H|| ~ 3: rounding in the Hessian-vector products and in the eigensolver);
// the smallest genuine curvatures measured on nrc's networks are ~1e-6. 1e-9
// relative sits four orders above the first and three below the second, so
// noise never becomes a huge 1/|mu| and no genuine curvature is discarded.
//
// Errors: std::invalid_argument if H is not square or has a non-finite entry,
// or the thresholds are negative/non-finite; std::runtime_error if the
// eigensolver does not converge. Only the lower triangle of H is read.
// Cost: O(n^3) to build (about 0.2 s for n = 600), O(n^2) per Apply.
#ifndef NRC_NUMERICS_SADDLE_FREE_INVERSE_H_
#define NRC_NUMERICS_SADDLE_FREE_INVERSE_H_

#include <string>

#include "numerics/symmetric_preconditioner.h"

namespace nrc {

struct SaddleFreeInverseOptions {
  double relative_threshold = 1e-9;
  double absolute_threshold = 0;
};

class SaddleFreeInverse : public SymmetricPreconditioner {
 public:
  explicit SaddleFreeInverse(const Matrix<double>& H, const SaddleFreeInverseOptions& options = {});

  // |H|^+ g, or with damping delta > 0 the regularised
  // V diag(phi_delta(mu)) V^T g, phi_delta(mu) = 1/(|mu| + delta) where
  // |mu| > threshold (else 0). g must have size() entries and delta must be
  // finite and >= 0 (std::invalid_argument otherwise).
  Vector<double> Apply(const Vector<double>& g, double damping = 0) const override;

  int size() const override { return static_cast<int>(mu_.size()); }
  bool indefinite() const override { return num_negative_ > 0; }
  std::string Describe() const override;
  // Eigenvalues in ascending order, and the matching orthonormal eigenvectors.
  const Vector<double>& eigenvalues() const { return mu_; }
  const Matrix<double>& eigenvectors() const { return V_; }
  double threshold() const { return threshold_; }
  // #{mu_j < -threshold}, #{|mu_j| <= threshold}.
  int num_negative() const { return num_negative_; }
  int null_dimension() const { return null_dimension_; }

 private:
  Matrix<double> V_;
  Vector<double> mu_;
  Vector<double> inverse_abs_;  // phi(mu)
  double threshold_ = 0;
  int num_negative_ = 0;
  int null_dimension_ = 0;
};

}  // namespace nrc

#endif  // NRC_NUMERICS_SADDLE_FREE_INVERSE_H_
