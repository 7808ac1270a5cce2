// Parameter <-> decimal string conversion, instantiated for every scalar here
// (no Eigen decomposition involved: one translation unit is cheap).
#include "training/parameter_strings.h"

#include <stdexcept>

namespace nrc {

template <class T>
std::vector<std::string> FormatParameters(const MlpParameters<T>& theta) {
  const Vector<T> flat = theta.Flatten();
  std::vector<std::string> out;
  out.reserve(flat.size());
  for (Eigen::Index i = 0; i < flat.size(); ++i) out.push_back(ToDecimalString(flat(i)));
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
  template std::vector<std::string> FormatParameters<T>(const MlpParameters<T>&); \
  template MlpParameters<T> ParseParameters<T>(const MlpSpec&, const std::vector<std::string>&);
NRC_FOR_EACH_SCALAR(NRC_PARAMETER_STRINGS_INSTANTIATE)

}  // namespace nrc
