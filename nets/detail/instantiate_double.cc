// nets/ templates instantiated for double.
#define NRC_T double
#include "nets/detail/instantiate_all.h"
