#include "training/mlp_objective.h"

#include <cmath>
#include <stdexcept>

#include "nets/mlp.h"

namespace nrc {

MlpObjective::MlpObjective(const MlpSpec& spec, const Dataset& data) : spec_(spec), X_(data.X), labels_(data.labels) {
  spec_.Validate();
  if (data.dim() != spec_.widths.front() || data.num_classes != spec_.num_classes()) {
    throw std::invalid_argument("data (d = " + std::to_string(data.dim()) + ", K = " +
                                std::to_string(data.num_classes) + ") does not fit network " + spec_.Describe());
  }
}

bool MlpObjective::Evaluate(const double* x, double* value, double* gradient) {
  const int P = NumParameters();
  const MlpParameters<double> theta =
      MlpParameters<double>::Unflatten(spec_, Eigen::Map<const Vector<double>>(x, P));
  const MlpEvaluation<double> ev = nrc::Evaluate(
      spec_, theta, X_, labels_, gradient != nullptr ? EvaluationLevel::kGradient : EvaluationLevel::kObjective);
  *value = ev.objective;
  if (!std::isfinite(*value)) return false;
  if (gradient != nullptr) {
    const Vector<double> g = ev.gradient.Flatten();
    if (!g.allFinite()) return false;
    Eigen::Map<Vector<double>>(gradient, P) = g;
  }
  return true;
}

}  // namespace nrc
