// nrc/training/parameter_strings.h
//
// Lossless decimal exchange of MLP parameters.
//
// ToExactDecimalString(x) writes the exact decimal expansion of the binary
// value x (every binary floating-point number is a finite decimal: a p-bit
// significand times 2^e, e < 0, has at most p + |e| significant digits),
// trailing zeros removed, as "d.ddd...e+XX". Parsing it in any scalar with at
// least x's bits gives x exactly, and parsing it in MPFR at any higher
// precision gives the same value again: the string IS the number, not an
// approximation of it. (The shorter round-trip strings of ToDecimalString,
// numerics/scalar.h, only identify x among the numbers of x's own precision:
// read at more bits they denote a different point, ~10^-79 away for 257 bits.)
//
// FormatParameters writes every entry of theta, in MlpParameters::Flatten
// order (layer by layer, W_l column-major, then b_l), with
// ToExactDecimalString. ParseParameters reads them back in any scalar U with
// ParseDecimal<U> (correctly rounded; exact, hence bit-for-bit equal to the
// written theta, whenever U has at least T's bits; at higher MPFR precision
// it is still the same point). It throws std::invalid_argument if the count
// does not match spec.NumParameters() or a string is not a finite decimal
// number (naming its index).
#ifndef NRC_TRAINING_PARAMETER_STRINGS_H_
#define NRC_TRAINING_PARAMETER_STRINGS_H_

#include <string>
#include <vector>

#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"

namespace nrc {

// Throws std::invalid_argument for NaN or an infinity.
template <class T>
std::string ToExactDecimalString(const T& x);

template <class T>
std::vector<std::string> FormatParameters(const MlpParameters<T>& theta);

template <class T>
MlpParameters<T> ParseParameters(const MlpSpec& spec, const std::vector<std::string>& flat);

#define NRC_PARAMETER_STRINGS_EXTERN(T)                                                  \
  extern template std::string ToExactDecimalString<T>(const T&);                         \
  extern template std::vector<std::string> FormatParameters<T>(const MlpParameters<T>&); \
  extern template MlpParameters<T> ParseParameters<T>(const MlpSpec&, const std::vector<std::string>&);
NRC_FOR_EACH_SCALAR(NRC_PARAMETER_STRINGS_EXTERN)
#undef NRC_PARAMETER_STRINGS_EXTERN

}  // namespace nrc

#endif  // NRC_TRAINING_PARAMETER_STRINGS_H_
