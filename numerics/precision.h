// nrc/numerics/precision.h
//
// A working precision chosen at run time, and the guard that sets MPFR's.
//
// Precision names are "float", "double", "longdouble", "float128" and
// "mpfr:BITS" with 24 <= BITS <= 100000. Boost.Multiprecision (1.74) sets the
// default MPFR precision in *decimal digits*, so not every bit count is
// reachable: ScopedMpfrPrecision(bits) selects the smallest reachable precision
// >= bits (256 requested -> 257 used) and reports what it set; reports always
// print the bits actually used (ScalarTraits<Mpfr>::Bits()).
//
// The MPFR default precision is process-global (not per thread) in Boost 1.74:
// nrc never runs two MPFR precisions at once in one process; parallel work
// runs in separate processes.
#ifndef NRC_NUMERICS_PRECISION_H_
#define NRC_NUMERICS_PRECISION_H_

#include <string>
#include <utility>

#include "numerics/scalar.h"

namespace nrc {

enum class ScalarKind { kFloat, kDouble, kLongDouble, kFloat128, kMpfr };

struct Precision {
  ScalarKind kind = ScalarKind::kDouble;
  int mpfr_bits = 0;  // requested bits; only for kMpfr

  // Throws std::invalid_argument naming the bad text and the accepted forms.
  static Precision Parse(const std::string& text);
  // Canonical name, e.g. "double", "mpfr:256" (the requested bits).
  std::string ToString() const;
  // Bits of the significand that a computation at this precision uses.
  int WorkingBits() const;
  bool operator==(const Precision& o) const { return kind == o.kind && mpfr_bits == o.mpfr_bits; }
};

// Sets Boost's default MPFR precision for its lifetime, restoring the previous
// one on destruction. New Mpfr values get at least `bits` bits.
class ScopedMpfrPrecision {
 public:
  explicit ScopedMpfrPrecision(int bits);
  ~ScopedMpfrPrecision();
  ScopedMpfrPrecision(const ScopedMpfrPrecision&) = delete;
  ScopedMpfrPrecision& operator=(const ScopedMpfrPrecision&) = delete;
  // Bits that new Mpfr values actually get under this guard.
  int bits() const { return bits_; }
  // The bits Boost will really use when `bits` are requested.
  static int ReachableBits(int bits);

 private:
  unsigned previous_digits10_;
  int bits_;
};

// Calls f(T{}) with T the scalar type of `p` (under a ScopedMpfrPrecision for
// MPFR) and returns its result.
template <class F>
decltype(auto) WithScalar(const Precision& p, F&& f) {
  switch (p.kind) {
    case ScalarKind::kFloat: return f(float{});
    case ScalarKind::kDouble: return f(double{});
    case ScalarKind::kLongDouble: return f((long double){});
    case ScalarKind::kFloat128: return f(Float128{});
    case ScalarKind::kMpfr: break;
  }
  ScopedMpfrPrecision guard(p.mpfr_bits);
  return f(Mpfr{});
}

}  // namespace nrc

#endif  // NRC_NUMERICS_PRECISION_H_
