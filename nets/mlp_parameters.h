// nrc/nets/mlp_parameters.h
//
// The parameters theta = (W_l, b_l), l = 1..L, of an MLP in scalar T, indexed
// as in the spec: W[l] is W_l (d_l x d_{l-1}) and b[l] is b_l (length d_l, or
// length 0 when layer l has no bias). Index 0 is unused (empty).
//
// The same type holds gradients (G_l, g_l) and directions for Hessian-vector
// products. Flatten() orders the entries layer by layer, W_l column-major and
// then b_l, the order used for flat vectors, Hessians and optimisers.
#ifndef NRC_NETS_MLP_PARAMETERS_H_
#define NRC_NETS_MLP_PARAMETERS_H_

#include <cstdint>
#include <vector>

#include "nets/mlp_spec.h"
#include "numerics/scalar.h"

namespace nrc {

template <class T>
struct MlpParameters {
  std::vector<Matrix<T>> W;
  std::vector<Vector<T>> b;

  int depth() const { return static_cast<int>(W.size()) - 1; }

  // All-zero parameters shaped by spec.
  static MlpParameters Zeros(const MlpSpec& spec);
  // Glorot-uniform weights U(-a, a), a = sqrt(6 / (d_l + d_{l-1})), and biases
  // U(-0.1, 0.1), drawn in double by a seeded mt19937_64 (same seed, same
  // values, in every precision) and rounded to T.
  static MlpParameters RandomInit(const MlpSpec& spec, std::uint64_t seed);
  // Flat vector of NumParameters() entries (order in the header comment).
  Vector<T> Flatten() const;
  static MlpParameters Unflatten(const MlpSpec& spec, const Vector<T>& flat);
  // Entrywise RoundedCast (exact when U is at least as precise as T).
  template <class U>
  MlpParameters<U> Cast() const {
    MlpParameters<U> out;
    for (const auto& w : W) out.W.push_back(w.unaryExpr([](const T& v) { return RoundedCast<U>(v); }));
    for (const auto& v : b) out.b.push_back(v.unaryExpr([](const T& x) { return RoundedCast<U>(x); }));
    return out;
  }
  // Sum of squared entries, sqrt of it (the Euclidean norm of Flatten()).
  T SquaredNorm() const;
};

#define NRC_MLP_PARAMETERS_EXTERN(T) extern template struct MlpParameters<T>;
NRC_FOR_EACH_SCALAR(NRC_MLP_PARAMETERS_EXTERN)
#undef NRC_MLP_PARAMETERS_EXTERN

}  // namespace nrc

#endif  // NRC_NETS_MLP_PARAMETERS_H_
