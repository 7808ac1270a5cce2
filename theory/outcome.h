// nrc/theory/outcome.h
//
// The three possible verdicts of a computed comparison (theorems.md, "How a
// check is judged"): a statement's inequality is decided only when the computed
// margin exceeds the error estimate of the working precision; otherwise it is
// "undecided at this precision" -- never a silent pass.
#ifndef NRC_THEORY_OUTCOME_H_
#define NRC_THEORY_OUTCOME_H_

namespace nrc {

enum class Outcome { kHolds, kUndecided, kViolated };

// "holds", "undecided", "violated".
inline const char* OutcomeName(Outcome o) {
  switch (o) {
    case Outcome::kHolds: return "holds";
    case Outcome::kUndecided: return "undecided";
    case Outcome::kViolated: return "violated";
  }
  return "?";
}

// The verdict of a conjunction: violated if any part is, else undecided if any
// part is, else holds.
inline Outcome Worst(Outcome a, Outcome b) { return static_cast<int>(a) >= static_cast<int>(b) ? a : b; }

}  // namespace nrc

#endif  // NRC_THEORY_OUTCOME_H_
