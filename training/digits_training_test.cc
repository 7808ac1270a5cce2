// Regression (label slow, about 80 CPU s): the digits reference problem
// (P = 3466, the dense-Cholesky Newton-CG path) reaches the double floor of
// ||grad J||_2. Its L-BFGS end point has a Hessian eigenvalue of ~4e-8
// beside ||H|| ~ 11: a Newton stage that stops on two slow steps, or an
// L-BFGS-preconditioned CG, ends at 1e-8..1e-9 there (measured; see
// docs/training.md), so this guards the stop rule and the preconditioner
// choice together.
#include <gtest/gtest.h>

#include "training/reference_problems.h"
#include "training/trainer.h"

namespace nrc {
namespace {

TEST(DigitsTraining, DoubleNewtonReachesTheRoundingFloor) {
  TrainOptions options;
  options.certificate = false;
  TrainConfig config = ReferenceProblem("digits");
  // Iteration limits only: a wall-clock stop on a loaded machine would end
  // the stages elsewhere and make the result depend on the load.
  config.lbfgs.max_seconds = config.newton.max_seconds = 1e9;
  const TrainResult r = Train(config, options);
  ASSERT_EQ(r.stages.size(), 2u);
  const StageLog& newton = r.stages[1];
  EXPECT_EQ(newton.name, "newton-cg");
  EXPECT_EQ(newton.termination, "stagnated") << newton.message;
  // The double floor here: the stage's rounding level estimate is 1.3e-13
  // and the reached ||grad J||_2 3.3e-16..3.7e-16 (x 30 margin below 1e-14);
  // a stop on slow convergence would leave 1e-8.
  EXPECT_LT(newton.grad_norm_end_value, 1e-14) << newton.message;
  EXPECT_LE(newton.dense_hessians, 4) << "the factor is rebuilt only when CG runs out of iterations";
}

}  // namespace
}  // namespace nrc
