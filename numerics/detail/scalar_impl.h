// Internals of numerics/scalar.h: conversions between the supported scalars.
#ifndef NRC_NUMERICS_DETAIL_SCALAR_IMPL_H_
#define NRC_NUMERICS_DETAIL_SCALAR_IMPL_H_

namespace nrc {
namespace detail {

// Correctly rounded conversions out of and into the two library types; defined
// in numerics/scalar.cc with MPFR's own conversion functions.
float MpfrToFloat(const Mpfr& x);
double MpfrToDouble(const Mpfr& x);
long double MpfrToLongDouble(const Mpfr& x);
Float128 MpfrToFloat128(const Mpfr& x);
Mpfr Float128ToMpfr(const Float128& x);

template <class To>
To FromMpfr(const Mpfr& x) {
  if constexpr (std::is_same_v<To, float>) return MpfrToFloat(x);
  else if constexpr (std::is_same_v<To, double>) return MpfrToDouble(x);
  else if constexpr (std::is_same_v<To, long double>) return MpfrToLongDouble(x);
  else if constexpr (std::is_same_v<To, Float128>) return MpfrToFloat128(x);
  else {
    // Mpfr -> Mpfr: rounds to the current default precision (a plain copy
    // would keep x's precision: Boost 1.74 copies and arithmetic keep the
    // largest operand precision).
    To y;
    mpfr_set(y.backend().data(), x.backend().data(), MPFR_RNDN);
    return y;
  }
}

}  // namespace detail

template <class To, class From>
To RoundedCast(const From& x) {
  if constexpr (std::is_same_v<To, From> && !std::is_same_v<To, Mpfr>) {
    return x;
  } else if constexpr (std::is_same_v<From, Mpfr>) {
    return detail::FromMpfr<To>(x);
  } else if constexpr (std::is_same_v<To, Mpfr>) {
    if constexpr (std::is_same_v<From, Float128>) return detail::Float128ToMpfr(x);
    else return Mpfr(x);  // mpfr_set_{flt,d,ld}: rounded to nearest
  } else if constexpr (std::is_same_v<From, Float128>) {
    return static_cast<To>(x.template convert_to<long double>());
  } else if constexpr (std::is_same_v<To, Float128>) {
    return Float128(static_cast<long double>(x));
  } else {
    return static_cast<To>(x);
  }
}

template <class To, class From>
To ExactCast(const From& x) {
  To y = RoundedCast<To>(x);
  // Exact iff converting back reproduces the input (NaN never is).
  if (!(RoundedCast<From>(y) == x)) {
    throw std::domain_error("ExactCast: value " + ToDecimalString(x) +
                            " is not representable exactly in the target type");
  }
  return y;
}

}  // namespace nrc

#endif  // NRC_NUMERICS_DETAIL_SCALAR_IMPL_H_
