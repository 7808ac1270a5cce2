// ImportedNetwork (training/imported_network.h): an export folder (what
// tools/nrc_export.py writes) becomes exactly the network it describes, and
// every kind of bad input is refused with one line naming the module, field or
// data line. The same folder through WriteRunDirectory and RunDirectory::Load
// keeps every float64 weight bit for bit. (The PyTorch round trip itself is
// tools/nrc_export_test.py.)
#include "training/imported_network.h"

#include <gtest/gtest.h>

#include <cmath>
#include <filesystem>
#include <functional>

#include "datasets/csv_reader.h"
#include "datasets/npy_writer.h"
#include "io/atomic_file.h"
#include "tests/support/binary_files.h"
#include "nets/mlp.h"
#include "tests/support/temp_dir.h"
#include "training/run_directory.h"

namespace nrc {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path Root() {
  static const fs::path root = test::FreshProcessTempDir("nrc-import-test-");
  return root;
}

// A 2-3-2 tanh network with biases, weights that need all 17 digits, on 4 samples.
json ValidExport() {
  return json::parse(R"({
    "format": "nrc-export/1", "name": "tiny", "producer": "test", "loss": "mse",
    "lambda": "0.001", "lambda_b": "0.001", "regularization": {"weight_decay": "0.001"},
    "modules": [
      {"index": 0, "type": "Linear", "in_features": 2, "out_features": 3,
       "weight": [["0.1", "-0.30000000000000004"], ["1.2345678901234567", "2e-310"], ["-0.5", "0.25"]],
       "bias": ["0.01", "-0.02", "0.03"]},
      {"index": 1, "type": "Tanh"},
      {"index": 2, "type": "Linear", "in_features": 3, "out_features": 2,
       "weight": [["0.7", "-0.6", "0.5"], ["0.4", "0.3", "-0.2"]], "bias": ["0.0", "-0.0"]}
    ],
    "data": {"file": "data.csv", "N": 4, "d": 2, "K": 2}
  })");
}

const char* kCsv = "0.5,1,0\n-0.25,0.125,1\n1.0000000000000002,-3,0\n2,0.1,1\n";

fs::path WriteExport(const std::string& name, const json& j, const std::string& csv = kCsv) {
  const fs::path dir = Root() / name;
  fs::create_directories(dir);
  WriteFileAtomically(dir / "export.json", j.dump(1));
  WriteFileAtomically(dir / "data.csv", csv);
  return dir;
}

TEST(ImportedNetworkTest, ReadsTheNetworkExactly) {
  const ImportedNetwork net = ImportedNetwork::Load(WriteExport("valid", ValidExport()));
  EXPECT_EQ(net.name, "tiny");
  EXPECT_EQ(net.spec.widths, (std::vector<int>{2, 3, 2}));
  EXPECT_EQ(net.spec.activation.Name(), "tanh");
  EXPECT_EQ(net.spec.loss.Name(), "mse");
  EXPECT_EQ(net.spec.lambda, 0.001);
  EXPECT_EQ(net.spec.lambda_b, 0.001);
  EXPECT_TRUE(net.spec.has_bias(1) && net.spec.has_bias(2));
  const MlpParameters<double> p = ParseParameters<double>(net.spec, net.parameters);
  EXPECT_EQ(p.W[1](0, 1), -0.30000000000000004);
  EXPECT_EQ(p.W[1](1, 0), 1.2345678901234567);
  EXPECT_EQ(p.W[1](1, 1), 2e-310);  // subnormal: still exact
  EXPECT_EQ(p.W[2](1, 2), -0.2);
  EXPECT_EQ(p.b[1](2), 0.03);
  EXPECT_TRUE(std::signbit(p.b[2](1)));
  EXPECT_EQ(net.data.size(), 4);
  EXPECT_EQ(net.data.X(0, 2), 1.0000000000000002);
  EXPECT_EQ(net.data.labels, (std::vector<int>{0, 1, 0, 1}));
}

// Through the run directory writer and loader: the same bits, the certificate
// at the imported point equals a direct evaluation, and log.json says where
// the point came from.
TEST(ImportedNetworkTest, RunDirectoryKeepsEveryWeightAndCertifiesThePoint) {
  const ImportedNetwork net = ImportedNetwork::Load(WriteExport("run-source", ValidExport()));
  const fs::path out = Root() / "run";
  const TrainResult r = net.ToTrainResult((out / "data.csv").string());
  WriteRunDirectory(out, r);
  const RunDirectory run = RunDirectory::Load(out);
  EXPECT_EQ(run.parameters, net.parameters);
  const MlpParameters<double> a = ParseParameters<double>(net.spec, net.parameters), b = run.Parameters<double>();
  for (int l = 1; l <= 2; ++l) {
    EXPECT_EQ(a.W[l], b.W[l]);
    EXPECT_EQ(a.b[l], b.b[l]);
  }
  EXPECT_EQ(run.precision.ToString(), "double");
  const json log = json::parse(ReadWholeFile(out / "log.json"));
  ASSERT_TRUE(log.contains("origin"));
  EXPECT_EQ(log["origin"]["format"], "nrc-export/1");
  EXPECT_EQ(log["stages"][0]["name"], "import");
  // ||grad J||_2 at the point: the certificate (MPFR) against the double gradient.
  const auto eval = Evaluate<double>(net.spec, a, net.data.X, net.data.labels);
  const double g = eval.gradient.Flatten().norm();
  EXPECT_GT(g, 1e-3);  // far from stationary: the import does not move the point
  // double evaluation of a sum of N = 4 terms of size ~1: relative error far below 1e-12.
  EXPECT_NEAR(r.certificate.grad_norm_2_value, g, 1e-12 * g);
}

void ExpectRefused(const std::string& name, const json& j, const std::string& expected,
                   const std::string& csv = kCsv) {
  const fs::path dir = WriteExport(name, j, csv);
  try {
    (void)ImportedNetwork::Load(dir);
    ADD_FAILURE() << name << ": accepted";
  } catch (const std::exception& e) {
    const std::string what = e.what();
    EXPECT_NE(what.find(expected), std::string::npos) << name << ": " << what;
    EXPECT_EQ(what.find('\n'), std::string::npos) << name << ": more than one line: " << what;
  }
}

json With(const std::function<void(json&)>& change) {
  json j = ValidExport();
  change(j);
  return j;
}

TEST(ImportedNetworkTest, RefusesUnsupportedModules) {
  ExpectRefused("conv", With([](json& j) { j["modules"][1] = {{"index", 1}, {"type", "Conv1d"}}; }),
                "export.json: module 1 (Conv1d): unsupported module type");
  ExpectRefused("softmax-last", With([](json& j) { j["modules"].push_back({{"index", 3}, {"type", "Softmax"}}); }),
                "module 3 (Softmax): unsupported module type");
  ExpectRefused("tanh-last", With([](json& j) { j["modules"].push_back({{"index", 3}, {"type", "Tanh"}}); }),
                "module 3 (Tanh): the network must end with a Linear layer");
  ExpectRefused("gelu-tanh", With([](json& j) { j["modules"][1] = {{"index", 1}, {"type", "GELU"}, {"approximate", "tanh"}}; }),
                "module 1 (GELU): approximate = 'tanh' unsupported");
  ExpectRefused("softplus-beta", With([](json& j) { j["modules"][1] = {{"index", 1}, {"type", "Softplus"}, {"beta", "2.0"}}; }),
                "module 1 (Softplus): beta = 2.0 unsupported");
  ExpectRefused("no-activation", With([](json& j) { j["modules"].erase(1); }),
                "module 2 (Linear): follows module 0 (Linear) without an activation");
  json mixed = ValidExport();  // Linear(2,3) Tanh Linear(3,3) ReLU Linear(3,2)
  json middle = {{"index", 2}, {"type", "Linear"}, {"in_features", 3}, {"out_features", 3},
                 {"weight", {{"1", "0", "0"}, {"0", "1", "0"}, {"0", "0", "1"}}}, {"bias", {"0", "0", "0"}}};
  mixed["modules"][2]["index"] = 4;
  const json relu = {{"index", 3}, {"type", "ReLU"}};
  mixed["modules"].insert(mixed["modules"].begin() + 2, relu);
  mixed["modules"].insert(mixed["modules"].begin() + 2, middle);
  ExpectRefused("mixed-activations", mixed, "module 3 (ReLU): nrc networks use one activation throughout, but module 1 (Tanh) is tanh");
}

TEST(ImportedNetworkTest, RefusesShapeMismatches) {
  ExpectRefused("in-features", With([](json& j) { j["modules"][2]["in_features"] = 4; }),
                "module 2 (Linear): in_features = 4 but module 0 (Linear) has out_features = 3");
  ExpectRefused("rows", With([](json& j) { j["modules"][0]["weight"].erase(2); }),
                "module 0 (Linear): weight must be a list of out_features = 3 rows, got 2 rows");
  ExpectRefused("row-length", With([](json& j) { j["modules"][2]["weight"][1].push_back("0.1"); }),
                "module 2 (Linear): weight[1] must hold in_features = 3 entries, got 4");
  ExpectRefused("bias-length", With([](json& j) { j["modules"][0]["bias"].erase(0); }),
                "module 0 (Linear): bias must hold out_features = 3 entries, got 2");
  ExpectRefused("mixed-bias", With([](json& j) { j["modules"][2]["bias"] = nullptr; }),
                "module 2 (Linear): has no bias but module 0 (Linear) has one");
  ExpectRefused("data-width", ValidExport(), "data.csv: 3 features per sample, but the first Linear layer has in_features = 2",
                "0.5,1,2,0\n-0.25,0.125,2,1\n1,-3,2,0\n2,0.1,2,1\n");
  ExpectRefused("data-count", With([](json& j) { j["data"]["N"] = 5; }), "data.N = 5 but data.csv has 4");
}

TEST(ImportedNetworkTest, RefusesNonFiniteWeightsAndBadFields) {
  ExpectRefused("nan", With([](json& j) { j["modules"][2]["weight"][1][0] = "nan"; }),
                "module 2 (Linear): weight[1][0] = 'nan' is not a finite number");
  ExpectRefused("inf-bias", With([](json& j) { j["modules"][0]["bias"][1] = "inf"; }),
                "module 0 (Linear): bias[1] = 'inf' is not a finite number");
  ExpectRefused("junk", With([](json& j) { j["modules"][0]["weight"][0][0] = "0.1x"; }),
                "module 0 (Linear): weight[0][0] = '0.1x' is not a finite number");
  ExpectRefused("lambda", With([](json& j) { j["lambda"] = "0"; }), "lambda");
  ExpectRefused("lambda-b", With([](json& j) { j["lambda_b"] = "0.5"; }), "lambda_b");
  ExpectRefused("loss", With([](json& j) { j["loss"] = "hinge"; }), "export.json: loss:");
  ExpectRefused("format", With([](json& j) { j["format"] = "nrc-model/1"; }), "export.json: 'format' must be");
  ExpectRefused("unknown-key", With([](json& j) { j["weight_decay"] = 1; }), "export.json: unknown key 'weight_decay'");
  ExpectRefused("empty", With([](json& j) { j["modules"] = json::array(); }), "'modules' must be a non-empty list");
}

TEST(ImportedNetworkTest, RefusesBadData) {
  ExpectRefused("label-range", ValidExport(), "data.csv:3:", "0.5,1,0\n-0.25,0.125,1\n1,-3,2\n2,0.1,1\n");
  ExpectRefused("label-negative", ValidExport(), "data.csv:2:", "0.5,1,0\n-0.25,0.125,-1\n1,-3,0\n2,0.1,1\n");
  ExpectRefused("nan-feature", ValidExport(), "data.csv:1:", "nan,1,0\n-0.25,0.125,1\n1,-3,0\n2,0.1,1\n");
  ExpectRefused("empty-class", ValidExport(), "data.csv", "0.5,1,0\n-0.25,0.125,0\n1,-3,0\n2,0.1,0\n");
  ExpectRefused("no-export", json(), "export.json", kCsv);
}

// Format 2: the same network with its weights, biases and data in .npy files
// reads to the same bits as the decimal strings and data.csv of format 1.
fs::path WriteNpyExport(const std::string& name, const std::function<void(json&, const fs::path&)>& change = {}) {
  const ImportedNetwork csv = ImportedNetwork::Load(WriteExport(name + "-csv", ValidExport()));
  const MlpParameters<double> p = ParseParameters<double>(csv.spec, csv.parameters);
  const fs::path dir = Root() / name;
  fs::create_directories(dir);
  json j = ValidExport();
  j["format"] = "nrc-export/2";
  for (int l = 1; l <= 2; ++l) {
    const int index = 2 * (l - 1);
    const Matrix<double> wt = p.W[l].transpose();  // C order (out, in) = column-major in x out
    test::WriteBytes(dir / ("m" + std::to_string(index) + "w.npy"),
                     test::NpyDoubles({std::uint64_t(p.W[l].rows()), std::uint64_t(p.W[l].cols())},
                                      std::vector<double>(wt.data(), wt.data() + wt.size())));
    test::WriteBytes(dir / ("m" + std::to_string(index) + "b.npy"),
                     test::NpyDoubles({std::uint64_t(p.b[l].size())}, std::vector<double>(p.b[l].data(), p.b[l].data() + p.b[l].size())));
    j["modules"][index]["weight"] = "m" + std::to_string(index) + "w.npy";
    j["modules"][index]["bias"] = "m" + std::to_string(index) + "b.npy";
  }
  WriteFileAtomically(dir / "data.npy", NpyFeaturesBytes(csv.data));
  WriteFileAtomically(dir / "labels.npy", NpyLabelsBytes(csv.data));
  j["data"] = {{"file", "data.npy"}, {"labels_file", "labels.npy"}, {"N", 4}, {"d", 2}, {"K", 2}};
  if (change) change(j, dir);
  WriteFileAtomically(dir / "export.json", j.dump(1));
  return dir;
}

TEST(ImportedNetworkTest, NpyExportReadsTheSameBitsAsDecimalStrings) {
  const ImportedNetwork csv = ImportedNetwork::Load(WriteExport("same-csv", ValidExport()));
  const ImportedNetwork npy = ImportedNetwork::Load(WriteNpyExport("same"));
  EXPECT_EQ(npy.parameters, csv.parameters);
  EXPECT_EQ(npy.data.X, csv.data.X);
  EXPECT_EQ(npy.data.labels, csv.data.labels);
  EXPECT_EQ(npy.spec.Describe(), csv.spec.Describe());
}

TEST(ImportedNetworkTest, NpyExportRefusesBadFiles) {
  const auto refused = [](const std::string& name, const std::function<void(json&, const fs::path&)>& change,
                          const std::string& expected) {
    try {
      (void)ImportedNetwork::Load(WriteNpyExport(name, change));
      ADD_FAILURE() << name << ": accepted";
    } catch (const std::exception& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(expected), std::string::npos) << name << ": " << what;
      EXPECT_EQ(what.find('\n'), std::string::npos) << name << ": " << what;
    }
  };
  refused("npy-folder", [](json& j, const fs::path&) { j["modules"][0]["weight"] = "../m0w.npy"; },
          "must be a file name in the export folder");
  refused("npy-shape", [](json& j, const fs::path&) { j["modules"][0]["weight"] = "m2w.npy"; },
          "module 0 (Linear): weight: m2w.npy has shape (2, 3), expected (3, 2)");
  refused("npy-bias", [](json& j, const fs::path&) { j["modules"][2]["bias"] = "m0b.npy"; }, "expected (2,)");
  refused("npy-nan", [](json&, const fs::path& dir) {
    test::WriteBytes(dir / "m0b.npy", test::NpyDoubles({3}, {0.5, std::nan(""), 1}));
  }, "NaN at index [1]");
  refused("npy-missing", [](json&, const fs::path& dir) { fs::remove(dir / "labels.npy"); }, "labels.npy");
  refused("npy-labels", [](json&, const fs::path& dir) {
    test::WriteBytes(dir / "labels.npy", test::NpyInt64({0, 1, 2, 1}));
  }, "not below K=2");
}

}  // namespace
}  // namespace nrc
