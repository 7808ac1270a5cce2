#include "training/mlp_objective.h"

#include <cmath>
#include <stdexcept>

#include "nets/mlp.h"

namespace nrc {

MlpObjective::MlpObjective(const MlpSpec& spec, const Dataset& data, EvaluationScalar scalar)
    : spec_(spec), scalar_(scalar), labels_(data.labels) {
  spec_.Validate();
  if (data.dim() != spec_.widths.front() || data.num_classes != spec_.num_classes()) {
    throw std::invalid_argument("data (d = " + std::to_string(data.dim()) + ", K = " +
                                std::to_string(data.num_classes) + ") does not fit network " + spec_.Describe());
  }
  if (scalar_ == EvaluationScalar::kFloat) {
    X_float_ = data.X.cast<float>();
  } else {
    X_ = data.X;
  }
}

template <class T>
bool MlpObjective::EvaluateIn(const Matrix<T>& X, const double* x, double* value, double* gradient) const {
  const int P = spec_.NumParameters();
  const Vector<T> flat = Eigen::Map<const Vector<double>>(x, P).cast<T>();
  const MlpParameters<T> theta = MlpParameters<T>::Unflatten(spec_, flat);
  const MlpEvaluation<T> ev = nrc::Evaluate(
      spec_, theta, X, labels_, gradient != nullptr ? EvaluationLevel::kGradient : EvaluationLevel::kObjective);
  *value = static_cast<double>(ev.objective);
  if (!std::isfinite(*value)) return false;
  if (gradient != nullptr) {
    const Vector<double> g = ev.gradient.Flatten().template cast<double>();
    if (!g.allFinite()) return false;
    Eigen::Map<Vector<double>>(gradient, P) = g;
  }
  return true;
}

bool MlpObjective::Evaluate(const double* x, double* value, double* gradient) {
  return scalar_ == EvaluationScalar::kFloat ? EvaluateIn(X_float_, x, value, gradient)
                                             : EvaluateIn(X_, x, value, gradient);
}

}  // namespace nrc
