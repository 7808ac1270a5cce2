// nrc/numerics/lanczos_eigenvalues.h
//
// LanczosEigenvalues: estimates of the extreme eigenvalues of a symmetric
// n x n matrix A given only by its products (double), by the Lanczos process
// with full reorthogonalisation (two Gram-Schmidt passes against every
// previous basis vector, so no spurious copies of converged Ritz values),
// from a fixed pseudo-random start vector (deterministic in `seed`).
//
// After m = min(max_steps, n) products (fewer if the Krylov space becomes
// invariant) the tridiagonal T_m = V^T A V is eigen-decomposed; the result
// holds the num_eigenvalues smallest Ritz values theta_1 <= theta_2 <= ...
// and the largest, each with the explicit residual ||A y - theta y||_2 of its
// unit Ritz vector y = V s (one more product with A per reported value).
//
// What the numbers mean (exact arithmetic; products and reorthogonalisation
// add rounding of order m eps ||A||):
//   * every Ritz value is a Rayleigh quotient, so lambda_min(A) <= theta_1 and
//     theta_max <= lambda_max(A) (Courant-Fischer): upper and lower bounds;
//   * for each Ritz pair an eigenvalue of A lies in [theta - res, theta + res]
//     (Bauer-Fike / Weyl for symmetric A);
//   * but Lanczos cannot tell whether an eigenvalue below theta_1 was missed
//     (a start vector nearly orthogonal to its eigenvector, or a cluster that
//     has not converged), and a multiple eigenvalue appears once: the
//     smallest Ritz values are ESTIMATES of the smallest eigenvalues, good
//     when their residuals are small compared to the gaps. Small eigenvalues
//     of an ill-conditioned A converge slowly (rate ~ the square root of the
//     relative gap): read the residuals.
// Cost: m + k + 1 products, m n doubles of memory, O(m^2 n) for the
// reorthogonalisation.
//
// Errors: std::invalid_argument for n < 1, max_steps < 1, num_eigenvalues < 1
// or a product of the wrong size or not finite.
#ifndef NRC_NUMERICS_LANCZOS_EIGENVALUES_H_
#define NRC_NUMERICS_LANCZOS_EIGENVALUES_H_

#include <cstdint>
#include <functional>
#include <vector>

#include "numerics/scalar.h"

namespace nrc {

struct LanczosOptions {
  int max_steps = 200;
  int num_eigenvalues = 10;
  std::uint64_t seed = 1;
};

struct LanczosResult {
  std::vector<double> smallest;           // ascending Ritz values
  std::vector<double> smallest_residuals; // ||A y - theta y||_2, same order
  double largest = 0;
  double largest_residual = 0;
  int steps = 0;             // Krylov dimension m
  int products = 0;          // products with A, residuals included
  bool invariant = false;    // the Krylov space became invariant (beta ~ 0)
};

LanczosResult LanczosEigenvalues(const std::function<Vector<double>(const Vector<double>&)>& apply_A, int n,
                                 const LanczosOptions& options,
                                 const std::function<void(int step)>& on_step = nullptr);

}  // namespace nrc

#endif  // NRC_NUMERICS_LANCZOS_EIGENVALUES_H_
