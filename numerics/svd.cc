#include "numerics/svd.h"

namespace nrc {

const char* SvdMethodName(SvdMethod m) {
  switch (m) {
    case SvdMethod::kJacobi: return "jacobi";
    case SvdMethod::kBidiagonalDC: return "bdc";
    case SvdMethod::kAuto: return "auto";
  }
  return "?";
}

}  // namespace nrc
