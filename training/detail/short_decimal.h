// Internals for logs and progress lines: a short (4 significant digits)
// decimal rendering of any nrc scalar, and the process CPU clock. Mpfr goes through MPFR's own printf so
// that magnitudes outside the long double range still print.
#ifndef NRC_TRAINING_DETAIL_SHORT_DECIMAL_H_
#define NRC_TRAINING_DETAIL_SHORT_DECIMAL_H_

#include <cstdio>
#include <string>
#include <type_traits>

#include "numerics/scalar.h"

namespace nrc {
namespace detail {

std::string ShortDecimalMpfr(const Mpfr& x);

// CPU time of the process in seconds (std::clock).
double CpuSeconds();

template <class T>
std::string ShortDecimal(const T& x) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    return ShortDecimalMpfr(x);
  } else {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%.3Le", RoundedCast<long double>(x));
    return buf;
  }
}

}  // namespace detail
}  // namespace nrc

#endif  // NRC_TRAINING_DETAIL_SHORT_DECIMAL_H_
