#include "numerics/norms.h"

namespace nrc {

const char* NormName(Norm n) {
  switch (n) {
    case Norm::kSpectral: return "spectral";
    case Norm::kFrobenius: return "frobenius";
  }
  return "?";
}

}  // namespace nrc
