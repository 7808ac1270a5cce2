// Internals of numerics/midrad_matrix.h: the constants of its error model.
#ifndef NRC_NUMERICS_DETAIL_MIDRAD_CONSTANTS_H_
#define NRC_NUMERICS_DETAIL_MIDRAD_CONSTANTS_H_

#include <limits>

namespace nrc {
namespace detail {

// u = 2^-53, the unit roundoff of binary64 in round-to-nearest.
constexpr double kUnitRoundoff = std::numeric_limits<double>::epsilon() / 2;
// eta = 2^-1074, the smallest positive subnormal (underflow error scale).
constexpr double kEta = std::numeric_limits<double>::denorm_min();

// gamma_n = n u / (1 - n u) rounded up (std::invalid_argument unless n u < 1/2).
// Defined in midrad_matrix.cc (a -frounding-math unit).
double GammaUpper(int n);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_MIDRAD_CONSTANTS_H_
