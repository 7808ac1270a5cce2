#include "proofs-check/verdict.h"

#include <cmath>
#include <stdexcept>

namespace nrc {
namespace {

// JSON has no infinity or NaN: write them as strings.
nlohmann::ordered_json Number(double x) {
  if (std::isfinite(x)) return x;
  return std::isnan(x) ? "nan" : (x > 0 ? "inf" : "-inf");
}
double ReadNumber(const nlohmann::json& j) {
  if (j.is_number()) return j.get<double>();
  const std::string s = j.get<std::string>();
  if (s == "inf") return HUGE_VAL;
  if (s == "-inf") return -HUGE_VAL;
  return std::nan("");
}

}  // namespace

Outcome ParseOutcome(const std::string& name) {
  for (Outcome o : {Outcome::kHolds, Outcome::kUndecided, Outcome::kViolated})
    if (name == OutcomeName(o)) return o;
  throw std::invalid_argument("unknown verdict '" + name + "' (expected holds, undecided or violated)");
}

double Verdict::Slack(const std::string& name) const {
  for (const auto& s : slack)
    if (s.first == name) return s.second;
  throw std::out_of_range("verdict " + statement + " layer " + std::to_string(layer) + " has no slack term '" +
                          name + "'");
}

nlohmann::ordered_json Verdict::ToJson() const {
  nlohmann::ordered_json j;
  j["statement"] = statement;
  j["layer"] = layer;
  j["norm"] = norm;
  j["observed"] = Number(observed);
  j["bound"] = Number(bound);
  j["ratio"] = Number(ratio);
  j["verdict"] = OutcomeName(verdict);
  j["precision"] = precision;
  j["grad_norm"] = Number(grad_norm);
  j["error_estimate"] = Number(error_estimate);
  nlohmann::ordered_json s = nlohmann::ordered_json::object();
  for (const auto& t : slack) s[t.first] = Number(t.second);
  j["slack"] = s;
  j["note"] = note;
  return j;
}

Verdict Verdict::FromJson(const nlohmann::json& j) {
  for (const char* key : {"statement", "layer", "norm", "observed", "bound", "ratio", "verdict", "precision",
                          "grad_norm", "error_estimate", "slack"}) {
    if (!j.contains(key)) throw std::invalid_argument(std::string("verdict record without key '") + key + "'");
  }
  Verdict v;
  v.statement = j["statement"].get<std::string>();
  v.layer = j["layer"].get<int>();
  v.norm = j["norm"].get<std::string>();
  v.observed = ReadNumber(j["observed"]);
  v.bound = ReadNumber(j["bound"]);
  v.ratio = ReadNumber(j["ratio"]);
  v.verdict = ParseOutcome(j["verdict"].get<std::string>());
  v.precision = j["precision"].get<std::string>();
  v.grad_norm = ReadNumber(j["grad_norm"]);
  v.error_estimate = ReadNumber(j["error_estimate"]);
  for (auto it = j["slack"].begin(); it != j["slack"].end(); ++it) v.slack.emplace_back(it.key(), ReadNumber(it.value()));
  if (j.contains("note")) v.note = j["note"].get<std::string>();
  return v;
}

}  // namespace nrc
