// nets/ templates instantiated for long double.
#define NRC_T long double
#include "nets/detail/instantiate_all.h"
