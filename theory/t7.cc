// theory/t7.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t7.h"

#include <cmath>
#include <string>
#include <utility>
#include <vector>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T7<T> T7<T>::Compute(const NetworkContext<T>& ctx) {
  using std::sqrt;
  return Compute(ctx, T(sqrt(T(2))));
}

template <class T>
T7<T> T7<T>::Compute(const NetworkContext<T>& ctx, const T& factor) {
  using std::abs;
  using std::sqrt;
  const bool mse = ctx.spec.loss.kind() == LossKind::kMse;
  T7 r = LabeledResult<T7>("T7", ctx.L, mse ? "mse" : "ce");
  const Matrix<T>& DL = ctx.Delta(ctx.L);
  const int N = ctx.N;
  r.delta_norm.resize(N);
  r.loss = ctx.eval.per_sample_loss;
  r.one_minus_p = Vector<T>::Zero(N);
  const T s = mse ? T(0) : T(T(1) + ctx.eval.outputs().cwiseAbs().maxCoeff());
  const auto& err = ctx.error;
  std::vector<Inequality<T>> finals;
  T ms(0);
  for (int i = 0; i < N; ++i) {
    const T dn = detail::ColumnNorm(DL, i);
    r.delta_norm(i) = dn;
    ms += dn * dn;
    const std::string who = "," + std::to_string(i);
    if (mse) {
      const T b = sqrt(T(2) * r.loss(i));
      finals.push_back(Inequality<T>::Equal("||delta_L" + who + "||", dn, "sqrt(2 loss" + who + ")", b,
                                            err.Estimate(dn, b, s)));
    } else {
      const T q = -DL(ctx.labels[i], i);  // 1 - p_{i,c(i)}
      r.one_minus_p(i) = q;
      const T fq = factor * q;
      const T m = detail::MinOf(T(1), r.loss(i));
      r.links.push_back(Inequality<T>::LessEqual("||delta_L" + who + "||", dn, "f (1 - p_c" + who + ")", fq,
                                                 err.Estimate(dn, fq, s)));
      r.links.push_back(Inequality<T>::LessEqual("1 - p_c" + who, q, "min(1, loss" + who + ")", m,
                                                 err.Estimate(q, m, s)));
      const T fm = factor * m;
      finals.push_back(Inequality<T>::LessEqual("||delta_L" + who + "||", dn, "f min(1, loss" + who + ")", fm,
                                                err.Estimate(dn, fm, s)));
    }
  }
  r.mean_square = ms / T(N);
  const T two_j = T(2) * ctx.eval.data_loss;
  const T s_ms = mse ? T(0) : T(s * s);
  r.links.push_back(mse ? Inequality<T>::Equal("mean ||delta_L||^2", r.mean_square, "2 J_data", two_j,
                                               err.Estimate(r.mean_square, two_j, s_ms))
                        : Inequality<T>::LessEqual("mean ||delta_L||^2", r.mean_square, "2 J_data", two_j,
                                                   err.Estimate(r.mean_square, two_j, s_ms)));
  detail::HeadlineAtWorstSample(r, finals);
  for (auto& q : finals) r.links.push_back(std::move(q));
  r.AddTerm("mean_square_delta_L", r.mean_square);
  r.AddTerm("2J_data", two_j);
  return r;
}

#define NRC_THEORY_STATEMENT T7
NRC_THEORY_INSTANTIATE

}  // namespace nrc
