#include "proofs-check/verdict.h"

#include <algorithm>
#include <cmath>
#include <limits>
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
  for (Outcome o : {Outcome::kProven, Outcome::kHolds, Outcome::kUndecided, Outcome::kViolated})
    if (name == OutcomeName(o)) return o;
  throw std::invalid_argument("unknown verdict '" + name + "' (expected proven, holds, undecided or violated)");
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
  if (enclosure) {
    const auto& e = *enclosure;
    nlohmann::ordered_json o, b, en;
    o["lower"] = Number(e.observed_lower);
    o["upper"] = Number(e.observed_upper);
    b["lower"] = Number(e.bound_lower);
    b["upper"] = Number(e.bound_upper);
    en["observed"] = o;
    en["bound"] = b;
    en["bits"] = e.bits;
    j["enclosure"] = en;
  }
  if (!decided_at.empty()) j["decided_at"] = decided_at;
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
  if (j.contains("enclosure")) {
    const auto& en = j["enclosure"];
    VerdictEnclosure e;
    e.observed_lower = ReadNumber(en.at("observed").at("lower"));
    e.observed_upper = ReadNumber(en.at("observed").at("upper"));
    e.bound_lower = ReadNumber(en.at("bound").at("lower"));
    e.bound_upper = ReadNumber(en.at("bound").at("upper"));
    e.bits = en.at("bits").get<int>();
    v.enclosure = e;
  }
  if (j.contains("decided_at")) v.decided_at = j["decided_at"].get<std::string>();
  return v;
}

std::string Verdict::Contradiction() const {
  if (verdict != Outcome::kHolds && verdict != Outcome::kProven) return "";
  const std::string what = statement + " layer " + std::to_string(layer) + " " + norm + " says " + OutcomeName(verdict);
  if (!std::isfinite(observed) || !std::isfinite(bound) || !std::isfinite(error_estimate) || error_estimate < 0) {
    return what + " next to a non-finite observed, bound or error estimate";
  }
  const double eps = std::numeric_limits<double>::epsilon();
  const double rounding = 4 * eps * std::max(std::fabs(observed), std::fabs(bound));
  if (observed > bound + error_estimate + rounding) return what + " but observed > bound + error estimate";
  if (observed >= 0 && bound > 0 && !(ratio <= 1 + 4 * eps)) return what + " with ratio " + std::to_string(ratio) + " > 1";
  if (verdict == Outcome::kProven) {
    if (!enclosure) return what + " without an enclosure";
    if (!(enclosure->observed_upper <= enclosure->bound_lower)) return what + " but its enclosures overlap";
  }
  return "";
}

}  // namespace nrc
