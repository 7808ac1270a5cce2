// nrc/training/parameter_strings.h
//
// Lossless decimal exchange of MLP parameters: FormatParameters writes every
// entry of theta, in MlpParameters::Flatten order (layer by layer, W_l
// column-major, then b_l), with ToDecimalString<T> (enough digits to
// round-trip at T's precision; for Mpfr, at the current default precision).
// ParseParameters reads them back in any scalar U with ParseDecimal<U>
// (correctly rounded; exact, hence bit-for-bit equal to the original, whenever
// U has at least T's bits). It throws std::invalid_argument if the count does
// not match spec.NumParameters() or a string is not a finite decimal number
// (naming its index).
#ifndef NRC_TRAINING_PARAMETER_STRINGS_H_
#define NRC_TRAINING_PARAMETER_STRINGS_H_

#include <string>
#include <vector>

#include "nets/mlp_parameters.h"
#include "nets/mlp_spec.h"

namespace nrc {

template <class T>
std::vector<std::string> FormatParameters(const MlpParameters<T>& theta);

template <class T>
MlpParameters<T> ParseParameters(const MlpSpec& spec, const std::vector<std::string>& flat);

#define NRC_PARAMETER_STRINGS_EXTERN(T)                                                  \
  extern template std::vector<std::string> FormatParameters<T>(const MlpParameters<T>&); \
  extern template MlpParameters<T> ParseParameters<T>(const MlpSpec&, const std::vector<std::string>&);
NRC_FOR_EACH_SCALAR(NRC_PARAMETER_STRINGS_EXTERN)
#undef NRC_PARAMETER_STRINGS_EXTERN

}  // namespace nrc

#endif  // NRC_TRAINING_PARAMETER_STRINGS_H_
