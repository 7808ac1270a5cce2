#include "datasets/data_source.h"

#include <gtest/gtest.h>

#include <cmath>

#include <filesystem>

#include "datasets/data_error.h"
#include "tests/support/binary_files.h"
#include "tests/support/temp_dir.h"

namespace nrc {
namespace {

TEST(DataSource, BundledNames) {
  EXPECT_EQ(LoadDataSource("iris").size(), 150);
  EXPECT_EQ(LoadDataSource("digits").num_classes, 10);
  EXPECT_THROW(LoadDataSource("iris", 4), std::invalid_argument);
}

TEST(DataSource, GaussianKeysAndDefaults) {
  const auto spec = ParseGaussianSource("gauss:K=3,d=5,n=7,std=0.25,seed=9,center=2");
  EXPECT_EQ(spec.num_classes, 3);
  EXPECT_EQ(spec.dim, 5);
  EXPECT_EQ(spec.per_class, 7);
  EXPECT_EQ(spec.within_std, 0.25);
  EXPECT_EQ(spec.center_scale, 2.0);
  EXPECT_EQ(spec.seed, 9u);
  const Dataset d = LoadDataSource("gauss:K=3,d=5,n=7");
  EXPECT_EQ(d.size(), 21);
  EXPECT_EQ(d.dim(), 5);
  EXPECT_EQ(LoadDataSource("gauss").num_classes, 4);
}

TEST(DataSource, BadSourcesNameTheProblem) {
  for (const char* bad : {"gauss:K=0", "gauss:K=2.5", "gauss:q=1", "gauss:K", "gauss:std=nan", "gaussx"}) {
    try {
      LoadDataSource(bad);
      FAIL() << bad;
    } catch (const std::exception& e) {
      EXPECT_EQ(std::string(e.what()).find('\n'), std::string::npos) << e.what();
    }
  }
  EXPECT_THROW(LoadDataSource("/no/such/file.csv"), DataError);
}

TEST(DataSource, SubsetSuffixOnAnySource) {
  const Dataset d = LoadDataSource("digits@n=100");
  EXPECT_EQ(d.size(), 100);
  EXPECT_EQ(d.source, "digits@n=100");
  EXPECT_EQ(d.ClassCounts(), std::vector<int>(10, 10));
  const Dataset e = LoadDataSource("digits@n=100,seed=1");
  EXPECT_EQ(e.X, d.X);
  EXPECT_NE(LoadDataSource("digits@n=100,seed=2").X, d.X);
  EXPECT_EQ(WithSubset("digits", 100), "digits@n=100");
  EXPECT_EQ(WithSubset("x.csv", 5, 3), "x.csv@n=5,seed=3");
  EXPECT_THROW(WithSubset("digits@n=5", 5), std::invalid_argument);
  for (const char* bad : {"digits@n=0", "digits@n=5", "digits@n=100,q=1", "digits@n=1e9", "digits@n=x"}) {
    EXPECT_THROW(LoadDataSource(bad), std::invalid_argument) << bad;
  }
}

TEST(DataSource, BinaryFilesToldByContent) {
  namespace fs = std::filesystem;
  const fs::path dir = test::FreshProcessTempDir("nrc_source_test_");
  test::WriteGzip(dir / "train-images-idx3-ubyte.gz", test::IdxBytes({2, 1, 2}, {0, 255, 51, 102}));
  test::WriteGzip(dir / "train-labels-idx1-ubyte.gz", test::IdxBytes({2}, {1, 0}));
  const std::string images = (dir / "train-images-idx3-ubyte.gz").string();
  const Dataset a = LoadDataSource(images);
  EXPECT_EQ(a.size(), 2);
  EXPECT_EQ(a.X(1, 0), 1.0);
  const Dataset b = LoadDataSource("idx:" + images + "," + (dir / "train-labels-idx1-ubyte.gz").string());
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(TestSourceFor(images), "");  // no t10k files beside it
  test::WriteBytes(dir / "t10k-images-idx3-ubyte.gz", test::IdxBytes({2, 1, 2}, {0, 1, 2, 3}));
  test::WriteBytes(dir / "t10k-labels-idx1-ubyte.gz", test::IdxBytes({2}, {0, 1}));
  EXPECT_EQ(TestSourceFor(images + "@n=2"), "idx:" + (dir / "t10k-images-idx3-ubyte.gz").string() + "," +
                                                 (dir / "t10k-labels-idx1-ubyte.gz").string());
  EXPECT_EQ(LoadDataSource(TestSourceFor(images)).size(), 2);

  test::WriteBytes(dir / "my-data.npy", test::NpyDoubles({3, 1}, {0.5, 1.5, 2.5}));
  test::WriteBytes(dir / "my-labels.npy", test::NpyInt64({0, 1, 1}));
  const Dataset n = LoadDataSource((dir / "my-data.npy").string());
  EXPECT_EQ(n.size(), 3);
  EXPECT_EQ(n.X(0, 2), 2.5);
  EXPECT_EQ(LoadDataSource("npy:" + (dir / "my-data.npy").string() + "," + (dir / "my-labels.npy").string()).X, n.X);
  EXPECT_THROW(LoadDataSource((dir / "t10k-labels-idx1-ubyte.gz").string()), DataError);  // labels as images
  EXPECT_THROW(LoadDataSource("idx:" + images), std::invalid_argument);
  fs::remove_all(dir);
}

TEST(DataSource, FashionMnist) {
  if (!std::filesystem::exists(std::string(kFashionMnistDir) + "/train-images-idx3-ubyte.gz")) {
    GTEST_SKIP() << "Debian package dataset-fashion-mnist is not installed (tools/setup installs it)";
  }
  const Dataset a = LoadDataSource("fashion-mnist@n=1000,seed=3");
  EXPECT_EQ(a.size(), 1000);
  EXPECT_EQ(a.dim(), 784);
  EXPECT_EQ(a.num_classes, 10);
  EXPECT_EQ(a.ClassCounts(), std::vector<int>(10, 100));
  EXPECT_EQ(a.class_names.front(), "T-shirt/top");
  EXPECT_EQ(a.source, "fashion-mnist@n=1000,seed=3");
  EXPECT_GE(a.X.minCoeff(), 0.0);
  EXPECT_LE(a.X.maxCoeff(), 1.0);
  for (Eigen::Index k = 0; k < a.X.size(); ++k) {  // every value is a pixel / 255, exactly
    const double v = a.X.data()[k] * 255.0;
    ASSERT_EQ(std::nearbyint(v) / 255.0, a.X.data()[k]);
  }
  const Dataset b = LoadDataSource("fashion-mnist@n=1000,seed=3");
  EXPECT_EQ(a.X, b.X);
  EXPECT_EQ(a.labels, b.labels);
  EXPECT_NE(LoadDataSource("fashion-mnist@n=1000,seed=4").X, a.X);
  EXPECT_EQ(TestSourceFor("fashion-mnist@n=1000"), "fashion-mnist:test");
  const Dataset test = LoadDataSource("fashion-mnist:test", 10);
  EXPECT_EQ(test.size(), 10000);
  EXPECT_EQ(test.ClassCounts(), std::vector<int>(10, 1000));
  EXPECT_TRUE(IsBuiltInSource("fashion-mnist@n=10"));
  EXPECT_THROW(LoadDataSource("fashion-mnist:valid"), std::invalid_argument);
}

}  // namespace
}  // namespace nrc
