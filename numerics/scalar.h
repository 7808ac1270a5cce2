// nrc/numerics/scalar.h
//
// The scalar types nrc runs in, and their traits.
//
// Every numerical template in nrc is instantiated for exactly the scalars listed
// by NRC_FOR_EACH_SCALAR: float, double, long double, Float128 (IEEE binary128
// through libquadmath) and Mpfr (MPFR with a precision chosen at run time; see
// numerics/precision.h for the scoped guard that sets it).
//
// ScalarTraits<T> gives, for each scalar:
//   Name()          a short name for reports ("double", "mpfr257", ...);
//   Epsilon()       the unit roundoff times two, i.e. the distance from 1 to the
//                   next representable number (for Mpfr: at the current default
//                   precision);
//   Bits()          significand bits including the implicit one;
//   DecimalDigits() significant decimal digits that make a decimal string round
//                   trip exactly (ToDecimalString / ParseDecimal below).
//
// Conversions:
//   ExactCast<To>(x)    converts and throws std::domain_error unless the value is
//                       represented exactly in To (an upcast float -> double ->
//                       long double -> Float128 -> Mpfr(>=113 bits) is always exact).
//   RoundedCast<To>(x)  converts with rounding to nearest (the error model is one
//                       rounding of To, plus at most one of double for the
//                       Float128 <-> Mpfr path, which splits into doubles).
#ifndef NRC_NUMERICS_SCALAR_H_
#define NRC_NUMERICS_SCALAR_H_

#include <boost/multiprecision/float128.hpp>
#include <boost/multiprecision/mpfr.hpp>
#include <boost/multiprecision/eigen.hpp>
#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>

namespace nrc {

using Float128 = boost::multiprecision::float128;
using Mpfr = boost::multiprecision::number<boost::multiprecision::mpfr_float_backend<0>,
                                           boost::multiprecision::et_off>;

template <class T>
using Matrix = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T>
using Vector = Eigen::Matrix<T, Eigen::Dynamic, 1>;

// X(T) is expanded once per supported scalar type; used for explicit
// instantiation (one translation unit per scalar keeps compile times sane).
#define NRC_FOR_EACH_SCALAR(X) \
  X(float)                     \
  X(double)                    \
  X(long double)               \
  X(::nrc::Float128)           \
  X(::nrc::Mpfr)

template <class T>
struct ScalarTraits;

template <>
struct ScalarTraits<float> {
  static std::string Name() { return "float"; }
  static float Epsilon() { return std::numeric_limits<float>::epsilon(); }
  static int Bits() { return std::numeric_limits<float>::digits; }
  static int DecimalDigits() { return std::numeric_limits<float>::max_digits10; }
};
template <>
struct ScalarTraits<double> {
  static std::string Name() { return "double"; }
  static double Epsilon() { return std::numeric_limits<double>::epsilon(); }
  static int Bits() { return std::numeric_limits<double>::digits; }
  static int DecimalDigits() { return std::numeric_limits<double>::max_digits10; }
};
template <>
struct ScalarTraits<long double> {
  static std::string Name() { return "longdouble"; }
  static long double Epsilon() { return std::numeric_limits<long double>::epsilon(); }
  static int Bits() { return std::numeric_limits<long double>::digits; }
  static int DecimalDigits() { return std::numeric_limits<long double>::max_digits10; }
};
template <>
struct ScalarTraits<Float128> {
  static std::string Name() { return "float128"; }
  static Float128 Epsilon() { return std::numeric_limits<Float128>::epsilon(); }
  static int Bits() { return std::numeric_limits<Float128>::digits; }
  static int DecimalDigits() { return std::numeric_limits<Float128>::max_digits10; }
};
template <>
struct ScalarTraits<Mpfr> {
  // Bits of a freshly constructed Mpfr at the current default precision.
  static int Bits();
  static std::string Name() { return "mpfr" + std::to_string(Bits()); }
  static Mpfr Epsilon();
  // ceil(Bits * log10(2)) + 1: enough for an exact decimal round trip.
  static int DecimalDigits();
};

// Round-trip decimal representation ("%.*e" style, DecimalDigits() digits).
template <class T>
std::string ToDecimalString(const T& x);
// The exact value as a hexadecimal floating literal ("%a" style, e.g.
// "-0x1.8p-3"): no rounding, for every scalar (MPFR at its own precision).
// Read back exactly by Interval::FromText (numerics/interval.h).
template <class T>
std::string ToExactHexString(const T& x);
// Correctly rounded parse of a decimal string; throws std::invalid_argument on
// anything that is not a complete finite number.
template <class T>
T ParseDecimal(const std::string& s);

// Conversions (see the header comment for the guarantees).
template <class To, class From>
To RoundedCast(const From& x);
template <class To, class From>
To ExactCast(const From& x);

// Ordinary helpers that read the same for every scalar.
template <class T>
double ToDouble(const T& x) {
  return RoundedCast<double>(x);
}
template <class T>
bool IsFinite(const T& x) {
  using std::isfinite;
  using boost::multiprecision::isfinite;
  return isfinite(x);
}

}  // namespace nrc

#include "numerics/detail/scalar_impl.h"

#endif  // NRC_NUMERICS_SCALAR_H_
