// data_bench: loading real data at scale (issue 18 item 1, issue 17 item 3).
//
//   BM_FashionMnistLoad          all 60000 training images: gunzip, IDX
//                                checks, pixel / 255 (LoadDataSource)
//   BM_FashionMnistSubset        the same plus a class-balanced subset of 10000
//   BM_NpyRead                   the 60000 x 784 images from a .npy pair
//                                (what a run directory of an imported network
//                                and a nrc_export.py export hold: 376 MB)
//   BM_NpyWrite                  the same pair's bytes (NpyFeaturesBytes +
//                                NpyLabelsBytes)
//   BM_DatasetNpySha256          the content hash a run directory checks on
//                                every load (streamed, no copy)
// Skipped (SkipWithError) when Debian's dataset-fashion-mnist is absent.
// Run: build/bench/data_bench --benchmark_min_time=1 (times: wall; one core).
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "datasets/data_source.h"
#include "datasets/npy_reader.h"
#include "datasets/npy_writer.h"

namespace {

namespace fs = std::filesystem;

bool HaveFashionMnist(benchmark::State& state) {
  if (fs::exists(std::string(nrc::kFashionMnistDir) + "/train-images-idx3-ubyte.gz")) return true;
  state.SkipWithError("Debian package dataset-fashion-mnist is not installed");
  return false;
}

const nrc::Dataset& FashionMnist() {
  static const nrc::Dataset data = nrc::LoadDataSource("fashion-mnist");
  return data;
}

void BM_FashionMnistLoad(benchmark::State& state) {
  if (!HaveFashionMnist(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(nrc::LoadDataSource("fashion-mnist").X.data());
  state.SetBytesProcessed(state.iterations() * 60000LL * 784);
}
BENCHMARK(BM_FashionMnistLoad)->Unit(benchmark::kMillisecond);

void BM_FashionMnistSubset(benchmark::State& state) {
  if (!HaveFashionMnist(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(nrc::LoadDataSource("fashion-mnist@n=10000").X.data());
}
BENCHMARK(BM_FashionMnistSubset)->Unit(benchmark::kMillisecond);

void BM_NpyRead(benchmark::State& state) {
  if (!HaveFashionMnist(state)) return;
  const fs::path dir = fs::temp_directory_path() / ("nrc_data_bench_" + std::to_string(::getpid()));
  fs::create_directories(dir);
  std::ofstream(dir / "data.npy", std::ios::binary) << nrc::NpyFeaturesBytes(FashionMnist());
  std::ofstream(dir / "labels.npy", std::ios::binary) << nrc::NpyLabelsBytes(FashionMnist());
  for (auto _ : state) {
    benchmark::DoNotOptimize(nrc::ReadNpyDataset((dir / "data.npy").string(), (dir / "labels.npy").string()).X.data());
  }
  state.SetBytesProcessed(state.iterations() * 60000LL * 784 * 8);
  fs::remove_all(dir);
}
BENCHMARK(BM_NpyRead)->Unit(benchmark::kMillisecond);

void BM_NpyWrite(benchmark::State& state) {
  if (!HaveFashionMnist(state)) return;
  for (auto _ : state) {
    benchmark::DoNotOptimize(nrc::NpyFeaturesBytes(FashionMnist()).size() + nrc::NpyLabelsBytes(FashionMnist()).size());
  }
  state.SetBytesProcessed(state.iterations() * 60000LL * 784 * 8);
}
BENCHMARK(BM_NpyWrite)->Unit(benchmark::kMillisecond);

void BM_DatasetNpySha256(benchmark::State& state) {
  if (!HaveFashionMnist(state)) return;
  for (auto _ : state) benchmark::DoNotOptimize(nrc::DatasetNpySha256(FashionMnist()));
  state.SetBytesProcessed(state.iterations() * 60000LL * 784 * 8);
}
BENCHMARK(BM_DatasetNpySha256)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
