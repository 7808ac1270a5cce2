#include "nets/activation.h"

#include <cstdlib>
#include <stdexcept>

namespace nrc {
namespace {
struct NamedKind {
  const char* name;
  ActivationKind kind;
};
constexpr NamedKind kKinds[] = {
    {"tanh", ActivationKind::kTanh},         {"sigmoid", ActivationKind::kSigmoid},
    {"softplus", ActivationKind::kSoftplus}, {"identity", ActivationKind::kIdentity},
    {"leaky_relu", ActivationKind::kLeakyRelu}, {"relu", ActivationKind::kRelu},
    {"gelu", ActivationKind::kGelu},         {"silu", ActivationKind::kSilu},
};
}  // namespace

std::vector<std::string> Activation::Names() {
  std::vector<std::string> names;
  for (const auto& k : kKinds) names.push_back(k.name);
  return names;
}

Activation Activation::Parse(const std::string& text) {
  std::string name = text;
  double slope = 0.01;
  const auto colon = text.find(':');
  if (colon != std::string::npos && text.substr(0, colon) == "leaky_relu") {
    name = "leaky_relu";
    const std::string s = text.substr(colon + 1);
    char* end = nullptr;
    slope = std::strtod(s.c_str(), &end);
    if (s.empty() || *end != '\0' || !std::isfinite(slope)) {
      throw std::invalid_argument("bad leaky_relu slope in activation '" + text + "'");
    }
  }
  for (const auto& k : kKinds) {
    if (name == k.name) return Activation(k.kind, slope);
  }
  std::string list;
  for (const auto& k : kKinds) list += std::string(list.empty() ? "" : ", ") + k.name;
  throw std::invalid_argument("unknown activation '" + text + "' (expected one of " + list +
                              ", leaky_relu:SLOPE)");
}

std::string Activation::Name() const {
  for (const auto& k : kKinds) {
    if (k.kind == kind_) {
      if (kind_ == ActivationKind::kLeakyRelu && slope_ != 0.01) {
        char buf[64];
        std::snprintf(buf, sizeof buf, "leaky_relu:%.17g", slope_);
        return buf;
      }
      return k.name;
    }
  }
  return "?";
}

}  // namespace nrc
