// nets/ templates instantiated for ::nrc::Mpfr.
#define NRC_T ::nrc::Mpfr
#include "nets/detail/instantiate_all.h"
