// Internals: every numerics template definition, and the macro that
// instantiates all of them for one scalar. Included only by the per-scalar
// units numerics/detail/instantiate_<scalar>.cc (one scalar per translation
// unit keeps each compile to one Eigen SVD instantiation).
#ifndef NRC_NUMERICS_DETAIL_INSTANTIATE_ALL_H_
#define NRC_NUMERICS_DETAIL_INSTANTIATE_ALL_H_

#include "numerics/detail/class_statistics_impl.h"
#include "numerics/detail/norms_impl.h"
#include "numerics/detail/svd_impl.h"

#define NRC_INSTANTIATE_NUMERICS(T)     \
  namespace nrc {                       \
  NRC_INSTANTIATE_SVD(T)                \
  NRC_INSTANTIATE_NORMS(T)              \
  NRC_INSTANTIATE_CLASS_STATISTICS(T)   \
  }

#endif  // NRC_NUMERICS_DETAIL_INSTANTIATE_ALL_H_
