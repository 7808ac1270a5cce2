// nrc/theory/labeled_result.h
//
// LabeledResult<R>(statement, layer, norm): a new result record R -- a
// statement's result (theory/statement_result.h) or its interval enclosure
// (proofs-check) -- that names what it is about (its fields statement, layer
// and norm; see StatementResult) with every other field default.
#ifndef NRC_THEORY_LABELED_RESULT_H_
#define NRC_THEORY_LABELED_RESULT_H_

#include <string>
#include <utility>

namespace nrc {

template <class R>
R LabeledResult(const char* statement, int layer, std::string norm) {
  R r;
  r.statement = statement;
  r.layer = layer;
  r.norm = std::move(norm);
  return r;
}

}  // namespace nrc

#endif  // NRC_THEORY_LABELED_RESULT_H_
