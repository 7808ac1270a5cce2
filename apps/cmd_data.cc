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
    bool standardize = false;
    int classes = 0;
    bool json = false;
  };
  auto opts = std::make_shared<Options>();
  summary->add_option("--data", opts->source, "iris, digits, gauss:K=..,d=..,n=..,std=..,seed=.. or a CSV path")
      ->required();
  summary->add_flag("--standardize", opts->standardize, "standardise features (zero mean, unit std) first");
  summary->add_option("--classes", opts->classes, "expected number of classes K (mismatch is an error)");
  summary->add_flag("--json", opts->json, "print JSON instead of text");
  summary->callback([opts, action]() {
    *action = [opts]() {
      Dataset d = LoadDataSource(opts->source, opts->classes);
      if (opts->standardize) StandardizeFeatures(&d);
      // Class statistics of the input layer Z_0 = X, in MPFR at 128 bits so
      // that the printed digits are not affected by rounding.
      ScopedMpfrPrecision guard(128);
      const auto stats = ComputeClassStatistics(d.Features<Mpfr>(), d.labels, d.num_classes);
      const auto counts = d.ClassCounts();
      if (opts->json) {
        nlohmann::json j;
        j["source"] = d.source;
        j["N"] = d.size();
        j["d"] = d.dim();
        j["K"] = d.num_classes;
        j["class_counts"] = counts;
        j["class_names"] = d.class_names;
        j["standardized"] = opts->standardize;
        j["tcv"] = ToDecimalString(stats.tcv);
        j["v"] = ToDecimalString(stats.v);
        j["nc1"] = ToDecimalString(stats.nc1);
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
      std::printf("\ninput layer (Z_0 = X), class statistics of the spec, MPFR %d bits:\n",
                  ScalarTraits<Mpfr>::Bits());
      std::printf("  TCV = sum_i ||x_i - mu_c(i)||          %.6e\n", ToDouble(stats.tcv));
      std::printf("  V   = (1/N) sum_i ||x_i - mu_c(i)||^2  %.6e\n", ToDouble(stats.v));
      std::printf("  NC1 = tr(S_W S_B^+)/K                  %.6e\n", ToDouble(stats.nc1));
      return 0;
    };
  });
}

}  // namespace nrc::cli
