// Parameter <-> decimal string conversion, instantiated for every scalar here
// (no Eigen decomposition involved: one translation unit is cheap).
#include "training/parameter_strings.h"

#include <mpfr.h>

#include <algorithm>
#include <cstdio>
#include <stdexcept>

#include "numerics/precision.h"

namespace nrc {
namespace {

// The exact decimal expansion of an MPFR number (see the header).
std::string ExactDecimalMpfr(mpfr_srcptr x) {
  if (!mpfr_number_p(x)) throw std::invalid_argument("ToExactDecimalString: not a finite number");
  if (mpfr_zero_p(x)) return mpfr_signbit(x) ? "-0" : "0";
  // x = m 2^(E - p) with m < 2^p an integer. With E - p < 0 the expansion is
  // m 5^(p - E) / 10^(p - E), and m 5^(p - E) has at most
  // p log10(2) + (p - E) log10(5) + 1 digits; with E >= p, x is an integer of
  // at most E log10(2) + 1 digits. mpfr_get_str rounds correctly to n digits,
  // so with n at least that many the digits are exact.
  const double p = static_cast<double>(mpfr_get_prec(x));
  const double E = static_cast<double>(mpfr_get_exp(x));
  const double bound = E >= p ? E * 0.30103 : p * 0.30103 + (p - E) * 0.69898;
  const std::size_t n = static_cast<std::size_t>(bound) + 3;
  mpfr_exp_t exp10 = 0;
  char* raw = mpfr_get_str(nullptr, &exp10, 10, n, x, MPFR_RNDN);
  if (raw == nullptr) throw std::invalid_argument("ToExactDecimalString: mpfr_get_str failed");
  std::string digits(raw);
  mpfr_free_str(raw);
  std::string sign;
  if (!digits.empty() && digits[0] == '-') {
    sign = "-";
    digits.erase(0, 1);
  }
  while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
  // value = 0.d1 d2 ... x 10^exp10 = d1.d2... x 10^(exp10 - 1)
  std::string out = sign + digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char e[32];
  std::snprintf(e, sizeof e, "e%+03ld", static_cast<long>(exp10 - 1));
  return out + e;
}

}  // namespace

template <class T>
std::string ToExactDecimalString(const T& x) {
  if constexpr (std::is_same_v<T, Mpfr>) {
    return ExactDecimalMpfr(x.backend().data());
  } else {
    if (!IsFinite(x)) throw std::invalid_argument("ToExactDecimalString: not a finite number");
    // Every float, double, long double and Float128 is exactly an MPFR number
    // of >= 113 bits (ExactCast throws otherwise).
    ScopedMpfrPrecision guard(128);
    return ExactDecimalMpfr(ExactCast<Mpfr>(x).backend().data());
  }
}

template <class T>
std::vector<std::string> FormatParameters(const MlpParameters<T>& theta) {
  const Vector<T> flat = theta.Flatten();
  std::vector<std::string> out;
  out.reserve(flat.size());
  for (Eigen::Index i = 0; i < flat.size(); ++i) out.push_back(ToExactDecimalString(flat(i)));
  return out;
}

template <class T>
MlpParameters<T> ParseParameters(const MlpSpec& spec, const std::vector<std::string>& flat) {
  const int P = spec.NumParameters();
  if (static_cast<int>(flat.size()) != P) {
    throw std::invalid_argument("parameter list has " + std::to_string(flat.size()) + " entries, network " +
                                spec.Describe() + " has " + std::to_string(P));
  }
  Vector<T> v(P);
  for (int i = 0; i < P; ++i) {
    try {
      v(i) = ParseDecimal<T>(flat[i]);
    } catch (const std::invalid_argument& e) {
      throw std::invalid_argument("parameter " + std::to_string(i) + ": " + e.what());
    }
  }
  return MlpParameters<T>::Unflatten(spec, v);
}

#define NRC_PARAMETER_STRINGS_INSTANTIATE(T)                                      \
  template std::string ToExactDecimalString<T>(const T&);                         \
  template std::vector<std::string> FormatParameters<T>(const MlpParameters<T>&); \
  template MlpParameters<T> ParseParameters<T>(const MlpSpec&, const std::vector<std::string>&);
NRC_FOR_EACH_SCALAR(NRC_PARAMETER_STRINGS_INSTANTIATE)

}  // namespace nrc
