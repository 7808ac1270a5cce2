// nrc/numerics/symmetric_preconditioner.h
//
// SymmetricPreconditioner: an approximation z = M r of |H|^{-1} r for a
// symmetric (Hessian) matrix H, applied in double. Newton methods use it for
// their first step direction -M g and as the preconditioner of conjugate
// gradients on H d = -g (training/newton_stage.h). Implementations:
//   numerics/saddle_free_inverse.h     |H|^+ from the eigen-decomposition
//                                      (exact, handles indefinite H; O(n^3)
//                                      with a large constant: n <~ 2000)
//   numerics/shifted_cholesky_inverse.h (H + sigma I)^{-1} by Cholesky with
//                                      the smallest shift that makes it
//                                      positive definite (about 50x cheaper
//                                      than the eigen-decomposition; n <~ 6000)
// Apply must be a fixed symmetric positive semi-definite linear map (up to
// rounding), as preconditioned CG requires.
#ifndef NRC_NUMERICS_SYMMETRIC_PRECONDITIONER_H_
#define NRC_NUMERICS_SYMMETRIC_PRECONDITIONER_H_

#include <string>

#include "numerics/scalar.h"

namespace nrc {

class SymmetricPreconditioner {
 public:
  virtual ~SymmetricPreconditioner() = default;
  virtual int size() const = 0;
  // M r; `damping` >= 0 asks for the regularised (|H| + damping I)^{-1} r where
  // the implementation supports it (else it is ignored; see each class).
  // Throws std::invalid_argument for a wrong size or a negative damping.
  virtual Vector<double> Apply(const Vector<double>& r, double damping = 0) const = 0;
  // True when H was seen to have negative curvature (a saddle region).
  virtual bool indefinite() const = 0;
  // One line for logs, e.g. "eigen |H|^+, 612 x 612, 5 null, 0 negative".
  virtual std::string Describe() const = 0;
};

}  // namespace nrc

#endif  // NRC_NUMERICS_SYMMETRIC_PRECONDITIONER_H_
