// theory/t1.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t1.h"

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T1<T> T1<T>::Compute(const NetworkContext<T>& ctx, int l) {
  T1 r = LabeledResult<T1>("T1", l, "frobenius");
  const Matrix<T>& D = ctx.Delta(l);
  const Matrix<T>& Z = ctx.Input(l);
  Matrix<T> data = Matrix<T>::Zero(D.rows(), Z.rows());
  for (int i = 0; i < ctx.N; ++i) data.noalias() += D.col(i) * Z.col(i).transpose();
  data /= T(ctx.N);
  r.residual = FrobeniusNorm(Matrix<T>(ctx.lambda * ctx.W(l) - ctx.G(l) + data));
  const T lw = ctx.lambda * FrobeniusNorm(ctx.W(l));
  const T s = lw + FrobeniusNorm(ctx.G(l)) + FrobeniusNorm(D) * FrobeniusNorm(Z) / T(ctx.N);
  r.headline = Inequality<T>::Equal("||lambda W - G + Delta Z^T/N||_F", r.residual, "0", T(0),
                                    ctx.error.Estimate(r.residual, T(0), s), s);
  r.AddTerm("residual", r.residual);
  r.AddTerm("lambda_W", lw);
  r.AddTerm("data_term", FrobeniusNorm(data));
  return r;
}

#define NRC_THEORY_STATEMENT T1
NRC_THEORY_INSTANTIATE

}  // namespace nrc
