// nrc/datasets/npy_writer.cc
#include "datasets/npy_writer.h"

#include <cstdint>
#include <string_view>
#include <vector>

#include "datasets/npy_header.h"
#include "io/content_hash.h"

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "the .npy writers store the values' memory as it is");

namespace nrc {
namespace {

std::string FeaturesHeader(const Dataset& d) {
  NpyHeader h;
  h.descr = "<f8";
  h.shape = {static_cast<std::uint64_t>(d.size()), static_cast<std::uint64_t>(d.dim())};
  return h.Serialize();
}

std::string_view FeaturesValues(const Dataset& d) {
  return {reinterpret_cast<const char*>(d.X.data()), static_cast<std::size_t>(d.X.size()) * sizeof(double)};
}

std::string LabelsBytesOf(const Dataset& d) {
  NpyHeader h;
  h.descr = "<i8";
  h.shape = {static_cast<std::uint64_t>(d.size())};
  const std::vector<std::int64_t> labels(d.labels.begin(), d.labels.end());
  return h.Serialize() + std::string(reinterpret_cast<const char*>(labels.data()), labels.size() * sizeof(std::int64_t));
}

}  // namespace

std::string NpyFeaturesBytes(const Dataset& data) {
  std::string out = FeaturesHeader(data);
  out.append(FeaturesValues(data));
  return out;
}

std::string NpyLabelsBytes(const Dataset& data) { return LabelsBytesOf(data); }

std::string DatasetNpySha256(const Dataset& data) {
  Sha256 h;
  h.Update(FeaturesHeader(data));
  h.Update(FeaturesValues(data));
  h.Update(LabelsBytesOf(data));
  return h.HexDigest();
}

}  // namespace nrc
