// theory/t10.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/t10.h"

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
T10<T> T10<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2, Norm norm) {
  const int l = t2.layer;
  T10 r = LabeledResult<T10>("T10", l, NormName(norm));
  const Matrix<T>& D = ctx.Delta(l);
  const auto& st = ctx.InputStats(l);
  const Vector<T> m = D.rowwise().sum() / T(ctx.N);
  r.mean_signal_norm = FrobeniusNorm(m);
  // X = P_l + m_l mu_G^T / lambda (rank <= K-1), E = R'_l.
  const Matrix<T> Rp = t2.R - (m * st.global_mean.transpose()) / ctx.lambda;
  const T mean_term = r.mean_signal_norm * FrobeniusNorm(st.global_mean) / ctx.lambda;
  const T s = ctx.SplitScale(l) + mean_term;
  r.Certify(ctx, l, norm, ctx.K - 1, ctx.K - 1, NetworkContext<T>::NormOf(Rp, norm), "|||R'|||",
            NetworkContext<T>::NormOf(ctx.G(l), norm) / ctx.lambda, NetworkContext<T>::NormOf(t2.DE, norm) / ctx.lambda,
            {{"mean_term", mean_term}}, s);
  if (ctx.spec.has_bias(l)) {
    const Vector<T>& g = ctx.eval.gradient.b[l];
    const Vector<T>& b = ctx.theta.b[l];
    const T res = FrobeniusNorm(Vector<T>(m - (g - ctx.lambda_b * b)));
    // The scale of a sum's rounding is the sum of its terms' magnitudes, not its
    // value: m and g are means of N signals that cancel near stationarity, and
    // are summed in different orders (g in fixed sample blocks).
    const Vector<T> abs_mean = D.cwiseAbs().rowwise().sum() / T(ctx.N);
    const T s_res = FrobeniusNorm(g) + ctx.lambda_b * FrobeniusNorm(b) + FrobeniusNorm(abs_mean);
    r.links.push_back(
        Inequality<T>::Equal("||m - (g - lambda_b b)||", res, "0", T(0), ctx.error.Estimate(res, T(0), s_res), s_res));
  }
  r.note = ctx.spec.has_bias(l) ? (ctx.spec.lambda_b == 0 ? "bias, lambda_b = 0: m_l = g_l" : "bias, lambda_b = lambda")
                                : "no bias";
  return r;
}

#define NRC_THEORY_STATEMENT T10
NRC_THEORY_INSTANTIATE

}  // namespace nrc
