// nrc/theory/inequality.h
//
// One computed link "lhs <= rhs" (or the identity "lhs = rhs") of a statement,
// with the error estimate of the comparison (theory/error_model.h) and its
// verdict. First, a comparison the numbers cannot support is never decided:
//   undecided if lhs, rhs or error is NaN or infinite, or error < 0;
//   undecided if the error estimate is at least the size of what is compared,
//             error >= max(|lhs|, |rhs|, scale) with error > 0 (no digit of
//             either side is known; e.g. float with large N, where the error
//             model's factor kSafety D eps reaches 1);
// `scale` is the size of the terms that cancel while lhs and rhs are formed
// (the s of theory/error_model.h; 0 when there are none): an identity stated
// as "residual = 0" compares a rounding-level residual with 0, and is resolved
// as long as its error estimate is below the size of the terms that cancel.
// Otherwise:
//   kLessEqual: holds     if rhs - lhs >  error,
//               violated  if lhs - rhs >  error,
//               undecided otherwise (|margin| <= error: the precision cannot tell);
//   kEqual:     holds     if |lhs - rhs| <= error (an identity is verified to
//                         rounding level), violated otherwise.
// A link may carry a verdict decided by its maker instead (`decided`): integer
// counts whose comparison was decided with interval endpoints (T4's rank
// corollary), and "dist_k(W_l) <= x" when k >= min(d_l, d_{l-1}), where dist_k
// is exactly 0 by structure and x a computed norm, never negative (T3, T8-T10,
// T12). The maker answers for its decision's error reasoning; Decide() still
// returns undecided when any of lhs, rhs, error is NaN or infinite.
// The decision is made in T, so MPFR margins far below double's resolution are
// decided correctly.
#ifndef NRC_THEORY_INEQUALITY_H_
#define NRC_THEORY_INEQUALITY_H_

#include <cmath>
#include <optional>
#include <string>
#include <utility>

#include "numerics/scalar.h"
#include "theory/outcome.h"

namespace nrc {

enum class Relation { kLessEqual, kEqual };

template <class T>
struct Inequality {
  std::string lhs_name, rhs_name;
  T lhs = T(0), rhs = T(0);
  T error = T(0);
  T scale = T(0);  // size of the terms that cancel while lhs, rhs are formed (see above)
  Relation relation = Relation::kLessEqual;
  std::optional<Outcome> decided;  // set only by makers that decide themselves

  static Inequality LessEqual(std::string ln, T l, std::string rn, T r, T err, T scale = T(0)) {
    Inequality q;
    q.lhs_name = std::move(ln);
    q.rhs_name = std::move(rn);
    q.lhs = std::move(l);
    q.rhs = std::move(r);
    q.error = std::move(err);
    q.scale = std::move(scale);
    return q;
  }
  static Inequality Equal(std::string ln, T l, std::string rn, T r, T err, T scale = T(0)) {
    Inequality q =
        LessEqual(std::move(ln), std::move(l), std::move(rn), std::move(r), std::move(err), std::move(scale));
    q.relation = Relation::kEqual;
    return q;
  }

  Outcome Decide() const {
    using std::abs;
    if (!IsFinite(lhs) || !IsFinite(rhs) || !IsFinite(error) || !IsFinite(scale) || error < T(0))
      return Outcome::kUndecided;
    if (decided) return *decided;
    T size = abs(lhs) > abs(rhs) ? T(abs(lhs)) : T(abs(rhs));
    if (abs(scale) > size) size = abs(scale);
    if (error > T(0) && error >= size) return Outcome::kUndecided;
    const T margin = rhs - lhs;
    if (relation == Relation::kEqual) return abs(margin) <= error ? Outcome::kHolds : Outcome::kViolated;
    if (margin > error) return Outcome::kHolds;
    if (-margin > error) return Outcome::kViolated;
    return Outcome::kUndecided;
  }
  // lhs / rhs (0 when both are 0, +inf when only rhs is).
  double Ratio() const {
    const double l = ToDouble(lhs), r = ToDouble(rhs);
    if (r == 0.0) return l == 0.0 ? 0.0 : HUGE_VAL;
    return l / r;
  }
  // "lhs <= rhs" with the names.
  std::string Describe() const { return lhs_name + (relation == Relation::kEqual ? " = " : " <= ") + rhs_name; }
};

}  // namespace nrc

#endif  // NRC_THEORY_INEQUALITY_H_
