#include "numerics/scalar.h"

#include <mpfr.h>
#include <quadmath.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>

// Debian's MPFR is built with binary128 support; its header declares these
// only under MPFR_WANT_FLOAT128 with the C type _Float128, which g++ 12 lacks
// in C++. __float128 has the same ABI.
extern "C" int mpfr_set_float128(mpfr_ptr, __float128, mpfr_rnd_t);
extern "C" __float128 mpfr_get_float128(mpfr_srcptr, mpfr_rnd_t);

namespace nrc {

int ScalarTraits<Mpfr>::Bits() {
  Mpfr probe;
  return static_cast<int>(mpfr_get_prec(probe.backend().data()));
}
Mpfr ScalarTraits<Mpfr>::Epsilon() {
  Mpfr one(1);
  Mpfr eps;
  mpfr_set_ui_2exp(eps.backend().data(), 1, 1 - Bits(), MPFR_RNDN);
  (void)one;
  return eps;
}
int ScalarTraits<Mpfr>::DecimalDigits() {
  return static_cast<int>(std::ceil(Bits() * 0.30102999566398120)) + 1;
}

namespace detail {
float MpfrToFloat(const Mpfr& x) { return mpfr_get_flt(x.backend().data(), MPFR_RNDN); }
double MpfrToDouble(const Mpfr& x) { return mpfr_get_d(x.backend().data(), MPFR_RNDN); }
long double MpfrToLongDouble(const Mpfr& x) { return mpfr_get_ld(x.backend().data(), MPFR_RNDN); }
Float128 MpfrToFloat128(const Mpfr& x) {
  return Float128(mpfr_get_float128(x.backend().data(), MPFR_RNDN));
}
Mpfr Float128ToMpfr(const Float128& x) {
  Mpfr y;
  mpfr_set_float128(y.backend().data(), x.backend().value(), MPFR_RNDN);
  return y;
}
}  // namespace detail

namespace {
std::string Trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  const auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}
[[noreturn]] void BadNumber(const std::string& s) {
  throw std::invalid_argument("not a finite decimal number: '" + s + "'");
}
}  // namespace

template <>
std::string ToDecimalString<float>(const float& x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", ScalarTraits<float>::DecimalDigits() - 1, static_cast<double>(x));
  return buf;
}
template <>
std::string ToDecimalString<double>(const double& x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*e", ScalarTraits<double>::DecimalDigits() - 1, x);
  return buf;
}
template <>
std::string ToDecimalString<long double>(const long double& x) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%.*Le", ScalarTraits<long double>::DecimalDigits() - 1, x);
  return buf;
}
template <>
std::string ToDecimalString<Float128>(const Float128& x) {
  char buf[96];
  quadmath_snprintf(buf, sizeof buf, "%.*Qe", ScalarTraits<Float128>::DecimalDigits() - 1,
                    x.backend().value());
  return buf;
}
template <>
std::string ToDecimalString<Mpfr>(const Mpfr& x) {
  const int digits = ScalarTraits<Mpfr>::DecimalDigits();
  if (!mpfr_number_p(x.backend().data())) return mpfr_nan_p(x.backend().data()) ? "nan" : (x > 0 ? "inf" : "-inf");
  char* out = nullptr;
  mpfr_asprintf(&out, "%.*Re", digits - 1, x.backend().data());
  std::string s(out);
  mpfr_free_str(out);
  return s;
}

template <>
std::string ToExactHexString<double>(const double& x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%a", x);
  return buf;
}
template <>
std::string ToExactHexString<float>(const float& x) {
  return ToExactHexString(static_cast<double>(x));  // exact: float is a subset of double
}
template <>
std::string ToExactHexString<long double>(const long double& x) {
  char buf[80];
  std::snprintf(buf, sizeof buf, "%La", x);
  return buf;
}
template <>
std::string ToExactHexString<Float128>(const Float128& x) {
  char buf[96];
  quadmath_snprintf(buf, sizeof buf, "%Qa", x.backend().value());
  return buf;
}
template <>
std::string ToExactHexString<Mpfr>(const Mpfr& x) {
  char* out = nullptr;
  mpfr_asprintf(&out, "%Ra", x.backend().data());
  std::string s(out);
  mpfr_free_str(out);
  return s;
}

namespace {
// One complete finite decimal: s trimmed, all of it read by
// parse(text, &end) (a strtod-like reader), and finite(value).
template <class T, class Parse, class Finite>
T ParseCompleteDecimal(const std::string& s, Parse parse, Finite finite) {
  const std::string t = Trim(s);
  char* end = nullptr;
  T v = parse(t.c_str(), &end);
  if (t.empty() || *end != '\0' || !finite(v)) BadNumber(s);
  return v;
}
constexpr auto kIsFinite = [](auto v) { return std::isfinite(v); };
}  // namespace

template <>
float ParseDecimal<float>(const std::string& s) {
  return ParseCompleteDecimal<float>(s, std::strtof, kIsFinite);
}
template <>
double ParseDecimal<double>(const std::string& s) {
  return ParseCompleteDecimal<double>(s, std::strtod, kIsFinite);
}
template <>
long double ParseDecimal<long double>(const std::string& s) {
  return ParseCompleteDecimal<long double>(s, std::strtold, kIsFinite);
}
template <>
Float128 ParseDecimal<Float128>(const std::string& s) {
  const auto finite = [](__float128 v) { return !isinfq(v) && !isnanq(v); };
  return Float128(ParseCompleteDecimal<__float128>(s, strtoflt128, finite));
}
template <>
Mpfr ParseDecimal<Mpfr>(const std::string& s) {
  const auto parse = [](const char* text, char** end) {
    Mpfr v;
    mpfr_strtofr(v.backend().data(), text, end, 10, MPFR_RNDN);
    return v;
  };
  return ParseCompleteDecimal<Mpfr>(s, parse, [](const Mpfr& v) { return mpfr_number_p(v.backend().data()) != 0; });
}

}  // namespace nrc
