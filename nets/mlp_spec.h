// nrc/nets/mlp_spec.h
//
// The architecture and regularisation of a feed-forward network (spec,
// "Setting"): z_0 = x; a_l = W_l z_{l-1} + b_l; z_l = s(a_l) for l < L; f = a_L;
// W_l is d_l x d_{l-1}, d_L = K. Objective
//   J = (1/N) sum_i loss_i + (lambda/2) sum_l ||W_l||_F^2 + (lambda_b/2) sum_l ||b_l||^2.
// lambda and lambda_b are stored as doubles; every precision uses exactly these
// binary values (lambda = 1e-3 means the double nearest to 1/1000).
#ifndef NRC_NETS_MLP_SPEC_H_
#define NRC_NETS_MLP_SPEC_H_

#include <string>
#include <vector>

#include "nets/activation.h"
#include "nets/loss.h"

namespace nrc {

struct MlpSpec {
  std::vector<int> widths;  // d_0, d_1, ..., d_L
  Activation activation;
  Loss loss;
  std::vector<bool> bias;   // bias[l - 1]: layer l has a bias b_l
  double lambda = 1e-3;     // weight decay on W_l, > 0
  double lambda_b = 0.0;    // weight decay on b_l: 0 or lambda

  // L, the number of weight matrices.
  int depth() const { return static_cast<int>(widths.size()) - 1; }
  int num_classes() const { return widths.back(); }
  bool has_bias(int l) const { return bias[l - 1]; }
  bool any_bias() const;
  // Total number of scalar parameters (weights and biases).
  int NumParameters() const;
  // Throws std::invalid_argument with a one-line message naming the first
  // problem: fewer than 2 widths, a width < 1, bias list of the wrong length,
  // lambda not finite and > 0, lambda_b not 0 or lambda.
  void Validate() const;
  // e.g. "16-16-16-4 tanh mse bias(1,1,1) lambda=0.001 lambda_b=0"
  std::string Describe() const;

  // An MLP with the same bias setting on every layer.
  static MlpSpec Uniform(std::vector<int> widths, Activation activation, Loss loss, bool biases,
                         double lambda, double lambda_b);
};

}  // namespace nrc

#endif  // NRC_NETS_MLP_SPEC_H_
