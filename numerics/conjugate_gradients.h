// nrc/numerics/conjugate_gradients.h
//
// ConjugateGradients<T>: preconditioned conjugate gradients (Hestenes-Stiefel,
// truncated as in Newton-CG / Steihaug) for A x = b with a symmetric linear
// map A that is given only by its products and need NOT be positive definite.
// Header-only template: any Eigen-compatible scalar (float, double, long
// double, Float128, Mpfr).
//
// Contract.
//   apply_A(v)        returns A v (A symmetric, to rounding);
//   apply_M(r)        returns M r, M a fixed symmetric positive (semi-)definite
//                     preconditioner (the identity when null is wanted: pass
//                     IdentityPreconditioner);
//   on_step(p, Ap)    called after every product with the search direction p
//                     and A p (e.g. to collect curvature pairs for a
//                     limited-memory preconditioner, or to report progress);
//                     may be omitted.
// Starting from x_0 = 0, CG builds x_k minimising the quadratic
// q(x) = x^T A x / 2 - b^T x over the M-preconditioned Krylov space as long as
// A is positive definite on it. It stops at the first of (named checks, the
// `termination` of the result):
//   kConverged          ||b - A x_k||_2 <= relative_tolerance ||b||_2
//                       (the recursively updated residual; b = 0 converges
//                       at once with x = 0);
//   kNegativeCurvature  p_k^T A p_k <= 0: A is not positive definite on the
//                       Krylov space. x is the last iterate x_k (x_0 = 0 when
//                       k = 0) and `direction` the direction p_k with
//                       curvature p_k^T A p_k (returned in `curvature`): a
//                       direction of non-positive curvature the caller may
//                       use (Steihaug: go to the trust-region boundary along
//                       it; line-search Newton: fall back to M b);
//   kPreconditionerBreakdown  r^T M r <= 0 for a non-zero residual r (M is
//                       not positive definite there; cannot continue);
//   kMaxIterations      max_iterations products with A.
// Every x_k with k >= 1 satisfies b^T x_k > 0 when A was positive on the
// Krylov space (q decreases monotonically): with b = -grad f, x_k is a
// descent direction of f. The residual is never recomputed from scratch
// (one product with A per iteration): in floating point it drifts from
// b - A x_k by about k eps ||A|| ||x||.
//
// Errors: std::invalid_argument for negative options or products of the wrong
// size. Deterministic: same inputs, same bits.
#ifndef NRC_NUMERICS_CONJUGATE_GRADIENTS_H_
#define NRC_NUMERICS_CONJUGATE_GRADIENTS_H_

#include <stdexcept>
#include <utility>

#include "numerics/norms.h"
#include "numerics/scalar.h"

namespace nrc {

enum class CgTermination { kConverged, kNegativeCurvature, kPreconditionerBreakdown, kMaxIterations };

// "converged", "negative_curvature", "preconditioner_breakdown", "max_iterations".
inline const char* CgTerminationName(CgTermination t) {
  switch (t) {
    case CgTermination::kConverged: return "converged";
    case CgTermination::kNegativeCurvature: return "negative_curvature";
    case CgTermination::kPreconditionerBreakdown: return "preconditioner_breakdown";
    case CgTermination::kMaxIterations: return "max_iterations";
  }
  return "unknown";
}

struct CgOptions {
  int max_iterations = 100;         // products with A
  double relative_tolerance = 1e-4;  // on ||r||_2 / ||b||_2
};

template <class T>
struct CgResult {
  Vector<T> x;                    // the last iterate
  CgTermination termination = CgTermination::kMaxIterations;
  int iterations = 0;             // products with A
  T residual_norm = T(0);         // ||r||_2 of the last iterate (recursive)
  Vector<T> direction;            // kNegativeCurvature: p with p^T A p <= 0
  T curvature = T(0);             // kNegativeCurvature: p^T A p
};

struct IdentityPreconditioner {
  template <class V>
  const V& operator()(const V& r) const {
    return r;
  }
};

struct NoCgObserver {
  template <class V>
  void operator()(const V&, const V&) const {}
};

namespace detail {

inline void CheckCgOptions(const CgOptions& o) {
  if (o.max_iterations < 0 || !(o.relative_tolerance >= 0)) {
    throw std::invalid_argument("ConjugateGradients: max_iterations and relative_tolerance must be >= 0");
  }
}

}  // namespace detail

template <class T, class ApplyA, class ApplyM, class Observer = NoCgObserver>
CgResult<T> ConjugateGradients(const ApplyA& apply_A, const ApplyM& apply_M, const Vector<T>& b,
                               const CgOptions& options, const Observer& on_step = Observer()) {
  detail::CheckCgOptions(options);
  const Eigen::Index n = b.size();
  CgResult<T> out;
  out.x = Vector<T>::Zero(n);
  Vector<T> r = b;
  const T target = T(options.relative_tolerance) * FrobeniusNorm(b);
  out.residual_norm = FrobeniusNorm(r);
  if (out.residual_norm <= target) {
    out.termination = CgTermination::kConverged;
    return out;
  }
  Vector<T> z = apply_M(r);
  Vector<T> p = z;
  T rz = r.dot(z);
  if (!(rz > T(0))) {
    out.termination = CgTermination::kPreconditionerBreakdown;
    return out;
  }
  for (int k = 0; k < options.max_iterations; ++k) {
    const Vector<T> Ap = apply_A(p);
    if (Ap.size() != n) throw std::invalid_argument("ConjugateGradients: A p has the wrong size");
    ++out.iterations;
    on_step(p, Ap);
    const T pAp = p.dot(Ap);
    if (!(pAp > T(0))) {
      out.termination = CgTermination::kNegativeCurvature;
      out.curvature = pAp;
      out.direction = std::move(p);
      return out;
    }
    const T alpha = rz / pAp;
    out.x += alpha * p;
    r -= alpha * Ap;
    out.residual_norm = FrobeniusNorm(r);
    if (out.residual_norm <= target) {
      out.termination = CgTermination::kConverged;
      return out;
    }
    z = apply_M(r);
    const T rz_new = r.dot(z);
    if (!(rz_new > T(0))) {
      out.termination = CgTermination::kPreconditionerBreakdown;
      return out;
    }
    p = z + (rz_new / rz) * p;
    rz = rz_new;
  }
  out.termination = CgTermination::kMaxIterations;
  return out;
}

}  // namespace nrc

#endif  // NRC_NUMERICS_CONJUGATE_GRADIENTS_H_
