// theory/network_context.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/network_context.h"

#include <algorithm>
#include <cmath>

#include "numerics/svd.h"
#include "theory/detail/instantiate.h"

namespace nrc {

template <class T>
NetworkContext<T> NetworkContext<T>::Build(const MlpSpec& spec, const MlpParameters<T>& theta, const Matrix<T>& X,
                                           const std::vector<int>& labels) {
  using std::sqrt;
  spec.Validate();
  NetworkContext c;
  c.spec = spec;
  c.theta = theta;
  c.labels = labels;
  c.K = spec.num_classes();
  c.N = static_cast<int>(X.cols());
  c.L = spec.depth();
  c.lambda = T(spec.lambda);
  c.lambda_b = T(spec.lambda_b);
  c.eval = Evaluate(spec, theta, X, labels, EvaluationLevel::kGradient);
  ClassStatisticsOptions opt;
  opt.sample_means = true;
  for (int k = 0; k < c.L; ++k) c.stats.push_back(ComputeClassStatistics(c.eval.Z[k], labels, c.K, opt));
  c.sigma_W.resize(c.L + 1);
  c.norm2_W.assign(c.L + 1, T(0));
  for (int l = 1; l <= c.L; ++l) {
    c.sigma_W[l] = SingularValues(theta.W[l], SvdMethod::kJacobi);
    c.norm2_W[l] = c.sigma_W[l].size() > 0 ? T(c.sigma_W[l](0)) : T(0);
  }
  c.lipschitz = spec.activation.Lipschitz<T>();
  c.backprop.assign(c.L + 1, T(1));
  for (int l = c.L - 1; l >= 1; --l) c.backprop[l] = c.backprop[l + 1] * c.lipschitz * c.norm2_W[l + 1];
  c.grad_norm = sqrt(c.eval.gradient.SquaredNorm());
  const int dmax = *std::max_element(spec.widths.begin(), spec.widths.end());
  c.error = ErrorModel<T>::For(c.L, c.N, dmax);
  c.precision = ScalarTraits<T>::Name();
  return c;
}

template <class T>
T NetworkContext<T>::SplitScale(int l) const {
  return FrobeniusNorm(W(l)) +
         (FrobeniusNorm(G(l)) + FrobeniusNorm(Delta(l)) * FrobeniusNorm(Input(l)) / T(N)) / lambda;
}

template <class T>
T NetworkContext<T>::ForwardLipschitz(int k, int m) const {
  T p(1);
  for (int j = k + 1; j <= m; ++j) p *= lipschitz * norm2_W[j];
  return p;
}

template <class T>
T NetworkContext<T>::ForwardRoundingScale(int k, int m) const {
  using std::sqrt;
  const T sqrtN = sqrt(T(N));
  T s(0);
  for (int j = k + 1; j <= m; ++j) {
    s += ForwardLipschitz(j, m) *
         (FrobeniusNorm(W(j)) * FrobeniusNorm(eval.Z[j - 1]) + sqrtN * FrobeniusNorm(theta.b[j]) +
          FrobeniusNorm(eval.Z[j]));
  }
  return s / sqrtN;
}

template <class T>
T NetworkContext<T>::NormOf(const Matrix<T>& A, Norm norm) {
  return norm == Norm::kSpectral ? SpectralNorm(A) : FrobeniusNorm(A);
}

#define NRC_THEORY_STATEMENT NetworkContext
NRC_THEORY_INSTANTIATE

}  // namespace nrc

