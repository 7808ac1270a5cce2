// theory/certified_distance.h's definitions, explicitly instantiated for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h).
#include "theory/certified_distance.h"

#include <string>
#include <utility>
#include <vector>

#include "theory/detail/instantiate.h"
#include "theory/detail/statement_helpers.h"

namespace nrc {

template <class T>
void CertifiedDistance<T>::Certify(const NetworkContext<T>& ctx, int l, Norm norm, int rank_k, int rank_x,
                                   const T& residual_value, const std::string& residual_name, const T& grad,
                                   const T& cluster, std::vector<std::pair<std::string, T>> further, const T& s) {
  k = rank_k;
  r = rank_x;
  dist = DistToRank(ctx.sigma_W[l], rank_k, norm);
  residual = residual_value;
  grad_term = grad;
  cluster_term = cluster;
  parts = std::move(further);
  bound = grad_term + cluster_term;
  for (const auto& p : parts) bound += p.second;
  const std::string dk = rank_k == ctx.K ? "dist_K" : rank_k == ctx.K - 1 ? "dist_K-1" : "dist_" + std::to_string(rank_k);
  const std::string dw = rank_k == ctx.K ? "dist_K(W)" : rank_k == ctx.K - 1 ? "dist_{K-1}(W)" : dk + "(W)";
  const std::string bn = this->statement + " bound";
  const auto& err = ctx.error;
  this->links.push_back(Inequality<T>::LessEqual(dw, dist, residual_name, residual, err.Estimate(dist, residual, s)));
  this->links.push_back(Inequality<T>::LessEqual(residual_name, residual, bn, bound, err.Estimate(residual, bound, s)));
  this->headline = Inequality<T>::LessEqual(dw, dist, bn, bound, err.Estimate(dist, bound, s));
  const bool zero = detail::DistIsExactlyZero(ctx, l, rank_k);
  detail::HoldsIfExactZero(this->links[0], zero);
  detail::HoldsIfExactZero(this->headline, zero);
  this->AddTerm(dk, dist);
  this->AddTerm(residual_name, residual);
  this->AddTerm("grad_term", grad_term);
  this->AddTerm("cluster_term", cluster_term);
  for (const auto& p : parts) this->AddTerm(p.first, p.second);
  this->AddTerm("bound", bound);
  this->AddTerm("grad_share", bound > T(0) ? T(grad_term / bound) : T(0));
}

template <class T>
void CertifiedDistance<T>::CompareBound(const NetworkContext<T>& ctx, const std::string& name,
                                        const std::string& other_name, const T& other, const T& s) {
  this->links.push_back(Inequality<T>::LessEqual(name, bound, other_name, other, ctx.error.Estimate(bound, other, s)));
  this->AddTerm(other_name + "_bound", other);
}

#define NRC_THEORY_STATEMENT CertifiedDistance
NRC_THEORY_INSTANTIATE

}  // namespace nrc
