// Unit tests for training/newton_stage.h: the saddle-free double stage and the
// mixed-precision polish reach the rounding floor of their precision on a
// small network, leave a saddle, and reject bad input.
#include "training/newton_stage.h"

#include <gtest/gtest.h>

#include <Eigen/Eigenvalues>

#include <cmath>
#include <iostream>
#include <string>
#include <vector>

#include "datasets/data_source.h"
#include "nets/mlp.h"
#include "numerics/lbfgs_minimizer.h"
#include "numerics/norms.h"
#include "numerics/precision.h"
#include "training/mlp_objective.h"
#include "training/detail/newton_stage_impl.h"  // detail::ApproxGradientRoundingLevel
#include "training/parameter_strings.h"

namespace nrc {
namespace {

struct Problem {
  MlpSpec spec;
  Dataset data;
  MlpParameters<double> theta;  // after L-BFGS to ||g|| <= 1e-6
};

Problem MakeProblem(bool bias = true, Loss loss = Loss(LossKind::kMse)) {
  Problem p;
  p.data = LoadDataSource("gauss:K=3,d=5,n=8,std=0.2,seed=4");
  p.spec = MlpSpec::Uniform({5, 6, 6, 3}, Activation(ActivationKind::kTanh), loss, bias, 1e-2, 0.0);
  p.theta = MlpParameters<double>::RandomInit(p.spec, 3);
  MlpObjective f(p.spec, p.data);
  Vector<double> x = p.theta.Flatten();
  MinimizerOptions o;
  o.gradient_tolerance = 1e-6;
  LbfgsMinimizer().Minimize(f, &x, o);
  p.theta = MlpParameters<double>::Unflatten(p.spec, x);
  return p;
}

// ||grad J||_2 with the stage's own norm (numerics/norms.h), so that the
// log's value can be compared bit for bit.
template <class T>
T GradNorm(const Problem& p, const MlpParameters<T>& theta) {
  return FrobeniusNorm(Vector<T>(Evaluate(p.spec, theta, p.data.Features<T>(), p.data.labels).gradient.Flatten()));
}

NewtonStageOptions DenseDouble() {
  NewtonStageOptions o;
  o.dense = DensePreconditioner::kEigen;
  o.rebuild_every_step = true;
  o.max_cg_iterations = 0;
  o.damping_factor = 1;
  return o;
}

// The double floor of ||g||_2 here is ~ eps * (sum of |terms| ~ 1) * sqrt(P):
// 1e-13 leaves a margin of ~100.
TEST(NewtonStage, DenseSaddleFreeNewtonReachesTheDoubleFloor) {
  Problem p = MakeProblem();
  MlpParameters<double> theta = p.theta;
  const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, DenseDouble());
  EXPECT_LT(GradNorm(p, theta), 1e-13) << log.termination << " " << log.message;
  EXPECT_EQ(log.grad_norm_end_value, GradNorm(p, theta));  // the log states the returned point
  EXPECT_GE(log.dense_hessians, 1);
  EXPECT_TRUE(log.termination == "stagnated" || log.termination == "line_search_failed") << log.termination;
  EXPECT_EQ(log.history.size(), static_cast<size_t>(log.iterations) + 1);
}

// The shifted Cholesky preconditioner from the dense Hessian in double and
// in float (what the trainer uses): CG solves with exact double products
// either way, so both reach the double floor; the log names the Hessian.
TEST(NewtonStage, CholeskyNewtonCgReachesTheDoubleFloor) {
  for (const bool float_hessian : {false, true}) {
    Problem p = MakeProblem(true, Loss(LossKind::kCrossEntropy));
    MlpParameters<double> theta = p.theta;
    NewtonStageOptions o;
    o.dense = DensePreconditioner::kCholesky;
    o.rebuild_when_cg_stalls = true;
    o.float_hessian = float_hessian;
    o.max_cg_iterations = 50;
    const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
    EXPECT_LT(GradNorm(p, theta), 1e-13) << "float_hessian " << float_hessian << ": " << log.termination << " "
                                         << log.message;
    EXPECT_GT(log.hessian_vector_products, 0);
    EXPECT_GE(log.dense_hessians, 1);
    EXPECT_NE(log.method.find(float_hessian ? "dense float Hessian" : "dense double Hessian"), std::string::npos)
        << log.method;
  }
}

// Mixed precision: gradients and Hessian-vector products in T, the
// preconditioner from the double Hessian. Floors: float128 eps ~ 2e-34,
// MPFR 200 bits eps ~ 6e-61; thresholds 1e3 above.
TEST(NewtonStage, MixedPrecisionPolishReachesTheFloorOfItsPrecision) {
  Problem p = MakeProblem(false);
  MlpParameters<double> theta = p.theta;
  RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, DenseDouble());
  const SaddleFreeInverse M(DenseHessian<double>(p.spec, theta, p.data.X, p.data.labels));
  NewtonStageOptions o;
  o.name = "polish";
  {
    MlpParameters<Float128> t = theta.Cast<Float128>();
    const StageLog log = RunNewtonStage<Float128>(p.spec, p.data, &t, &M, o);
    EXPECT_LT(GradNorm(p, t), Float128(1e-31)) << log.message;
    EXPECT_EQ(log.precision, "float128");
    EXPECT_LE(log.iterations, 10);
  }
  {
    ScopedMpfrPrecision guard(200);
    MlpParameters<Mpfr> t = ParseParameters<Mpfr>(p.spec, FormatParameters(theta));
    const StageLog log = RunNewtonStage<Mpfr>(p.spec, p.data, &t, &M, o);
    EXPECT_LT(GradNorm(p, t), Mpfr(1e-57)) << log.message;
    EXPECT_LE(log.iterations, 12);
    EXPECT_GT(log.hessian_vector_products, 0);
  }
}

// Matrix-free Newton-CG (no P x P matrix anywhere): without preconditioner
// and with the L-BFGS preconditioner built from the CG pairs, from the
// random initialisation (far from stationarity: CG meets negative curvature
// and the stage must still descend) to the double floor.
TEST(NewtonStage, MatrixFreeNewtonCgFromARandomStartReachesTheDoubleFloor) {
  Problem p = MakeProblem();
  std::vector<std::string> histories;  // per run: the ||g|| history
  for (const auto step : {NegativeCurvatureStep::kIterate, NegativeCurvatureStep::kIterateAndDirection})
  for (const bool limited_memory : {false, true}) {
    MlpParameters<double> theta = MlpParameters<double>::RandomInit(p.spec, 3);
    const double J0 = Evaluate(p.spec, theta, p.data.X, p.data.labels).objective;
    LimitedMemoryPreconditioner lm(p.spec.NumParameters(), 20);
    NewtonStageOptions o;
    o.max_iterations = 300;
    o.max_cg_iterations = 100;
    if (limited_memory) o.limited_memory = &lm;
    o.negative_curvature_step = step;
    const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
    SCOPED_TRACE(log.message);
    SCOPED_TRACE(step == NegativeCurvatureStep::kIterate ? "iterate" : "iterate and direction");
    std::string history;
    for (const auto& h : log.history) history += h + " ";
    histories.push_back(history);
    EXPECT_LT(GradNorm(p, theta), 1e-13) << "limited_memory " << limited_memory << ": " << log.termination;
    EXPECT_LT(Evaluate(p.spec, theta, p.data.X, p.data.labels).objective, J0);
    EXPECT_EQ(log.dense_hessians, 0);
    EXPECT_NE(log.message.find("negative curvature in "), std::string::npos) << log.message;
    EXPECT_EQ(log.message.find("negative curvature in 0"), std::string::npos);  // it was met and handled
    std::cout << (limited_memory ? "L-BFGS preconditioner: " : "no preconditioner: ") << log.iterations
              << " Newton steps, " << log.hessian_vector_products << " Hessian-vector products; " << log.message
              << "\n";
    if (limited_memory) {
      EXPECT_GT(lm.num_pairs(), 0);
      EXPECT_NE(log.method.find("L-BFGS from the CG pairs"), std::string::npos) << log.method;
    }
  }
  // Control: the direction mode changes the steps (it is not a no-op).
  ASSERT_EQ(histories.size(), 4u);
  EXPECT_NE(histories[0], histories[2]) << "no preconditioner: the same path in both modes";
  EXPECT_NE(histories[1], histories[3]) << "L-BFGS preconditioner: the same path in both modes";
}

// NewtonTarget::kStationaryPoint converges to the stationary point next to
// its start whatever its index. theta = 0 of a network without biases is a
// stationary point (every gradient term has a factor W_{l+1} or a_{l-1} =
// tanh(0) = 0); with one hidden layer and a small lambda it is a saddle of J
// (the mixed block d^2 J / dW_2 dW_1 = -Y X^T / N-like outweighs lambda I).
// From 1e-3 x a random point: MINRES-Newton on grad J = 0 ends at the double
// floor next to theta = 0, at J(0) within 1e-6, with a negative Hessian
// eigenvalue there; the control (kMinimum, the same start) leaves the saddle
// and ends far lower.
TEST(NewtonStage, StationaryTargetConvergesToANearbySaddle) {
  Problem p;
  p.data = LoadDataSource("gauss:K=3,d=5,n=8,std=0.2,seed=4");
  p.spec = MlpSpec::Uniform({5, 6, 3}, Activation(ActivationKind::kTanh), Loss(LossKind::kMse), false, 1e-3, 0.0);
  const MlpParameters<double> zero = MlpParameters<double>::Zeros(p.spec);
  const double J0 = Evaluate(p.spec, zero, p.data.X, p.data.labels).objective;
  {
    const Matrix<double> H0 = DenseHessian<double>(p.spec, zero, p.data.X, p.data.labels);
    Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(H0, Eigen::EigenvaluesOnly);
    ASSERT_LT(eig.eigenvalues()(0), -1e-3) << "theta = 0 is not a saddle of this problem";
  }
  Vector<double> start = MlpParameters<double>::RandomInit(p.spec, 5).Flatten();
  start *= 1e-3;
  double J_end[2] = {0, 0};
  for (const auto target : {NewtonTarget::kStationaryPoint, NewtonTarget::kMinimum}) {
    MlpParameters<double> theta = MlpParameters<double>::Unflatten(p.spec, start);
    NewtonStageOptions o;
    o.max_iterations = 200;
    o.max_cg_iterations = 200;
    o.cg_tolerance = 1e-10;
    o.target = target;
    const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
    const bool stationary = target == NewtonTarget::kStationaryPoint;
    SCOPED_TRACE(std::string(stationary ? "stationary: " : "minimum: ") + log.termination + ", " + log.message);
    J_end[stationary ? 0 : 1] = Evaluate(p.spec, theta, p.data.X, p.data.labels).objective;
    if (stationary) {
      EXPECT_LT(GradNorm(p, theta), 1e-13);
      EXPECT_NEAR(J_end[0], J0, 1e-6 * J0) << "ended at another stationary point";
      const Matrix<double> H = DenseHessian<double>(p.spec, theta, p.data.X, p.data.labels);
      Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(H, Eigen::EigenvaluesOnly);
      EXPECT_LT(eig.eigenvalues()(0), -1e-6) << "not a saddle";
    }
  }
  EXPECT_LT(J_end[1], J_end[0] - 1e-3 * J0) << "the control (kMinimum) did not leave the saddle";
}

// The matrix-free ladder: the limited-memory preconditioner of the double
// stage carries over to a float128 polish (pairs stored scaled, so the tiny
// steps of the polish lose nothing in double), which reaches float128's floor.
TEST(NewtonStage, LimitedMemoryPolishReachesTheFloat128Floor) {
  Problem p = MakeProblem(false);
  MlpParameters<double> theta = p.theta;
  LimitedMemoryPreconditioner lm(p.spec.NumParameters(), 20);
  NewtonStageOptions o;
  o.max_cg_iterations = 100;
  o.limited_memory = &lm;
  RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
  o.name = "polish";
  MlpParameters<Float128> t = theta.Cast<Float128>();
  const StageLog log = RunNewtonStage<Float128>(p.spec, p.data, &t, nullptr, o);
  EXPECT_LT(GradNorm(p, t), Float128(1e-31)) << log.message;
  EXPECT_LE(log.iterations, 10);
}

// The stop rule's rounding level of ||grad J||_2 is an estimate (no error
// control), but it must exceed the actual rounding error of the double
// gradient (measured against MPFR at 200 bits from the same parameters) and
// stay far below the gradient it gates (else every slow step would look like
// the floor).
TEST(NewtonStage, GradientRoundingLevelExceedsTheDoubleGradientError) {
  Problem p = MakeProblem(true, Loss(LossKind::kCrossEntropy));
  ScopedMpfrPrecision guard(200);
  for (const MlpParameters<double>& theta : {p.theta, MlpParameters<double>::RandomInit(p.spec, 11)}) {
    const MlpEvaluation<double> ev = Evaluate(p.spec, theta, p.data.X, p.data.labels);
    const double level = detail::ApproxGradientRoundingLevel(p.spec, theta, ev);
    const Vector<Mpfr> exact =
        Evaluate(p.spec, theta.Cast<Mpfr>(), p.data.Features<Mpfr>(), p.data.labels).gradient.Flatten();
    const Vector<double> g = ev.gradient.Flatten();
    double error2 = 0;
    for (Eigen::Index i = 0; i < g.size(); ++i) error2 += std::pow(ToDouble(Mpfr(Mpfr(g[i]) - exact[i])), 2);
    EXPECT_GT(level, std::sqrt(error2)) << "||grad J|| " << g.norm();
    EXPECT_LT(level, 1e-3 * g.norm()) << "a level this close to ||grad J|| would hide slow convergence";
  }
}

// Slow convergence well above the rounding level is "stalled", never the
// floor: Cauchy steps (one CG step, identity preconditioner) from a point
// 1e-9 away from the minimum, where J cannot tell steps apart (the end game)
// and ||grad J|| ~ 1e-9 >> its rounding level ~ 1e-15.
TEST(NewtonStage, SlowConvergenceAboveTheRoundingLevelIsNotTheFloor) {
  Problem p = MakeProblem();
  MlpParameters<double> theta = p.theta;
  RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, DenseDouble());
  Vector<double> x = theta.Flatten();
  for (Eigen::Index i = 0; i < x.size(); ++i) x[i] += 1e-9 * std::sin(1.0 + i);
  theta = MlpParameters<double>::Unflatten(p.spec, x);
  const SaddleFreeInverse identity(Matrix<double>::Identity(x.size(), x.size()));
  NewtonStageOptions o;
  o.max_cg_iterations = 1;
  o.stagnation_limit = 1;
  o.stall_limit = 4;
  const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, &identity, o);
  EXPECT_EQ(log.termination, "stalled") << log.message;
  EXPECT_NE(log.message.find("above 16 x its rounding level"), std::string::npos) << log.message;
  EXPECT_GT(log.grad_norm_end_value, 1e-12) << log.message;
}

TEST(NewtonStage, GradientToleranceAndLimits) {
  Problem p = MakeProblem();
  MlpParameters<double> theta = p.theta;
  NewtonStageOptions o = DenseDouble();
  o.gradient_tolerance = 1e-3;  // already met
  EXPECT_EQ(RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o).termination, "converged");
  o.gradient_tolerance = 0;
  o.max_iterations = 1;
  const StageLog log = RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o);
  EXPECT_EQ(log.termination, "max_iterations");
  EXPECT_EQ(log.iterations, 1);
}

TEST(NewtonStage, RejectsBadInput) {
  Problem p = MakeProblem();
  MlpParameters<double> theta = p.theta;
  NewtonStageOptions o;
  o.max_cg_iterations = -1;
  EXPECT_THROW(RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o), std::invalid_argument);
  const SaddleFreeInverse wrong(Matrix<double>::Identity(3, 3));
  LimitedMemoryPreconditioner wrong_lm(3, 5);
  o = NewtonStageOptions{};
  o.limited_memory = &wrong_lm;
  EXPECT_THROW(RunNewtonStage<double>(p.spec, p.data, &theta, nullptr, o), std::invalid_argument);
  EXPECT_THROW(RunNewtonStage<double>(p.spec, p.data, &theta, &wrong, NewtonStageOptions{}), std::invalid_argument);
  EXPECT_THROW(RunNewtonStage<double>(p.spec, p.data, nullptr, nullptr, NewtonStageOptions{}), std::invalid_argument);
}

}  // namespace
}  // namespace nrc
