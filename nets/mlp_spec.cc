#include "nets/mlp_spec.h"

#include <cmath>
#include <sstream>
#include <stdexcept>

#include "nets/mlp_limits.h"

namespace nrc {

bool MlpSpec::any_bias() const {
  for (bool b : bias) {
    if (b) return true;
  }
  return false;
}

int MlpSpec::NumParameters() const {
  int count = 0;
  for (int l = 1; l <= depth(); ++l) count += widths[l] * widths[l - 1] + (has_bias(l) ? widths[l] : 0);
  return count;
}

void MlpSpec::Validate() const {
  if (widths.size() < 2) throw std::invalid_argument("network needs at least an input and an output width");
  for (size_t l = 0; l < widths.size(); ++l) {
    if (widths[l] < 1) {
      throw std::invalid_argument("width of layer " + std::to_string(l) + " is " +
                                  std::to_string(widths[l]) + " (must be >= 1)");
    }
  }
  if (static_cast<int>(bias.size()) != depth()) {
    throw std::invalid_argument("bias list has " + std::to_string(bias.size()) + " entries for " +
                                std::to_string(depth()) + " layers");
  }
  long long parameters = 0;
  for (int l = 1; l <= depth(); ++l) {
    parameters += static_cast<long long>(widths[l]) * widths[l - 1] + (has_bias(l) ? widths[l] : 0);
    if (parameters > MlpLimits::kMaxParameters) break;  // no overflow: each term is below 10^12
  }
  if (parameters > MlpLimits::kMaxParameters) {
    std::ostringstream s;
    s << "the network (widths";
    for (size_t l = 0; l < widths.size(); ++l) s << (l ? "," : " ") << widths[l];
    s << ") has more than nrc's limit of " << MlpLimits::kMaxParameters << " parameters";
    throw std::invalid_argument(s.str());
  }
  if (!(std::isfinite(lambda) && lambda > 0 && lambda <= MlpLimits::kMaxLambda)) {
    std::ostringstream s;
    s << "lambda must be finite, > 0 and <= " << MlpLimits::kMaxLambda << " (nrc's limit) (got " << lambda << ")";
    throw std::invalid_argument(s.str());
  }
  if (!(lambda_b == 0.0 || lambda_b == lambda)) {
    std::ostringstream s;
    s << "lambda_b must be 0 or lambda (got " << lambda_b << ")";
    throw std::invalid_argument(s.str());
  }
}

std::string MlpSpec::Describe() const {
  std::ostringstream s;
  for (size_t l = 0; l < widths.size(); ++l) s << (l ? "-" : "") << widths[l];
  s << " " << activation.Name() << " " << loss.Name() << " bias(";
  for (size_t l = 0; l < bias.size(); ++l) s << (l ? "," : "") << (bias[l] ? 1 : 0);
  s << ") lambda=" << lambda << " lambda_b=" << lambda_b;
  return s.str();
}

MlpSpec MlpSpec::Uniform(std::vector<int> widths, Activation activation, Loss loss, bool biases,
                         double lambda, double lambda_b) {
  MlpSpec spec;
  spec.widths = std::move(widths);
  spec.activation = activation;
  spec.loss = loss;
  spec.bias.assign(spec.widths.size() - 1, biases);
  spec.lambda = lambda;
  spec.lambda_b = lambda_b;
  return spec;
}

}  // namespace nrc
