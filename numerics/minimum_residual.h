// nrc/numerics/minimum_residual.h
//
// MinimumResidual<T>: preconditioned MINRES (Paige and Saunders 1975, in the
// form of SciPy's scipy.sparse.linalg.minres) for A x = b with a symmetric
// linear map A that may be INDEFINITE (or singular), given only by its
// products. Header-only template: any Eigen-compatible scalar.
//
// Where CG (numerics/conjugate_gradients.h) stops at the first direction of
// non-positive curvature, MINRES keeps going: x_k minimises ||b - A x||_{M}
// (the residual in the preconditioner's norm) over the M-preconditioned
// Krylov space K_k(M A, M b), whatever the inertia of A. That is what a
// Newton step towards a stationary point of ANY index needs (Newton on
// grad f = 0, training/newton_stage.h's NewtonTarget::kStationaryPoint).
//
// Contract.
//   apply_A(v)  returns A v (A symmetric, to rounding);
//   apply_M(r)  returns M r, M a fixed symmetric positive definite
//               preconditioner (IdentityPreconditioner for none);
//   on_step(v, Av)  called after every product with A (the Lanczos vector v),
//               may be omitted.
// From x_0 = 0, stops at the first of (CgTermination names, shared with CG):
//   kConverged                phibar_k <= relative_tolerance * beta_1, i.e.
//                             ||b - A x_k||_M <= tol ||b||_M (the recursively
//                             updated residual in the M-norm; b = 0 converges
//                             at once with x = 0);
//   kPreconditionerBreakdown  r^T M r < 0 (M is not positive definite), or
//                             the Lanczos process ended (beta = 0: the Krylov
//                             space is invariant; x is then the minimiser over
//                             it, exact for a consistent system);
//   kMaxIterations            max_iterations products with A.
// kNegativeCurvature is never returned. `residual_norm` is phibar, the
// M-norm estimate of the residual (here ||r||_M = sqrt(r^T M r)). With
// b = -grad f and A the Hessian, a converged d = x_k has ||A d + g||_M <=
// tol ||g||_M: for small tol the model of ||grad f||^2 / 2 falls along d
// (its slope is g^T A d = -||g||^2 - g^T r), which a line search on
// ||grad f|| then checks on the function itself.
// Errors: std::invalid_argument for negative options or products of the
// wrong size. Deterministic: same inputs, same bits.
#ifndef NRC_NUMERICS_MINIMUM_RESIDUAL_H_
#define NRC_NUMERICS_MINIMUM_RESIDUAL_H_

#include <cmath>
#include <limits>
#include <stdexcept>
#include <utility>

#include "numerics/conjugate_gradients.h"

namespace nrc {

template <class T, class ApplyA, class ApplyM, class Observer = NoCgObserver>
CgResult<T> MinimumResidual(const ApplyA& apply_A, const ApplyM& apply_M, const Vector<T>& b,
                            const CgOptions& options, const Observer& on_step = Observer()) {
  using std::abs;
  using std::sqrt;
  detail::CheckCgOptions(options);
  const Eigen::Index n = b.size();
  CgResult<T> out;
  out.x = Vector<T>::Zero(n);
  Vector<T> r1 = b;
  Vector<T> y = apply_M(r1);
  T beta1 = r1.dot(y);
  if (beta1 < T(0)) {
    out.termination = CgTermination::kPreconditionerBreakdown;
    return out;
  }
  if (!(beta1 > T(0))) {  // b = 0 (M positive definite)
    out.termination = CgTermination::kConverged;
    return out;
  }
  beta1 = sqrt(beta1);
  const T tiny = T(std::numeric_limits<double>::min());
  T oldb(0), beta = beta1, dbar(0), epsln(0), phibar = beta1;
  T cs(-1), sn(0);
  Vector<T> w = Vector<T>::Zero(n), w1, w2 = Vector<T>::Zero(n), r2 = r1;
  out.residual_norm = phibar;
  const T target = T(options.relative_tolerance) * beta1;
  for (int k = 0; k < options.max_iterations; ++k) {
    const Vector<T> v = y / beta;
    y = apply_A(v);
    if (y.size() != n) throw std::invalid_argument("MinimumResidual: A v has the wrong size");
    ++out.iterations;
    on_step(v, y);
    if (k >= 1) y -= (beta / oldb) * r1;
    const T alpha = v.dot(y);
    y -= (alpha / beta) * r2;
    r1 = std::move(r2);
    r2 = y;
    y = apply_M(r2);
    oldb = beta;
    const T beta_sq = r2.dot(y);
    if (beta_sq < T(0)) {
      out.termination = CgTermination::kPreconditionerBreakdown;
      return out;
    }
    beta = sqrt(beta_sq);
    // The previous rotation on the new column of the tridiagonal matrix.
    const T oldeps = epsln;
    const T delta = cs * dbar + sn * alpha;
    const T gbar = sn * dbar - cs * alpha;
    epsln = sn * beta;
    dbar = -cs * beta;
    // The next rotation, which annihilates beta.
    T gamma = sqrt(gbar * gbar + beta * beta);
    if (gamma < tiny) gamma = tiny;
    cs = gbar / gamma;
    sn = beta / gamma;
    const T phi = cs * phibar;
    phibar = sn * phibar;
    w1 = std::move(w2);
    w2 = std::move(w);
    w = (v - oldeps * w1 - delta * w2) / gamma;
    out.x += phi * w;
    out.residual_norm = abs(phibar);
    if (out.residual_norm <= target) {
      out.termination = CgTermination::kConverged;
      return out;
    }
    if (!(beta > T(0))) {  // invariant Krylov space: nothing more to gain
      out.termination = CgTermination::kPreconditionerBreakdown;
      return out;
    }
  }
  out.termination = CgTermination::kMaxIterations;
  return out;
}

}  // namespace nrc

#endif  // NRC_NUMERICS_MINIMUM_RESIDUAL_H_
