// nrc/theory/inequality.h
//
// One computed link "lhs <= rhs" (or the identity "lhs = rhs") of a statement,
// with the error estimate of the comparison (theory/error_model.h) and its
// verdict:
//   kLessEqual: holds     if rhs - lhs >  error,
//               violated  if lhs - rhs >  error,
//               undecided otherwise (|margin| <= error: the precision cannot tell);
//   kEqual:     holds     if |lhs - rhs| <= error (an identity is verified to
//                         rounding level), violated otherwise.
// A link may carry a verdict decided by its maker instead: integer counts whose
// comparison was decided with interval endpoints (T4's rank corollary), and
// "dist_k(W_l) <= x" when k >= min(d_l, d_{l-1}), where dist_k is exactly 0 by
// structure and x a computed norm, never negative (T3, T8-T10, T12).
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
  Relation relation = Relation::kLessEqual;
  std::optional<Outcome> decided;  // set only by makers that decide themselves

  static Inequality LessEqual(std::string ln, T l, std::string rn, T r, T err) {
    Inequality q;
    q.lhs_name = std::move(ln);
    q.rhs_name = std::move(rn);
    q.lhs = std::move(l);
    q.rhs = std::move(r);
    q.error = std::move(err);
    return q;
  }
  static Inequality Equal(std::string ln, T l, std::string rn, T r, T err) {
    Inequality q = LessEqual(std::move(ln), std::move(l), std::move(rn), std::move(r), std::move(err));
    q.relation = Relation::kEqual;
    return q;
  }

  Outcome Decide() const {
    if (decided) return *decided;
    using std::abs;
    if (!IsFinite(lhs) || !IsFinite(rhs) || !IsFinite(error)) return Outcome::kUndecided;
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
