// Regression test (label `training`): Newton without a dense Hessian. The
// gauss-k4 reference problems (P = 612) with max_dense_parameters lowered
// to 100, so `auto` takes the K-FAC path of networks beyond 6000 parameters:
// L-BFGS to ||grad J||_2 <= 1e-7, then exact-Hessian Newton-CG
// preconditioned by KroneckerFactoredInverse (rebuilt every step), to the
// double floor without a dense Hessian. And the Gauss-Newton-CG phase
// (newton.gauss_newton_until) on the same problem: it must lower J at every
// step and hand over a point from which Newton-CG still reaches the floor.
#include <gtest/gtest.h>

#include <string>

#include "training/reference_problems.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TrainResult TrainWithKronecker(const std::string& name, double gauss_newton_until = 0) {
  TrainConfig c = ReferenceProblem(name);
  c.precision = "double";
  c.newton.gauss_newton_until = gauss_newton_until;
  c.newton.max_eigen_parameters = 0;
  c.newton.max_dense_parameters = 100;
  TrainOptions o;
  o.certificate = false;
  return Train(c, o);
}

// The last stage reached the double floor with the K-FAC preconditioner.
void CheckFloor(const TrainResult& r) {
  const StageLog& last = r.stages.back();
  EXPECT_EQ(r.stages[0].name, "lbfgs");
  EXPECT_EQ(r.stages[0].termination, "converged");
  EXPECT_EQ(last.name, "newton-cg");
  EXPECT_NE(last.method.find("K-FAC"), std::string::npos);
  // The double floor of these problems is ~1e-16 (training_regression_test:
  // 1e-14 with two orders of margin).
  EXPECT_LE(last.grad_norm_end_value, 1e-14) << r.config.name << ": " << last.message;
  for (const StageLog& s : r.stages) EXPECT_EQ(s.dense_hessians, 0) << s.name;
}

TEST(KroneckerTraining, GaussK4ToTheDoubleFloorWithoutADenseHessian) {
  const TrainResult r = TrainWithKronecker("gauss-k4");
  ASSERT_EQ(r.stages.size(), 2u);
  CheckFloor(r);
}

TEST(KroneckerTraining, GaussK4CrossEntropy) {
  const TrainResult r = TrainWithKronecker("gauss-k4-ce");
  ASSERT_EQ(r.stages.size(), 2u);
  CheckFloor(r);
}

// L-BFGS ends at 1e-7 here; the Gauss-Newton phase is asked for 1e-9, which
// it does not reach in its 100 steps (measured: GN converges only linearly
// at this minimum, docs/training.md), but it lowers J (its model is
// positive semi-definite) and Newton-CG then still reaches the floor.
TEST(KroneckerTraining, GaussNewtonPhaseHandsOverToNewtonCg) {
  const TrainResult r = TrainWithKronecker("gauss-k4", 1e-9);
  ASSERT_EQ(r.stages.size(), 3u);
  EXPECT_EQ(r.stages[1].name, "newton-gn");
  EXPECT_NE(r.stages[1].method.find("Gauss-Newton"), std::string::npos);
  EXPECT_GT(r.stages[1].iterations, 0);
  EXPECT_LE(std::stod(r.stages[1].objective_end), std::stod(r.stages[0].objective_end));
  CheckFloor(r);
}

}  // namespace
}  // namespace nrc
