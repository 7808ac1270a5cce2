// nrc/theory/outcome.h
//
// The verdicts of a computed comparison (theorems.md, "How a check is
// judged"): a statement's inequality is decided only when the computed margin
// exceeds the error estimate of the working precision; otherwise it is
// "undecided at this precision" -- never a silent pass. "proven" is the
// fourth, strongest level: the inequality was decided in interval arithmetic
// on the exact stored network (proofs-check/interval_proof.h), a
// computer-assisted proof rather than an estimate. Trust: proven > holds;
// the worst-of rule: violated > undecided > holds > proven.
#ifndef NRC_THEORY_OUTCOME_H_
#define NRC_THEORY_OUTCOME_H_

namespace nrc {

enum class Outcome { kProven, kHolds, kUndecided, kViolated };

// "proven", "holds", "undecided", "violated".
inline const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kProven: return "proven";
    case Outcome::kHolds: return "holds";
    case Outcome::kUndecided: return "undecided";
    case Outcome::kViolated: return "violated";
  }
  return "?";
}

// The verdict of a conjunction: violated if any part is, else undecided if any
// part is, else holds if any part is, else proven.
inline Outcome Worst(Outcome a, Outcome b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }
// holds or proven: the inequality is true (as far as the precision tells, or proven).
inline bool IsTrue(Outcome o) { return o == Outcome::kProven || o == Outcome::kHolds; }

}  // namespace nrc

#endif  // NRC_THEORY_OUTCOME_H_
