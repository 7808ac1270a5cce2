// Regression test (label `training`): Newton without a dense Hessian. The
// gauss-k4 reference problems (P = 612) with max_dense_parameters lowered
// to 100, so `auto` takes the K-FAC path of networks beyond 6000 parameters:
// L-BFGS stopped early at ||grad J||_2 <= 1e-3 (so the Gauss-Newton phase
// has a non-convex stretch to cross), Gauss-Newton-CG with Levenberg-
// Marquardt damping to 1e-6, then exact-Hessian Newton-CG, both
// preconditioned by KroneckerFactoredInverse, to the double floor.
#include <gtest/gtest.h>

#include "training/reference_problems.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TrainResult TrainWithKronecker(const std::string& name) {
  TrainConfig c = ReferenceProblem(name);
  c.precision = "double";
  c.lbfgs.gradient_tolerance = 1e-3;
  c.newton.max_eigen_parameters = 0;
  c.newton.max_dense_parameters = 100;
  TrainOptions o;
  o.certificate = false;
  return Train(c, o);
}

void CheckStages(const TrainResult& r) {
  ASSERT_EQ(r.stages.size(), 3u) << r.config.name;
  EXPECT_EQ(r.stages[0].name, "lbfgs");
  EXPECT_EQ(r.stages[1].name, "newton-gn");
  EXPECT_EQ(r.stages[1].termination, "converged");  // reached gauss_newton_until = 1e-6
  EXPECT_NE(r.stages[1].method.find("K-FAC"), std::string::npos);
  EXPECT_EQ(r.stages[2].name, "newton-cg");
  EXPECT_NE(r.stages[2].method.find("K-FAC"), std::string::npos);
  // The double floor of these problems is ~1e-16 (training_regression_test:
  // 1e-14 with two orders of margin); the L-BFGS-preconditioned path stops
  // orders above it on ill-conditioned minima (docs/training.md).
  EXPECT_LE(r.stages[2].grad_norm_end_value, 1e-14) << r.config.name << ": " << r.stages[2].message;
  EXPECT_EQ(r.stages[0].termination, "converged");
  EXPECT_EQ(r.stages[1].dense_hessians + r.stages[2].dense_hessians, 0);
}

TEST(KroneckerTraining, GaussK4ToTheDoubleFloorWithoutADenseHessian) { CheckStages(TrainWithKronecker("gauss-k4")); }
TEST(KroneckerTraining, GaussK4CrossEntropy) { CheckStages(TrainWithKronecker("gauss-k4-ce")); }

}  // namespace
}  // namespace nrc
