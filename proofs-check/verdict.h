// nrc/proofs-check/verdict.h
//
// One verdict record per (statement, layer, norm): what `nrc check` prints and
// writes, and what the theorem regression tests assert on.
//   observed, bound   the headline inequality observed <= bound of the
//                     statement (theory/t*.h), rounded to double for reporting;
//   ratio             observed / bound; for identities (T1, T2, T7 with MSE)
//                     |observed - bound| / error_estimate (<= 1: holds);
//   verdict           proven / holds / undecided / violated: the headline's decision in
//                     the working precision with its error estimate
//                     (theory/error_model.h, theory/inequality.h), and
//                     "violated" if any intermediate link of the statement's
//                     proof is violated (an undecided link is named in note);
//   precision         the working precision's name ("double", "mpfr257", ...);
//   grad_norm         ||grad J(theta)||_2 at the checked parameters;
//   error_estimate    the error estimate of the headline comparison;
//   slack             named terms of the bound (gradient term, cluster term,
//                     each relaxation of a chain), in print order;
//   note              worst sample / best k / the link that was not decided.
//   enclosure         only for "proven" (proofs-check/interval_proof.h): rigorous
//                     intervals [lower, upper] (outward rounded to double) of the
//                     observed side and of the bound side computed in interval
//                     arithmetic on the exact stored network; proven means
//                     observed.upper <= bound.lower (a margin the enclosures
//                     resolve), plus the interval precision in bits.
//   decided_at        set when the verdict was undecided at the working precision
//                     and re-checked at a higher one (e.g. "mpfr1025"), which decided it.
// JSON keys: statement, layer, norm, observed, bound, ratio, verdict,
// precision, grad_norm, error_estimate, slack (an object), note, and, when
// present, "enclosure": {"observed": {"lower", "upper"}, "bound": {"lower",
// "upper"}, "bits"} and "decided_at".
#ifndef NRC_PROOFS_CHECK_VERDICT_H_
#define NRC_PROOFS_CHECK_VERDICT_H_

#include <nlohmann/json.hpp>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "theory/outcome.h"

namespace nrc {

// Rigorous enclosures of both sides of a proven inequality.
struct VerdictEnclosure {
  double observed_lower = 0, observed_upper = 0;
  double bound_lower = 0, bound_upper = 0;
  int bits = 0;  // MPFI precision of the proof
};

struct Verdict {
  std::string statement;
  int layer = 0;
  std::string norm;
  double observed = 0, bound = 0, ratio = 0;
  Outcome verdict = Outcome::kUndecided;
  std::string precision;
  double grad_norm = 0;
  double error_estimate = 0;
  std::vector<std::pair<std::string, double>> slack;
  std::string note;
  std::optional<VerdictEnclosure> enclosure;  // only when verdict is kProven
  std::string decided_at;                     // "" unless re-checked at a higher precision

  // The slack term with this name (throws std::out_of_range if absent).
  double Slack(const std::string& name) const;
  nlohmann::ordered_json ToJson() const;
  // Inverse of ToJson; throws std::invalid_argument naming a missing key.
  static Verdict FromJson(const nlohmann::json& j);
  // "" when the verdict agrees with its own numbers, else why not. "holds" and
  // "proven" need finite observed, bound and error_estimate with observed <=
  // bound + error_estimate (up to the rounding of both to double: 4 eps
  // relative), a ratio <= 1 when 0 <= observed and 0 < bound, and for "proven"
  // an enclosure with observed.upper <= bound.lower. Used to reject a stored
  // verdict (analysis.json) that was edited and resealed.
  std::string Contradiction() const;
};

// "proven" / "holds" / "undecided" / "violated" -> Outcome; throws std::invalid_argument.
Outcome ParseOutcome(const std::string& name);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_VERDICT_H_
