// nrc/proofs-check/verdict.h
//
// One verdict record per (statement, layer, norm): what `nrc check` prints and
// writes, and what the theorem regression tests assert on.
//   observed, bound   the headline inequality observed <= bound of the
//                     statement (theory/t*.h), rounded to double for reporting;
//   ratio             observed / bound; for identities (T1, T2, T7 with MSE)
//                     |observed - bound| / error_estimate (<= 1: holds);
//   verdict           holds / undecided / violated: the headline's decision in
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
// JSON keys: statement, layer, norm, observed, bound, ratio, verdict,
// precision, grad_norm, error_estimate, slack (an object), note.
#ifndef NRC_PROOFS_CHECK_VERDICT_H_
#define NRC_PROOFS_CHECK_VERDICT_H_

#include <nlohmann/json.hpp>

#include <string>
#include <utility>
#include <vector>

#include "theory/outcome.h"

namespace nrc {

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

  // The slack term with this name (throws std::out_of_range if absent).
  double Slack(const std::string& name) const;
  nlohmann::ordered_json ToJson() const;
  // Inverse of ToJson; throws std::invalid_argument naming a missing key.
  static Verdict FromJson(const nlohmann::json& j);
};

// "holds" / "undecided" / "violated" -> Outcome; throws std::invalid_argument.
Outcome ParseOutcome(const std::string& name);

}  // namespace nrc

#endif  // NRC_PROOFS_CHECK_VERDICT_H_
