#include "training/detail/short_decimal.h"

#include <mpfr.h>

#include <ctime>

namespace nrc {
namespace detail {

std::string ShortDecimalMpfr(const Mpfr& x) {
  char* out = nullptr;
  mpfr_asprintf(&out, "%.3Re", x.backend().data());
  std::string s(out);
  mpfr_free_str(out);
  return s;
}

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

}  // namespace detail
}  // namespace nrc
