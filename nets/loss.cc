#include "nets/loss.h"

#include <stdexcept>

namespace nrc {

Loss Loss::Parse(const std::string& name) {
  if (name == "mse") return Loss(LossKind::kMse);
  if (name == "ce" || name == "cross_entropy") return Loss(LossKind::kCrossEntropy);
  throw std::invalid_argument("unknown loss '" + name + "' (expected mse or ce)");
}

}  // namespace nrc
