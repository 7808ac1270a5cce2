// nrc/training/mlp_objective.h
//
// MlpObjective: the training objective J of an MLP (nets/mlp.h) on a data set,
// as a numerics/minimizer.h DifferentiableFunction over the flat parameter
// vector (MlpParameters::Flatten order). The minimiser's point and the values
// handed back are double; J and its gradient are evaluated in double
// (`EvaluationScalar::kDouble`, the default) or in float (`kFloat`: the point
// is rounded to float, the whole forward and backward pass runs in float, and
// the results are widened). The float objective is a different function, a
// staircase on the float grid, whose value and gradient carry relative errors
// of order sqrt(N) * eps_float ~ 1e-6..1e-5: it serves the first, coarse
// stretch of a descent (training/trainer.h's float L-BFGS phase), never a
// stationarity claim.
// Evaluate returns false when J or its gradient is not finite (the minimiser
// then shortens its step). The data is copied once (and once more rounded to
// float for kFloat); the object keeps no other state between calls.
#ifndef NRC_TRAINING_MLP_OBJECTIVE_H_
#define NRC_TRAINING_MLP_OBJECTIVE_H_

#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "numerics/minimizer.h"

namespace nrc {

enum class EvaluationScalar { kDouble, kFloat };

class MlpObjective : public DifferentiableFunction {
 public:
  // Throws std::invalid_argument if the data does not fit the network.
  MlpObjective(const MlpSpec& spec, const Dataset& data, EvaluationScalar scalar = EvaluationScalar::kDouble);
  int NumParameters() const override { return spec_.NumParameters(); }
  bool Evaluate(const double* x, double* value, double* gradient) override;

 private:
  template <class T>
  bool EvaluateIn(const Matrix<T>& X, const double* x, double* value, double* gradient) const;

  MlpSpec spec_;
  EvaluationScalar scalar_;
  Matrix<double> X_;      // kDouble
  Matrix<float> X_float_;  // kFloat
  std::vector<int> labels_;
};

}  // namespace nrc

#endif  // NRC_TRAINING_MLP_OBJECTIVE_H_
