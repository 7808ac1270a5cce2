// nrc data summary: what a data set is, and how clustered its input layer is.
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>

#include "apps/commands.h"
#include "datasets/data_source.h"
#include "datasets/standardize.h"
#include "numerics/class_statistics.h"
#include "numerics/precision.h"

namespace nrc::cli {

void AddDataCommand(CLI::App& app, Action* action) {
  auto* data = app.add_subcommand("data", "Inspect data sets");
  data->require_subcommand(1);
  auto* summary = data->add_subcommand(
      "summary", "Print N, d, K, per-class counts and the input layer's class statistics (TCV, V, NC1)");
  struct Options {
    std::string source;
    int n = 0;
    bool standardize = false;
    int classes = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  summary
      ->add_option("--data", opts->source,
                   "iris, digits, fashion-mnist, fashion-mnist:test, gauss:K=..,d=..,n=..,std=..,seed=.., a CSV, IDX or "
                   ".npy file, idx:IMAGES,LABELS, npy:X,Y; SOURCE@n=N[,seed=S] for a subset (docs/data.md)")
      ->required();
  summary->add_option("--n", opts->n, "a class-balanced seeded subset of N samples (SOURCE@n=N)")
      ->check(CLI::Range(1, 100000000));
  summary->add_flag("--standardize", opts->standardize, "standardise features (zero mean, unit std) first");
  summary->add_option("--classes", opts->classes, "expected number of classes K (mismatch is an error)");
  summary->add_flag("--json", opts->json, "print JSON instead of text");
  summary->callback([opts, action]() {
    *action = [opts]() {
      const std::string source = opts->n > 0 ? WithSubset(opts->source, opts->n) : opts->source;
      Dataset d = LoadDataSource(source, opts->classes);
      if (opts->standardize) StandardizeFeatures(&d);
      const std::string test_source = TestSourceFor(source);
      const auto counts = d.ClassCounts();
      // Class statistics of the input layer Z_0 = X, in MPFR at 128 bits so
      // that the printed digits are not affected by rounding; above 2^22
      // values (Fashion-MNIST: 47M) in double, whose relative error
      // O((N + d) eps) < 1e-9 leaves the 7 printed digits intact, and which
      // needs no 40-byte MPFR copy of every value.
      const bool in_mpfr = static_cast<double>(d.size()) * d.dim() <= double(1 << 22);
      ScopedMpfrPrecision guard(128);
      ClassStatistics<double> stats;
      std::string tcv, v, nc1;  // in the precision computed
      if (in_mpfr) {
        const auto s = ComputeClassStatistics(d.Features<Mpfr>(), d.labels, d.num_classes);
        stats.tcv = ToDouble(s.tcv);
        stats.v = ToDouble(s.v);
        stats.nc1 = ToDouble(s.nc1);
        tcv = ToDecimalString(s.tcv), v = ToDecimalString(s.v), nc1 = ToDecimalString(s.nc1);
      } else {
        stats = ComputeClassStatistics(d.X, d.labels, d.num_classes);
        tcv = ToDecimalString(stats.tcv), v = ToDecimalString(stats.v), nc1 = ToDecimalString(stats.nc1);
      }
      const std::string precision = in_mpfr ? "MPFR " + std::to_string(ScalarTraits<Mpfr>::Bits()) + " bits"
                                            : std::string("double (more than 2^22 values)");
      if (opts->json) {
        nlohmann::json j;
        j["source"] = d.source;
        j["N"] = d.size();
        j["d"] = d.dim();
        j["K"] = d.num_classes;
        j["class_counts"] = counts;
        j["class_names"] = d.class_names;
        j["standardized"] = opts->standardize;
        j["test_source"] = test_source;
        j["statistics_precision"] = precision;
        j["tcv"] = tcv;
        j["v"] = v;
        j["nc1"] = nc1;
        std::cout << j.dump(2) << "\n";
        return 0;
      }
      std::printf("data       %s%s\n", d.source.c_str(), opts->standardize ? " (standardised)" : "");
      std::printf("N          %d\nd          %d\nK          %d\n", d.size(), d.dim(), d.num_classes);
      std::printf("per class ");
      for (int c = 0; c < d.num_classes; ++c) {
        const std::string name = c < static_cast<int>(d.class_names.size()) ? d.class_names[c] : std::to_string(c);
        std::printf(" %s:%d", name.c_str(), counts[c]);
      }
      std::printf("\n");
      if (!test_source.empty()) std::printf("test set   %s\n", test_source.c_str());
      std::printf("input layer (Z_0 = X), class statistics of the spec, %s:\n", precision.c_str());
      std::printf("  TCV = sum_i ||x_i - mu_c(i)||          %.6e\n", stats.tcv);
      std::printf("  V   = (1/N) sum_i ||x_i - mu_c(i)||^2  %.6e\n", stats.v);
      std::printf("  NC1 = tr(S_W S_B^+)/K                  %.6e\n", stats.nc1);
      return 0;
    };
  });
}

}  // namespace nrc::cli
