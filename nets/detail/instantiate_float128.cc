// nets/ templates instantiated for ::nrc::Float128.
#define NRC_T ::nrc::Float128
#include "nets/detail/instantiate_all.h"
