// Explicit instantiation of every nets/ template for the scalar NRC_T, which
// the including translation unit defines (nets/detail/instantiate_*.cc: one
// TU per scalar keeps compile times and memory in bounds).
#ifndef NRC_T
#error "define NRC_T before including nets/detail/instantiate_all.h"
#endif
#include "nets/detail/activation_impl.h"
#include "nets/detail/loss_impl.h"
#include "nets/detail/mlp_impl.h"
#include "nets/detail/mlp_parameters_impl.h"

namespace nrc {
template NRC_T Activation::Lipschitz<NRC_T>() const;
template Matrix<NRC_T> Activation::Apply<NRC_T>(const Matrix<NRC_T>&) const;
template Matrix<NRC_T> Activation::Derivative<NRC_T>(const Matrix<NRC_T>&, const Matrix<NRC_T>&) const;
template Matrix<NRC_T> Activation::SecondDerivative<NRC_T>(const Matrix<NRC_T>&, const Matrix<NRC_T>&,
                                                           const Matrix<NRC_T>&) const;
template LossEvaluation<NRC_T> Loss::Evaluate<NRC_T>(const Matrix<NRC_T>&, const std::vector<int>&) const;
template Matrix<NRC_T> Loss::DeltaTangent<NRC_T>(const Matrix<NRC_T>&, const Matrix<NRC_T>&) const;
template struct MlpParameters<NRC_T>;
template MlpEvaluation<NRC_T> Evaluate<NRC_T>(const MlpSpec&, const MlpParameters<NRC_T>&, const Matrix<NRC_T>&,
                                              const std::vector<int>&, EvaluationLevel);
template MlpParameters<NRC_T> HessianVectorProduct<NRC_T>(const MlpSpec&, const MlpParameters<NRC_T>&,
                                                          const Matrix<NRC_T>&, const std::vector<int>&,
                                                          const MlpEvaluation<NRC_T>&, const MlpParameters<NRC_T>&);
template Matrix<NRC_T> DenseHessian<NRC_T>(const MlpSpec&, const MlpParameters<NRC_T>&, const Matrix<NRC_T>&,
                                           const std::vector<int>&);
}  // namespace nrc
