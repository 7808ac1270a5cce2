// theory/signal_projection.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/signal_projection.h"

#include <string>

#include "numerics/products.h"
#include "numerics/svd.h"
#include "theory/detail/instantiate.h"

namespace nrc {

template <class T>
typename SignalProjection<T>::Choice SignalProjection<T>::Choice::Span(const NetworkContext<T>& ctx, const T2<T>& t2,
                                                                        const Matrix<T>& columns, int dropped_class) {
  Choice c;
  c.dropped_class = dropped_class;
  c.columns = static_cast<int>(columns.cols());
  const int l = t2.layer;
  const Svd<T> svd = ComputeSvd(columns, SvdMethod::kJacobi);
  const T tau = svd.sigma.size() > 0 ? ctx.error.Estimate(T(0), T(0), T(svd.sigma(0))) : T(0);
  int rank = 0;
  while (rank < svd.sigma.size() && svd.sigma(rank) > tau) ++rank;
  c.rank = rank;
  c.basis = svd.u.leftCols(rank);
  c.sigma_DE = SingularValues(c.Project(t2.DE), SvdMethod::kJacobi);
  // (I - Pi) P_l and, for a dropped class, the rank-one matrix it equals.
  Matrix<T> leak_matrix = Matrix<T>::Zero(t2.P.rows(), t2.P.cols());
  if (dropped_class >= 0) {
    const Vector<T> m = ctx.Delta(l).rowwise().sum() / T(ctx.N);
    const Vector<T> pm = c.Project(Matrix<T>(m)).col(0);
    const Vector<T> mu = ctx.InputStats(l).means.col(dropped_class);
    c.leak = FrobeniusNorm(pm) * FrobeniusNorm(mu) / ctx.lambda;
    // (I - Pi) S_c = 0 for c != c*, S_{c*} = N m_l - sum_{c != c*} S_c, so
    // (I - Pi) P_l = -(1/lambda) (I - Pi) m_l mu_{c*}^T (T13).
    leak_matrix = -(pm * mu.transpose()) / ctx.lambda;
  }
  const Matrix<T> proj_P = c.Project(t2.P);
  c.identity_residual = FrobeniusNorm(Matrix<T>(proj_P - leak_matrix));
  return c;
}

template <class T>
Matrix<T> SignalProjection<T>::Choice::Project(const Matrix<T>& A) const {
  if (basis.cols() == 0) return A;
  return A - Product(basis, ProductAtB(basis, A));
}

template <class T>
const Vector<T>& SignalProjection<T>::Choice::SigmaW(const NetworkContext<T>& ctx, const T2<T>& t2) const {
  if (!have_sigma_W) sigma_W_cache = SingularValues(Project(ctx.W(t2.layer)), SvdMethod::kJacobi);
  have_sigma_W = true;
  return sigma_W_cache;
}

template <class T>
const Vector<T>& SignalProjection<T>::Choice::SigmaR(const NetworkContext<T>& ctx, const T2<T>& t2) const {
  if (!have_sigma_R) sigma_R_cache = SingularValues(Project(t2.R), SvdMethod::kJacobi);
  have_sigma_R = true;
  return sigma_R_cache;
}

template <class T>
std::string SignalProjection<T>::Choice::Describe() const {
  const std::string r = "r = " + std::to_string(rank);
  return dropped_class < 0 ? "span of all classes, " + r : "c* = label " + std::to_string(dropped_class) + ", " + r;
}

template <class T>
SignalProjection<T> SignalProjection<T>::Compute(const NetworkContext<T>& ctx, const T2<T>& t2) {
  SignalProjection p;
  const int l = t2.layer;
  p.layer = l;
  p.free_bias = ctx.spec.has_bias(l) && ctx.spec.lambda_b == 0.0;
  const auto& st = ctx.InputStats(l);
  p.scale = ctx.SplitScale(l) + FrobeniusNorm(ctx.Delta(l)) * FrobeniusNorm(st.sample_means) / (ctx.lambda * T(ctx.N));
  if (!p.free_bias) {
    p.choices.push_back(Choice::Span(ctx, t2, t2.S, -1));
    return p;
  }
  for (int cs = 0; cs < ctx.K; ++cs) {
    Matrix<T> cols(t2.S.rows(), ctx.K - 1);
    for (int c = 0, j = 0; c < ctx.K; ++c)
      if (c != cs) cols.col(j++) = t2.S.col(c);
    p.choices.push_back(Choice::Span(ctx, t2, cols, cs));
  }
  return p;
}

#define NRC_THEORY_STATEMENT SignalProjection
NRC_THEORY_INSTANTIATE

}  // namespace nrc
