// Internals of numerics/enclosures.h and numerics/midrad_enclosures.h: the
// last step of Miyajima's two-sided singular value enclosure, shared by the
// MPFI and the midpoint-radius versions.
#ifndef NRC_NUMERICS_DETAIL_MIYAJIMA_H_
#define NRC_NUMERICS_DETAIL_MIYAJIMA_H_

#include <vector>

#include "numerics/enclosures.h"

namespace nrc {
namespace detail {

// With s_i the computed singular values (exact numbers, as intervals) and
// e, f, g the verified bounds of numerics/enclosures.h: sigma_i in
// [max(0, s_i sqrt((1-f)(1-g)) - e), s_i sqrt((1+f)(1+g)) + e]. ok = false
// (no intervals) unless f < 1, g < 1 and e is finite.
SingularValueEnclosure MiyajimaBounds(const std::vector<Interval>& s, double e, double f, double g);

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_MIYAJIMA_H_
