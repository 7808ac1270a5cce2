#include "numerics/precision.h"

#include <boost/multiprecision/detail/digits.hpp>

#include <stdexcept>

namespace nrc {
namespace {
constexpr int kMinMpfrBits = 24;
constexpr int kMaxMpfrBits = 100000;

unsigned Digits10ForBits(int bits) {
  unsigned d = 1;
  while (boost::multiprecision::detail::digits10_2_2(d) < static_cast<unsigned long>(bits)) ++d;
  return d;
}
}  // namespace

Precision Precision::Parse(const std::string& text) {
  const std::string forms = "expected float, double, longdouble, float128 or mpfr:BITS (" +
                            std::to_string(kMinMpfrBits) + " <= BITS <= " +
                            std::to_string(kMaxMpfrBits) + ")";
  Precision p;
  if (text == "float") p.kind = ScalarKind::kFloat;
  else if (text == "double") p.kind = ScalarKind::kDouble;
  else if (text == "longdouble" || text == "long double") p.kind = ScalarKind::kLongDouble;
  else if (text == "float128") p.kind = ScalarKind::kFloat128;
  else if (text.rfind("mpfr:", 0) == 0) {
    const std::string digits = text.substr(5);
    if (digits.empty() || digits.size() > 7 || digits.find_first_not_of("0123456789") != std::string::npos) {
      throw std::invalid_argument("unknown precision '" + text + "': " + forms);
    }
    const int bits = std::stoi(digits);
    if (bits < kMinMpfrBits || bits > kMaxMpfrBits) {
      throw std::invalid_argument("precision '" + text + "' out of range: " + forms);
    }
    p.kind = ScalarKind::kMpfr;
    p.mpfr_bits = bits;
  } else {
    throw std::invalid_argument("unknown precision '" + text + "': " + forms);
  }
  return p;
}

std::string Precision::ToString() const {
  switch (kind) {
    case ScalarKind::kFloat: return "float";
    case ScalarKind::kDouble: return "double";
    case ScalarKind::kLongDouble: return "longdouble";
    case ScalarKind::kFloat128: return "float128";
    case ScalarKind::kMpfr: return "mpfr:" + std::to_string(mpfr_bits);
  }
  return "?";
}

int Precision::WorkingBits() const {
  switch (kind) {
    case ScalarKind::kFloat: return ScalarTraits<float>::Bits();
    case ScalarKind::kDouble: return ScalarTraits<double>::Bits();
    case ScalarKind::kLongDouble: return ScalarTraits<long double>::Bits();
    case ScalarKind::kFloat128: return ScalarTraits<Float128>::Bits();
    case ScalarKind::kMpfr: return ScopedMpfrPrecision::ReachableBits(mpfr_bits);
  }
  return 0;
}

int ScopedMpfrPrecision::ReachableBits(int bits) {
  return static_cast<int>(boost::multiprecision::detail::digits10_2_2(Digits10ForBits(bits)));
}

ScopedMpfrPrecision::ScopedMpfrPrecision(int bits)
    : previous_digits10_(Mpfr::default_precision()), bits_(ReachableBits(bits)) {
  Mpfr::default_precision(Digits10ForBits(bits));
}

ScopedMpfrPrecision::~ScopedMpfrPrecision() { Mpfr::default_precision(previous_digits10_); }

}  // namespace nrc
