// nrc/datasets/gaussian_clusters.cc
// Compiled with -ffp-contract=off (datasets/CMakeLists.txt): see the header.
#include "datasets/gaussian_clusters.h"

#include <climits>
#include <cmath>
#include <cstdio>
#include <random>
#include <stdexcept>
#include <string>

namespace nrc {
namespace {

// Marsaglia's polar method over mt19937_64; pairs are used in order.
class NormalSampler {
 public:
  explicit NormalSampler(std::uint64_t seed) : engine_(seed) {}

  double Next() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u, v, s;
    do {
      u = UniformSigned();
      v = UniformSigned();
      s = u * u + v * v;
    } while (s >= 1 || s == 0);
    const double f = std::sqrt(-2 * std::log(s) / s);
    spare_ = v * f;
    has_spare_ = true;
    return u * f;
  }

 private:
  // k / 2^52 - 1 for a uniform 53-bit k: exact, uniform on [-1, 1).
  double UniformSigned() { return static_cast<double>(engine_() >> 11) * 0x1p-52 - 1; }

  std::mt19937_64 engine_;
  bool has_spare_ = false;
  double spare_ = 0;
};

void Validate(const GaussianClustersSpec& s) {
  const auto fail = [](const std::string& what) {
    throw std::invalid_argument("GaussianClustersSpec: " + what);
  };
  if (s.num_classes < 1) fail("num_classes must be >= 1, got " + std::to_string(s.num_classes));
  if (s.dim < 1) fail("dim must be >= 1, got " + std::to_string(s.dim));
  if (s.per_class < 1) fail("per_class must be >= 1, got " + std::to_string(s.per_class));
  if (s.per_class > INT_MAX / s.num_classes) fail("num_classes * per_class exceeds INT_MAX");
  if (!(std::isfinite(s.within_std) && s.within_std >= 0)) {
    fail("within_std must be finite and >= 0, got " + std::to_string(s.within_std));
  }
  if (!(std::isfinite(s.center_scale) && s.center_scale >= 0)) {
    fail("center_scale must be finite and >= 0, got " + std::to_string(s.center_scale));
  }
}

Matrix<double> DrawCenters(const GaussianClustersSpec& spec, NormalSampler* normal) {
  Matrix<double> centers(spec.dim, spec.num_classes);
  for (int c = 0; c < spec.num_classes; ++c) {
    for (int k = 0; k < spec.dim; ++k) centers(k, c) = spec.center_scale * normal->Next();
  }
  return centers;
}

}  // namespace

Matrix<double> GaussianClusterCenters(const GaussianClustersSpec& spec) {
  Validate(spec);
  NormalSampler normal(spec.seed);
  return DrawCenters(spec, &normal);
}

Dataset MakeGaussianClusters(const GaussianClustersSpec& spec) {
  Validate(spec);
  NormalSampler normal(spec.seed);
  const Matrix<double> centers = DrawCenters(spec, &normal);
  Dataset data;
  data.num_classes = spec.num_classes;
  data.X.resize(spec.dim, Eigen::Index{spec.num_classes} * spec.per_class);
  data.labels.reserve(data.X.cols());
  for (int c = 0, i = 0; c < spec.num_classes; ++c) {
    for (int r = 0; r < spec.per_class; ++r, ++i) {
      for (int k = 0; k < spec.dim; ++k) data.X(k, i) = centers(k, c) + spec.within_std * normal.Next();
      data.labels.push_back(c);
    }
  }
  char source[256];
  std::snprintf(source, sizeof source,
                "gaussian_clusters(num_classes=%d, dim=%d, per_class=%d, within_std=%.17g, "
                "center_scale=%.17g, seed=%llu)",
                spec.num_classes, spec.dim, spec.per_class, spec.within_std, spec.center_scale,
                static_cast<unsigned long long>(spec.seed));
  data.source = source;
  return data;
}

}  // namespace nrc
