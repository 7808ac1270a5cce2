// Definitions of training/newton_stage.h (included only by the per-scalar
// units training/detail/newton_stage_<scalar>.cc).
#ifndef NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_
#define NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_

#include <chrono>
#include <cstdio>
#include <memory>
#include <stdexcept>
#include <string>

#include "nets/mlp.h"
#include "numerics/norms.h"
#include "numerics/saddle_free_inverse.h"
#include "numerics/shifted_cholesky_inverse.h"
#include "training/detail/short_decimal.h"
#include "training/newton_stage.h"

namespace nrc {
namespace detail {

// z = M r with M applied in double to r / max|r_i| (so neither underflow nor
// the double exponent range limits what T can carry), rescaled in T.
template <class T>
Vector<T> ApplyPreconditioner(const SymmetricPreconditioner* M, const Vector<T>& r, double damping = 0) {
  if (M == nullptr) return r;
  const T s = r.cwiseAbs().maxCoeff();
  if (!(s > T(0))) return Vector<T>::Zero(r.size());
  const Vector<double> rd = r.unaryExpr([&s](const T& x) { return RoundedCast<double>(T(x / s)); });
  const Vector<double> zd = M->Apply(rd, damping);
  return zd.unaryExpr([&s](double x) { return T(RoundedCast<T>(x) * s); });
}

}  // namespace detail

template <class T>
StageLog RunNewtonStage(const MlpSpec& spec, const Dataset& data, MlpParameters<T>* theta,
                        const SymmetricPreconditioner* preconditioner, const NewtonStageOptions& opt) {
  using Clock = std::chrono::steady_clock;
  using std::abs;
  const auto start = Clock::now();
  const double cpu_start = detail::CpuSeconds();
  auto elapsed = [&start]() { return std::chrono::duration<double>(Clock::now() - start).count(); };
  spec.Validate();
  const int P = spec.NumParameters();
  if (theta == nullptr) throw std::invalid_argument("RunNewtonStage: no parameters");
  if (preconditioner != nullptr && preconditioner->size() != P) {
    throw std::invalid_argument("RunNewtonStage: preconditioner is for " + std::to_string(preconditioner->size()) +
                                " parameters, network has " + std::to_string(P));
  }
  if (opt.max_iterations < 0 || opt.max_cg_iterations < 0 || opt.stagnation_limit < 1 ||
      !(opt.max_seconds > 0) || !(opt.gradient_tolerance >= 0) || !(opt.cg_tolerance >= 0)) {
    throw std::invalid_argument("RunNewtonStage: bad options");
  }
  const Matrix<T> X = data.Features<T>();
  const std::vector<int>& labels = data.labels;
  const T eps = ScalarTraits<T>::Epsilon();
  const T J_rounding_factor = T(8) * T(data.size()) * eps;

  StageLog log;
  log.name = opt.name;
  log.precision = opt.precision_name.empty() ? ScalarTraits<T>::Name() : opt.precision_name;
  log.precision_bits = ScalarTraits<T>::Bits();
  {
    std::string m = opt.max_cg_iterations == 0 ? "Newton, step -M g" : "Newton-CG with exact Hessian-vector products";
    m += opt.dense == DensePreconditioner::kEigen ? ", M = |H|^+ (eigen-decomposed dense double Hessian"
         : opt.dense == DensePreconditioner::kCholesky
             ? std::string(", M = (H + sigma I)^-1 (Cholesky of the dense ") + (opt.float_hessian ? "float" : "double") +
                   " Hessian"
         : preconditioner != nullptr                   ? ", M fixed: " + preconditioner->Describe()
                                                       : ", no preconditioner";
    if (opt.dense != DensePreconditioner::kNone) {
      m += opt.rebuild_every_step ? ", rebuilt every step)" : opt.rebuild_when_cg_stalls ? ", rebuilt when CG stalls)" : ")";
    }
    if (opt.damping_factor > 0 && opt.max_cg_iterations == 0) {
      char buf[64];
      std::snprintf(buf, sizeof buf, ", damping %.2g ||g||", opt.damping_factor);
      m += buf;
    }
    if (opt.max_cg_iterations > 0) {
      char buf[96];
      std::snprintf(buf, sizeof buf, "; CG <= %d steps to relative residual %.1e", opt.max_cg_iterations,
                    opt.cg_tolerance);
      m += buf;
    }
    log.method = m + "; line search on J, then on ||grad J|| within rounding of J";
  }

  auto evaluate = [&](const MlpParameters<T>& th) {
    ++log.gradient_evaluations;
    return Evaluate(spec, th, X, labels, EvaluationLevel::kGradient);
  };
  MlpEvaluation<T> ev = evaluate(*theta);
  if (!IsFinite(ev.objective)) throw std::runtime_error("RunNewtonStage: objective is not finite at the start");
  Vector<T> g = ev.gradient.Flatten();
  T gnorm = FrobeniusNorm(g);
  log.grad_norm_start = ToDecimalString(gnorm);
  log.grad_norm_start_value = ToDouble(gnorm);
  log.history.push_back(detail::ShortDecimal(gnorm));
  MlpParameters<T> best = *theta;
  T best_gnorm = gnorm;
  T best_objective = ev.objective;
  int stagnant = 0;
  log.termination = "max_iterations";
  std::unique_ptr<SymmetricPreconditioner> owned;
  std::string last_preconditioner = preconditioner != nullptr ? preconditioner->Describe() : "none";
  bool cg_stalled = false;

  auto progress = [&](const std::string& extra) {
    if (opt.progress == nullptr) return;
    char buf[200];
    std::snprintf(buf, sizeof buf, "%s [%s] step %d  |grad J| %s  %.1f s%s", log.name.c_str(), log.precision.c_str(),
                  log.iterations, detail::ShortDecimal(gnorm).c_str(), elapsed(), extra.c_str());
    opt.progress->Update(buf);
  };
  progress("");

  for (;;) {
    if (gnorm <= T(opt.gradient_tolerance)) {
      log.termination = "converged";
      break;
    }
    if (log.iterations >= opt.max_iterations) {
      log.termination = "max_iterations";
      break;
    }
    if (elapsed() > opt.max_seconds) {
      log.termination = "time_limit";
      break;
    }
    // 2. Preconditioner.
    const bool build = opt.dense != DensePreconditioner::kNone &&
                       ((owned == nullptr && preconditioner == nullptr) || opt.rebuild_every_step ||
                        (opt.rebuild_when_cg_stalls && cg_stalled));
    if (build) {
      progress("  (dense Hessian)");
      const Matrix<double> H = opt.dense == DensePreconditioner::kCholesky && opt.float_hessian
                                   ? Matrix<double>(DenseHessian<float>(spec, theta->template Cast<float>(),
                                                                        data.Features<float>(), labels)
                                                        .template cast<double>())
                                   : DenseHessian<double>(spec, theta->template Cast<double>(), data.X, labels);
      if (opt.dense == DensePreconditioner::kEigen) {
        owned = std::make_unique<SaddleFreeInverse>(H, opt.eigen_options);
      } else {
        owned = std::make_unique<ShiftedCholeskyInverse>(H, opt.cholesky_options);
      }
      ++log.dense_hessians;
      last_preconditioner = owned->Describe();
    }
    const SymmetricPreconditioner* M = owned != nullptr ? owned.get() : preconditioner;
    // 3. Direction.
    Vector<T> d;
    cg_stalled = false;
    {
      const Vector<T> minus_g = -g;
      if (opt.max_cg_iterations == 0) {
        d = detail::ApplyPreconditioner(M, minus_g, opt.damping_factor * ToDouble(gnorm));
      } else {
        auto hv = [&](const Vector<T>& v) {
          ++log.hessian_vector_products;
          return HessianVectorProduct(spec, *theta, X, labels, ev, MlpParameters<T>::Unflatten(spec, v)).Flatten();
        };
        const Vector<T> z0 = detail::ApplyPreconditioner(M, minus_g);
        d = Vector<T>::Zero(P);
        Vector<T> r = minus_g, z = z0, p = z0;
        T rz = r.dot(z);
        const T target = T(opt.cg_tolerance) * gnorm;
        cg_stalled = true;
        for (int k = 0; k < opt.max_cg_iterations; ++k) {
          const Vector<T> Hp = hv(p);
          const T pHp = p.dot(Hp);
          if (!(pHp > T(0))) {  // negative curvature: keep the iterate (a descent direction)
            if (k == 0) d = z0;
            break;
          }
          const T alpha = rz / pHp;
          d += alpha * p;
          r -= alpha * Hp;
          if (FrobeniusNorm(r) <= target) {
            cg_stalled = false;
            break;
          }
          z = detail::ApplyPreconditioner(M, r);
          const T rz_new = r.dot(z);
          if (!(rz_new > T(0))) break;  // r in the null space of M: CG cannot continue
          p = z + (rz_new / rz) * p;
          rz = rz_new;
        }
      }
    }
    // 4. Line search.
    const T J = ev.objective;
    const T slope = g.dot(d);
    const T J_rounding = J_rounding_factor * abs(J);
    const Vector<T> x = theta->Flatten();
    bool accepted = false, by_decrease = false;
    T t(1);
    for (int bt = 0; bt <= 30; ++bt, t /= 2) {
      const Vector<T> xt = x + t * d;
      MlpParameters<T> trial = MlpParameters<T>::Unflatten(spec, xt);
      MlpEvaluation<T> ev_t = evaluate(trial);
      if (!IsFinite(ev_t.objective)) continue;
      const T dJ = ev_t.objective - J;
      Vector<T> g_t = ev_t.gradient.Flatten();
      T gnorm_t = FrobeniusNorm(g_t);
      if (!IsFinite(gnorm_t)) continue;
      const bool decrease = dJ < -J_rounding && dJ <= T(1e-4) * t * slope;
      const bool endgame = abs(dJ) <= J_rounding && gnorm_t < gnorm;
      if (!decrease && !endgame) continue;
      // Leaving a saddle: along negative curvature the saddle-free step only
      // doubles the distance to the saddle, so while J keeps falling clearly
      // try twice the step (at most 2^10).
      if (decrease && bt == 0 && M != nullptr && M->indefinite()) {
        T J_best = ev_t.objective;
        for (int ex = 0; ex < 10; ++ex) {
          const T t2 = 2 * t;
          MlpParameters<T> trial2 = MlpParameters<T>::Unflatten(spec, Vector<T>(x + t2 * d));
          MlpEvaluation<T> ev2 = evaluate(trial2);
          if (!IsFinite(ev2.objective) || !(ev2.objective < J_best - J_rounding)) break;
          Vector<T> g2 = ev2.gradient.Flatten();
          const T gnorm2 = FrobeniusNorm(g2);
          if (!IsFinite(gnorm2)) break;
          t = t2;
          J_best = ev2.objective;
          trial = std::move(trial2);
          ev_t = std::move(ev2);
          g_t = std::move(g2);
          gnorm_t = gnorm2;
        }
      }
      accepted = true;
      ++log.iterations;
      // A clear decrease of J is progress whatever ||g|| does (escaping a
      // saddle raises it); only end-game steps can stagnate.
      stagnant = (!decrease && gnorm_t > gnorm / 2) ? stagnant + 1 : 0;
      by_decrease = decrease;
      *theta = std::move(trial);
      ev = std::move(ev_t);
      g = std::move(g_t);
      gnorm = gnorm_t;
      break;
    }
    if (!accepted) {
      log.termination = "line_search_failed";
      log.message = "no step along the Newton direction decreases J or, within rounding of J, ||grad J||: rounding floor";
      break;
    }
    log.history.push_back(detail::ShortDecimal(gnorm));
    // The best point is the one with the smallest ||g|| among the end-game
    // iterates after the last clear decrease of J (earlier ones have a
    // larger J: they may sit near a saddle the stage has left).
    if (by_decrease || gnorm < best_gnorm) {
      best = *theta;
      best_gnorm = gnorm;
      best_objective = ev.objective;
    }
    progress("");
    if (stagnant >= opt.stagnation_limit) {
      log.termination = "stagnated";
      log.message = std::to_string(stagnant) + " consecutive end-game steps did not halve ||grad J||: rounding floor";
      break;
    }
  }
  *theta = std::move(best);
  log.message += std::string(log.message.empty() ? "" : "; ") + "last preconditioner: " + last_preconditioner;
  log.grad_norm_end = ToDecimalString(best_gnorm);
  log.grad_norm_end_value = ToDouble(best_gnorm);
  log.objective_end = ToDecimalString(best_objective);
  log.seconds = elapsed();
  log.cpu_seconds = detail::CpuSeconds() - cpu_start;
  if (opt.progress != nullptr) opt.progress->Finish();
  return log;
}

}  // namespace nrc

#define NRC_INSTANTIATE_NEWTON_STAGE(T)                                                                   \
  namespace nrc {                                                                                        \
  template StageLog RunNewtonStage<T>(const MlpSpec&, const Dataset&, MlpParameters<T>*,                 \
                                      const SymmetricPreconditioner*, const NewtonStageOptions&);        \
  }

#endif  // NRC_TRAINING_DETAIL_NEWTON_STAGE_IMPL_H_
