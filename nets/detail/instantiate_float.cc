// nets/ templates instantiated for float.
#define NRC_T float
#include "nets/detail/instantiate_all.h"
