// nrc/training/reference_problems.h
//
// The fixed reference problems of the suite (issue 3, "Done when"), by name.
// Every one has a fixed data seed and initialisation seed, so `nrc train NAME`
// always trains the same network; the tables of docs/figures.md come from them.
//
//   gauss-k4         gauss:K=4,d=16,n=50,std=0.1,seed=1 (N = 200), 16-16-16-4
//                    tanh, MSE, free biases (lambda_b = 0), lambda = 1e-3,
//                    init seed 1, precision mpfr:256
//   gauss-k4-ce      the same with cross-entropy
//   gauss-k4-nobias  the same without biases (the theorem tests need it: T10's
//                    negative control)
//   iris             iris (N = 150) standardised, 4-16-16-3 tanh, MSE, free
//                    biases, lambda = 1e-3, init seed 1, precision mpfr:256
//   digits           digits (N = 1797) standardised, 64-32-32-10 tanh, MSE,
//                    free biases, lambda = 1e-3, init seed 1, precision double
//                    (3466 parameters: Newton-CG preconditioned by L-BFGS
//                    from its CG pairs, no dense Hessian; L-BFGS rank 40)
//
// ReferenceProblem throws std::invalid_argument("unknown reference problem
// 'x' (expected ...)") for any other name.
#ifndef NRC_TRAINING_REFERENCE_PROBLEMS_H_
#define NRC_TRAINING_REFERENCE_PROBLEMS_H_

#include <string>
#include <vector>

#include "training/train_config.h"

namespace nrc {

std::vector<std::string> ReferenceProblemNames();
bool IsReferenceProblem(const std::string& name);
TrainConfig ReferenceProblem(const std::string& name);

}  // namespace nrc

#endif  // NRC_TRAINING_REFERENCE_PROBLEMS_H_
