// Instantiates every numerics template for ::nrc::Mpfr (see detail/instantiate_all.h).
#include "numerics/detail/instantiate_all.h"

NRC_INSTANTIATE_NUMERICS(::nrc::Mpfr)
