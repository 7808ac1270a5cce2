// Parser fuzzing of the export reader, ImportedNetwork::Load (issue 20):
// mutated export.json texts (structured JSON edits, then text edits, plus
// deep nesting) and mutated data.csv files either import -- a valid spec with
// K >= 2, one parameter string per parameter, data that fits the network --
// or fail with one line (std::invalid_argument, or a DataError naming
// data.csv). Never a crash, a hang or an other exception. Differential
// oracle: an imported network's parameters are, bit for bit and in
// MlpParameters::Flatten order, the Linear modules' weight and bias entries
// of the export.json text (strtod of the strings), its lambda that of the
// text, and an unmutated data.csv gives exactly the written samples. Run under ASan +
// UBSan by tools/sanitize. ctest: imported_network_fuzz_test (label property,
// 200 inputs) and imported_network_fuzz_long (label fuzz, 1e5 inputs).
#include <gtest/gtest.h>
#include <rapidcheck/gtest.h>

#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <vector>

#include "datasets/data_error.h"
#include "io/json_reader.h"
#include "tests/support/temp_dir.h"
#include "tests/support/text_mutator.h"
#include "training/imported_network.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;

const char* kExport = R"({
  "format": "nrc-export/1", "name": "tiny", "producer": "test", "loss": "mse",
  "lambda": "0.001", "lambda_b": "0.001",
  "regularization": {"weight_decay": "0.001", "bias_weight_decay": "0.001", "reduction": "spec",
                     "data_loss_scale": "1", "rule": "r", "optimizer": "SGD"},
  "modules": [
    {"index": 0, "type": "Linear", "in_features": 2, "out_features": 3,
     "weight": [["0.1", "-0.30000000000000004"], ["1.25", "2e-310"], ["-0.5", "0.25"]],
     "bias": ["0.01", "-0.02", "0.03"]},
    {"index": 1, "type": "LeakyReLU", "negative_slope": "0.01"},
    {"index": 2, "type": "Linear", "in_features": 3, "out_features": 2,
     "weight": [["0.7", "-0.6", "0.5"], ["0.4", "0.3", "-0.2"]], "bias": ["0.0", "-0.0"]}
  ],
  "data": {"file": "data.csv", "N": 4, "d": 2, "K": 2}
})";

const char* kCsv = "0.5,1,0\n-0.25,0.125,1\n1.0000000000000002,-3,0\n2,0.1,1\n";

void Write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary | std::ios::trunc) << text;
}

// A decimal string (strtod: correctly rounded) or a JSON number as a double.
double Value(const nlohmann::json& v) {
  return v.is_string() ? std::strtod(v.get<std::string>().c_str(), nullptr) : v.get<double>();
}

bool SameBits(double a, double b) { return std::memcmp(&a, &b, sizeof a) == 0; }

// The parameters the export text names, in Flatten order: layer by layer,
// W_l column-major (weight[i][j] = W(i, j)), then b_l.
std::vector<double> ReferenceParameters(const nlohmann::json& exported) {
  std::vector<double> flat;
  for (const auto& m : exported.at("modules")) {
    if (m.at("type") != "Linear") continue;
    const auto& w = m.at("weight");
    for (std::size_t j = 0; j < w.at(0).size(); ++j)
      for (std::size_t i = 0; i < w.size(); ++i) flat.push_back(Value(w.at(i).at(j)));
    if (m.contains("bias") && !m.at("bias").is_null())
      for (const auto& b : m.at("bias")) flat.push_back(Value(b));
  }
  return flat;
}

void CheckAgainstText(const ImportedNetwork& net, const std::string& text, bool csv_as_written) {
  const nlohmann::json exported = JsonReader::Parse(text, "export.json");
  const std::vector<double> flat = ReferenceParameters(exported);
  RC_ASSERT(flat.size() == net.parameters.size());
  for (std::size_t k = 0; k < flat.size(); ++k)
    RC_ASSERT(SameBits(std::strtod(net.parameters[k].c_str(), nullptr), flat[k]));
  RC_ASSERT(SameBits(net.spec.lambda, Value(exported.at("lambda"))));
  if (!csv_as_written) return;
  const double x[2][4] = {{0.5, -0.25, 1.0000000000000002, 2}, {1, 0.125, -3, 0.1}};  // kCsv
  RC_ASSERT(net.data.size() == 4 && net.data.dim() == 2);
  RC_ASSERT(net.data.labels == std::vector<int>({0, 1, 0, 1}));
  for (int i = 0; i < 4; ++i)
    for (int k = 0; k < 2; ++k) RC_ASSERT(SameBits(net.data.X(k, i), x[k][i]));
}

RC_GTEST_PROP(ImportedNetworkFuzz, MutatedExportImportsConsistentlyOrFailsWithOneLine, ()) {
  static const fs::path dir = test::FreshProcessTempDir("nrc_import_fuzz_");
  std::string text = test::GenMutatedJson({kExport});
  if (*rc::gen::inRange(0, 10) == 0) {  // nesting far beyond the reader's limit
    text = text.substr(0, text.size() - 2) + ", \"x\": " + std::string(100000, '[') + std::string(100000, ']') + "}";
  }
  const bool bad_csv = *rc::gen::inRange(0, 4) == 0;
  Write(dir / "export.json", text);
  Write(dir / "data.csv", bad_csv ? test::GenMutatedText({kCsv}) : std::string(kCsv));
  try {
    const ImportedNetwork net = ImportedNetwork::Load(dir);
    RC_CLASSIFY(true, "imported");
    try {  // (RapidCheck has no RC_ASSERT_NO_THROW)
      net.spec.Validate();
    } catch (const std::exception& e) {
      RC_FAIL(std::string("an imported spec fails Validate: ") + e.what());
    }
    RC_ASSERT(net.spec.num_classes() >= 2);
    RC_ASSERT(static_cast<int>(net.parameters.size()) == net.spec.NumParameters());
    RC_ASSERT(net.data.dim() == net.spec.widths.front());
    RC_ASSERT(net.data.num_classes == net.spec.num_classes());
    CheckAgainstText(net, text, !bad_csv);
  } catch (const DataError& e) {
    RC_CLASSIFY(true, "DataError");
    RC_ASSERT(std::string(e.what()).find('\n') == std::string::npos);
    RC_ASSERT(std::string(e.what()).rfind(dir.string(), 0) == 0);  // names the data file
  } catch (const std::invalid_argument& e) {
    RC_CLASSIFY(true, "refused");
    const std::string what = e.what();
    RC_ASSERT(!what.empty());
    RC_ASSERT(what.find('\n') == std::string::npos);
  }
}

}  // namespace
}  // namespace nrc
