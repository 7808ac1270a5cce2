// Internals of the midpoint-radius arithmetic (numerics/midrad_matrix.h):
// the FPU rounding mode for a scope. Only translation units compiled with
// -frounding-math may use it (GCC otherwise assumes round-to-nearest and may
// fold or move floating operations across fesetround); numerics/CMakeLists.txt
// sets that flag on them. The mode is per thread (a new thread starts with
// its creator's): nothing run under a ScopedRounding may hand work to other
// threads (Eigen is built without OpenMP here, so its products run on the
// calling thread). Threaded code sets a ScopedRounding inside each worker's
// task instead (numerics/detail/midrad_blocks.h).
#ifndef NRC_NUMERICS_DETAIL_ROUNDING_MODE_H_
#define NRC_NUMERICS_DETAIL_ROUNDING_MODE_H_

#include <cfenv>
#include <stdexcept>

namespace nrc {
namespace detail {

class ScopedRounding {
 public:
  // mode: FE_TONEAREST, FE_UPWARD or FE_DOWNWARD.
  explicit ScopedRounding(int mode) : previous_(std::fegetround()) {
    if (std::fesetround(mode) != 0) throw std::runtime_error("cannot set the floating-point rounding mode");
  }
  ~ScopedRounding() { std::fesetround(previous_); }
  ScopedRounding(const ScopedRounding&) = delete;
  ScopedRounding& operator=(const ScopedRounding&) = delete;

 private:
  int previous_;
};

}  // namespace detail
}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_ROUNDING_MODE_H_
