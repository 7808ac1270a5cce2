// Instantiates every numerics template for long double (see detail/instantiate_all.h).
#include "numerics/detail/instantiate_all.h"

NRC_INSTANTIATE_NUMERICS(long double)
