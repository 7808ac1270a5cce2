#include "numerics/limited_memory_preconditioner.h"

#include <cmath>
#include <cstdio>
#include <stdexcept>
#include <vector>

namespace nrc {

LimitedMemoryPreconditioner::LimitedMemoryPreconditioner(int size, int max_pairs) : n_(size), max_pairs_(max_pairs) {
  if (size < 0 || max_pairs < 1) {
    throw std::invalid_argument("LimitedMemoryPreconditioner: size must be >= 0 and max_pairs >= 1");
  }
}

bool LimitedMemoryPreconditioner::AddPair(const Vector<double>& s, const Vector<double>& y) {
  if (s.size() != n_ || y.size() != n_) {
    throw std::invalid_argument("LimitedMemoryPreconditioner::AddPair: pair of size " + std::to_string(s.size()) +
                                ", expected " + std::to_string(n_));
  }
  const double ns = s.stableNorm();  // no underflow of the squares
  if (!std::isfinite(ns) || !y.allFinite()) {
    throw std::invalid_argument("LimitedMemoryPreconditioner::AddPair: non-finite pair");
  }
  if (!(ns > 0)) return false;
  // Scaled first, so that s^T y neither underflows nor overflows.
  Pair p{s / ns, y / ns, 0};
  const double sy = p.s.dot(p.y);
  if (!(sy > 0) || !(sy >= 1e-12 * p.y.norm())) return false;
  p.rho = 1 / sy;
  pairs_.push_back(std::move(p));
  if (static_cast<int>(pairs_.size()) > max_pairs_) pairs_.pop_front();
  return true;
}

Vector<double> LimitedMemoryPreconditioner::Apply(const Vector<double>& r, double damping) const {
  if (r.size() != n_) {
    throw std::invalid_argument("LimitedMemoryPreconditioner::Apply: vector of size " + std::to_string(r.size()) +
                                ", expected " + std::to_string(n_));
  }
  if (damping < 0) throw std::invalid_argument("LimitedMemoryPreconditioner::Apply: negative damping");
  Vector<double> q = r;
  const int m = num_pairs();
  std::vector<double> alpha(m);
  for (int i = m - 1; i >= 0; --i) {
    alpha[i] = pairs_[i].rho * pairs_[i].s.dot(q);
    q -= alpha[i] * pairs_[i].y;
  }
  if (m > 0) q *= 1.0 / (pairs_.back().rho * pairs_.back().y.squaredNorm());  // gamma = s^T y / y^T y
  for (int i = 0; i < m; ++i) {
    const double beta = pairs_[i].rho * pairs_[i].y.dot(q);
    q += (alpha[i] - beta) * pairs_[i].s;
  }
  return q;
}

std::string LimitedMemoryPreconditioner::Describe() const {
  char buf[128];
  std::snprintf(buf, sizeof buf, "L-BFGS from Hessian-vector products, %d of %d pairs, %d x %d", num_pairs(),
                max_pairs_, n_, n_);
  return buf;
}

}  // namespace nrc
