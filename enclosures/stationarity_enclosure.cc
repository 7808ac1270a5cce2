#include "enclosures/stationarity_enclosure.h"

#include <Eigen/Core>

#include "numerics/midrad_enclosures.h"

namespace nrc {
namespace {

// {max_i |a_i|} over the entries of a (an empty matrix gives [0, 0]): the
// maximum of the entries' magnitude bounds, each |<mid, rad>| in MPFI.
Interval MaxAbs(const MidradMatrix& a, Interval start) {
  for (int j = 0; j < a.cols(); ++j)
    for (int i = 0; i < a.rows(); ++i) start = Max(start, Abs(a.Entry(i, j)));
  return start;
}

// G / (G + s) for non-negative enclosures G and s, 0/0 := 0 (see the header).
Interval Share(const Interval& G, const Interval& s) {
  const Interval sum = G + s;
  if (!(sum.Upper() > 0)) return Interval(0.0);
  if (!(sum.Lower() > 0)) return Interval(0.0, 1.0);
  const Interval g_lo(G.Lower()), g_hi(G.Upper()), s_lo(s.Lower()), s_hi(s.Upper());
  return Interval((g_lo / (g_lo + s_hi)).Lower(), (g_hi / (g_hi + s_lo)).Upper());
}

}  // namespace

StationarityEnclosure StationarityEnclosure::Of(const MidradNetwork& net) {
  ScopedIntervalPrecision bits(53);
  StationarityEnclosure e;
  e.grad_norm_2 = net.grad_norm;
  e.data_loss = net.data_loss;
  const Interval inv_n = Interval(1.0) / Interval(static_cast<double>(net.N));
  const MidradMatrix ones = MidradMatrix::FromDoubles(Eigen::MatrixXd::Ones(net.N, 1));
  Interval penalty_w, penalty_b, max_abs, max_share;
  for (int l = 1; l <= net.L; ++l) {
    Layer s;
    s.weight_fro = FrobeniusNorm(net.W[l]);
    s.grad_W_fro = FrobeniusNorm(net.G[l]);
    s.grad_b_norm = FrobeniusNorm(net.gb[l]);
    s.mean_signal_norm = FrobeniusNorm(inv_n * (net.Delta[l] * ones));
    s.signal_fro = FrobeniusNorm(net.SignalTimesDeviations(l));
    s.stationarity_share = Share(s.grad_W_fro, s.signal_fro);
    penalty_w += Sqr(s.weight_fro);
    penalty_b += Sqr(FrobeniusNorm(net.b[l]));
    max_abs = MaxAbs(net.gb[l], MaxAbs(net.G[l], max_abs));
    max_share = Max(max_share, s.stationarity_share);
    e.layers.push_back(std::move(s));
  }
  e.grad_norm_inf = max_abs;
  e.max_stationarity_share = max_share;
  e.objective = e.data_loss + net.lambda * penalty_w / Interval(2.0) + net.lambda_b * penalty_b / Interval(2.0);
  return e;
}

}  // namespace nrc
