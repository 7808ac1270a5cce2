// Instantiates every numerics template for double (see detail/instantiate_all.h).
#include "numerics/detail/instantiate_all.h"

NRC_INSTANTIATE_NUMERICS(double)
