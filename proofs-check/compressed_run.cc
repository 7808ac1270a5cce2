#include "proofs-check/compressed_run.h"

#include <algorithm>
#include <climits>
#include <cmath>
#include <stdexcept>

#include "enclosures/interval_network.h"
#include "io/atomic_file.h"
#include "io/json_reader.h"
#include "numerics/enclosures.h"
#include "numerics/precision.h"
#include "numerics/svd.h"
#include "training/parameter_strings.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kFile = "compression.json";

// Entries below 2^-100 max|entry| become 0.
void FlushTiny(Eigen::MatrixXd* m) {
  const double top = m->size() ? m->cwiseAbs().maxCoeff() : 0.0;
  const double floor = std::ldexp(top, -100);
  for (Eigen::Index i = 0; i < m->size(); ++i)
    if (std::abs(m->data()[i]) < floor) m->data()[i] = 0.0;
}

// Smallest and largest frexp exponents of the non-zero entries (false: all zero).
bool ExponentRange(const Eigen::MatrixXd& m, int* lo, int* hi) {
  bool any = false;
  for (Eigen::Index i = 0; i < m.size(); ++i) {
    if (m.data()[i] == 0.0) continue;
    int e = 0;
    std::frexp(m.data()[i], &e);
    *lo = any ? std::min(*lo, e) : e;
    *hi = any ? std::max(*hi, e) : e;
    any = true;
  }
  return any;
}

json MatrixJson(const Eigen::MatrixXd& m) {
  json rows = json::array();
  for (Eigen::Index i = 0; i < m.rows(); ++i) {
    json row = json::array();
    for (Eigen::Index j = 0; j < m.cols(); ++j) row.push_back(ToExactDecimalString(m(i, j)));
    rows.push_back(row);
  }
  return rows;
}

Eigen::MatrixXd MatrixFromJson(const json& rows, int r, int c, const std::string& what) {
  if (!rows.is_array() || static_cast<int>(rows.size()) != r) throw std::runtime_error(what + ": expected " + std::to_string(r) + " rows");
  Eigen::MatrixXd m(r, c);
  for (int i = 0; i < r; ++i) {
    const json& row = rows[static_cast<std::size_t>(i)];
    if (!row.is_array() || static_cast<int>(row.size()) != c)
      throw std::runtime_error(what + ": row " + std::to_string(i + 1) + " does not have " + std::to_string(c) + " entries");
    for (int j = 0; j < c; ++j) {
      const double v = ParseDecimal<double>(row[static_cast<std::size_t>(j)].get<std::string>());
      if (!std::isfinite(v)) throw std::runtime_error(what + ": entry is not a finite number");
      m(i, j) = v;
    }
  }
  return m;
}

}  // namespace

LowRankFactors TruncatedFactors(const MlpParameters<double>& theta, const std::vector<int>& ranks) {
  LowRankFactors f;
  const std::size_t L = theta.W.size() - 1;
  f.U.resize(L + 1);
  f.Vt.resize(L + 1);
  for (std::size_t l = 1; l <= L; ++l) {
    const Svd<double> svd = ComputeSvd(theta.W[l], SvdMethod::kJacobi);
    const int r = std::max(0, std::min(ranks.at(l), static_cast<int>(svd.sigma.size())));
    f.U[l] = svd.u.leftCols(r) * svd.sigma.head(r).asDiagonal();
    f.Vt[l] = svd.v.leftCols(r).transpose();
    FlushTiny(&f.U[l]);
    FlushTiny(&f.Vt[l]);
  }
  return f;
}

std::vector<int> AutoRanks(const MlpSpec& spec, const std::vector<std::string>& parameters, double tolerance) {
  ScopedIntervalPrecision guard(128);
  std::vector<IntervalMatrix> W, b;
  IntervalNetwork::EncloseParameters(spec, parameters, &W, &b);
  std::vector<int> ranks(static_cast<std::size_t>(spec.depth() + 1), 0);
  for (int l = 1; l <= spec.depth(); ++l) {
    const SingularValueEnclosure s = EncloseSingularValues(W[static_cast<std::size_t>(l)]);
    const int p = std::min(spec.widths[l], spec.widths[l - 1]);
    int r = p;
    if (s.ok && !s.sigma.empty()) {
      const double top = s.sigma[0].Lower() * tolerance;
      for (int k = 0; k < p; ++k)
        if (s.sigma[static_cast<std::size_t>(k)].Upper() < top) {
          r = k;
          break;
        }
    }
    ranks[static_cast<std::size_t>(l)] = r;
  }
  return ranks;
}

int ExactProductBits(const LowRankFactors& f) {
  // Every product u v is a multiple of 2^(eu_lo + ev_lo - 106) below 2^(eu_hi + ev_hi);
  // a sum of r of them is below r 2^(eu_hi + ev_hi): exact with the bits in between.
  int bits = 64;
  for (std::size_t l = 1; l < f.U.size(); ++l) {
    int ulo = 0, uhi = 0, vlo = 0, vhi = 0;
    if (!ExponentRange(f.U[l], &ulo, &uhi) || !ExponentRange(f.Vt[l], &vlo, &vhi)) continue;
    const int r = static_cast<int>(f.U[l].cols());
    int log_r = 0;
    while ((1 << log_r) <= r) ++log_r;
    bits = std::max(bits, (uhi + vhi) - (ulo + vlo) + 106 + log_r + 2);
  }
  return bits;
}

std::vector<std::string> CompressedParameters(const MlpSpec& spec, const std::vector<std::string>& source,
                                              const LowRankFactors& factors, int bits) {
  if (static_cast<int>(source.size()) != spec.NumParameters())
    throw std::invalid_argument("compress: parameter count does not match the architecture");
  ScopedMpfrPrecision guard(bits);
  std::vector<std::string> out;
  out.reserve(source.size());
  std::size_t k = 0;
  for (int l = 1; l <= spec.depth(); ++l) {
    const Eigen::MatrixXd& U = factors.U[static_cast<std::size_t>(l)];
    const Eigen::MatrixXd& Vt = factors.Vt[static_cast<std::size_t>(l)];
    // Flatten order: W_l column by column (interval_network.cc reads it so), then b_l.
    for (int j = 0; j < spec.widths[l - 1]; ++j)
      for (int i = 0; i < spec.widths[l]; ++i) {
        Mpfr sum(0);
        for (Eigen::Index q = 0; q < U.cols(); ++q) sum += Mpfr(U(i, q)) * Mpfr(Vt(q, j));
        out.push_back(ToExactDecimalString(sum));
        ++k;
      }
    if (spec.has_bias(l))
      for (int i = 0; i < spec.widths[l]; ++i) out.push_back(source[k++]);
  }
  return out;
}

long long DenseParameterCount(const MlpSpec& spec) { return spec.NumParameters(); }

long long FactoredParameterCount(const MlpSpec& spec, const LowRankFactors& factors) {
  long long n = factors.StoredWeights();
  for (int l = 1; l <= spec.depth(); ++l)
    if (spec.has_bias(l)) n += spec.widths[l];
  return n;
}

bool CompressedRun::Present(const RunDirectory& run) {
  std::error_code ec;
  return fs::exists(run.path / kFile, ec);
}

json CompressedRun::LayersJson(const LowRankFactors& factors) {
  json layers = json::array();
  for (std::size_t l = 1; l < factors.U.size(); ++l)
    layers.push_back({{"layer", l}, {"rank", factors.U[l].cols()}, {"U", MatrixJson(factors.U[l])},
                      {"Vt", MatrixJson(factors.Vt[l])}});
  return layers;
}

void CompressedRun::Write(const fs::path& dir, const std::string& run_id, json content) {
  content["format"] = "nrc-compression/1";
  content["run_id"] = run_id;
  content.erase("sha256");
  content["sha256"] = RunDirectory::Seal(content);
  WriteFileAtomically(dir / kFile, content.dump(2) + "\n");
}

CompressedRun CompressedRun::Load(const RunDirectory& run) {
  const std::string where = "run directory " + run.path.string() + ": " + kFile;
  CompressedRun c;
  try {
    c.content = JsonReader::ReadFile(run.path / kFile);
    if (c.content.value("format", "") != "nrc-compression/1") throw std::runtime_error("format is not nrc-compression/1");
    if (c.content.value("sha256", "") != RunDirectory::Seal(c.content)) throw std::runtime_error("seal (sha256) mismatch: edited or corrupt");
    if (c.content.value("run_id", "") != run.run_id) throw std::runtime_error("belongs to another run (run_id)");
    c.source_path = c.content.at("source").at("path").get<std::string>();
    c.source_run_id = c.content.at("source").at("run_id").get<std::string>();
    const int L = run.spec.depth();
    const json& layers = c.content.at("layers");
    if (!layers.is_array() || static_cast<int>(layers.size()) != L) throw std::runtime_error("expected " + std::to_string(L) + " layers");
    c.ranks.assign(static_cast<std::size_t>(L + 1), 0);
    c.factors.U.resize(static_cast<std::size_t>(L + 1));
    c.factors.Vt.resize(static_cast<std::size_t>(L + 1));
    for (int l = 1; l <= L; ++l) {
      const json& e = layers[static_cast<std::size_t>(l - 1)];
      const int r = e.at("rank").get<int>();
      if (r < 0 || r > std::min(run.spec.widths[l], run.spec.widths[l - 1])) throw std::runtime_error("layer " + std::to_string(l) + ": bad rank");
      c.ranks[static_cast<std::size_t>(l)] = r;
      c.factors.U[static_cast<std::size_t>(l)] = MatrixFromJson(e.at("U"), run.spec.widths[l], r, "layer " + std::to_string(l) + " U");
      c.factors.Vt[static_cast<std::size_t>(l)] = MatrixFromJson(e.at("Vt"), r, run.spec.widths[l - 1], "layer " + std::to_string(l) + " Vt");
    }
  } catch (const json::exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  } catch (const std::exception& e) {
    throw std::runtime_error(where + ": " + e.what());
  }
  return c;
}

RunDirectory CompressedRun::LoadSource() const {
  RunDirectory src = RunDirectory::Load(source_path);
  if (src.run_id != source_run_id)
    throw std::runtime_error("compression.json: source " + source_path.string() + " is run " + src.run_id +
                             ", not the compressed network's source " + source_run_id);
  return src;
}

}  // namespace nrc
