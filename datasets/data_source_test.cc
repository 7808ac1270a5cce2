#include "datasets/data_source.h"

#include <gtest/gtest.h>

#include "datasets/data_error.h"

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

}  // namespace
}  // namespace nrc
