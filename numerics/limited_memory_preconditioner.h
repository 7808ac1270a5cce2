// nrc/numerics/limited_memory_preconditioner.h
//
// LimitedMemoryPreconditioner: M ~ H^{-1} for a symmetric matrix H known only
// through curvature pairs (s_i, y_i = H s_i), as the inverse BFGS matrix of
// the last max_pairs pairs (the L-BFGS two-loop recursion, Nocedal & Wright
// Alg. 7.4) with initial matrix gamma I, gamma = s^T y / y^T y of the newest
// pair (the identity while there is none). The "limited-memory
// preconditioner" of Morales & Nocedal (SIAM J. Optim. 10, 2000): Newton-CG
// feeds it the pairs (p_k, H p_k) of its own CG iterations (exact
// Hessian-vector products, no extra cost), and the next CG solve uses it.
//
// Guarantees: Apply is a symmetric positive definite linear map whenever every
// stored pair has s^T y > 0 (AddPair refuses the others), so it is a valid CG
// preconditioner; it changes only through AddPair / Clear (keep it fixed
// during a CG solve). If the pairs come from one positive definite H and
// are H-conjugate, M agrees with H^{-1} on their span (BFGS's quadratic
// termination property). Pairs are stored scaled to ||s||_2 = 1 (the BFGS
// update does not depend on that scale), so pairs from higher-precision
// stages with tiny steps lose nothing when rounded to double.
// Cost: 4 m P flops per Apply and 2 m P doubles of memory (m = pairs held).
// Apply ignores `damping`; indefinite() is always false (negative curvature
// is never stored).
//
// Errors: std::invalid_argument for size mismatches, max_pairs < 1 or
// non-finite pairs.
#ifndef NRC_NUMERICS_LIMITED_MEMORY_PRECONDITIONER_H_
#define NRC_NUMERICS_LIMITED_MEMORY_PRECONDITIONER_H_

#include <deque>
#include <string>

#include "numerics/symmetric_preconditioner.h"

namespace nrc {

class LimitedMemoryPreconditioner : public SymmetricPreconditioner {
 public:
  LimitedMemoryPreconditioner(int size, int max_pairs);

  int size() const override { return n_; }
  Vector<double> Apply(const Vector<double>& r, double damping = 0) const override;
  bool indefinite() const override { return false; }
  std::string Describe() const override;

  // Stores (s, y) scaled to ||s|| = 1, dropping the oldest pair beyond
  // max_pairs. Returns false (and stores nothing) unless s^T y > 0 with
  // s^T y >= 1e-12 ||s|| ||y|| (a curvature pair BFGS can use safely).
  bool AddPair(const Vector<double>& s, const Vector<double>& y);
  void Clear() { pairs_.clear(); }
  int num_pairs() const { return static_cast<int>(pairs_.size()); }
  int max_pairs() const { return max_pairs_; }

 private:
  struct Pair {
    Vector<double> s, y;
    double rho;  // 1 / s^T y
  };
  int n_;
  int max_pairs_;
  std::deque<Pair> pairs_;  // oldest first
};

}  // namespace nrc

#endif  // NRC_NUMERICS_LIMITED_MEMORY_PRECONDITIONER_H_
