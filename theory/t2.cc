// theory/t2.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t2.h"

#include <algorithm>
#include <string>

#include "numerics/products.h"
#include "numerics/svd.h"
#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T2<T> T2<T>::Compute(const NetworkContext<T>& ctx, int l, int rank) {
  T2 r = LabeledResult<T2>("T2", l, "frobenius");
  const int K = rank < 0 ? ctx.K : rank;
  const Matrix<T>& D = ctx.Delta(l);
  const auto& st = ctx.InputStats(l);
  const T N(ctx.N);
  const T inv_ln = T(1) / (ctx.lambda * N);
  r.P = Product(D, Matrix<T>(st.sample_means.transpose())) * (-inv_ln);
  r.DE = ProductABt(D, st.deviations) / N;
  r.R = (ctx.G(l) - r.DE) / ctx.lambda;
  r.S = Matrix<T>::Zero(D.rows(), ctx.K);
  for (int i = 0; i < ctx.N; ++i) r.S.col(ctx.labels[i]) += D.col(i);
  const Matrix<T> P_sum = Product(r.S, Matrix<T>(st.means.transpose())) * (-inv_ln);
  r.sigma_P = SingularValues(r.P, SvdMethod::kJacobi);
  r.sigma_R = SingularValues(r.R, SvdMethod::kJacobi);
  const int p = static_cast<int>(std::min(ctx.W(l).rows(), ctx.W(l).cols()));
  r.rank_bound = std::min(K, p);

  const T split = FrobeniusNorm(Matrix<T>(ctx.W(l) - r.P - r.R));
  const T s_split = ctx.SplitScale(l);
  r.headline =
      Inequality<T>::Equal("||W - P - R||_F", split, "0", T(0), ctx.error.Estimate(split, T(0), s_split), s_split);
  r.links.push_back(r.headline);
  const T s_p = FrobeniusNorm(D) * FrobeniusNorm(st.sample_means) * inv_ln;
  const T class_sum = FrobeniusNorm(Matrix<T>(r.P - P_sum));
  r.links.push_back(Inequality<T>::Equal("||P + S Mu^T/(lambda N)||_F", class_sum, "0", T(0),
                                         ctx.error.Estimate(class_sum, T(0), s_p), s_p));
  if (r.rank_bound < p) {
    const T tail = r.sigma_P(r.rank_bound);
    const T s_tail = FrobeniusNorm(r.P) + s_p;
    r.links.push_back(Inequality<T>::Equal("sigma_" + std::to_string(r.rank_bound + 1) + "(P)", tail, "0", T(0),
                                           ctx.error.Estimate(tail, T(0), s_tail), s_tail));
  }
  r.AddTerm("split_residual", split);
  r.AddTerm("class_sum_residual", class_sum);
  r.AddTerm("norm_P", FrobeniusNorm(r.P));
  r.AddTerm("norm_R", FrobeniusNorm(r.R));
  return r;
}

#define NRC_THEORY_STATEMENT T2
NRC_THEORY_INSTANTIATE

}  // namespace nrc
