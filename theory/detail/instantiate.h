// The explicit instantiation of a theory template for every scalar of
// NRC_FOR_EACH_SCALAR (numerics/scalar.h), at the end of its source file
// (theory/t3.cc, ...), inside namespace nrc:
//   #define NRC_THEORY_STATEMENT T3
//   NRC_THEORY_INSTANTIATE
// (its header declares the same instantiations extern).
#ifndef NRC_THEORY_DETAIL_INSTANTIATE_H_
#define NRC_THEORY_DETAIL_INSTANTIATE_H_

#include "numerics/scalar.h"

#define NRC_THEORY_INSTANTIATE_ONE_(T) template struct NRC_THEORY_STATEMENT<T>;
#define NRC_THEORY_INSTANTIATE NRC_FOR_EACH_SCALAR(NRC_THEORY_INSTANTIATE_ONE_)

#endif  // NRC_THEORY_DETAIL_INSTANTIATE_H_
