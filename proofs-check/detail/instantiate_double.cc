// Instantiates proofs-check/ for double (one translation unit per scalar).
#include "proofs-check/detail/check_network_impl.h"

NRC_INSTANTIATE_CHECK_NETWORK(double)
