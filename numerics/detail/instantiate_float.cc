// Instantiates every numerics template for float (see detail/instantiate_all.h).
#include "numerics/detail/instantiate_all.h"

NRC_INSTANTIATE_NUMERICS(float)
