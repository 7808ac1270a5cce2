// nrc/datasets/class_balanced_subset.h
//
// ClassBalancedSubset: n samples of a data set, as equal per class as n
// allows, drawn by a seed.
//
// Class c (0..K-1) gets q_c = floor(n / K) samples, plus one for the first
// n mod K classes. Within each class the samples are chosen by a Fisher-Yates
// shuffle of the class's sample indices driven by std::mt19937_64(seed) (whose
// output sequence the C++ standard fixes), with an unbiased bounded draw
// (rejection sampling, not std::uniform_int_distribution, whose algorithm is
// left to the library); the classes are shuffled in order 0..K-1 from one
// engine, and the first q_c shuffled indices are kept. The kept samples stay in
// their original order. Same data, n and seed: the same subset on every
// machine and library.
//
// Requires 1 <= n <= N, n >= K (every class must keep a sample) and q_c <= n_c
// for every class; otherwise throws std::invalid_argument with one line naming
// the class that is too small. class_names are kept; source is unchanged (the
// caller names the subset).
#ifndef NRC_DATASETS_CLASS_BALANCED_SUBSET_H_
#define NRC_DATASETS_CLASS_BALANCED_SUBSET_H_

#include <cstdint>

#include "datasets/dataset.h"

namespace nrc {

Dataset ClassBalancedSubset(const Dataset& data, int n, std::uint64_t seed);

}  // namespace nrc

#endif  // NRC_DATASETS_CLASS_BALANCED_SUBSET_H_
