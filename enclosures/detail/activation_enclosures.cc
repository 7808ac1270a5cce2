#include "enclosures/detail/activation_enclosures.h"

#include <algorithm>
#include <stdexcept>

#include "numerics/detail/midrad_blocks.h"

namespace nrc {
namespace detail {

bool ActivationSupported(const Activation& act, std::string* why) {
  switch (act.kind()) {
    case ActivationKind::kTanh:
    case ActivationKind::kSigmoid:
    case ActivationKind::kSoftplus:
    case ActivationKind::kIdentity:
    case ActivationKind::kLeakyRelu:
    case ActivationKind::kRelu: return true;
    default: break;
  }
  if (why) *why = "activation " + act.Name() + " is not supported by the interval path";
  return false;
}

void EncloseActivation(const Activation& act, const Interval& a, Interval* s, Interval* ds) {
  const Interval one(1.0);
  switch (act.kind()) {
    case ActivationKind::kTanh: {
      *s = Tanh(a);
      *ds = one - Sqr(*s);  // 1 - tanh^2: {1 - t^2 : t in Tanh(a)} contains s'(a)
      return;
    }
    case ActivationKind::kSigmoid: {
      *s = one / (one + Exp(-a));
      *ds = *s * (one - *s);
      return;
    }
    case ActivationKind::kSoftplus: {
      *s = Log1p(Exp(a));
      *ds = one / (one + Exp(-a));
      return;
    }
    case ActivationKind::kIdentity: {
      *s = a;
      *ds = one;
      return;
    }
    case ActivationKind::kLeakyRelu:
    case ActivationKind::kRelu: {
      const Interval slope = act.kind() == ActivationKind::kRelu ? Interval(0.0) : Interval::AroundDouble(act.leaky_slope());
      const double lo = a.Lower(), hi = a.Upper();
      if (lo > 0) {
        *s = a;
        *ds = one;
      } else if (hi < 0) {
        *s = slope * a;
        *ds = slope;
      } else {  // a straddles 0: s is monotone, s'(0) = 0 by the spec's convention
        *s = Hull(slope * a, Max0(a));
        *ds = Hull(Hull(slope, one), Interval(0.0));
      }
      return;
    }
    default: break;
  }
  throw std::invalid_argument("activation " + act.Name() + " is not supported by the interval path");
}

void EncloseActivation(const Activation& act, const MidradMatrix& a, MidradMatrix* s, MidradMatrix* ds) {
  if (act.kind() == ActivationKind::kTanh) {
    *s = Tanh(a, ds);
    return;
  }
  if (!ActivationSupported(act)) EncloseActivation(act, Interval(0.0), nullptr, nullptr);  // throws
  ScopedIntervalPrecision bits(53);  // set here, read by the workers
  Eigen::MatrixXd sm(a.rows(), a.cols()), sr(a.rows(), a.cols()), dm(a.rows(), a.cols()), dr(a.rows(), a.cols());
  // Entries are independent: any column blocks give the same bits.
  ForEachBlock(EntrywiseColumnBlocks(a.rows(), a.cols(), kMpfiEntryWork), [&](int c, int n) {
    Interval si, di;
    for (int j = c; j < c + n; ++j)
      for (int i = 0; i < a.rows(); ++i) {
        EncloseActivation(act, a.Entry(i, j), &si, &di);
        IntervalToMidrad(si, &sm(i, j), &sr(i, j));
        IntervalToMidrad(di, &dm(i, j), &dr(i, j));
      }
  });
  *s = MidradMatrix(std::move(sm), std::move(sr));
  *ds = MidradMatrix(std::move(dm), std::move(dr));
}

namespace {

// The largest midpoint: the shift that keeps exp in range (any shift leaves
// the exact values unchanged).
double LargestMid(const std::vector<Interval>& f) {
  double m = f.front().Mid();
  for (const auto& x : f) m = std::max(m, x.Mid());
  return m;
}

}  // namespace

std::vector<Interval> EncloseSoftmaxSignal(const std::vector<Interval>& f, int c) {
  const double m = LargestMid(f);
  Interval total;
  std::vector<Interval> e(f.size());
  for (size_t i = 0; i < f.size(); ++i) {
    e[i] = Exp(f[i] - Interval(m));
    total += e[i];
  }
  for (size_t i = 0; i < f.size(); ++i) {
    e[i] /= total;
    if (static_cast<int>(i) == c) e[i] -= Interval(1.0);
  }
  return e;
}

Interval EncloseCrossEntropy(const std::vector<Interval>& f, int c) {
  const double m = LargestMid(f);
  Interval total;
  for (const auto& x : f) total += Exp(x - Interval(m));
  return Log(total) + Interval(m) - f[static_cast<size_t>(c)];
}

}  // namespace detail
}  // namespace nrc
