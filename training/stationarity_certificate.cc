#include "training/stationarity_certificate.h"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <limits>
#include <stdexcept>

#include "enclosures/interval_network.h"
#include "enclosures/midrad_network.h"
#include "nets/mlp.h"
#include "numerics/class_statistics.h"
#include "numerics/lanczos_eigenvalues.h"
#include "numerics/norms.h"
#include "numerics/products.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

using nlohmann::json;
using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point since) { return std::chrono::duration<double>(Clock::now() - since).count(); }

Vector<Mpfr> GradientAt(const MlpSpec& spec, const Dataset& data, const std::vector<std::string>& parameters,
                        MlpEvaluation<Mpfr>* keep) {
  const MlpParameters<Mpfr> theta = ParseParameters<Mpfr>(spec, parameters);
  MlpEvaluation<Mpfr> ev = Evaluate(spec, theta, data.Features<Mpfr>(), data.labels, EvaluationLevel::kGradient);
  Vector<Mpfr> g = ev.gradient.Flatten();
  if (keep != nullptr) *keep = std::move(ev);
  return g;
}

// Number of negative pivots of the LDL^T factorisation of A: by Sylvester's
// law of inertia, the number of negative eigenvalues of A.
int NegativeInertia(const Matrix<double>& A) {
  Eigen::LDLT<Matrix<double>> ldlt(A);
  const Vector<double> D = ldlt.vectorD();
  int n = 0;
  for (Eigen::Index i = 0; i < D.size(); ++i) n += D(i) < 0;
  return n;
}

// No eigenvalue of A is <= 0: A = L L^T exists (Eigen's blocked Cholesky,
// about 5x faster than the pivoted LDL^T at P = 3466, where a factorisation
// takes seconds). In exact arithmetic this is NegativeInertia(A) == 0 with no
// zero pivot: Sylvester's law for A = L L^T.
bool CholeskyExists(const Matrix<double>& A) {
  const Eigen::LLT<Matrix<double>> llt(A);
  return llt.info() == Eigen::Success;
}

void Report(const CertificateOptions& options, const std::string& text) {
  if (options.progress != nullptr) options.progress->Update("certificate: " + text, true);
}

// Beyond max_dense_parameters: the extreme eigenvalues by Lanczos on exact
// double Hessian-vector products (numerics/lanczos_eigenvalues.h), labelled
// an estimate. num_negative counts the Ritz values theta with
// theta + residual < -tau: an eigenvalue of H lies within the residual of
// theta, so each is a negative eigenvalue found (a lower bound on the count);
// the null dimension is not determined (-1).
HessianSpectrum LanczosSpectrum(const MlpSpec& spec, const Dataset& data, const std::vector<std::string>& parameters,
                                const CertificateOptions& options) {
  HessianSpectrum h;
  const auto start = Clock::now();
  const int P = spec.NumParameters();
  const MlpParameters<double> theta = ParseParameters<double>(spec, parameters);
  const MlpEvaluation<double> at = Evaluate(spec, theta, data.X, data.labels, EvaluationLevel::kGradient);
  LanczosOptions lo;
  lo.max_steps = options.lanczos_steps;
  lo.num_eigenvalues = options.num_eigenvalues;
  const LanczosResult r = LanczosEigenvalues(
      [&](const Vector<double>& v) {
        return HessianVectorProduct(spec, theta, data.X, data.labels, at, MlpParameters<double>::Unflatten(spec, v))
            .Flatten();
      },
      P, lo,
      [&](int step) {
        if (options.progress != nullptr) {
          options.progress->Update("certificate: Hessian spectrum by Lanczos, step " + std::to_string(step) + " of " +
                                   std::to_string(std::min(P, lo.max_steps)));
        }
      });
  h.available = true;
  h.method = "lanczos";
  h.estimate = true;
  h.smallest = r.smallest;
  h.smallest_residuals = r.smallest_residuals;
  h.largest = r.largest;
  h.largest_residual = r.largest_residual;
  h.lanczos_steps = r.steps;
  h.rounding_threshold = P * std::numeric_limits<double>::epsilon() * std::abs(r.largest);
  for (size_t j = 0; j < r.smallest.size(); ++j) {
    if (r.smallest[j] + r.smallest_residuals[j] < -h.rounding_threshold) ++h.num_negative;
  }
  h.null_dimension = -1;
  h.seconds = Seconds(start);
  return h;
}

HessianSpectrum Spectrum(const MlpSpec& spec, const Dataset& data, const std::vector<std::string>& parameters,
                         const CertificateOptions& options) {
  HessianSpectrum h;
  const int P = spec.NumParameters();
  if (!options.hessian) {
    h.reason = "not computed (hessian = false)";
    return h;
  }
  if (P > options.max_dense_parameters) {
    const double per_step = static_cast<double>(P) * data.size();
    CertificateOptions o = options;
    if (options.lanczos_budget > 0 && per_step * options.lanczos_steps > options.lanczos_budget) {
      o.lanczos_steps = static_cast<int>(options.lanczos_budget / per_step);
      if (o.lanczos_steps < std::min(kMinLanczosSteps, options.lanczos_steps)) {
        char buf[400];
        std::snprintf(buf, sizeof buf,
                      "not computed: %d Lanczos steps at P N = %.3g parameter-sample products each exceed the work "
                      "budget of %.3g (fewer than %d steps fit); request them explicitly (nrc import "
                      "--lanczos-steps N: N Hessian-vector products, about 3 gradients each)",
                      options.lanczos_steps, per_step, options.lanczos_budget, kMinLanczosSteps);
        h.reason = buf;
        return h;
      }
    }
    return LanczosSpectrum(spec, data, parameters, o);
  }
  const auto start = Clock::now();
  const MlpParameters<double> theta = ParseParameters<double>(spec, parameters);
  const Matrix<double> H = DenseHessian<double>(spec, theta, data.X, data.labels);
  const double eps = std::numeric_limits<double>::epsilon();
  if (P <= options.max_eigen_parameters) {
    Eigen::SelfAdjointEigenSolver<Matrix<double>> eig(H, Eigen::EigenvaluesOnly);
    if (eig.info() != Eigen::Success) {
      h.reason = "the eigensolver did not converge";
      return h;
    }
    const Vector<double>& mu = eig.eigenvalues();  // ascending
    h.available = true;
    h.method = "eigen";
    const int k = std::min<int>(options.num_eigenvalues, P);
    for (int j = 0; j < k; ++j) h.smallest.push_back(mu(j));
    h.largest = P > 0 ? mu(P - 1) : 0.0;
    const double scale = P > 0 ? mu.cwiseAbs().maxCoeff() : 0.0;
    h.rounding_threshold = P * eps * scale;
    for (int j = 0; j < P; ++j) {
      if (mu(j) < -h.rounding_threshold) ++h.num_negative;
      else if (mu(j) <= h.rounding_threshold) ++h.null_dimension;
    }
  } else {
    // ||H||_2 by power iteration from a fixed start (deterministic).
    Vector<double> v = Vector<double>::Ones(P).normalized();
    double largest = 0;
    for (int it = 0; it < 50; ++it) {
      const Vector<double> w = H * v;
      largest = v.dot(w);
      const double n = w.norm();
      if (!(n > 0)) break;
      v = w / n;
    }
    h.available = true;
    h.method = "inertia";
    h.largest = largest;
    h.rounding_threshold = P * eps * std::abs(largest);
    Matrix<double> A = H;
    A.diagonal().array() += h.rounding_threshold;
    // At a minimum (the usual case) H + tau I is positive definite: its
    // Cholesky factor shows no eigenvalue below -tau without the LDL^T.
    h.num_negative = CholeskyExists(A) ? 0 : NegativeInertia(A);
    A.diagonal().array() -= 2 * h.rounding_threshold;
    h.null_dimension = NegativeInertia(A) - h.num_negative;
  }
  h.seconds = Seconds(start);
  return h;
}

}  // namespace

int DefaultCertificateBits(const Precision& p) { return std::max(128, p.WorkingBits() + 64); }

namespace {

// The reference: every quantity in MPFR at c->bits (see the header).
void MpfrCertificate(const MlpSpec& spec, const Dataset& data, const std::vector<std::string>& parameters,
                     const CertificateOptions& options, StationarityCertificate* out) {
  StationarityCertificate& c = *out;
  c.engine = "mpfr";
  // The bits really used (Boost reaches MPFR precisions in steps); the error
  // estimate's second evaluation is at c.bits + 32 of these, so that
  // recomputing with options.bits = c.bits repeats the certificate exactly
  // (RunDirectory::VerifiedCertificate).
  c.bits = ScopedMpfrPrecision::ReachableBits(options.bits > 0 ? options.bits
                                                               : DefaultCertificateBits(options.parameters_precision));
  // The second evaluation, for the error estimate.
  Report(options, "gradient in MPFR at " + std::to_string(c.bits + 32) + " bits (error estimate)");
  Vector<Mpfr> g_check;
  std::vector<std::string> g_check_strings;
  {
    ScopedMpfrPrecision guard(c.bits + 32);
    g_check = GradientAt(spec, data, parameters, nullptr);
    for (Eigen::Index i = 0; i < g_check.size(); ++i) g_check_strings.push_back(ToDecimalString(g_check(i)));
  }
  ScopedMpfrPrecision guard(c.bits);
  c.bits = guard.bits();
  MlpEvaluation<Mpfr> ev;
  Report(options, "gradient in MPFR at " + std::to_string(c.bits) + " bits");
  const Vector<Mpfr> g = GradientAt(spec, data, parameters, &ev);
  const MlpParameters<Mpfr> theta = ParseParameters<Mpfr>(spec, parameters);
  {
    // The difference is formed at bits + 32 so that it is not itself rounded away.
    ScopedMpfrPrecision wide(c.bits + 32);
    Vector<Mpfr> diff(g.size());
    for (Eigen::Index i = 0; i < g.size(); ++i) diff(i) = ParseDecimal<Mpfr>(g_check_strings[i]) - Mpfr(g(i));
    c.grad_norm_2_error = ToDecimalString(Mpfr(FrobeniusNorm(diff)));
  }
  const Mpfr gnorm = FrobeniusNorm(g);
  c.grad_norm_2 = ToDecimalString(gnorm);
  c.grad_norm_2_value = ToDouble(gnorm);
  c.grad_norm_inf = ToDecimalString(g.size() > 0 ? Mpfr(g.cwiseAbs().maxCoeff()) : Mpfr(0));
  if (IntervalNetwork::Supports(spec)) {
    Report(options, "interval enclosure of ||grad J||_2");
    ScopedIntervalPrecision interval_bits(c.bits);
    c.grad_norm_2_upper = IntervalNetwork::Build(spec, parameters, data).grad_norm.UpperDecimal();
  }
  c.objective = ToDecimalString(ev.objective);
  c.data_loss = ToDecimalString(ev.data_loss);

  const Mpfr N(data.size());
  Mpfr max_share(0);
  for (int l = 1; l <= spec.depth(); ++l) {
    LayerStationarity s;
    s.layer = l;
    s.has_bias = spec.has_bias(l);
    const ClassStatistics<Mpfr> stats = ComputeClassStatistics(ev.Z[l - 1], data.labels, data.num_classes);
    const Matrix<Mpfr> signal = ProductABt(ev.Delta[l], stats.deviations);
    const Mpfr signal_fro = FrobeniusNorm(signal) / N;
    const Mpfr G = FrobeniusNorm(ev.gradient.W[l]);
    const Vector<Mpfr> m = ev.Delta[l].rowwise().sum() / N;
    const Mpfr share = (G + signal_fro) > 0 ? Mpfr(G / (G + signal_fro)) : Mpfr(0);
    s.weight_fro = ToDecimalString(FrobeniusNorm(theta.W[l]));
    s.grad_W_fro = ToDecimalString(G);
    s.grad_b_norm = ToDecimalString(s.has_bias ? FrobeniusNorm(ev.gradient.b[l]) : Mpfr(0));
    s.mean_signal_norm = ToDecimalString(FrobeniusNorm(m));
    s.signal_fro = ToDecimalString(signal_fro);
    s.stationarity_share = ToDecimalString(share);
    s.stationarity_share_value = ToDouble(share);
    if (share > max_share) max_share = share;
    c.layers.push_back(std::move(s));
  }
  c.max_stationarity_share = ToDecimalString(max_share);
  c.max_stationarity_share_value = ToDouble(max_share);
}

// The midpoint of an enclosure as the shortest round-trip decimal of the
// nearest double ("%.17g"); "0" for [0, 0].
std::string MidString(const Interval& x) {
  char buf[40];
  std::snprintf(buf, sizeof buf, "%.17g", x.Mid());
  return buf;
}

// An upper bound of the distance from x's midpoint (MidString) to its ends,
// as a decimal rounded up.
std::string RadiusString(const Interval& x) {
  ScopedIntervalPrecision bits(53);
  const Interval m(x.Mid());
  return Max(Interval(x.Upper()) - m, m - Interval(x.Lower())).UpperDecimal();
}

// radius <= r |x| (or x = [0, 0]).
bool Resolved(const Interval& x, double r) {
  if (x.Lower() == 0 && x.Upper() == 0) return true;
  const double mag = std::max(std::abs(x.Lower()), std::abs(x.Upper()));
  return x.IsFinite() && (x.Upper() - x.Lower()) / 2 <= r * mag && !(x.Lower() <= 0 && x.Upper() >= 0);
}

bool AllResolved(const StationarityEnclosure& e, double r) {
  bool ok = Resolved(e.grad_norm_2, r) && Resolved(e.grad_norm_inf, r) && Resolved(e.objective, r) &&
            Resolved(e.data_loss, r) && Resolved(e.max_stationarity_share, r);
  for (const auto& l : e.layers) {
    ok = ok && Resolved(l.weight_fro, r) && Resolved(l.grad_W_fro, r) && Resolved(l.grad_b_norm, r) &&
         Resolved(l.mean_signal_norm, r) && Resolved(l.signal_fro, r) && Resolved(l.stationarity_share, r);
  }
  return ok;
}

// The fast engine's certificate (see the header): the strings from `e`.
void FastCertificate(const MlpSpec& spec, std::shared_ptr<const StationarityEnclosure> e,
                     StationarityCertificate* out) {
  StationarityCertificate& c = *out;
  c.engine = "midrad53";
  c.bits = 53;
  c.grad_norm_2 = MidString(e->grad_norm_2);
  c.grad_norm_2_value = e->grad_norm_2.Mid();
  c.grad_norm_2_error = RadiusString(e->grad_norm_2);
  c.grad_norm_2_upper = e->grad_norm_2.UpperDecimal();
  c.grad_norm_inf = MidString(e->grad_norm_inf);
  c.objective = MidString(e->objective);
  c.data_loss = MidString(e->data_loss);
  for (int l = 1; l <= spec.depth(); ++l) {
    const StationarityEnclosure::Layer& x = e->layers[static_cast<size_t>(l - 1)];
    LayerStationarity s;
    s.layer = l;
    s.has_bias = spec.has_bias(l);
    s.weight_fro = MidString(x.weight_fro);
    s.grad_W_fro = MidString(x.grad_W_fro);
    s.grad_b_norm = MidString(x.grad_b_norm);
    s.mean_signal_norm = MidString(x.mean_signal_norm);
    s.signal_fro = MidString(x.signal_fro);
    s.stationarity_share = MidString(x.stationarity_share);
    s.stationarity_share_value = x.stationarity_share.Mid();
    c.layers.push_back(std::move(s));
  }
  c.max_stationarity_share = MidString(e->max_stationarity_share);
  c.max_stationarity_share_value = e->max_stationarity_share.Mid();
  c.enclosure = std::move(e);
}

}  // namespace

StationarityCertificate ComputeCertificate(const MlpSpec& spec, const Dataset& data,
                                           const std::vector<std::string>& parameters,
                                           const CertificateOptions& options) {
  const auto start = Clock::now();
  spec.Validate();
  if (data.dim() != spec.widths.front() || data.num_classes != spec.num_classes()) {
    throw std::invalid_argument("certificate: data (d = " + std::to_string(data.dim()) + ", K = " +
                                std::to_string(data.num_classes) + ") does not match network " + spec.Describe());
  }
  StationarityCertificate c;
  c.parameters_precision = options.parameters_precision.ToString();
  c.num_parameters = spec.NumParameters();
  c.num_samples = data.size();
  bool fast = false;
  if (options.engine != CertificateEngine::kMpfr && IntervalNetwork::Supports(spec)) {
    Report(options, "||grad J||_2 and the layer statistics enclosed in midpoint-radius double");
    auto e = std::make_shared<const StationarityEnclosure>(
        StationarityEnclosure::Of(MidradNetwork::Build(spec, parameters, data)));
    fast = options.engine == CertificateEngine::kFast || AllResolved(*e, options.fast_relative_radius);
    if (fast) FastCertificate(spec, std::move(e), &c);
  } else if (options.engine == CertificateEngine::kFast) {
    std::string why;
    IntervalNetwork::Supports(spec, &why);
    throw std::invalid_argument("certificate: the fast engine does not support this network: " + why);
  }
  if (!fast) MpfrCertificate(spec, data, parameters, options, &c);
  Report(options, "layer statistics done; Hessian spectrum");
  c.hessian = Spectrum(spec, data, parameters, options);
  c.seconds = Seconds(start);
  return c;
}

CertificateOptions RecomputeOptions(const StationarityCertificate& stored, const Precision& parameters_precision) {
  CertificateOptions co;
  co.engine = stored.engine == "midrad53" ? CertificateEngine::kFast : CertificateEngine::kMpfr;
  co.bits = stored.engine == "midrad53" ? 0 : stored.bits;
  co.parameters_precision = parameters_precision;
  co.hessian = false;
  return co;
}

namespace {

// stored (a "%.17g" midpoint) within x widened by its width.
bool Consistent(const std::string& stored, const Interval& x) {
  char* end = nullptr;
  const double v = std::strtod(stored.c_str(), &end);
  if (end == stored.c_str() || *end != '\0') return false;
  const double w = x.Upper() - x.Lower();
  return v >= x.Lower() - w && v <= x.Upper() + w;
}

}  // namespace

void CheckSameCertificate(const StationarityCertificate& stored, const StationarityCertificate& c,
                          const std::string& where) {
  const bool fast = c.engine == "midrad53" && c.enclosure != nullptr;
  auto fail = [&](const std::string& field, const std::string& a, const std::string& b) {
    throw std::runtime_error(where + field + " is " + a + ", but the stored network gives " + b +
                             " (edited or stale certificate)");
  };
  auto same = [&](const std::string& field, const std::string& a, const std::string& b) {
    if (a != b) fail(field, a, b);
  };
  // A number: the same string (mpfr), or consistent with the enclosure (midrad53).
  auto number = [&](const std::string& field, const std::string& a, const std::string& b, const Interval* x) {
    if (!fast) return same(field, a, b);
    if (!Consistent(a, *x)) fail(field, a, "[" + MidString(Interval(x->Lower())) + ", " + MidString(Interval(x->Upper())) + "]");
  };
  same("engine", stored.engine, c.engine);
  same("precision_bits", std::to_string(stored.bits), std::to_string(c.bits));
  same("num_parameters", std::to_string(stored.num_parameters), std::to_string(c.num_parameters));
  same("num_samples", std::to_string(stored.num_samples), std::to_string(c.num_samples));
  const StationarityEnclosure* e = fast ? c.enclosure.get() : nullptr;
  number("grad_norm_2", stored.grad_norm_2, c.grad_norm_2, fast ? &e->grad_norm_2 : nullptr);
  if (fast) {
    if (!(std::strtod(stored.grad_norm_2_upper.c_str(), nullptr) >= e->grad_norm_2.Lower()))
      fail("grad_norm_2_upper", stored.grad_norm_2_upper, c.grad_norm_2_upper);
  } else {
    same("grad_norm_2_error", stored.grad_norm_2_error, c.grad_norm_2_error);
    same("grad_norm_2_upper", stored.grad_norm_2_upper, c.grad_norm_2_upper);
  }
  number("grad_norm_inf", stored.grad_norm_inf, c.grad_norm_inf, fast ? &e->grad_norm_inf : nullptr);
  number("objective", stored.objective, c.objective, fast ? &e->objective : nullptr);
  number("data_loss", stored.data_loss, c.data_loss, fast ? &e->data_loss : nullptr);
  number("max_stationarity_share", stored.max_stationarity_share, c.max_stationarity_share,
         fast ? &e->max_stationarity_share : nullptr);
  same("number of layers", std::to_string(stored.layers.size()), std::to_string(c.layers.size()));
  for (std::size_t i = 0; i < c.layers.size(); ++i) {
    const auto &a = stored.layers[i], &b = c.layers[i];
    const StationarityEnclosure::Layer* x = fast ? &e->layers[i] : nullptr;
    const std::string l = "layers[" + std::to_string(i) + "].";
    same(l + "layer", std::to_string(a.layer), std::to_string(b.layer));
    same(l + "has_bias", std::to_string(a.has_bias), std::to_string(b.has_bias));
    number(l + "weight_fro", a.weight_fro, b.weight_fro, fast ? &x->weight_fro : nullptr);
    number(l + "grad_W_fro", a.grad_W_fro, b.grad_W_fro, fast ? &x->grad_W_fro : nullptr);
    number(l + "grad_b_norm", a.grad_b_norm, b.grad_b_norm, fast ? &x->grad_b_norm : nullptr);
    number(l + "mean_signal_norm", a.mean_signal_norm, b.mean_signal_norm, fast ? &x->mean_signal_norm : nullptr);
    number(l + "signal_fro", a.signal_fro, b.signal_fro, fast ? &x->signal_fro : nullptr);
    number(l + "stationarity_share", a.stationarity_share, b.stationarity_share,
           fast ? &x->stationarity_share : nullptr);
  }
}

json StationarityCertificate::ToJson() const {
  json layers_json = json::array();
  for (const auto& s : layers) {
    layers_json.push_back({{"layer", s.layer},
                           {"has_bias", s.has_bias},
                           {"weight_fro", s.weight_fro},
                           {"grad_W_fro", s.grad_W_fro},
                           {"grad_b_norm", s.grad_b_norm},
                           {"mean_signal_norm", s.mean_signal_norm},
                           {"signal_fro", s.signal_fro},
                           {"stationarity_share", s.stationarity_share}});
  }
  json h = {{"available", hessian.available}};
  if (hessian.available) {
    h["precision"] = "double";
    h["method"] = hessian.method;
    h["smallest_eigenvalues"] = hessian.smallest;
    h["largest_eigenvalue"] = hessian.largest;
    h["rounding_threshold"] = hessian.rounding_threshold;
    h["estimate"] = hessian.estimate;
    if (hessian.method == "lanczos") {
      h["smallest_residuals"] = hessian.smallest_residuals;
      h["largest_residual"] = hessian.largest_residual;
      h["lanczos_steps"] = hessian.lanczos_steps;
    }
    h["num_negative"] = hessian.num_negative;
    h["null_dimension"] = hessian.null_dimension;
    h["is_saddle"] = hessian.num_negative > 0;
    h["seconds"] = hessian.seconds;
  } else {
    h["reason"] = hessian.reason;
  }
  return {{"format", "nrc-certificate/1"},
          {"engine", engine},
          {"precision_bits", bits},
          {"parameters_precision", parameters_precision},
          {"num_parameters", num_parameters},
          {"num_samples", num_samples},
          {"grad_norm_2", grad_norm_2},
          {"grad_norm_2_error", grad_norm_2_error},
          {"grad_norm_2_upper", grad_norm_2_upper.empty() ? json(nullptr) : json(grad_norm_2_upper)},
          {"grad_norm_inf", grad_norm_inf},
          {"objective", objective},
          {"data_loss", data_loss},
          {"max_stationarity_share", max_stationarity_share},
          {"layers", layers_json},
          {"hessian", h},
          {"seconds", seconds}};
}

StationarityCertificate StationarityCertificate::FromJson(const json& j) {
  StationarityCertificate c;
  try {
    if (j.at("format").get<std::string>() != "nrc-certificate/1") {
      throw std::runtime_error("unknown format '" + j.at("format").get<std::string>() + "'");
    }
    c.engine = j.contains("engine") ? j.at("engine").get<std::string>() : "mpfr";
    if (c.engine != "mpfr" && c.engine != "midrad53") throw std::runtime_error("unknown engine '" + c.engine + "'");
    c.bits = j.at("precision_bits").get<int>();
    c.parameters_precision = j.at("parameters_precision").get<std::string>();
    c.num_parameters = j.at("num_parameters").get<int>();
    c.num_samples = j.at("num_samples").get<int>();
    c.grad_norm_2 = j.at("grad_norm_2").get<std::string>();
    c.grad_norm_2_error = j.at("grad_norm_2_error").get<std::string>();
    c.grad_norm_inf = j.at("grad_norm_inf").get<std::string>();
    if (j.contains("grad_norm_2_upper") && j["grad_norm_2_upper"].is_string())
      c.grad_norm_2_upper = j["grad_norm_2_upper"].get<std::string>();
    c.objective = j.at("objective").get<std::string>();
    c.data_loss = j.at("data_loss").get<std::string>();
    c.max_stationarity_share = j.at("max_stationarity_share").get<std::string>();
    c.seconds = j.at("seconds").get<double>();
    for (const auto& s : j.at("layers")) {
      LayerStationarity l;
      l.layer = s.at("layer").get<int>();
      l.has_bias = s.at("has_bias").get<bool>();
      l.weight_fro = s.at("weight_fro").get<std::string>();
      l.grad_W_fro = s.at("grad_W_fro").get<std::string>();
      l.grad_b_norm = s.at("grad_b_norm").get<std::string>();
      l.mean_signal_norm = s.at("mean_signal_norm").get<std::string>();
      l.signal_fro = s.at("signal_fro").get<std::string>();
      l.stationarity_share = s.at("stationarity_share").get<std::string>();
      l.stationarity_share_value = std::strtod(l.stationarity_share.c_str(), nullptr);
      c.layers.push_back(std::move(l));
    }
    const json& h = j.at("hessian");
    c.hessian.available = h.at("available").get<bool>();
    if (c.hessian.available) {
      c.hessian.method = h.at("method").get<std::string>();
      c.hessian.smallest = h.at("smallest_eigenvalues").get<std::vector<double>>();
      c.hessian.largest = h.at("largest_eigenvalue").get<double>();
      c.hessian.rounding_threshold = h.at("rounding_threshold").get<double>();
      c.hessian.estimate = h.contains("estimate") && h.at("estimate").get<bool>();
      if (c.hessian.method == "lanczos") {
        c.hessian.smallest_residuals = h.at("smallest_residuals").get<std::vector<double>>();
        c.hessian.largest_residual = h.at("largest_residual").get<double>();
        c.hessian.lanczos_steps = h.at("lanczos_steps").get<int>();
      }
      c.hessian.num_negative = h.at("num_negative").get<int>();
      c.hessian.null_dimension = h.at("null_dimension").get<int>();
      c.hessian.seconds = h.at("seconds").get<double>();
    } else {
      c.hessian.reason = h.at("reason").get<std::string>();
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(std::string("bad certificate: ") + e.what());
  }
  c.grad_norm_2_value = std::strtod(c.grad_norm_2.c_str(), nullptr);
  c.max_stationarity_share_value = std::strtod(c.max_stationarity_share.c_str(), nullptr);
  return c;
}

}  // namespace nrc
