// nrc/training/mlp_objective.h
//
// MlpObjective: the training objective J of an MLP (nets/mlp.h) on a data set,
// in double, as a numerics/minimizer.h DifferentiableFunction over the flat
// parameter vector (MlpParameters::Flatten order). Evaluate returns false when
// J or its gradient is not finite (the minimiser then shortens its step).
// The data is copied once; the object keeps no other state between calls.
#ifndef NRC_TRAINING_MLP_OBJECTIVE_H_
#define NRC_TRAINING_MLP_OBJECTIVE_H_

#include <vector>

#include "datasets/dataset.h"
#include "nets/mlp_spec.h"
#include "numerics/minimizer.h"

namespace nrc {

class MlpObjective : public DifferentiableFunction {
 public:
  // Throws std::invalid_argument if the data does not fit the network.
  MlpObjective(const MlpSpec& spec, const Dataset& data);
  int NumParameters() const override { return spec_.NumParameters(); }
  bool Evaluate(const double* x, double* value, double* gradient) override;

 private:
  MlpSpec spec_;
  Matrix<double> X_;
  std::vector<int> labels_;
};

}  // namespace nrc

#endif  // NRC_TRAINING_MLP_OBJECTIVE_H_
