// nrc/theory/statement_result.h
//
// What evaluating one statement (T1 ... T13) on one layer, in one norm, yields:
//   headline  the statement's inequality, observed <= bound (or an identity);
//   links     every intermediate inequality of its proof that is computed
//             (e.g. T3: dist_K(W_l) <= |||R_l||| <= (1/lambda)(|||G_l||| + ...));
//             the headline follows from them, and each is decided on its own;
//   terms     named quantities (the slack decomposition: which part of the
//             bound comes from the gradient, from the cluster variation, from
//             each relaxation), in the order they should be printed;
//   note      anything a reader needs (worst sample, best k, a skipped case).
// outcome() is the headline's verdict, except that any violated link makes it
// "violated": a broken intermediate step is never hidden by a loose final
// bound. An undecided link does not downgrade a decided headline (at a
// stationary point |||R_l||| <= |||G_l|||/lambda + cluster term is an equality up
// to |||G_l|||/lambda ~ 1e-75, below MPFR's error estimate, while the headline
// dist_K(W_l) <= bound is decided with a wide margin); FirstUndecidedLink()
// names it for the report.
// Every statement header lists the terms its results carry (kTerms, or one
// list per method), and theory/terms_test.cc checks each is present.
// Each statement type (theory/t1.h ... theory/t13.h) derives from this.
#ifndef NRC_THEORY_STATEMENT_RESULT_H_
#define NRC_THEORY_STATEMENT_RESULT_H_

#include <array>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "theory/inequality.h"

namespace nrc {

template <class T>
struct StatementResult {
  std::string statement;    // "T1" ... "T13"
  int layer = 0;            // 1..L (0: not layer-specific)
  std::string norm = "-";   // "spectral", "frobenius", or what is compared ("sv", "rank", "V", "TCV", ...)
  bool applicable = true;   // false: nothing to check here (see note)
  Inequality<T> headline;
  std::vector<Inequality<T>> links;
  std::vector<std::pair<std::string, T>> terms;
  std::string note;

  Outcome outcome() const {
    Outcome o = applicable ? headline.Decide() : Outcome::kHolds;
    for (const auto& q : links)
      if (q.Decide() == Outcome::kViolated) o = Outcome::kViolated;
    return o;
  }
  // The first link that is not decided "holds" (nullptr if none).
  const Inequality<T>* FirstUndecidedLink() const {
    for (const auto& q : links)
      if (q.Decide() != Outcome::kHolds) return &q;
    return nullptr;
  }
  void AddTerm(std::string name, const T& value) { terms.emplace_back(std::move(name), value); }
  // The term with this name (throws std::out_of_range if absent).
  const T& Term(const std::string& name) const {
    for (const auto& t : terms)
      if (t.first == name) return t.second;
    throw std::out_of_range("no term '" + name + "' in " + statement);
  }
};

}  // namespace nrc

#endif  // NRC_THEORY_STATEMENT_RESULT_H_
